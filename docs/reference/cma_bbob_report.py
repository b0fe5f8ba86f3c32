#!/usr/bin/env python3
"""Turns the run files of the BBOB comparison into the tables of docs/cma-bbob.md.

Reads the CSV files written by `tests/CmaBbob -- --table` (GenOpt) and docs/reference/cma_bbob_table.py (pycma),
one line per run:  function,n,mode,run,evaluations,best_df,success,evals_to_target,restarts,status
and replaces the part of docs/cma-bbob.md between the markers <!-- tables:begin --> and <!-- tables:end --> with
one table per mode and dimension. The text outside the markers is left alone.

ERT (COCO's expected running time, Hansen et al., "COCO: performance assessment", 2016): the evaluations of all runs
(for a successful run, the evaluations until the first f - f_opt <= 1e-8; for the others, all of their evaluations)
divided by the number of successful runs; infinite without a success. The ratio is GenOpt's ERT over pycma's where
both are finite. p is the two-sided Mann-Whitney U test (scipy) on the evaluations to the target, computed only
where both solved every run: how surprising the difference would be if the two had the same distribution.

    /usr/bin/python3 docs/reference/cma_bbob_report.py docs/reference/results/genopt_bbob.csv \
        docs/reference/results/pycma_bbob.csv docs/cma-bbob.md
"""
import collections
import csv
import math
import statistics
import sys

from scipy.stats import mannwhitneyu

NAMES = {
    1: "sphere", 2: "ellipsoid", 3: "Rastrigin", 4: "Büche-Rastrigin", 5: "linear slope", 6: "attractive sector",
    7: "step ellipsoid", 8: "Rosenbrock", 9: "Rosenbrock, rotated", 10: "ellipsoid, rotated", 11: "discus",
    12: "bent cigar", 13: "sharp ridge", 14: "different powers", 15: "Rastrigin, rotated", 16: "Weierstrass",
    17: "Schaffers F7", 18: "Schaffers F7, cond. 1000", 19: "Griewank-Rosenbrock", 20: "Schwefel",
    21: "Gallagher 101 peaks", 22: "Gallagher 21 peaks", 23: "Katsuura", 24: "Lunacek bi-Rastrigin",
}
RUNS = 15


def load(path):
    d = collections.defaultdict(dict)
    for r in csv.DictReader(open(path)):
        d[(int(r["function"]), int(r["n"]), r["mode"])][int(r["run"])] = r
    return d


def stats(rows):
    succ = [r for r in rows if r["success"] == "1"]
    total = sum(int(r["evals_to_target"]) if r["success"] == "1" else int(r["evaluations"]) for r in rows)
    ert = total / len(succ) if succ else math.inf
    best = statistics.median(float(r["best_df"]) for r in rows)
    return len(succ), ert, best


def fmt_ert(ert):
    if math.isinf(ert):
        return "∞"
    return "{:,.0f}".format(ert)


def table(g, p, n, mode):
    out = []
    out.append("| f | function | GenOpt solved | GenOpt ERT | pycma solved | pycma ERT | ratio | p | GenOpt median f − f_opt | pycma median f − f_opt |")
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    summary = {"both": 0, "ratio_above": [], "ratio_below": [], "missing": [], "only_g": [], "only_p": [],
               "ratios": []}
    for fid in range(1, 25):
        gr = list(g.get((fid, n, mode), {}).values())
        pr = list(p.get((fid, n, mode), {}).values())
        cols = ["%d" % fid, NAMES[fid]]
        gs = ps = None
        if len(gr) == RUNS:
            gs = stats(gr)
            cols += ["%d/%d" % (gs[0], RUNS), fmt_ert(gs[1])]
        else:
            cols += ["(%d of %d runs)" % (len(gr), RUNS), "–"]
        if len(pr) == RUNS:
            ps = stats(pr)
            cols += ["%d/%d" % (ps[0], RUNS), fmt_ert(ps[1])]
        else:
            cols += ["(%d of %d runs)" % (len(pr), RUNS), "–"]
            summary["missing"].append(fid)
        ratio = pval = "–"
        if gs and ps:
            if gs[0] and ps[0]:
                r = gs[1] / ps[1]
                summary["ratios"].append(r)
                ratio = "**%.2f**" % r if r > 1.1 else "%.2f" % r
                if r > 1.1:
                    summary["ratio_above"].append((fid, r))
                elif r < 1 / 1.1:
                    summary["ratio_below"].append((fid, r))
                summary["both"] += 1
            elif gs[0]:
                summary["only_g"].append(fid)
            elif ps[0]:
                summary["only_p"].append(fid)
            if gs[0] == RUNS and ps[0] == RUNS:
                a = [int(r["evals_to_target"]) for r in gr]
                b = [int(r["evals_to_target"]) for r in pr]
                pval = "%.2f" % mannwhitneyu(a, b, alternative="two-sided").pvalue
        cols += [ratio, pval]
        cols += ["%.1e" % gs[2] if gs else "–", "%.1e" % ps[2] if ps else "–"]
        out.append("| " + " | ".join(cols) + " |")
    return out, summary


def main():
    g, p = load(sys.argv[1]), load(sys.argv[2])
    doc = sys.argv[3]
    lines = []
    for n in (10, 20):
        for mode, title in (("single", "single run, no restarts"), ("ipop", "IPOP, at most 9 restarts")):
            t, s = table(g, p, n, mode)
            lines.append("### n = %d, %s" % (n, title))
            lines.append("")
            lines += t
            lines.append("")
            words = []
            words.append("Solved by both (at least once): %d functions" % s["both"])
            if s["ratios"]:
                gm = math.exp(sum(math.log(r) for r in s["ratios"]) / len(s["ratios"]))
                words[-1] += ", geometric mean of the ERT ratios %.2f" % gm
            words.append("GenOpt's ERT more than 10%% above pycma's: %s" %
                         (", ".join("f%d (%.2f)" % fr for fr in s["ratio_above"]) or "none"))
            words.append("more than 10%% below: %s" %
                         (", ".join("f%d (%.2f)" % fr for fr in s["ratio_below"]) or "none"))
            if s["only_g"]:
                words.append("solved only by GenOpt: %s" % ", ".join("f%d" % f for f in s["only_g"]))
            if s["only_p"]:
                words.append("solved only by pycma: %s" % ", ".join("f%d" % f for f in s["only_p"]))
            if s["missing"]:
                words.append("**pycma runs missing (not finished)**: %s" % ", ".join("f%d" % f for f in s["missing"]))
            lines.append("; ".join(words) + ".")
            lines.append("")
    text = open(doc).read()
    begin, end = "<!-- tables:begin -->", "<!-- tables:end -->"
    i, j = text.index(begin) + len(begin), text.index(end)
    text = text[:i] + "\n" + "\n".join(lines) + "\n" + text[j:]
    open(doc, "w").write(text)


if __name__ == "__main__":
    main()
