#!/usr/bin/env python3
"""pyswarms side of GenOpt's peer benchmark (docs/peerbench.md): the PSO case.

Prints one JSON line with the fields of `PeerBench --json`. Needs numpy and pyswarms (`pip install pyswarms`).
Untested reference: pyswarms could not be installed on the machine where the benchmark was written.
"""
import json
import time

import numpy as np
import pyswarms as ps


def rastrigin_swarm(positions):
    """Rastrigin of every particle: positions has shape (n_particles, dimensions)."""
    return 10.0 * positions.shape[1] + np.sum(positions ** 2 - 10.0 * np.cos(2.0 * np.pi * positions), axis=1)


def pso_case():
    dims, particles, iters = 10, 40, 1000
    bounds = (np.full(dims, -5.12), np.full(dims, 5.12))
    options = {"c1": 1.49445, "c2": 1.49445, "w": 0.729}
    best_time = float("inf")
    for _ in range(3):  # best of 3 runs with the same seed, as PeerBench does
        np.random.seed(1)
        optimizer = ps.single.GlobalBestPSO(n_particles=particles, dimensions=dims, options=options,
                                            bounds=bounds, bh_strategy="periodic")
        t0 = time.perf_counter()
        cost, _ = optimizer.optimize(rastrigin_swarm, iters=iters, verbose=False)
        best_time = min(best_time, time.perf_counter() - t0)
    evals = particles * iters  # the swarm is evaluated once per iteration
    print(json.dumps({"case": "pso-rastrigin-10d", "peer": "pyswarms", "fbest": float(cost), "evals": evals,
                      "seconds": best_time, "us_per_eval": best_time * 1e6 / evals}))


if __name__ == "__main__":
    pso_case()
