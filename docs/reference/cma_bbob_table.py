#!/usr/bin/env python3
"""pycma side of the 24-function BBOB comparison of GenOpt's CMA-ES (docs/cma-bbob.md).

Runs pycma's CMAEvolutionStrategy on the 24 noiseless BBOB functions of pycma's own cma/bbobbenchmarks.py,
instance 1, in two modes:
  single  one run without restarts;
  ipop    IPOP: after a run stops without reaching the target, a new run with the population doubled
          (pycma's cma.fmin with restarts=9, incpopsize=2 does the same,
          except that fmin also evaluates each run's final mean, eval_final_mean, which neither side does here), at most 9 restarts;
15 runs per function, dimension and mode. Every run starts at x0 = 8 u - 4 with u from the BBOB uniform generator
(cma.bbobbenchmarks.unif, seed 1000 + run), sigma0 = 2, seed 1000 run + 1 (+ k for the k-th restart), target
f - f_opt <= 1e-8 (ftarget = f_opt + 1e-8), budget 1e4 n evaluations per run including restarts (each restart gets
what is left as maxfevals). The tests/CmaBbob runner (--table) does the same with GenOpt.

The objective is wrapped: it counts evaluations and records the first evaluation whose f - f_opt <= 1e-8 (COCO's
count of evaluations to reach the target), whatever the optimizer does with the rest of that generation.

Writes one CSV line per run (appending, so an interrupted job resumes where it stopped: finished
(function, n, mode, run) lines are skipped):
    function,n,mode,run,evaluations,best_df,success,evals_to_target,restarts,status

Usage (pycma is pure Python; run it from a checkout):
    git clone https://github.com/CMA-ES/pycma && (cd pycma && git checkout 8d16505)   # cma 4.4.0
    PYTHONPATH=pycma nice -n 19 python3 docs/reference/cma_bbob_table.py --dims 10 \
        --out docs/reference/results/pycma_bbob.csv [--functions 1,2,...] [--modes single,ipop] [--runs 15]
"""
import argparse
import csv
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import cma  # noqa: E402
from cma import bbobbenchmarks as bb  # noqa: E402

TARGET = 1e-8
HEADER = ["function", "n", "mode", "run", "evaluations", "best_df", "success", "evals_to_target", "restarts",
          "status"]


class Counted:
    """f - f_opt of a whole population at once, counting evaluations and the first one that reaches the target."""

    def __init__(self, fun):
        self.fun = fun
        self.fopt = fun.fopt
        self.evals = 0
        self.hit = None
        self.best = float("inf")
        # bbobbenchmarks' F7 on a whole population keeps a view of the first coordinate of z^, which the rounding
        # then overwrites: its term 10^-4 |z^_1| uses the rounded z^_1 (0 on the optimal plateau) instead of z^_1.
        # One point at a time it uses z^_1, as RR-6829 defines. The other functions agree either way (to rounding)
        # and are evaluated a population at a time, which is faster.
        self.pointwise = fun.funId == 7

    def __call__(self, X):
        if self.pointwise:
            f = np.array([float(self.fun(np.asarray(x))) for x in X])
        else:
            f = np.asarray(self.fun(np.asarray(X)), dtype=float).reshape(-1)
        for v in f:
            self.evals += 1
            d = v - self.fopt
            if d < self.best:
                self.best = d
            if self.hit is None and d <= TARGET:
                self.hit = self.evals
        return [float(v) for v in f]


def one_run(fun, x0, budget, seed, restarts, popsize=None):
    counted = Counted(fun)
    lam0 = popsize or 4 + int(3 * np.log(len(x0)))
    stops = []
    k = 0
    for k in range(restarts + 1):
        opts = {"popsize": lam0 * 2 ** k, "seed": seed + k, "verbose": -9, "maxfevals": budget - counted.evals,
                "ftarget": counted.fopt + TARGET}
        es = cma.CMAEvolutionStrategy(x0, 2.0, opts)
        while not es.stop():
            X = es.ask()
            es.tell(X, counted(X))
        stops.append("+".join(sorted(es.stop().keys())))
        if counted.hit is not None or counted.evals >= budget:
            break
    return counted, k, stops[-1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--functions", default=",".join(str(i) for i in range(1, 25)))
    p.add_argument("--dims", default="10,20")
    p.add_argument("--modes", default="single,ipop")
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--first-run", type=int, default=0, help="first run number (to split a long job over processes)")
    p.add_argument("--budget-factor", type=float, default=1e4, help="evaluations per run = factor * n")
    p.add_argument("--popsize", type=int, default=None, help="population of the first run (default 4 + int(3 ln n))")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    done = set()
    if os.path.exists(a.out):
        with open(a.out) as fh:
            for row in csv.DictReader(fh):
                done.add((int(row["function"]), int(row["n"]), row["mode"], int(row["run"])))
    new = not os.path.exists(a.out) or os.path.getsize(a.out) == 0
    with open(a.out, "a", newline="") as fh:
        w = csv.writer(fh)
        if new:
            w.writerow(HEADER)
        for n in [int(d) for d in a.dims.split(",")]:
            for fid in [int(f) for f in a.functions.split(",")]:
                fun = getattr(bb, "F%d" % fid)(iinstance=1)
                for mode in a.modes.split(","):
                    t0 = time.time()
                    for run in range(a.first_run, a.runs):
                        if (fid, n, mode, run) in done:
                            continue
                        x0 = 8 * bb.unif(n, 1000 + run) - 4
                        counted, restarts, stop = one_run(fun, x0, int(a.budget_factor * n), 1000 * run + 1,
                                                          9 if mode == "ipop" else 0, a.popsize)
                        w.writerow([fid, n, mode, run, counted.evals, repr(float(counted.best)),
                                    int(counted.hit is not None), counted.hit if counted.hit is not None else "",
                                    restarts, stop])
                        fh.flush()
                    print("f%d n=%d %s: %.0f s" % (fid, n, mode, time.time() - t0), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
