#!/usr/bin/env python3
"""pycma side of GenOpt's peer benchmark (docs/peerbench.md): the two CMA-ES cases.

Prints one JSON line per case with the fields of `PeerBench --json`. Needs numpy and cma (`pip install cma`).
Untested reference: pycma could not be installed on the machine where the benchmark was written.
"""
import json
import time

import cma
import numpy as np


def rosenbrock(x):
    x = np.asarray(x)
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def sphere(x):
    x = np.asarray(x)
    return float(np.dot(x, x))


def cma_case(name, f, start, target):
    x0 = np.full(10, start)
    options = {"ftarget": target, "seed": 1, "verbose": -9}
    best_time = float("inf")
    for _ in range(3):  # best of 3 runs with the same seed, as PeerBench does
        t0 = time.perf_counter()
        es = cma.CMAEvolutionStrategy(x0, 0.5, options)
        es.optimize(f)
        best_time = min(best_time, time.perf_counter() - t0)
    # The same case in one call: cma.fmin(f, x0, 0.5, options) returns (xbest, fbest, evals_best, evaluations, ...).
    evals = es.result.evaluations
    print(json.dumps({"case": name, "peer": "pycma", "fbest": float(es.result.fbest), "evals": int(evals),
                      "seconds": best_time, "us_per_eval": best_time * 1e6 / evals}))


if __name__ == "__main__":
    cma_case("cmaes-rosenbrock-10d", rosenbrock, 0.0, 1e-8)
    cma_case("cmaes-sphere-10d", sphere, 1.0, 1e-10)
