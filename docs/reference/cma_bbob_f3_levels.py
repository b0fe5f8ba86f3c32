#!/usr/bin/env python3
"""BBOB f3 (separable Rastrigin) in 10-D with IPOP: GenOpt and pycma run by run (docs/cma-bbob.md, discussion).

Reads the IPOP rows of f3 in 10-D of files made by the table runners (tests/CmaBbob --table and
cma_bbob_table.py) or by the restart-by-restart runners (tests/CmaBbob --restarts, cma_bbob_restarts.py: IPOP written
out as separate runs, one line per restart; told apart by their header), and prints for each:
  - runs, successes (f - f_opt <= 1e-8), success rate with a 95 % Wilson interval, evaluations and the ERT
    (evaluations / successes);
  - successes by the restart that reached the target (restart k has population 10 * 2^k), in % of the runs;
  - where the runs ended: the share of runs whose best f - f_opt is 0 (solved), in (1e-8, 0.5) (the global basin,
    not converged when the budget ran out), or near level k = 1, 2, ... of f3's local minima (about k * 0.995 in
    f - f_opt: the number of coordinates left in a wrong minimum of the Rastrigin grid, weighted);
and then, for every two files, Fisher's exact test on the success counts and the Mann-Whitney test on the final
f - f_opt; with three files or more, also all files but the last pooled against the last (several GenOpt sets against
pycma's).

Usage:
    /usr/bin/python3 docs/reference/cma_bbob_f3_levels.py FILE.csv FILE.csv [FILE.csv ...]
"""
import csv
import gzip
import math
import sys

from scipy import stats

TARGET = 1e-8
EDGES = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5]


def opened(path):
    """A CSV file, read through gzip when its name ends in .gz."""
    return gzip.open(path, "rt", newline="") if path.endswith(".gz") else open(path, newline="")


def table_runs(path):
    """(best_df, success, restart index of the last run, evaluations) of each f3 10-D IPOP run of a table file; the
    evaluations of a solved run are those to the target."""
    out = {}
    with opened(path) as fh:
        for r in csv.DictReader(fh):
            if r["function"] == "3" and r["n"] == "10" and r["mode"] == "ipop":
                ok = r["success"] == "1"
                out[int(r["run"])] = (float(r["best_df"]), ok, int(r["restarts"]),
                                      int(r["evals_to_target"] if ok else r["evaluations"]))
    return [out[k] for k in sorted(out)]


def restart_runs(path):
    """The same for the runs of a restart-by-restart file (one line per restart); the evaluations of a solved run
    run to the end of the generation that reached the target (at most lambda - 1 more than to the target)."""
    runs = {}
    with opened(path) as fh:
        for r in csv.DictReader(fh):
            run = int(r["run"])
            best, ok, k, evals = runs.get(run, (math.inf, False, 0, 0))
            runs[run] = (min(best, float(r["best_df"])), ok or r["success"] == "1", int(r["restart"]),
                         evals + int(r["evals"]))
    return [runs[k] for k in sorted(runs)]


def wilson(k, n, z=1.96):
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h


def describe(name, runs):
    n = len(runs)
    k = sum(1 for _, ok, _, _ in runs if ok)
    evals = sum(e for _, _, _, e in runs)
    lo, hi = wilson(k, n)
    ert = f"{evals / k:,.0f}" if k else "inf"
    print(f"{name}: {n} runs, {k} solved ({100 * k / n:.2f} %, 95 % interval {100 * lo:.2f}-{100 * hi:.2f} %), "
          f"{evals} evaluations, ERT {ert}")
    by_restart = {}
    for _, ok, r, _ in runs:
        if ok:
            by_restart[r] = by_restart.get(r, 0) + 1
    print("  solved by restart (lambda): " + ", ".join(
        f"{r} ({10 << r}): {100 * c / n:.2f} %" for r, c in sorted(by_restart.items())))
    bins = [0] * (len(EDGES) + 2)
    for best, ok, _, _ in runs:
        if ok or best <= TARGET:
            bins[0] += 1
        else:
            i = 1
            while i - 1 < len(EDGES) and best >= EDGES[i - 1]:
                i += 1
            bins[i] += 1
    labels = ["solved", "(1e-8, 0.5)"] + [f"level {j}" for j in range(1, len(EDGES))] + [">= 6.5"]
    print("  ended at: " + ", ".join(f"{lab} {100 * b / n:.2f} %" for lab, b in zip(labels, bins)))
    return n, k, [best for best, _, _, _ in runs], evals


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    named = []
    for path in sys.argv[1:]:
        with opened(path) as fh:
            header = fh.readline()
        named.append((path.rsplit("/", 1)[-1].removesuffix(".gz"), restart_runs(path) if "restart," in header else table_runs(path)))
    summary = [describe(name, runs) for name, runs in named]
    for i in range(len(summary)):
        for j in range(i + 1, len(summary)):
            (n1, k1, b1, _), (n2, k2, b2, _) = summary[i], summary[j]
            fisher = stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue
            mw = stats.mannwhitneyu(b1, b2).pvalue
            print(f"{named[i][0]} against {named[j][0]}: success-rate ratio {(k2 / n2) / (k1 / n1):.2f} "
                  f"(Fisher p = {fisher:.3f}), final f - f_opt Mann-Whitney p = {mw:.2f}")
    if len(summary) > 2:
        n1, k1, e1 = (sum(x[0] for x in summary[:-1]), sum(x[1] for x in summary[:-1]), sum(x[3] for x in summary[:-1]))
        n2, k2, _, e2 = summary[-1]
        fisher = stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue
        print(f"all but {named[-1][0]} pooled: {n1} runs, {k1} solved ({100 * k1 / n1:.2f} %), ERT {e1 / k1:,.0f}; "
              f"ERT ratio to {named[-1][0]} {(e1 / k1) / (e2 / k2):.3f} (Fisher p = {fisher:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
