#!/usr/bin/env python3
"""pycma side of GenOpt's CMA-ES termination comparison (docs/cma-termination.md).

Runs IPOP-CMA-ES (pycma's CMAEvolutionStrategy, restarted with the population doubled, at most 9 restarts, as
cma.fmin2 with restarts=9, incpopsize=2 does) on BBOB functions from pycma's own cma/bbobbenchmarks.py,
instance 1, 15 runs per dimension, and prints one JSON line per run plus a summary per function and dimension.

Every run starts at x0 = 8 u - 4 with u from the BBOB uniform generator (cma.bbobbenchmarks.unif, seed 1000 + run),
so the C# runner (tests/CmaBbob) starts from the same points; sigma0 = 2, budget 2e4 n evaluations,
target f - f_opt <= 1e-8.

Usage (pycma is pure Python; run it from a checkout):
    git clone https://github.com/CMA-ES/pycma && (cd pycma && git checkout 8d16505)   # cma 4.4.0
    PYTHONPATH=pycma python3 docs/reference/cma_bbob_ipop.py [function ids, default 23] [--dims 10,20] [--runs 15]
"""
import json
import statistics
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import cma  # noqa: E402
from cma import bbobbenchmarks as bb  # noqa: E402


def ipop(f, fopt, x0, budget, seed):
    runs = []
    evals = 0
    fbest = float("inf")
    lam0 = 4 + int(3 * np.log(len(x0)))
    for k in range(10):  # the first run and at most 9 restarts
        opts = {"popsize": lam0 * 2 ** k, "seed": seed + k, "verbose": -9, "maxfevals": budget - evals,
                "ftarget": fopt + 1e-8}
        es = cma.CMAEvolutionStrategy(x0, 2.0, opts)
        es.optimize(f)
        evals += es.countevals
        fbest = min(fbest, es.result.fbest)
        runs.append({"popsize": opts["popsize"], "evals": int(es.countevals),
                     "stop": sorted(es.stop().keys()), "df": es.result.fbest - fopt})
        if fbest - fopt <= 1e-8 or evals >= budget:
            break
    return {"df": fbest - fopt, "evals": evals, "restarts": len(runs) - 1, "runs": runs}


def main():
    args = [a for a in sys.argv[1:]]
    dims = [10, 20]
    nruns = 15
    if "--dims" in args:
        i = args.index("--dims")
        dims = [int(d) for d in args[i + 1].split(",")]
        del args[i:i + 2]
    if "--runs" in args:
        i = args.index("--runs")
        nruns = int(args[i + 1])
        del args[i:i + 2]
    fids = [int(a) for a in args] or [23]
    for fid in fids:
        for n in dims:
            fun = getattr(bb, "F%d" % fid)(iinstance=1)
            f = lambda x: float(fun(np.asarray(x)))
            fopt = fun.fopt
            results = []
            for run in range(nruns):
                x0 = 8 * bb.unif(n, 1000 + run) - 4
                r = ipop(f, fopt, x0, 20000 * n, 1000 * run + 1)
                r.update({"fid": fid, "dim": n, "run": run})
                print(json.dumps(r), flush=True)
                results.append(r)
            first = [r["runs"][0] for r in results]
            stag = [fr["evals"] for fr in first if "tolstagnation" in fr["stop"]]
            print(json.dumps({"summary": True, "fid": fid, "dim": n, "runs": nruns,
                              "median_df": statistics.median(r["df"] for r in results),
                              "mean_restarts": statistics.mean(r["restarts"] for r in results),
                              "median_evals": statistics.median(r["evals"] for r in results),
                              "solved": sum(r["df"] <= 1e-8 for r in results),
                              "first_run_median_evals": statistics.median(fr["evals"] for fr in first),
                              "first_run_tolstagnation": len(stag),
                              "first_run_stops": sorted({s for fr in first for s in fr["stop"]})}), flush=True)


if __name__ == "__main__":
    main()
