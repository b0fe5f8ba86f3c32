"""Formulas of the problems in tests/testproblems/hock_schittkowski.json, for docs/reference/hs_suite.py.

Each entry maps a problem id to a function of (x, m) returning (f, [h_i], [g_j]) with h(x) = 0 and g(x) >= 0, where
x is a list of variables (x[0] is the book's x1) and m a math namespace (sympy here, so that the gradients are exact,
like the ones GenOpt's generator writes). The same formulas are written in C# in
tests/GenOpt.Runtime.Tests/Suites/HockSchittkowskiSuite.cs; starting points, bounds and optima live only in the JSON file.
"""


def rosenbrock(x):
    return 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2


def hs25(x, m):
    f = 0
    for i in range(1, 100):
        u = 25 + (-50 * m.log(m.Rational(i, 100))) ** m.Rational(2, 3)
        f += (-m.Rational(i, 100) + m.exp(-(u - x[1]) ** x[2] / x[0])) ** 2
    return f, [], []


def chapra(x):
    # scipy's test_slsqp.py objective: maximize 2 x y + 2 x - x^2 - 2 y^2 (so minimize its negative).
    return -(2 * x[0] * x[1] + 2 * x[0] - x[0] ** 2 - 2 * x[1] ** 2)


FORMULAS = {
    "HS1": lambda x, m: (rosenbrock(x), [], []),
    "HS2": lambda x, m: (rosenbrock(x), [], []),
    "HS3": lambda x, m: (x[1] + m.Rational(1, 100000) * (x[1] - x[0]) ** 2, [], []),
    "HS4": lambda x, m: ((x[0] + 1) ** 3 / 3 + x[1], [], []),
    "HS5": lambda x, m: (m.sin(x[0] + x[1]) + (x[0] - x[1]) ** 2 - m.Rational(3, 2) * x[0] + m.Rational(5, 2) * x[1] + 1, [], []),
    "HS6": lambda x, m: ((1 - x[0]) ** 2, [10 * (x[1] - x[0] ** 2)], []),
    "HS7": lambda x, m: (m.log(1 + x[0] ** 2) - x[1], [(1 + x[0] ** 2) ** 2 + x[1] ** 2 - 4], []),
    "HS8": lambda x, m: (-1 + 0 * x[0], [x[0] ** 2 + x[1] ** 2 - 25, x[0] * x[1] - 9], []),
    "HS9": lambda x, m: (m.sin(m.pi * x[0] / 12) * m.cos(m.pi * x[1] / 16), [4 * x[0] - 3 * x[1]], []),
    "HS10": lambda x, m: (x[0] - x[1], [], [-3 * x[0] ** 2 + 2 * x[0] * x[1] - x[1] ** 2 + 1]),
    "HS11": lambda x, m: ((x[0] - 5) ** 2 + x[1] ** 2 - 25, [], [-x[0] ** 2 + x[1]]),
    "HS12": lambda x, m: (x[0] ** 2 / 2 + x[1] ** 2 - x[0] * x[1] - 7 * x[0] - 7 * x[1], [], [25 - 4 * x[0] ** 2 - x[1] ** 2]),
    "HS13": lambda x, m: ((x[0] - 2) ** 2 + x[1] ** 2, [], [(1 - x[0]) ** 3 - x[1]]),
    "HS14": lambda x, m: ((x[0] - 2) ** 2 + (x[1] - 1) ** 2, [x[0] - 2 * x[1] + 1], [-x[0] ** 2 / 4 - x[1] ** 2 + 1]),
    "HS15": lambda x, m: (rosenbrock(x), [], [x[0] * x[1] - 1, x[0] + x[1] ** 2]),
    "HS16": lambda x, m: (rosenbrock(x), [], [x[0] + x[1] ** 2, x[0] ** 2 + x[1]]),
    "HS17": lambda x, m: (rosenbrock(x), [], [x[1] ** 2 - x[0], x[0] ** 2 - x[1]]),
    "HS18": lambda x, m: (x[0] ** 2 / 100 + x[1] ** 2, [], [x[0] * x[1] - 25, x[0] ** 2 + x[1] ** 2 - 25]),
    "HS19": lambda x, m: ((x[0] - 10) ** 3 + (x[1] - 20) ** 3, [],
                          [(x[0] - 5) ** 2 + (x[1] - 5) ** 2 - 100, -(x[1] - 5) ** 2 - (x[0] - 6) ** 2 + m.Rational(8281, 100)]),
    "HS20": lambda x, m: (rosenbrock(x), [], [x[0] + x[1] ** 2, x[0] ** 2 + x[1], x[0] ** 2 + x[1] ** 2 - 1]),
    "HS21": lambda x, m: (x[0] ** 2 / 100 + x[1] ** 2 - 100, [], [10 * x[0] - x[1] - 10]),
    "HS22": lambda x, m: ((x[0] - 2) ** 2 + (x[1] - 1) ** 2, [], [-x[0] - x[1] + 2, -x[0] ** 2 + x[1]]),
    "HS23": lambda x, m: (x[0] ** 2 + x[1] ** 2, [],
                          [x[0] + x[1] - 1, x[0] ** 2 + x[1] ** 2 - 1, 9 * x[0] ** 2 + x[1] ** 2 - 9, x[0] ** 2 - x[1], x[1] ** 2 - x[0]]),
    "HS24": lambda x, m: (((x[0] - 3) ** 2 - 9) * x[1] ** 3 / (27 * m.sqrt(3)), [],
                          [x[0] / m.sqrt(3) - x[1], x[0] + m.sqrt(3) * x[1], -x[0] - m.sqrt(3) * x[1] + 6]),
    "HS25": hs25,
    "HS26": lambda x, m: ((x[0] - x[1]) ** 2 + (x[1] - x[2]) ** 4, [(1 + x[1] ** 2) * x[0] + x[2] ** 4 - 3], []),
    "HS27": lambda x, m: ((x[0] - 1) ** 2 / 100 + (x[1] - x[0] ** 2) ** 2, [x[0] + x[2] ** 2 + 1], []),
    "HS28": lambda x, m: ((x[0] + x[1]) ** 2 + (x[1] + x[2]) ** 2, [x[0] + 2 * x[1] + 3 * x[2] - 1], []),
    "HS29": lambda x, m: (-x[0] * x[1] * x[2], [], [48 - x[0] ** 2 - 2 * x[1] ** 2 - 4 * x[2] ** 2]),
    "HS30": lambda x, m: (x[0] ** 2 + x[1] ** 2 + x[2] ** 2, [], [x[0] ** 2 + x[1] ** 2 - 1]),
    "HS31": lambda x, m: (9 * x[0] ** 2 + x[1] ** 2 + 9 * x[2] ** 2, [], [x[0] * x[1] - 1]),
    "HS32": lambda x, m: ((x[0] + 3 * x[1] + x[2]) ** 2 + 4 * (x[0] - x[1]) ** 2, [1 - x[0] - x[1] - x[2]],
                          [6 * x[1] + 4 * x[2] - x[0] ** 3 - 3]),
    "HS33": lambda x, m: ((x[0] - 1) * (x[0] - 2) * (x[0] - 3) + x[2], [],
                          [x[2] ** 2 - x[1] ** 2 - x[0] ** 2, x[0] ** 2 + x[1] ** 2 + x[2] ** 2 - 4]),
    "HS34": lambda x, m: (-x[0], [], [x[1] - m.exp(x[0]), x[2] - m.exp(x[1])]),
    "HS35": lambda x, m: (9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0] ** 2 + 2 * x[1] ** 2 + x[2] ** 2 + 2 * x[0] * x[1] + 2 * x[0] * x[2],
                          [], [3 - x[0] - x[1] - 2 * x[2]]),
    "HS36": lambda x, m: (-x[0] * x[1] * x[2], [], [72 - x[0] - 2 * x[1] - 2 * x[2]]),
    "HS37": lambda x, m: (-x[0] * x[1] * x[2], [], [72 - x[0] - 2 * x[1] - 2 * x[2], x[0] + 2 * x[1] + 2 * x[2]]),
    "HS38": lambda x, m: (100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2 + 90 * (x[3] - x[2] ** 2) ** 2 + (1 - x[2]) ** 2
                          + m.Rational(101, 10) * ((x[1] - 1) ** 2 + (x[3] - 1) ** 2) + m.Rational(198, 10) * (x[1] - 1) * (x[3] - 1), [], []),
    "HS39": lambda x, m: (-x[0], [x[1] - x[0] ** 3 - x[2] ** 2, x[0] ** 2 - x[1] - x[3] ** 2], []),
    "HS40": lambda x, m: (-x[0] * x[1] * x[2] * x[3], [x[0] ** 3 + x[1] ** 2 - 1, x[0] ** 2 * x[3] - x[2], x[3] ** 2 - x[1]], []),
    "HS41": lambda x, m: (2 - x[0] * x[1] * x[2], [x[0] + 2 * x[1] + 2 * x[2] - x[3]], []),
    "HS42": lambda x, m: ((x[0] - 1) ** 2 + (x[1] - 2) ** 2 + (x[2] - 3) ** 2 + (x[3] - 4) ** 2, [x[0] - 2, x[2] ** 2 + x[3] ** 2 - 2], []),
    "HS43": lambda x, m: (x[0] ** 2 + x[1] ** 2 + 2 * x[2] ** 2 + x[3] ** 2 - 5 * x[0] - 5 * x[1] - 21 * x[2] + 7 * x[3], [],
                          [8 - x[0] ** 2 - x[1] ** 2 - x[2] ** 2 - x[3] ** 2 - x[0] + x[1] - x[2] + x[3],
                           10 - x[0] ** 2 - 2 * x[1] ** 2 - x[2] ** 2 - 2 * x[3] ** 2 + x[0] + x[3],
                           5 - 2 * x[0] ** 2 - x[1] ** 2 - x[2] ** 2 - 2 * x[0] + x[1] + x[3]]),
    "HS44": lambda x, m: (x[0] - x[1] - x[2] - x[0] * x[2] + x[0] * x[3] + x[1] * x[2] - x[1] * x[3], [],
                          [8 - x[0] - 2 * x[1], 12 - 4 * x[0] - x[1], 12 - 3 * x[0] - 4 * x[1],
                           8 - 2 * x[2] - x[3], 8 - x[2] - 2 * x[3], 5 - x[2] - x[3]]),
    "HS45": lambda x, m: (2 - x[0] * x[1] * x[2] * x[3] * x[4] / 120, [], []),
    "HS46": lambda x, m: ((x[0] - x[1]) ** 2 + (x[2] - 1) ** 2 + (x[3] - 1) ** 4 + (x[4] - 1) ** 6,
                          [x[0] ** 2 * x[3] + m.sin(x[3] - x[4]) - 1, x[1] + x[2] ** 4 * x[3] ** 2 - 2], []),
    "HS47": lambda x, m: ((x[0] - x[1]) ** 2 + (x[1] - x[2]) ** 3 + (x[2] - x[3]) ** 4 + (x[3] - x[4]) ** 4,
                          [x[0] + x[1] ** 2 + x[2] ** 3 - 3, x[1] - x[2] ** 2 + x[3] - 1, x[0] * x[4] - 1], []),
    "HS48": lambda x, m: ((x[0] - 1) ** 2 + (x[1] - x[2]) ** 2 + (x[3] - x[4]) ** 2,
                          [x[0] + x[1] + x[2] + x[3] + x[4] - 5, x[2] - 2 * (x[3] + x[4]) + 3], []),
    "HS49": lambda x, m: ((x[0] - x[1]) ** 2 + (x[2] - 1) ** 2 + (x[3] - 1) ** 4 + (x[4] - 1) ** 6,
                          [x[0] + x[1] + x[2] + 4 * x[3] - 7, x[2] + 5 * x[4] - 6], []),
    "HS50": lambda x, m: ((x[0] - x[1]) ** 2 + (x[1] - x[2]) ** 2 + (x[2] - x[3]) ** 4 + (x[3] - x[4]) ** 2,
                          [x[0] + 2 * x[1] + 3 * x[2] - 6, x[1] + 2 * x[2] + 3 * x[3] - 6, x[2] + 2 * x[3] + 3 * x[4] - 6], []),
    "HS51": lambda x, m: ((x[0] - x[1]) ** 2 + (x[1] + x[2] - 2) ** 2 + (x[3] - 1) ** 2 + (x[4] - 1) ** 2,
                          [x[0] + 3 * x[1] - 4, x[2] + x[3] - 2 * x[4], x[1] - x[4]], []),
    "HS52": lambda x, m: ((4 * x[0] - x[1]) ** 2 + (x[1] + x[2] - 2) ** 2 + (x[3] - 1) ** 2 + (x[4] - 1) ** 2,
                          [x[0] + 3 * x[1], x[2] + x[3] - 2 * x[4], x[1] - x[4]], []),
    "HS53": lambda x, m: ((x[0] - x[1]) ** 2 + (x[1] + x[2] - 2) ** 2 + (x[3] - 1) ** 2 + (x[4] - 1) ** 2,
                          [x[0] + 3 * x[1], x[2] + x[3] - 2 * x[4], x[1] - x[4]], []),
    "HS71": lambda x, m: (x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2], [x[0] ** 2 + x[1] ** 2 + x[2] ** 2 + x[3] ** 2 - 40],
                          [x[0] * x[1] * x[2] * x[3] - 25]),
    "HS76": lambda x, m: (x[0] ** 2 + x[1] ** 2 / 2 + x[2] ** 2 + x[3] ** 2 / 2 - x[0] * x[2] + x[2] * x[3] - x[0] - 3 * x[1] + x[2] - x[3], [],
                          [5 - x[0] - 2 * x[1] - x[2] - x[3], 4 - 3 * x[0] - x[1] - 2 * x[2] + x[3], x[1] + 4 * x[2] - m.Rational(3, 2)]),
    "HS77": lambda x, m: ((x[0] - 1) ** 2 + (x[0] - x[1]) ** 2 + (x[2] - 1) ** 2 + (x[3] - 1) ** 4 + (x[4] - 1) ** 6,
                          [x[0] ** 2 * x[3] + m.sin(x[3] - x[4]) - 2 * m.sqrt(2), x[1] + x[2] ** 4 * x[3] ** 2 - 8 - m.sqrt(2)], []),
    "HS78": lambda x, m: (x[0] * x[1] * x[2] * x[3] * x[4],
                          [x[0] ** 2 + x[1] ** 2 + x[2] ** 2 + x[3] ** 2 + x[4] ** 2 - 10, x[1] * x[2] - 5 * x[3] * x[4],
                           x[0] ** 3 + x[1] ** 3 + 1], []),
    "HS79": lambda x, m: ((x[0] - 1) ** 2 + (x[0] - x[1]) ** 2 + (x[1] - x[2]) ** 2 + (x[2] - x[3]) ** 4 + (x[3] - x[4]) ** 4,
                          [x[0] + x[1] ** 2 + x[2] ** 3 - 2 - 3 * m.sqrt(2), x[1] - x[2] ** 2 + x[3] + 2 - 2 * m.sqrt(2), x[0] * x[4] - 2], []),
    "HS80": lambda x, m: (m.exp(x[0] * x[1] * x[2] * x[3] * x[4]),
                          [x[0] ** 2 + x[1] ** 2 + x[2] ** 2 + x[3] ** 2 + x[4] ** 2 - 10, x[1] * x[2] - 5 * x[3] * x[4],
                           x[0] ** 3 + x[1] ** 3 + 1], []),
    # scipy 1.10.1's optimize/tests/test_slsqp.py (Chapra & Canale's Example 14.4 and regression tests).
    "SCIPY_UNBOUNDED": lambda x, m: (chapra(x), [], []),
    "SCIPY_BOUNDED": lambda x, m: (chapra(x), [], []),
    "SCIPY_EQUALITY": lambda x, m: (chapra(x), [x[0] - x[1]], []),
    "SCIPY_INEQUALITY": lambda x, m: (chapra(x), [], [x[0] - x[1] - 1]),
    "SCIPY_VECTOR_INEQUALITY": lambda x, m: (chapra(x), [], [x[0], x[1]]),
    "SCIPY_BOUND_EQUALITY": lambda x, m: (chapra(x), [x[0] - x[1]], []),
    "SCIPY_BOUNDED_CONSTRAINT": lambda x, m: (-x[0] ** 2 + x[1] ** 2, [], [m.sqrt(x[0]) + x[1], m.Rational(3, 2) - m.sqrt(x[0]) - x[1]]),
    "SCIPY_INCONSISTENT_LINEARIZATION": lambda x, m: (x[0] ** 2 + x[1] ** 2, [x[0] + x[1] - 2], [x[0] ** 2 - 1]),
    "SCIPY_GH1758": lambda x, m: (m.sqrt(x[1]), [x[1] - (2 * x[0]) ** 3, x[1] - (-x[0] + 1) ** 3], []),
    "SCIPY_TUTORIAL_ROSENBROCK": lambda x, m: (rosenbrock(x), [2 * x[0] + x[1] - 1],
                                               [1 - x[0] - 2 * x[1], 1 - x[0] ** 2 - x[1], 1 - x[0] ** 2 + x[1]]),
}
