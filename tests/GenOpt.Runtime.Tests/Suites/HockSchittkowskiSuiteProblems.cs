using System;

namespace GenOpt.Tests.HsSuite;

// The Hock–Schittkowski problems of tests/testproblems/hock_schittkowski.json (and scipy's own SLSQP test cases) written
// as a user writes them: one partial type per problem, [Objective] plus constraint methods, so that values, gradients
// and Jacobians come from the generator. Convention: h(x) = 0, g(x) >= 0; x[0] is the book's x1. Starting points,
// bounds and optima are read from the JSON file (sources per problem there); the same formulas are written in Python in
// docs/reference/hs_formulas.py. HS6, HS7, HS14, HS21, HS28, HS35, HS48, HS71 and two scipy cases are the types in
// HockSchittkowskiProblems.cs.

internal static class Rosen
{
    [Differentiable]
    public static double Value(double a, double b) => 100 * (b - a * a) * (b - a * a) + (1 - a) * (1 - a);
}

/// <summary>HS1: Rosenbrock with x2 &gt;= -1.5.</summary>
public static partial class Hs1
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Rosen.Value(x[0], x[1]);
}

/// <summary>HS2: Rosenbrock with x2 &gt;= 1.5.</summary>
public static partial class Hs2
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Rosen.Value(x[0], x[1]);
}

/// <summary>HS3: x2 + 1e-5 (x2 - x1)^2 with x2 &gt;= 0.</summary>
public static partial class Hs3
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => x[1] + 1e-5 * (x[1] - x[0]) * (x[1] - x[0]);
}

/// <summary>HS4: (x1 + 1)^3 / 3 + x2 with x1 &gt;= 1, x2 &gt;= 0.</summary>
public static partial class Hs4
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => (x[0] + 1) * (x[0] + 1) * (x[0] + 1) / 3 + x[1];
}

/// <summary>HS5: sin(x1 + x2) + (x1 - x2)^2 - 1.5 x1 + 2.5 x2 + 1 in a box.</summary>
public static partial class Hs5
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) =>
        Math.Sin(x[0] + x[1]) + (x[0] - x[1]) * (x[0] - x[1]) - 1.5 * x[0] + 2.5 * x[1] + 1;
}

/// <summary>HS8: constant objective, x1^2 + x2^2 = 25, x1 x2 = 9.</summary>
public static partial class Hs8
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => -1 + 0 * x[0];

    [EqualityConstraint(Count = 2)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] * x[0] + x[1] * x[1] - 25;
        h[1] = x[0] * x[1] - 9;
    }
}

/// <summary>HS9: sin(pi x1 / 12) cos(pi x2 / 16) s.t. 4 x1 - 3 x2 = 0.</summary>
public static partial class Hs9
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Math.Sin(Math.PI * x[0] / 12) * Math.Cos(Math.PI * x[1] / 16);

    [EqualityConstraint]
    public static partial double H(ReadOnlySpan<double> x) => 4 * x[0] - 3 * x[1];
}

/// <summary>HS10: x1 - x2 s.t. -3 x1^2 + 2 x1 x2 - x2^2 + 1 &gt;= 0.</summary>
public static partial class Hs10
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => x[0] - x[1];

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => -3 * x[0] * x[0] + 2 * x[0] * x[1] - x[1] * x[1] + 1;
}

/// <summary>HS11: (x1 - 5)^2 + x2^2 - 25 s.t. x2 - x1^2 &gt;= 0.</summary>
public static partial class Hs11
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => (x[0] - 5) * (x[0] - 5) + x[1] * x[1] - 25;

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => -x[0] * x[0] + x[1];
}

/// <summary>HS12: x1^2 / 2 + x2^2 - x1 x2 - 7 x1 - 7 x2 s.t. 25 - 4 x1^2 - x2^2 &gt;= 0.</summary>
public static partial class Hs12
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => x[0] * x[0] / 2 + x[1] * x[1] - x[0] * x[1] - 7 * x[0] - 7 * x[1];

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => 25 - 4 * x[0] * x[0] - x[1] * x[1];
}

/// <summary>HS13: (x1 - 2)^2 + x2^2 s.t. (1 - x1)^3 - x2 &gt;= 0, x &gt;= 0.</summary>
public static partial class Hs13
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => (x[0] - 2) * (x[0] - 2) + x[1] * x[1];

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => (1 - x[0]) * (1 - x[0]) * (1 - x[0]) - x[1];
}

/// <summary>HS15: Rosenbrock s.t. x1 x2 - 1 &gt;= 0, x1 + x2^2 &gt;= 0, x1 &lt;= 0.5.</summary>
public static partial class Hs15
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Rosen.Value(x[0], x[1]);

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[0] * x[1] - 1;
        g[1] = x[0] + x[1] * x[1];
    }
}

/// <summary>HS16: Rosenbrock s.t. x1 + x2^2 &gt;= 0, x1^2 + x2 &gt;= 0, -0.5 &lt;= x1 &lt;= 0.5, x2 &lt;= 1.</summary>
public static partial class Hs16
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Rosen.Value(x[0], x[1]);

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[0] + x[1] * x[1];
        g[1] = x[0] * x[0] + x[1];
    }
}

/// <summary>HS17: Rosenbrock s.t. x2^2 - x1 &gt;= 0, x1^2 - x2 &gt;= 0, -0.5 &lt;= x1 &lt;= 0.5, x2 &lt;= 1.</summary>
public static partial class Hs17
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Rosen.Value(x[0], x[1]);

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[1] * x[1] - x[0];
        g[1] = x[0] * x[0] - x[1];
    }
}

/// <summary>HS18: x1^2 / 100 + x2^2 s.t. x1 x2 - 25 &gt;= 0, x1^2 + x2^2 - 25 &gt;= 0, in a box.</summary>
public static partial class Hs18
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => x[0] * x[0] / 100 + x[1] * x[1];

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[0] * x[1] - 25;
        g[1] = x[0] * x[0] + x[1] * x[1] - 25;
    }
}

/// <summary>HS19: (x1 - 10)^3 + (x2 - 20)^3 s.t. two circles, in a box.</summary>
public static partial class Hs19
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - 10) * (x[0] - 10) * (x[0] - 10) + (x[1] - 20) * (x[1] - 20) * (x[1] - 20);

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = (x[0] - 5) * (x[0] - 5) + (x[1] - 5) * (x[1] - 5) - 100;
        g[1] = -(x[1] - 5) * (x[1] - 5) - (x[0] - 6) * (x[0] - 6) + 82.81;
    }
}

/// <summary>HS20: Rosenbrock s.t. x1 + x2^2 &gt;= 0, x1^2 + x2 &gt;= 0, x1^2 + x2^2 - 1 &gt;= 0, -0.5 &lt;= x1 &lt;= 0.5.</summary>
public static partial class Hs20
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Rosen.Value(x[0], x[1]);

    [InequalityConstraint(Count = 3)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[0] + x[1] * x[1];
        g[1] = x[0] * x[0] + x[1];
        g[2] = x[0] * x[0] + x[1] * x[1] - 1;
    }
}

/// <summary>HS22: (x1 - 2)^2 + (x2 - 1)^2 s.t. 2 - x1 - x2 &gt;= 0, x2 - x1^2 &gt;= 0.</summary>
public static partial class Hs22
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => (x[0] - 2) * (x[0] - 2) + (x[1] - 1) * (x[1] - 1);

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = -x[0] - x[1] + 2;
        g[1] = -x[0] * x[0] + x[1];
    }
}

/// <summary>HS23: x1^2 + x2^2 s.t. five inequalities, -50 &lt;= x &lt;= 50.</summary>
public static partial class Hs23
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];

    [InequalityConstraint(Count = 5)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[0] + x[1] - 1;
        g[1] = x[0] * x[0] + x[1] * x[1] - 1;
        g[2] = 9 * x[0] * x[0] + x[1] * x[1] - 9;
        g[3] = x[0] * x[0] - x[1];
        g[4] = x[1] * x[1] - x[0];
    }
}

/// <summary>HS24: ((x1 - 3)^2 - 9) x2^3 / (27 sqrt 3) s.t. three linear inequalities, x &gt;= 0.</summary>
public static partial class Hs24
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) =>
        ((x[0] - 3) * (x[0] - 3) - 9) * x[1] * x[1] * x[1] / (27 * Math.Sqrt(3));

    [InequalityConstraint(Count = 3)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[0] / Math.Sqrt(3) - x[1];
        g[1] = x[0] + Math.Sqrt(3) * x[1];
        g[2] = -x[0] - Math.Sqrt(3) * x[1] + 6;
    }
}

/// <summary>HS25: a 99-term least-squares fit, sum (-i/100 + exp(-(u_i - x2)^x3 / x1))^2, in a box.</summary>
public static partial class Hs25
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 1; i <= 99; i++)
        {
            double u = 25 + Math.Pow(-50 * Math.Log(i / 100.0), 2.0 / 3);
            double r = -i / 100.0 + Math.Exp(-Math.Pow(u - x[1], x[2]) / x[0]);
            sum += r * r;
        }
        return sum;
    }
}

/// <summary>HS26: (x1 - x2)^2 + (x2 - x3)^4 s.t. (1 + x2^2) x1 + x3^4 - 3 = 0.</summary>
public static partial class Hs26
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) => (x[0] - x[1]) * (x[0] - x[1]) + Math.Pow(x[1] - x[2], 4);

    [EqualityConstraint]
    public static partial double H(ReadOnlySpan<double> x) => (1 + x[1] * x[1]) * x[0] + Math.Pow(x[2], 4) - 3;
}

/// <summary>HS27: (x1 - 1)^2 / 100 + (x2 - x1^2)^2 s.t. x1 + x3^2 + 1 = 0.</summary>
public static partial class Hs27
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) => (x[0] - 1) * (x[0] - 1) / 100 + (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]);

    [EqualityConstraint]
    public static partial double H(ReadOnlySpan<double> x) => x[0] + x[2] * x[2] + 1;
}

/// <summary>HS29: -x1 x2 x3 s.t. 48 - x1^2 - 2 x2^2 - 4 x3^2 &gt;= 0.</summary>
public static partial class Hs29
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) => -x[0] * x[1] * x[2];

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => 48 - x[0] * x[0] - 2 * x[1] * x[1] - 4 * x[2] * x[2];
}

/// <summary>HS30: x1^2 + x2^2 + x3^2 s.t. x1^2 + x2^2 - 1 &gt;= 0, in a box.</summary>
public static partial class Hs30
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2];

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] - 1;
}

/// <summary>HS31: 9 x1^2 + x2^2 + 9 x3^2 s.t. x1 x2 - 1 &gt;= 0, in a box.</summary>
public static partial class Hs31
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) => 9 * x[0] * x[0] + x[1] * x[1] + 9 * x[2] * x[2];

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => x[0] * x[1] - 1;
}

/// <summary>HS32: (x1 + 3 x2 + x3)^2 + 4 (x1 - x2)^2 s.t. 1 - x1 - x2 - x3 = 0, 6 x2 + 4 x3 - x1^3 - 3 &gt;= 0, x &gt;= 0.</summary>
public static partial class Hs32
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] + 3 * x[1] + x[2]) * (x[0] + 3 * x[1] + x[2]) + 4 * (x[0] - x[1]) * (x[0] - x[1]);

    [EqualityConstraint]
    public static partial double H(ReadOnlySpan<double> x) => 1 - x[0] - x[1] - x[2];

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => 6 * x[1] + 4 * x[2] - x[0] * x[0] * x[0] - 3;
}

/// <summary>HS33: (x1 - 1)(x1 - 2)(x1 - 3) + x3 s.t. two quadratic inequalities, 0 &lt;= x, x3 &lt;= 5.</summary>
public static partial class Hs33
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) => (x[0] - 1) * (x[0] - 2) * (x[0] - 3) + x[2];

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[2] * x[2] - x[1] * x[1] - x[0] * x[0];
        g[1] = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] - 4;
    }
}

/// <summary>HS34: -x1 s.t. x2 - exp(x1) &gt;= 0, x3 - exp(x2) &gt;= 0, in a box.</summary>
public static partial class Hs34
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) => -x[0];

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[1] - Math.Exp(x[0]);
        g[1] = x[2] - Math.Exp(x[1]);
    }
}

/// <summary>HS36: -x1 x2 x3 s.t. 72 - x1 - 2 x2 - 2 x3 &gt;= 0, in a box.</summary>
public static partial class Hs36
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) => -x[0] * x[1] * x[2];

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => 72 - x[0] - 2 * x[1] - 2 * x[2];
}

/// <summary>HS37: -x1 x2 x3 s.t. 0 &lt;= x1 + 2 x2 + 2 x3 &lt;= 72 (two inequalities), 0 &lt;= x &lt;= 42.</summary>
public static partial class Hs37
{
    [Objective(Dimension = 3)]
    public static partial double F(ReadOnlySpan<double> x) => -x[0] * x[1] * x[2];

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 72 - x[0] - 2 * x[1] - 2 * x[2];
        g[1] = x[0] + 2 * x[1] + 2 * x[2];
    }
}

/// <summary>HS38: Colville's (Wood's) function, -10 &lt;= x &lt;= 10.</summary>
public static partial class Hs38
{
    [Objective(Dimension = 4)]
    public static partial double F(ReadOnlySpan<double> x) =>
        100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0])
        + 90 * (x[3] - x[2] * x[2]) * (x[3] - x[2] * x[2]) + (1 - x[2]) * (1 - x[2])
        + 10.1 * ((x[1] - 1) * (x[1] - 1) + (x[3] - 1) * (x[3] - 1)) + 19.8 * (x[1] - 1) * (x[3] - 1);
}

/// <summary>HS39: -x1 s.t. x2 - x1^3 - x3^2 = 0, x1^2 - x2 - x4^2 = 0.</summary>
public static partial class Hs39
{
    [Objective(Dimension = 4)]
    public static partial double F(ReadOnlySpan<double> x) => -x[0];

    [EqualityConstraint(Count = 2)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[1] - x[0] * x[0] * x[0] - x[2] * x[2];
        h[1] = x[0] * x[0] - x[1] - x[3] * x[3];
    }
}

/// <summary>HS40: -x1 x2 x3 x4 s.t. three equalities.</summary>
public static partial class Hs40
{
    [Objective(Dimension = 4)]
    public static partial double F(ReadOnlySpan<double> x) => -x[0] * x[1] * x[2] * x[3];

    [EqualityConstraint(Count = 3)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] * x[0] * x[0] + x[1] * x[1] - 1;
        h[1] = x[0] * x[0] * x[3] - x[2];
        h[2] = x[3] * x[3] - x[1];
    }
}

/// <summary>HS41: 2 - x1 x2 x3 s.t. x1 + 2 x2 + 2 x3 - x4 = 0, in a box.</summary>
public static partial class Hs41
{
    [Objective(Dimension = 4)]
    public static partial double F(ReadOnlySpan<double> x) => 2 - x[0] * x[1] * x[2];

    [EqualityConstraint]
    public static partial double H(ReadOnlySpan<double> x) => x[0] + 2 * x[1] + 2 * x[2] - x[3];
}

/// <summary>HS42: sum (x_i - i)^2 s.t. x1 - 2 = 0, x3^2 + x4^2 - 2 = 0.</summary>
public static partial class Hs42
{
    [Objective(Dimension = 4)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - 1) * (x[0] - 1) + (x[1] - 2) * (x[1] - 2) + (x[2] - 3) * (x[2] - 3) + (x[3] - 4) * (x[3] - 4);

    [EqualityConstraint(Count = 2)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] - 2;
        h[1] = x[2] * x[2] + x[3] * x[3] - 2;
    }
}

/// <summary>HS43 (Rosen–Suzuki): a quadratic s.t. three quadratic inequalities.</summary>
public static partial class Hs43
{
    [Objective(Dimension = 4)]
    public static partial double F(ReadOnlySpan<double> x) =>
        x[0] * x[0] + x[1] * x[1] + 2 * x[2] * x[2] + x[3] * x[3] - 5 * x[0] - 5 * x[1] - 21 * x[2] + 7 * x[3];

    [InequalityConstraint(Count = 3)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 8 - x[0] * x[0] - x[1] * x[1] - x[2] * x[2] - x[3] * x[3] - x[0] + x[1] - x[2] + x[3];
        g[1] = 10 - x[0] * x[0] - 2 * x[1] * x[1] - x[2] * x[2] - 2 * x[3] * x[3] + x[0] + x[3];
        g[2] = 5 - 2 * x[0] * x[0] - x[1] * x[1] - x[2] * x[2] - 2 * x[0] + x[1] + x[3];
    }
}

/// <summary>HS44: an indefinite quadratic s.t. six linear inequalities, x &gt;= 0.</summary>
public static partial class Hs44
{
    [Objective(Dimension = 4)]
    public static partial double F(ReadOnlySpan<double> x) =>
        x[0] - x[1] - x[2] - x[0] * x[2] + x[0] * x[3] + x[1] * x[2] - x[1] * x[3];

    [InequalityConstraint(Count = 6)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 8 - x[0] - 2 * x[1];
        g[1] = 12 - 4 * x[0] - x[1];
        g[2] = 12 - 3 * x[0] - 4 * x[1];
        g[3] = 8 - 2 * x[2] - x[3];
        g[4] = 8 - x[2] - 2 * x[3];
        g[5] = 5 - x[2] - x[3];
    }
}

/// <summary>HS45: 2 - x1 x2 x3 x4 x5 / 120, 0 &lt;= x_i &lt;= i.</summary>
public static partial class Hs45
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) => 2 - x[0] * x[1] * x[2] * x[3] * x[4] / 120;
}

/// <summary>HS46: (x1 - x2)^2 + (x3 - 1)^2 + (x4 - 1)^4 + (x5 - 1)^6 s.t. two equalities.</summary>
public static partial class Hs46
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - x[1]) * (x[0] - x[1]) + (x[2] - 1) * (x[2] - 1) + Math.Pow(x[3] - 1, 4) + Math.Pow(x[4] - 1, 6);

    [EqualityConstraint(Count = 2)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] * x[0] * x[3] + Math.Sin(x[3] - x[4]) - 1;
        h[1] = x[1] + Math.Pow(x[2], 4) * x[3] * x[3] - 2;
    }
}

/// <summary>HS47: (x1 - x2)^2 + (x2 - x3)^3 + (x3 - x4)^4 + (x4 - x5)^4 s.t. three equalities.</summary>
public static partial class Hs47
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - x[1]) * (x[0] - x[1]) + Math.Pow(x[1] - x[2], 3) + Math.Pow(x[2] - x[3], 4) + Math.Pow(x[3] - x[4], 4);

    [EqualityConstraint(Count = 3)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] + x[1] * x[1] + x[2] * x[2] * x[2] - 3;
        h[1] = x[1] - x[2] * x[2] + x[3] - 1;
        h[2] = x[0] * x[4] - 1;
    }
}

/// <summary>HS49: (x1 - x2)^2 + (x3 - 1)^2 + (x4 - 1)^4 + (x5 - 1)^6 s.t. two linear equalities.</summary>
public static partial class Hs49
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - x[1]) * (x[0] - x[1]) + (x[2] - 1) * (x[2] - 1) + Math.Pow(x[3] - 1, 4) + Math.Pow(x[4] - 1, 6);

    [EqualityConstraint(Count = 2)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] + x[1] + x[2] + 4 * x[3] - 7;
        h[1] = x[2] + 5 * x[4] - 6;
    }
}

/// <summary>HS50: (x1 - x2)^2 + (x2 - x3)^2 + (x3 - x4)^4 + (x4 - x5)^2 s.t. three linear equalities.</summary>
public static partial class Hs50
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - x[1]) * (x[0] - x[1]) + (x[1] - x[2]) * (x[1] - x[2]) + Math.Pow(x[2] - x[3], 4) + (x[3] - x[4]) * (x[3] - x[4]);

    [EqualityConstraint(Count = 3)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] + 2 * x[1] + 3 * x[2] - 6;
        h[1] = x[1] + 2 * x[2] + 3 * x[3] - 6;
        h[2] = x[2] + 2 * x[3] + 3 * x[4] - 6;
    }
}

/// <summary>HS51: (x1 - x2)^2 + (x2 + x3 - 2)^2 + (x4 - 1)^2 + (x5 - 1)^2 s.t. x1 + 3 x2 = 4, x3 + x4 - 2 x5 = 0, x2 - x5 = 0.</summary>
public static partial class Hs51
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - x[1]) * (x[0] - x[1]) + (x[1] + x[2] - 2) * (x[1] + x[2] - 2) + (x[3] - 1) * (x[3] - 1) + (x[4] - 1) * (x[4] - 1);

    [EqualityConstraint(Count = 3)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] + 3 * x[1] - 4;
        h[1] = x[2] + x[3] - 2 * x[4];
        h[2] = x[1] - x[4];
    }
}

/// <summary>HS52: (4 x1 - x2)^2 + (x2 + x3 - 2)^2 + (x4 - 1)^2 + (x5 - 1)^2 s.t. x1 + 3 x2 = 0, x3 + x4 - 2 x5 = 0, x2 - x5 = 0.</summary>
public static partial class Hs52
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (4 * x[0] - x[1]) * (4 * x[0] - x[1]) + (x[1] + x[2] - 2) * (x[1] + x[2] - 2) + (x[3] - 1) * (x[3] - 1) + (x[4] - 1) * (x[4] - 1);

    [EqualityConstraint(Count = 3)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] + 3 * x[1];
        h[1] = x[2] + x[3] - 2 * x[4];
        h[2] = x[1] - x[4];
    }
}

/// <summary>HS53: HS51's objective with HS52's constraints, -10 &lt;= x &lt;= 10.</summary>
public static partial class Hs53
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - x[1]) * (x[0] - x[1]) + (x[1] + x[2] - 2) * (x[1] + x[2] - 2) + (x[3] - 1) * (x[3] - 1) + (x[4] - 1) * (x[4] - 1);

    [EqualityConstraint(Count = 3)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] + 3 * x[1];
        h[1] = x[2] + x[3] - 2 * x[4];
        h[2] = x[1] - x[4];
    }
}

/// <summary>HS76: a convex quadratic s.t. three linear inequalities, x &gt;= 0.</summary>
public static partial class Hs76
{
    [Objective(Dimension = 4)]
    public static partial double F(ReadOnlySpan<double> x) =>
        x[0] * x[0] + x[1] * x[1] / 2 + x[2] * x[2] + x[3] * x[3] / 2 - x[0] * x[2] + x[2] * x[3] - x[0] - 3 * x[1] + x[2] - x[3];

    [InequalityConstraint(Count = 3)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 5 - x[0] - 2 * x[1] - x[2] - x[3];
        g[1] = 4 - 3 * x[0] - x[1] - 2 * x[2] + x[3];
        g[2] = x[1] + 4 * x[2] - 1.5;
    }
}

/// <summary>HS77: (x1 - 1)^2 + (x1 - x2)^2 + (x3 - 1)^2 + (x4 - 1)^4 + (x5 - 1)^6 s.t. two equalities.</summary>
public static partial class Hs77
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - 1) * (x[0] - 1) + (x[0] - x[1]) * (x[0] - x[1]) + (x[2] - 1) * (x[2] - 1) + Math.Pow(x[3] - 1, 4) + Math.Pow(x[4] - 1, 6);

    [EqualityConstraint(Count = 2)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] * x[0] * x[3] + Math.Sin(x[3] - x[4]) - 2 * Math.Sqrt(2);
        h[1] = x[1] + Math.Pow(x[2], 4) * x[3] * x[3] - 8 - Math.Sqrt(2);
    }
}

/// <summary>HS78: x1 x2 x3 x4 x5 s.t. three equalities.</summary>
public static partial class Hs78
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) => x[0] * x[1] * x[2] * x[3] * x[4];

    [EqualityConstraint(Count = 3)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] + x[4] * x[4] - 10;
        h[1] = x[1] * x[2] - 5 * x[3] * x[4];
        h[2] = x[0] * x[0] * x[0] + x[1] * x[1] * x[1] + 1;
    }
}

/// <summary>HS79: (x1 - 1)^2 + (x1 - x2)^2 + (x2 - x3)^2 + (x3 - x4)^4 + (x4 - x5)^4 s.t. three equalities.</summary>
public static partial class Hs79
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) =>
        (x[0] - 1) * (x[0] - 1) + (x[0] - x[1]) * (x[0] - x[1]) + (x[1] - x[2]) * (x[1] - x[2]) + Math.Pow(x[2] - x[3], 4) + Math.Pow(x[3] - x[4], 4);

    [EqualityConstraint(Count = 3)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] + x[1] * x[1] + x[2] * x[2] * x[2] - 2 - 3 * Math.Sqrt(2);
        h[1] = x[1] - x[2] * x[2] + x[3] + 2 - 2 * Math.Sqrt(2);
        h[2] = x[0] * x[4] - 2;
    }
}

/// <summary>HS80: exp(x1 x2 x3 x4 x5) s.t. HS78's equalities, in a box.</summary>
public static partial class Hs80
{
    [Objective(Dimension = 5)]
    public static partial double F(ReadOnlySpan<double> x) => Math.Exp(x[0] * x[1] * x[2] * x[3] * x[4]);

    [EqualityConstraint(Count = 3)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] + x[4] * x[4] - 10;
        h[1] = x[1] * x[2] - 5 * x[3] * x[4];
        h[2] = x[0] * x[0] * x[0] + x[1] * x[1] * x[1] + 1;
    }
}

// ---- scipy 1.10.1's optimize/tests/test_slsqp.py ------------------------------------------------------------------

/// <summary>Chapra &amp; Canale's Example 14.4 (scipy's SLSQP tests): maximize 2xy + 2x - x^2 - 2y^2, written as a minimization.</summary>
internal static class Chapra
{
    [Differentiable]
    public static double Value(double a, double b) => -(2 * a * b + 2 * a - a * a - 2 * b * b);
}

/// <summary>scipy's test_minimize_unbounded_given (and test_minimize_bounded_approximated, with bounds from the data file).</summary>
public static partial class ScipyChapra
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Chapra.Value(x[0], x[1]);
}

/// <summary>scipy's test_minimize_equality_given2 (and test_minimize_bound_equality_given2, with bounds): x - y = 0.</summary>
public static partial class ScipyChapraEquality
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Chapra.Value(x[0], x[1]);

    [EqualityConstraint]
    public static partial double H(ReadOnlySpan<double> x) => x[0] - x[1];
}

/// <summary>scipy's test_minimize_inequality_given: x - y - 1 &gt;= 0.</summary>
public static partial class ScipyChapraInequality
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Chapra.Value(x[0], x[1]);

    [InequalityConstraint]
    public static partial double G(ReadOnlySpan<double> x) => x[0] - x[1] - 1;
}

/// <summary>scipy's test_minimize_inequality_given_vector_constraints: x &gt;= 0 and y &gt;= 0 as one vector constraint.</summary>
public static partial class ScipyChapraVectorInequality
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Chapra.Value(x[0], x[1]);

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[0];
        g[1] = x[1];
    }
}

/// <summary>scipy's test_minimize_bounded_constraint (gh11403): -x0^2 + x1^2 s.t. 0 &lt;= sqrt(x0) + x1 &lt;= 1.5 in [0, 1]^2.</summary>
public static partial class ScipyBoundedConstraint
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => -x[0] * x[0] + x[1] * x[1];

    [InequalityConstraint(Count = 2)]
    public static partial void G(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = Math.Sqrt(x[0]) + x[1];
        g[1] = 1.5 - Math.Sqrt(x[0]) - x[1];
    }
}

/// <summary>scipy's test_gh1758 (NLopt's tutorial problem): sqrt(x1) s.t. x1 = (2 x0)^3, x1 = (1 - x0)^3.</summary>
public static partial class ScipyGh1758
{
    [Objective(Dimension = 2)]
    public static partial double F(ReadOnlySpan<double> x) => Math.Sqrt(x[1]);

    [EqualityConstraint(Count = 2)]
    public static partial void H(ReadOnlySpan<double> x, Span<double> h)
    {
        h[0] = x[1] - (2 * x[0]) * (2 * x[0]) * (2 * x[0]);
        h[1] = x[1] - (1 - x[0]) * (1 - x[0]) * (1 - x[0]);
    }
}
