#!/usr/bin/env python3
"""scipy's SLSQP on the Hock-Schittkowski suite of GenOpt (docs/hock-schittkowski.md).

Reads starting points, bounds and optima from tests/testproblems/hock_schittkowski.json and the formulas from
hs_formulas.py, differentiates them exactly with sympy (GenOpt's generator writes exact gradients too), and runs
scipy.optimize.minimize(method='SLSQP') with ftol = 1e-9 (GenOpt's SlsqpOptions.Tolerance, which is Kraft's acc, the
value scipy passes as ftol) and maxiter = 100 (both defaults). Prints a Markdown table with the columns of GenOpt's
runner (HockSchittkowskiSuiteTests): problem, n, m_eq, m_ineq, status, solved, iterations, evaluations.

    /usr/bin/python3 docs/reference/hs_suite.py            # the table
    /usr/bin/python3 docs/reference/hs_suite.py --check    # f(x*) against f*, and the violation at x*, per problem
    /usr/bin/python3 docs/reference/hs_suite.py --genopt FILE   # side by side with GenOpt's table (GENOPT_HS_TABLE=FILE)

Needs Debian's python3-scipy (1.10.1) and python3-sympy. "solved" means |f - f*| <= 1e-6 max(1, |f*|) and a largest
constraint violation (bounds included) of at most 1e-8, the same test as the C# runner.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import sympy
from scipy.optimize import minimize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hs_formulas import FORMULAS  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "tests", "testproblems", "hock_schittkowski.json")
FTOL = 1e-9
MAXITER = 100


def compile_problem(pid, n):
    xs = sympy.symbols(f"x0:{n}", real=True)
    f, eqs, ineqs = FORMULAS[pid](list(xs), sympy)
    f = sympy.sympify(f)

    def fn(expr):
        expr = sympy.sympify(expr)
        value = sympy.lambdify([xs], expr, "numpy")
        grad = sympy.lambdify([xs], [sympy.diff(expr, v) for v in xs], "numpy")
        return (lambda x: float(value(x))), (lambda x: np.array(grad(x), dtype=float))

    return fn(f), [fn(e) for e in eqs], [fn(g) for g in ineqs]


def violation(x, eqs, ineqs, lower, upper):
    v = 0.0
    for h, _ in eqs:
        v = max(v, abs(h(x)))
    for g, _ in ineqs:
        v = max(v, -g(x))
    for xi, lo, up in zip(x, lower, upper):
        if lo is not None:
            v = max(v, lo - xi)
        if up is not None:
            v = max(v, xi - up)
    return v


def solved(f, fstar, viol):
    return bool(abs(f - fstar) <= 1e-6 * max(1.0, abs(fstar)) and viol <= 1e-8)


def read_genopt(path):
    """Rows of the table HockSchittkowskiSuiteTests writes to GENOPT_HS_TABLE, by problem id."""
    rows = {}
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 11 and cells[0] not in ("problem", "---"):
            rows[cells[0]] = {"status": cells[4], "solved": cells[5], "nit": cells[6], "nfev": cells[7], "njev": cells[8], "f": cells[9], "viol": cells[10]}
    return rows


def side_by_side(problems, genopt):
    print(f"GenOpt SLSQP and scipy {scipy.__version__} SLSQP, tolerance (ftol) 1e-9, at most 100 iterations, exact gradients on both sides\n")
    print("| problem | n | m_eq | m_ineq | GenOpt status | solved | iterations | evaluations | scipy status | solved | iterations | evaluations |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    totals = [0, 0]
    for p, r, ok, v, neq, nineq in problems:
        g = genopt[p["id"]]
        totals[0] += g["solved"] == "yes"
        totals[1] += ok
        print(f"| {p['id']} | {p['n']} | {neq} | {nineq} | {g['status']} | {g['solved']} | {g['nit']} | {g['nfev']} "
              f"| {r.status}: {r.message} | {'yes' if ok else 'no'} | {r.nit} | {r.nfev} |")
    print(f"\nsolved: GenOpt {totals[0]} of {len(problems)}, scipy {totals[1]} of {len(problems)}")


def main():
    check = "--check" in sys.argv
    genopt = read_genopt(sys.argv[sys.argv.index("--genopt") + 1]) if "--genopt" in sys.argv else None
    problems = json.load(open(DATA))["problems"]
    results = []
    if not check and genopt is None:
        print(f"scipy {scipy.__version__}, SLSQP, ftol = {FTOL:g}, maxiter = {MAXITER}, exact gradients (sympy)\n")
        print("| problem | n | m_eq | m_ineq | scipy status | solved | iterations | evaluations | gradients | f | violation |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
    count = 0
    for p in problems:
        pid, n = p["id"], p["n"]
        (f, df), eqs, ineqs = compile_problem(pid, n)
        lower, upper = p["lower_bounds"], p["upper_bounds"]
        if check:
            xs = np.array(p["x_star"], float)
            fx, v = f(xs), violation(xs, eqs, ineqs, lower, upper)
            # x* is published to 7-10 digits, so this check is looser than "solved"
            ok = abs(fx - p["f_star"]) <= 1e-5 * max(1.0, abs(p["f_star"])) and v <= 1e-4
            print(f"{pid:34s} f(x*) = {fx:.12g}  f* = {p['f_star']:.12g}  violation(x*) = {v:.2e}  f(x0) = {f(np.array(p['x0'], float)):.8g}  {'ok' if ok else 'MISMATCH'}")
            continue
        cons = [{"type": "eq", "fun": h, "jac": dh} for h, dh in eqs] + [{"type": "ineq", "fun": g, "jac": dg} for g, dg in ineqs]
        bounds = None if all(v is None for v in lower + upper) else list(zip(lower, upper))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                r = minimize(f, np.array(p["x0"], float), jac=df, method="SLSQP", bounds=bounds, constraints=cons,
                             options={"ftol": FTOL, "maxiter": MAXITER})
        fval = float(r.fun) if r.fun is not None and np.isfinite(r.fun) else math.nan
        v = violation(r.x, eqs, ineqs, lower, upper)
        ok = solved(fval, p["f_star"], v)
        count += ok
        results.append((p, r, ok, v, len(eqs), len(ineqs)))
        if genopt is not None:
            continue
        status = f"{r.status}: {r.message}"
        print(f"| {pid} | {n} | {len(eqs)} | {len(ineqs)} | {status} | {'yes' if ok else 'no'} | {r.nit} | {r.nfev} | {r.njev} | {fval:.10g} | {v:.1e} |")
    if genopt is not None:
        side_by_side(results, genopt)
    elif not check:
        print(f"\nsolved {count} of {len(problems)}")


if __name__ == "__main__":
    main()
