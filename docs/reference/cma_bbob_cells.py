#!/usr/bin/env python3
"""Selected cells of the BBOB comparison (docs/cma-bbob.md) with more runs than the tables' 15.

    /usr/bin/python3 docs/reference/cma_bbob_cells.py GENOPT.csv PYCMA.csv CELL [CELL ...]

CELL is function/n/mode, e.g. 3/10/ipop. The CSV files are those of tests/CmaBbob --table and cma_bbob_table.py
(any number of runs; runs are matched by number). Prints a Markdown table: successes and ERT of both on the runs
both have, GenOpt's success rate and ERT over all its runs, the ERT ratios, Fisher's exact test on the success
counts and the Mann-Whitney test on the evaluations to the target of the successful runs (scipy).
"""
import csv
import sys

from scipy.stats import fisher_exact, mannwhitneyu


def load(path):
    cells = {}
    with open(path) as fh:
        for r in csv.DictReader(fh):
            cells.setdefault((int(r["function"]), int(r["n"]), r["mode"]), {})[int(r["run"])] = r
    return cells


def summary(rows):
    hits = [int(r["evals_to_target"]) for r in rows if r["success"] == "1"]
    spent = sum(int(r["evals_to_target"]) if r["success"] == "1" else int(r["evaluations"]) for r in rows)
    return len(hits), len(rows), (spent / len(hits) if hits else float("inf")), hits


def fmt(x):
    return "∞" if x == float("inf") else f"{x:,.0f}"


def main():
    genopt, pycma = load(sys.argv[1]), load(sys.argv[2])
    print("| f | n | mode | runs | GenOpt solved | GenOpt ERT | pycma solved | pycma ERT | ratio | p (successes) "
          "| p (evaluations) | GenOpt, all its runs: solved, ERT | ratio to pycma |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for cell in sys.argv[3:]:
        f, n, mode = cell.split("/")
        key = (int(f), int(n), mode)
        g, p = genopt.get(key, {}), pycma.get(key, {})
        common = sorted(set(g) & set(p))
        gs, gn, ge, gh = summary([g[r] for r in common])
        ps, pn, pe, ph = summary([p[r] for r in common])
        alls, alln, alle, _ = summary(list(g.values()))
        ratio = ge / pe if pe != float("inf") and ge != float("inf") else float("nan")
        ratio_all = alle / pe if pe != float("inf") and alle != float("inf") else float("nan")
        p_s = fisher_exact([[gs, gn - gs], [ps, pn - ps]])[1]
        p_e = mannwhitneyu(gh, ph).pvalue if len(gh) > 1 and len(ph) > 1 else float("nan")
        print(f"| {f} | {n} | {mode} | {len(common)} | {gs}/{gn} | {fmt(ge)} | {ps}/{pn} | {fmt(pe)} | {ratio:.2f} "
              f"| {p_s:.2f} | {p_e:.2f} | {alls}/{alln}, {fmt(alle)} | {ratio_all:.2f} |")


if __name__ == "__main__":
    main()
