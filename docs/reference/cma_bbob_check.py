#!/usr/bin/env python3
"""Checks GenOpt's BBOB functions (tests/CmaBbob/BbobSuite.cs) against pycma's cma/bbobbenchmarks.py (cma 4.4.0).

The C# runner writes f_opt, x_opt, f(x_opt) - f_opt and f at 7 points per function (f1..f24, n = 10 and 20,
instance 1); this script evaluates pycma's F<fid>(iinstance=1) at the same points and compares:
  f_opt      must be equal;
  x_opt      must agree to 1e-12 (relative to max(1, |x|));
  f(x)       must agree to relative 1e-12 (f includes f_opt, as both return it);
  f - f_opt  is also shown (its relative difference can be larger near the optimum, where f - f_opt is tiny and
             carries the rounding of the matrix products: it is reported, not judged).
Exit status 1 if any check fails.

    dotnet run -c Release --project tests/CmaBbob -- --check /tmp/genopt_bbob_check.txt
    PYTHONPATH=pycma python3 docs/reference/cma_bbob_check.py /tmp/genopt_bbob_check.txt
"""
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
from cma import bbobbenchmarks as bb  # noqa: E402

TOL = 1e-12


def main():
    funs = {}
    worst = {}
    failures = []

    def fun(fid, n):
        key = (fid, n)
        if key not in funs:
            f = getattr(bb, "F%d" % fid)(iinstance=1)
            f(np.zeros(n))  # pycma sets x_opt at the first evaluation in a dimension
            funs[key] = f
        return funs[key]

    for line in open(sys.argv[1]):
        parts = line.rstrip("\n").split(",")
        kind, fid, n = parts[0], int(parts[1]), int(parts[2])
        f = fun(fid, n)
        w = worst.setdefault((fid, n), {"f": 0.0, "df": 0.0, "xopt": 0.0, "atopt": 0.0, "points": 0})
        if kind == "fopt":
            if float(parts[3]) != f.fopt:
                failures.append("f%d n=%d: fopt %s, pycma %r" % (fid, n, parts[3], f.fopt))
        elif kind == "xopt":
            x = np.array([float(v) for v in parts[3].split()])
            d = float(np.max(np.abs(x - f.xopt) / np.maximum(1, np.abs(f.xopt))))
            w["xopt"] = d
            if d > TOL:
                failures.append("f%d n=%d: xopt differs by %.3g" % (fid, n, d))
        elif kind == "atopt":
            w["atopt"] = float(parts[3])
        else:
            x = np.array([float(v) for v in parts[4].split()])
            mine = float(parts[5])
            ref = float(f(x))
            rel = abs(mine - ref) / max(abs(ref), 1e-300)
            dmine, dref = mine - f.fopt, ref - f.fopt
            drel = abs(dmine - dref) / max(abs(dref), 1e-300)
            w["f"] = max(w["f"], rel)
            w["df"] = max(w["df"], drel)
            w["points"] += 1
            if rel > TOL:
                failures.append("f%d n=%d point %s: f = %r, pycma %r (relative %.3g)" % (fid, n, parts[3], mine, ref, rel))
    print("| f | n | points | max rel. diff. of f | max rel. diff. of f - f_opt | x_opt max diff. | GenOpt f(x_opt) - f_opt |")
    print("|---|---|---|---|---|---|---|")
    for (fid, n), w in sorted(worst.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        print("| %d | %d | %d | %.1e | %.1e | %.1e | %.1e |" % (fid, n, w["points"], w["f"], w["df"], w["xopt"], w["atopt"]))
    for msg in failures:
        print("FAIL", msg)
    print("%d checks failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
