using System;

namespace GenOpt.Tests;

// Hand-written constrained test problems with analytic gradients and Jacobians. Formulas, starting points,
// bounds and optima are those of tests/testproblems/constrained.json (Hock & Schittkowski, "Test Examples for
// Nonlinear Programming Codes", 1981, and scipy's documentation and test suite).

/// <summary>HS6: min (1 - x0)^2 s.t. 10 (x1 - x0^2) = 0; f* = 0 at (1, 1).</summary>
public struct Hs6 : IConstrainedProblem
{
    public static int Dimension => 2;
    public static int EqualityCount => 1;
    public static int InequalityCount => 0;
    public readonly double Value(ReadOnlySpan<double> x) => (1 - x[0]) * (1 - x[0]);
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = -2 * (1 - x[0]);
        g[1] = 0;
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq) => eq[0] = 10 * (x[1] - x[0] * x[0]);
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        eqJ[0] = -20 * x[0];
        eqJ[1] = 10;
    }
}

/// <summary>HS7: min ln(1 + x0^2) - x1 s.t. (1 + x0^2)^2 + x1^2 - 4 = 0; f* = -sqrt(3) at (0, sqrt(3)).</summary>
public struct Hs7 : IConstrainedProblem
{
    public static int Dimension => 2;
    public static int EqualityCount => 1;
    public static int InequalityCount => 0;
    public readonly double Value(ReadOnlySpan<double> x) => Math.Log(1 + x[0] * x[0]) - x[1];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 2 * x[0] / (1 + x[0] * x[0]);
        g[1] = -1;
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq)
    {
        double a = 1 + x[0] * x[0];
        eq[0] = a * a + x[1] * x[1] - 4;
    }
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        eqJ[0] = 4 * x[0] * (1 + x[0] * x[0]);
        eqJ[1] = 2 * x[1];
    }
}

/// <summary>HS14: min (x0 - 2)^2 + (x1 - 1)^2 s.t. x0 - 2 x1 + 1 = 0, 1 - x0^2 / 4 - x1^2 &gt;= 0; f* = 9 - 23 sqrt(7) / 8.</summary>
public struct Hs14 : IConstrainedProblem
{
    public static int Dimension => 2;
    public static int EqualityCount => 1;
    public static int InequalityCount => 1;
    public readonly double Value(ReadOnlySpan<double> x) => (x[0] - 2) * (x[0] - 2) + (x[1] - 1) * (x[1] - 1);
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 2 * (x[0] - 2);
        g[1] = 2 * (x[1] - 1);
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq)
    {
        eq[0] = x[0] - 2 * x[1] + 1;
        ineq[0] = -0.25 * x[0] * x[0] - x[1] * x[1] + 1;
    }
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        eqJ[0] = 1;
        eqJ[1] = -2;
        ineqJ[0] = -0.5 * x[0];
        ineqJ[1] = -2 * x[1];
    }
}

/// <summary>HS21: min 0.01 x0^2 + x1^2 - 100 s.t. 10 x0 - x1 - 10 &gt;= 0, 2 &lt;= x0 &lt;= 50, -50 &lt;= x1 &lt;= 50; f* = -99.96 at (2, 0).</summary>
public struct Hs21 : IConstrainedProblem
{
    public static int Dimension => 2;
    public static int EqualityCount => 0;
    public static int InequalityCount => 1;
    public readonly double Value(ReadOnlySpan<double> x) => 0.01 * x[0] * x[0] + x[1] * x[1] - 100;
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 0.02 * x[0];
        g[1] = 2 * x[1];
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq) => ineq[0] = 10 * x[0] - x[1] - 10;
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        ineqJ[0] = 10;
        ineqJ[1] = -1;
    }
}

/// <summary>HS28: min (x0 + x1)^2 + (x1 + x2)^2 s.t. x0 + 2 x1 + 3 x2 - 1 = 0; f* = 0 at (0.5, -0.5, 0.5).</summary>
public struct Hs28 : IConstrainedProblem
{
    public static int Dimension => 3;
    public static int EqualityCount => 1;
    public static int InequalityCount => 0;
    public readonly double Value(ReadOnlySpan<double> x) => (x[0] + x[1]) * (x[0] + x[1]) + (x[1] + x[2]) * (x[1] + x[2]);
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        double a = 2 * (x[0] + x[1]), b = 2 * (x[1] + x[2]);
        g[0] = a;
        g[1] = a + b;
        g[2] = b;
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq) => eq[0] = x[0] + 2 * x[1] + 3 * x[2] - 1;
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        eqJ[0] = 1;
        eqJ[1] = 2;
        eqJ[2] = 3;
    }
}

/// <summary>HS35 (Beale): a convex QP with 3 - x0 - x1 - 2 x2 &gt;= 0 and x &gt;= 0; f* = 1/9 at (4/3, 7/9, 4/9).</summary>
public struct Hs35 : IConstrainedProblem
{
    public static int Dimension => 3;
    public static int EqualityCount => 0;
    public static int InequalityCount => 1;
    public readonly double Value(ReadOnlySpan<double> x) =>
        9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0] * x[0] + 2 * x[1] * x[1] + x[2] * x[2] + 2 * x[0] * x[1] + 2 * x[0] * x[2];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = -8 + 4 * x[0] + 2 * x[1] + 2 * x[2];
        g[1] = -6 + 4 * x[1] + 2 * x[0];
        g[2] = -4 + 2 * x[2] + 2 * x[0];
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq) => ineq[0] = 3 - x[0] - x[1] - 2 * x[2];
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        ineqJ[0] = -1;
        ineqJ[1] = -1;
        ineqJ[2] = -2;
    }
}

/// <summary>HS48: min (x0 - 1)^2 + (x1 - x2)^2 + (x3 - x4)^2 s.t. sum x - 5 = 0, x2 - 2 (x3 + x4) + 3 = 0; f* = 0 at (1, ..., 1).</summary>
public struct Hs48 : IConstrainedProblem
{
    public static int Dimension => 5;
    public static int EqualityCount => 2;
    public static int InequalityCount => 0;
    public readonly double Value(ReadOnlySpan<double> x) =>
        (x[0] - 1) * (x[0] - 1) + (x[1] - x[2]) * (x[1] - x[2]) + (x[3] - x[4]) * (x[3] - x[4]);
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 2 * (x[0] - 1);
        g[1] = 2 * (x[1] - x[2]);
        g[2] = -g[1];
        g[3] = 2 * (x[3] - x[4]);
        g[4] = -g[3];
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq)
    {
        eq[0] = x[0] + x[1] + x[2] + x[3] + x[4] - 5;
        eq[1] = x[2] - 2 * (x[3] + x[4]) + 3;
    }
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        eqJ[..5].Fill(1);
        eqJ[5] = 0; eqJ[6] = 0; eqJ[7] = 1; eqJ[8] = -2; eqJ[9] = -2;
    }
}

/// <summary>
/// HS71: min x0 x3 (x0 + x1 + x2) + x2 s.t. sum x_i^2 - 40 = 0, x0 x1 x2 x3 - 25 &gt;= 0, 1 &lt;= x &lt;= 5;
/// f* = 17.0140173 at (1, 4.742994, 3.8211503, 1.3794082).
/// </summary>
public struct Hs71 : IConstrainedProblem
{
    public static int Dimension => 4;
    public static int EqualityCount => 1;
    public static int InequalityCount => 1;
    public readonly double Value(ReadOnlySpan<double> x) => x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        double sum = x[0] + x[1] + x[2];
        g[0] = x[3] * (sum + x[0]);
        g[1] = x[0] * x[3];
        g[2] = x[0] * x[3] + 1;
        g[3] = x[0] * sum;
        return x[0] * x[3] * sum + x[2];
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq)
    {
        eq[0] = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 40;
        ineq[0] = x[0] * x[1] * x[2] * x[3] - 25;
    }
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        for (int i = 0; i < 4; i++)
            eqJ[i] = 2 * x[i];
        ineqJ[0] = x[1] * x[2] * x[3];
        ineqJ[1] = x[0] * x[2] * x[3];
        ineqJ[2] = x[0] * x[1] * x[3];
        ineqJ[3] = x[0] * x[1] * x[2];
    }
}

/// <summary>
/// scipy's constrained Rosenbrock tutorial: Rosenbrock in 2-D s.t. 2 x0 + x1 - 1 = 0, 1 - x0 - 2 x1 &gt;= 0,
/// 1 - x0^2 - x1 &gt;= 0, 1 - x0^2 + x1 &gt;= 0, 0 &lt;= x0 &lt;= 1, -0.5 &lt;= x1 &lt;= 2; f* = 0.342717574857755.
/// </summary>
public struct ScipyTutorialRosenbrock : IConstrainedProblem
{
    public static int Dimension => 2;
    public static int EqualityCount => 1;
    public static int InequalityCount => 3;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double a = x[1] - x[0] * x[0], b = 1 - x[0];
        return 100 * a * a + b * b;
    }
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        double a = x[1] - x[0] * x[0], b = 1 - x[0];
        g[0] = -400 * x[0] * a - 2 * b;
        g[1] = 200 * a;
        return 100 * a * a + b * b;
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq)
    {
        eq[0] = 2 * x[0] + x[1] - 1;
        ineq[0] = 1 - x[0] - 2 * x[1];
        ineq[1] = 1 - x[0] * x[0] - x[1];
        ineq[2] = 1 - x[0] * x[0] + x[1];
    }
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        eqJ[0] = 2; eqJ[1] = 1;
        ineqJ[0] = -1; ineqJ[1] = -2;
        ineqJ[2] = -2 * x[0]; ineqJ[3] = -1;
        ineqJ[4] = -2 * x[0]; ineqJ[5] = 1;
    }
}

/// <summary>
/// scipy's inconsistent-linearization test: min x0^2 + x1^2 s.t. x0 + x1 - 2 = 0, x0^2 - 1 &gt;= 0, x &gt;= 0, from
/// (0, 1), where the linearized constraints are inconsistent; f* = 2 at (1, 1).
/// </summary>
public struct InconsistentLinearization : IConstrainedProblem
{
    public static int Dimension => 2;
    public static int EqualityCount => 1;
    public static int InequalityCount => 1;
    public readonly double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 2 * x[0];
        g[1] = 2 * x[1];
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq)
    {
        eq[0] = x[0] + x[1] - 2;
        ineq[0] = x[0] * x[0] - 1;
    }
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        eqJ[0] = 1; eqJ[1] = 1;
        ineqJ[0] = 2 * x[0]; ineqJ[1] = 0;
    }
}

/// <summary>An infeasible problem: min x0^2 + x1^2 s.t. x0 + x1 - 3 &gt;= 0 and 1 - x0 - x1 &gt;= 0 (no point satisfies both).</summary>
public struct IncompatibleLinear : IConstrainedProblem
{
    public static int Dimension => 2;
    public static int EqualityCount => 0;
    public static int InequalityCount => 2;
    public readonly double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 2 * x[0];
        g[1] = 2 * x[1];
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq)
    {
        ineq[0] = x[0] + x[1] - 3;
        ineq[1] = 1 - x[0] - x[1];
    }
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        ineqJ[0] = 1; ineqJ[1] = 1;
        ineqJ[2] = -1; ineqJ[3] = -1;
    }
}

/// <summary>
/// min x0^2 + x1^2 + x2^2 s.t. x0 + x1 + x2 - 3 = 0 and x0 - x1 - 1 &gt;= 0. KKT: 2 x = lambda_eq (1, 1, 1) +
/// lambda_ineq (1, -1, 0), so x = (1.5, 0.5, 1), f* = 3.5, lambda_eq = 2 and lambda_ineq = 1 (active).
/// </summary>
public struct AnalyticMultipliers : IConstrainedProblem
{
    public static int Dimension => 3;
    public static int EqualityCount => 1;
    public static int InequalityCount => 1;
    public readonly double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        for (int i = 0; i < 3; i++)
            g[i] = 2 * x[i];
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq)
    {
        eq[0] = x[0] + x[1] + x[2] - 3;
        ineq[0] = x[0] - x[1] - 1;
    }
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        eqJ[0] = 1; eqJ[1] = 1; eqJ[2] = 1;
        ineqJ[0] = 1; ineqJ[1] = -1; ineqJ[2] = 0;
    }
}

/// <summary>
/// A problem whose objective is NaN where x0 &gt; 2 (and optionally everywhere), or whose constraint or gradient is
/// NaN (optionally), to test non-finite handling.
/// </summary>
public struct NaNObjective : IConstrainedProblem
{
    public bool Everywhere;
    public bool ConstraintNaN;
    public bool GradientNaN;
    public static int Dimension => 2;
    public static int EqualityCount => 0;
    public static int InequalityCount => 1;
    public readonly double Value(ReadOnlySpan<double> x) => Everywhere || x[0] > 2 ? double.NaN : (x[0] - 3) * (x[0] - 3) + x[1] * x[1];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = GradientNaN ? double.NaN : 2 * (x[0] - 3);
        g[1] = 2 * x[1];
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq) => ineq[0] = ConstraintNaN ? double.NaN : 10 - x[0];
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        ineqJ[0] = -1; ineqJ[1] = 0;
    }
}

/// <summary>Two equalities in one variable: more equalities than variables.</summary>
public struct TooManyEqualities : IConstrainedProblem
{
    public static int Dimension => 1;
    public static int EqualityCount => 2;
    public static int InequalityCount => 0;
    public readonly double Value(ReadOnlySpan<double> x) => x[0] * x[0];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 2 * x[0];
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq)
    {
        eq[0] = x[0] - 1;
        eq[1] = x[0] + 1;
    }
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        eqJ[0] = 1;
        eqJ[1] = 1;
    }
}

/// <summary>Rosenbrock in 10 dimensions with its analytic gradient.</summary>
public struct DifferentiableRosenbrock10 : IDifferentiableObjective
{
    public static int Dimension => 10;
    public readonly double Value(ReadOnlySpan<double> x) => default(Rosenbrock<D10>).Value(x);
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g.Clear();
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            s += 100 * a * a + b * b;
            g[i] += -400 * x[i] * a - 2 * b;
            g[i + 1] += 200 * a;
        }
        return s;
    }
}

/// <summary>sum (x_i + 1)^2 in 4 dimensions; with bounds x &gt;= 0 the minimum f = 4 lies on the bounds at x = 0.</summary>
public struct ShiftedQuadratic4 : IDifferentiableObjective
{
    public static int Dimension => 4;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += (x[i] + 1) * (x[i] + 1);
        return s;
    }
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        for (int i = 0; i < x.Length; i++) g[i] = 2 * (x[i] + 1);
        return Value(x);
    }
}

/// <summary>
/// As many equalities as variables: min x0^2 + x1^2 s.t. x0^2 + x1 - 2 = 0, x0 - x1 = 0, the solution (1, 1)
/// fixed by the constraints alone; KKT: (2, 2) = lambda_1 (2, 1) + lambda_2 (1, -1), lambda = (4/3, -2/3).
/// </summary>
public struct SquareEqualitySystem : IConstrainedProblem
{
    public static int Dimension => 2;
    public static int EqualityCount => 2;
    public static int InequalityCount => 0;
    public readonly double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 2 * x[0];
        g[1] = 2 * x[1];
        return Value(x);
    }
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq)
    {
        eq[0] = x[0] * x[0] + x[1] - 2;
        eq[1] = x[0] - x[1];
    }
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
    {
        eqJ[0] = 2 * x[0]; eqJ[1] = 1;
        eqJ[2] = 1; eqJ[3] = -1;
    }
}
