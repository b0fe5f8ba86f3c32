using System;

namespace GenOpt.Tests.Generated;

// Published constrained test problems written as a user writes them: one partial type each, [Objective] plus
// constraint methods, so that the tests go through the generator. Data (formulas, starting points, bounds, optima)
// from Hock & Schittkowski, "Test Examples for Nonlinear Programming Codes" (1981), and scipy's SLSQP tutorial and
// test suite; copied in tests/testproblems/constrained.json. Convention: h(x) = 0, g(x) >= 0.

/// <summary>HS6: min (1 - x0)^2 s.t. 10 (x1 - x0^2) = 0; x0 = (-1.2, 1); f* = 0 at (1, 1).</summary>
public static partial class Hs6
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => (1 - x[0]) * (1 - x[0]);

    [EqualityConstraint]
    public static partial double H(ReadOnlySpan<double> x) => 10 * (x[1] - x[0] * x[0]);
}

/// <summary>HS7: min log(1 + x0^2) - x1 s.t. (1 + x0^2)^2 + x1^2 - 4 = 0; x0 = (2, 2); f* = -sqrt(3) at (0, sqrt(3)).</summary>
public static partial class Hs7
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Math.Log(1 + x[0] * x[0]) - x[1];

    [EqualityConstraint]
    public static partial double H(ReadOnlySpan<double> x) => Math.Pow(1 + x[0] * x[0], 2) + x[1] * x[1] - 4;
}

/// <summary>HS14: min (x0 - 2)^2 + (x1 - 1)^2 s.t. x0 - 2 x1 + 1 = 0, 1 - x0^2/4 - x1^2 &gt;= 0; x0 = (2, 2); f* = 9 - 23 sqrt(7)/8.</summary>
public static partial class Hs14
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => (x[0] - 2) * (x[0] - 2) + (x[1] - 1) * (x[1] - 1);

    [EqualityConstraint]
    public static partial double Line(ReadOnlySpan<double> x) => x[0] - 2 * x[1] + 1;

    [InequalityConstraint]
    public static partial double Ellipse(ReadOnlySpan<double> x) => -0.25 * x[0] * x[0] - x[1] * x[1] + 1;
}

/// <summary>HS21: min x0^2/100 + x1^2 - 100 s.t. 10 x0 - x1 - 10 &gt;= 0, 2 &lt;= x0 &lt;= 50, -50 &lt;= x1 &lt;= 50; x0 = (-1, -1); f* = -99.96 at (2, 0).</summary>
public static partial class Hs21
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => 0.01 * x[0] * x[0] + x[1] * x[1] - 100;

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => 10 * x[0] - x[1] - 10;
}

/// <summary>HS28: min (x0 + x1)^2 + (x1 + x2)^2 s.t. x0 + 2 x1 + 3 x2 - 1 = 0; x0 = (-4, 1, 1); f* = 0 at (0.5, -0.5, 0.5).</summary>
public static partial class Hs28
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) => (x[0] + x[1]) * (x[0] + x[1]) + (x[1] + x[2]) * (x[1] + x[2]);

    [EqualityConstraint]
    public static partial double H(ReadOnlySpan<double> x) => x[0] + 2 * x[1] + 3 * x[2] - 1;
}

/// <summary>HS35 (Beale): convex QP s.t. 3 - x0 - x1 - 2 x2 &gt;= 0, x &gt;= 0; x0 = (0.5, 0.5, 0.5); f* = 1/9 at (4/3, 7/9, 4/9).</summary>
public static partial class Hs35
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) =>
        9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0] * x[0] + 2 * x[1] * x[1] + x[2] * x[2] + 2 * x[0] * x[1] + 2 * x[0] * x[2];

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => 3 - x[0] - x[1] - 2 * x[2];
}

/// <summary>HS48: min (x0 - 1)^2 + (x1 - x2)^2 + (x3 - x4)^2 s.t. two linear equalities (a vector constraint); x0 = (3, 5, -3, 2, -2); f* = 0 at 1.</summary>
public static partial class Hs48
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - 1) * (x[0] - 1) + (x[1] - x[2]) * (x[1] - x[2]) + (x[3] - x[4]) * (x[3] - x[4]);

    [EqualityConstraint(Count = 2)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> values)
    {
        values[0] = x[0] + x[1] + x[2] + x[3] + x[4] - 5;
        values[1] = x[2] - 2 * (x[3] + x[4]) + 3;
    }
}

/// <summary>HS71: min x0 x3 (x0 + x1 + x2) + x2 s.t. x0 x1 x2 x3 - 25 &gt;= 0, sum x_i^2 - 40 = 0, 1 &lt;= x &lt;= 5; x0 = (1, 5, 5, 1); f* = 17.0140173.</summary>
public static partial class Hs71
{
    [Objective(Dimension = 4)]
    public static partial double Cost(ReadOnlySpan<double> x) => x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2];

    [InequalityConstraint]
    public static partial double Product(ReadOnlySpan<double> x) => x[0] * x[1] * x[2] * x[3] - 25;

    [EqualityConstraint]
    public static partial double Norm(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 40;
}

/// <summary>
/// scipy's SLSQP tutorial: 2-D Rosenbrock s.t. 2 x0 + x1 - 1 = 0 and three inequalities, 0 &lt;= x0 &lt;= 1, -0.5 &lt;= x1 &lt;= 2;
/// x0 = (0.5, 0); f* = 0.342717574857755 at (0.41494475, 0.1701105); scipy: 5 iterations with analytic gradients, ftol 1e-9.
/// </summary>
public static partial class ScipyTutorialRosenbrock
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);

    [EqualityConstraint]
    public static partial double Line(ReadOnlySpan<double> x) => 2 * x[0] + x[1] - 1;

    [InequalityConstraint(Count = 3)]
    public static partial void Region(ReadOnlySpan<double> x, Span<double> values)
    {
        values[0] = 1 - x[0] - 2 * x[1];
        values[1] = 1 - x[0] * x[0] - x[1];
        values[2] = 1 - x[0] * x[0] + x[1];
    }
}

/// <summary>
/// scipy's inconsistent-linearization test: min x0^2 + x1^2 s.t. x0 + x1 - 2 = 0, x0^2 - 1 &gt;= 0, x &gt;= 0; x0 = (0, 1)
/// (where the linearized constraints are inconsistent); f* = 2 at (1, 1).
/// </summary>
public static partial class InconsistentLinearization
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];

    [EqualityConstraint]
    public static partial double Sum(ReadOnlySpan<double> x) => x[0] + x[1] - 2;

    [InequalityConstraint]
    public static partial double Outside(ReadOnlySpan<double> x) => x[0] * x[0] - 1;
}
