#!/usr/bin/env python3
"""Checks GenOpt's BBOB functions (tests/CmaBbob/BbobSuite.cs) against pycma's cma/bbobbenchmarks.py (cma 4.4.0).

The C# runner writes f_opt, x_opt, f(x_opt) - f_opt and f at 7 points per function (f1..f24, n = 10 and 20,
instance 1); this script evaluates pycma's F<fid>(iinstance=1) at the same points and compares:
  f_opt      must be equal;
  x_opt      must agree to 1e-12 (relative to max(1, |x|));
  f(x)       must agree to relative 1e-12 (f includes f_opt, as both return it);
             or, where f is so ill-conditioned at x that the last bits of a rotation matrix (numpy sums in
             another order than GenOpt) matter, to the rounding: either pycma's function with its rotations summed
             in GenOpt's order agrees to relative 1e-12, or the difference is at most 4 times the largest change
             of pycma's own f when x moves by one ulp per coordinate (printed as ROUNDING with both numbers);
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


def sequential_rotation(seed, dim):
    """compute_rotation with every sum taken left to right, in the order of GenOpt's BbobInstance.Rotation
    (numpy's dot sums in another order, so the two rotations differ in the last bits)."""
    B = np.reshape(bb.gauss(dim * dim, seed), (dim, dim)).tolist()
    for i in range(dim):
        for j in range(i):
            d = 0.0
            for k in range(dim):
                d += B[i][k] * B[j][k]
            for k in range(dim):
                B[i][k] -= d * B[j][k]
        s = 0.0
        for k in range(dim):
            s += B[i][k] * B[i][k]
        norm = s ** .5
        for k in range(dim):
            B[i][k] /= norm
    return np.array(B)


def ulp_sensitivity(f, x, trials=20):
    """The largest relative change of pycma's f(x) when every coordinate of x moves by one ulp (random
    directions): the size of difference that the last bits of a rotation or a sum can make at x."""
    rng = np.random.default_rng(1)
    f0 = float(f(x))
    worst = 0.0
    for _ in range(trials):
        y = np.where(rng.random(len(x)) < .5, np.nextafter(x, np.inf), np.nextafter(x, -np.inf))
        worst = max(worst, abs(float(f(y)) - f0) / abs(f0))
    return worst


def with_sequential_rotations(fid, n):
    """pycma's F16 or F19 (the two functions whose check points are ill-conditioned) with its rotations replaced by
    sequential_rotation: what remains of a difference is not the definition but the rounding of the rotations."""
    f = getattr(bb, "F%d" % fid)(iinstance=1)
    f(np.zeros(n))
    if fid == 19:
        f.linearTF = max(1, n ** .5 / 8.) * sequential_rotation(f.rseed, n)
    elif fid == 16:
        f.rotation = sequential_rotation(f.rseed + 1e6, n)
        f.linearTF = np.dot(np.dot(sequential_rotation(f.rseed, n), np.diag(f.scales)), f.rotation)
    else:
        return None
    return f


def main():
    funs = {}
    worst = {}
    failures = []
    explained = []

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
                seq = with_sequential_rotations(fid, n)
                note = ""
                if seq is not None:
                    ref2 = float(seq(x))
                    rel2 = abs(mine - ref2) / abs(ref2)
                    note = "; with rotations summed in GenOpt's order, pycma gives %r (relative %.3g)" % (ref2, rel2)
                    if rel2 <= TOL:
                        explained.append("f%d n=%d point %s: relative %.3g%s" % (fid, n, parts[3], rel, note))
                        continue
                sens = ulp_sensitivity(f, x)
                note += "; one-ulp changes of x change pycma's f by up to %.3g (relative)" % sens
                if rel <= 4 * sens:
                    explained.append("f%d n=%d point %s: relative %.3g%s" % (fid, n, parts[3], rel, note))
                    continue
                failures.append("f%d n=%d point %s: f = %r, pycma %r (relative %.3g)%s" % (fid, n, parts[3], mine, ref, rel, note))
    print("| f | n | points | max rel. diff. of f | max rel. diff. of f - f_opt | x_opt max diff. | GenOpt f(x_opt) - f_opt |")
    print("|---|---|---|---|---|---|---|")
    for (fid, n), w in sorted(worst.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        print("| %d | %d | %d | %.1e | %.1e | %.1e | %.1e |" % (fid, n, w["points"], w["f"], w["df"], w["xopt"], w["atopt"]))
    for msg in explained:
        print("ROUNDING", msg)
    for msg in failures:
        print("FAIL", msg)
    print("%d checks failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
