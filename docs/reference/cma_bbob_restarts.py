#!/usr/bin/env python3
"""pycma's IPOP on one BBOB function, one CSV line per restart (docs/cma-bbob.md, "Restart by restart").

    PYTHONPATH=pycma nice -n 19 /usr/bin/python3 docs/reference/cma_bbob_restarts.py F N FIRST_RUN END_RUN > FILE

The runs are those of cma_bbob_table.py --modes ipop (same x0, sigma0 = 2, seeds 1000 run + 1 + k, popsize
lambda0 2^k, budget 1e4 n with each restart getting what is left, target f_opt + 1e-8), written out restart by
restart: function,n,run,restart,lambda,evals,best_df,stop,success (evals and best_df of that restart alone; success
once the target has been reached). tests/CmaBbob --restarts FILE --function F --dim N --runs R writes the same lines
for GenOpt.
"""
import csv
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import cma  # noqa: E402
from cma import bbobbenchmarks as bb  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cma_bbob_table import Counted  # noqa: E402


def main():
    fid, n, first, end = map(int, sys.argv[1:5])
    fun = getattr(bb, "F%d" % fid)(iinstance=1)
    w = csv.writer(sys.stdout)
    w.writerow(["function", "n", "run", "restart", "lambda", "evals", "best_df", "stop", "success"])
    for run in range(first, end):
        x0 = 8 * bb.unif(n, 1000 + run) - 4
        counted = Counted(fun)
        budget = int(1e4 * n)
        lam0 = 4 + int(3 * np.log(n))
        for k in range(10):
            used, counted.best = counted.evals, float("inf")
            es = cma.CMAEvolutionStrategy(x0, 2.0, {"popsize": lam0 * 2 ** k, "seed": 1000 * run + 1 + k, "verbose": -9,
                                                    "maxfevals": budget - counted.evals, "ftarget": counted.fopt + 1e-8})
            while not es.stop():
                X = es.ask()
                es.tell(X, counted(X))
            w.writerow([fid, n, run, k, lam0 * 2 ** k, counted.evals - used, repr(counted.best),
                        "+".join(sorted(es.stop().keys())), int(counted.hit is not None)])
            sys.stdout.flush()
            if counted.hit is not None or counted.evals >= budget:
                break


if __name__ == "__main__":
    main()
