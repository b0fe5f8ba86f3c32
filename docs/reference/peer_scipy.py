#!/usr/bin/env python3
"""scipy side of GenOpt's peer benchmark (docs/peerbench.md): dual annealing and SLSQP cases.

Prints one JSON line per case with the fields of `PeerBench --json`. Needs numpy and scipy only.
"""
import json
import time

import numpy as np
from scipy.optimize import dual_annealing, minimize


def rastrigin(x):
    return 10.0 * x.size + float(np.sum(x * x - 10.0 * np.cos(2.0 * np.pi * x)))


def emit(case, fbest, evals, seconds, **extra):
    row = {"case": case, "peer": "scipy", "fbest": float(fbest), "evals": int(evals),
           "seconds": seconds, "us_per_eval": seconds * 1e6 / evals}
    row.update(extra)
    print(json.dumps(row))


def dual_annealing_case():
    bounds = [(-5.12, 5.12)] * 10
    best = float("inf")
    for _ in range(3):  # best of 3 runs with the same seed, as PeerBench does
        t0 = time.perf_counter()
        res = dual_annealing(rastrigin, bounds, maxiter=1000, seed=1)
        best = min(best, time.perf_counter() - t0)
    emit("dual-annealing-rastrigin-10d", res.fun, res.nfev, best)


# HS71: min x0 x3 (x0 + x1 + x2) + x2  s.t.  x0 x1 x2 x3 >= 25,  sum x_i^2 = 40,  1 <= x <= 5.
def hs71_f(x):
    return x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2]


def hs71_grad(x):
    s = x[0] + x[1] + x[2]
    return np.array([x[3] * (s + x[0]), x[0] * x[3], x[0] * x[3] + 1.0, x[0] * s])


HS71_CONSTRAINTS = (
    {"type": "ineq",
     "fun": lambda x: x[0] * x[1] * x[2] * x[3] - 25.0,
     "jac": lambda x: np.array([x[1] * x[2] * x[3], x[0] * x[2] * x[3], x[0] * x[1] * x[3], x[0] * x[1] * x[2]])},
    {"type": "eq",
     "fun": lambda x: float(np.dot(x, x)) - 40.0,
     "jac": lambda x: 2.0 * x},
)


def slsqp_case():
    x0 = np.array([1.0, 5.0, 5.0, 1.0])
    bounds = [(1.0, 5.0)] * 4

    def solve():
        return minimize(hs71_f, x0, jac=hs71_grad, method="SLSQP", bounds=bounds,
                        constraints=HS71_CONSTRAINTS, options={"ftol": 1e-9, "maxiter": 100})

    res = solve()  # warm-up
    solves = 200
    t0 = time.perf_counter()
    for _ in range(solves):
        res = solve()
    mean = (time.perf_counter() - t0) / solves
    emit("slsqp-hs71", res.fun, res.nfev, mean, us_per_solve=mean * 1e6)


if __name__ == "__main__":
    dual_annealing_case()
    slsqp_case()
