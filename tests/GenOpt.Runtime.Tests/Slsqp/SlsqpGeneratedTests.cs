using System;
using GenOpt.Tests.Generated; // brings the generated multiplier extensions into scope

namespace GenOpt.Tests;

/// <summary>
/// SLSQP on the published constrained problems written as annotated partial types (HockSchittkowskiProblems.cs), so
/// that the problem types, gradients and Jacobians come from the generator exactly as in a user's project. Each must
/// reach f* within 1e-6 (relative; absolute near 0), satisfy its constraints to 1e-8, and take no more iterations than
/// scipy 1.10.1's SLSQP with ftol = 1e-9 from the same start (measured on this machine; scipy's counts in the names).
/// </summary>
public class SlsqpGeneratedTests
{
    private static readonly SlsqpOptions Tight = new() { Tolerance = 1e-9 };

    private static void Check<TProblem>(ReadOnlySpan<double> x0, Bounds? bounds, double fStar, double[] xStar, int scipyIterations)
        where TProblem : struct, IConstrainedProblem
    {
        var slsqp = new Slsqp<TProblem>(Tight);
        SlsqpResult<TProblem> r = slsqp.Minimize(x0, bounds);
        Assert.True(r.Status == TerminationReason.FunctionTolerance, $"{r.Status}: {r.Message} (f = {r.Value}, iterations {r.Iterations})");
        Assert.True(Math.Abs(r.Value - fStar) <= 1e-6 * Math.Max(1, Math.Abs(fStar)), $"f = {r.Value:R}, f* = {fStar:R}");
        Assert.True(r.MaxConstraintViolation <= 1e-8, $"violation {r.MaxConstraintViolation}");

        // The violation is recomputed here from the generated constraints, not taken from the solver.
        var problem = new TProblem();
        Span<double> h = stackalloc double[TProblem.EqualityCount], g = stackalloc double[TProblem.InequalityCount];
        problem.Constraints(r.Point.Span, h, g);
        foreach (double v in h) Assert.True(Math.Abs(v) <= 1e-8, $"equality residual {v}");
        foreach (double v in g) Assert.True(v >= -1e-8, $"inequality {v}");
        if (bounds is not null)
            Assert.True(bounds.Contains(r.Point.Span), "point outside the bounds");
        for (int i = 0; i < xStar.Length; i++)
            Assert.True(Math.Abs(r.Point.Span[i] - xStar[i]) <= 1e-4, $"x[{i}] = {r.Point.Span[i]}, x* = {xStar[i]}");
        Assert.True(r.Iterations <= scipyIterations, $"{r.Iterations} iterations, scipy {scipyIterations}");
    }

    [Fact] public void Hs6_ScipyTakes9() => Check<Generated.Hs6.Problem>([-1.2, 1], null, 0, [1, 1], 9);

    [Fact] public void Hs7_ScipyTakes10() => Check<Generated.Hs7.Problem>([2, 2], null, -Math.Sqrt(3), [0, Math.Sqrt(3)], 10);

    [Fact] public void Hs14_ScipyTakes6() =>
        Check<Generated.Hs14.Problem>([2, 2], null, 9 - 23 * Math.Sqrt(7) / 8, [0.5 * (Math.Sqrt(7) - 1), 0.25 * (Math.Sqrt(7) + 1)], 6);

    [Fact]
    public void Hs21_ScipyTakes2()
    {
        // The published start (-1, -1) lies outside the box; scipy clips it into the box, done here explicitly.
        var bounds = new Bounds([2, -50], [50, 50]);
        Check<Generated.Hs21.Problem>(bounds.Clip([-1, -1]), bounds, -99.96, [2, 0], 2);
    }

    [Fact] public void Hs28_ScipyTakes4() => Check<Generated.Hs28.Problem>([-4, 1, 1], null, 0, [0.5, -0.5, 0.5], 4);

    [Fact] public void Hs35_ScipyTakes6() =>
        Check<Generated.Hs35.Problem>([0.5, 0.5, 0.5], new Bounds([0, 0, 0], [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity]),
            1.0 / 9, [4.0 / 3, 7.0 / 9, 4.0 / 9], 6);

    [Fact] public void Hs48_VectorEquality_ScipyTakes4() => Check<Generated.Hs48.Problem>([3, 5, -3, 2, -2], null, 0, [1, 1, 1, 1, 1], 4);

    [Fact] public void Hs71_ScipyTakes6() =>
        Check<Generated.Hs71.Problem>([1, 5, 5, 1], Bounds.Uniform(4, 1, 5), 17.0140172891, [1.0, 4.742994, 3.8211503, 1.3794082], 6);

    [Fact] public void ScipyTutorialRosenbrock_VectorInequality_ScipyTakes4() =>
        Check<Generated.ScipyTutorialRosenbrock.Problem>([0.5, 0], new Bounds([0, -0.5], [1, 2]), 0.342717574857755, [0.41494475, 0.1701105], 4);

    [Fact] public void InconsistentLinearization_ScipyTakes3() =>
        Check<Generated.InconsistentLinearization.Problem>([0, 1], new Bounds([0, 0], [double.PositiveInfinity, double.PositiveInfinity]), 2, [1, 1], 3);

    [Fact]
    public void Hs71_MultipliersAreNamedAfterTheConstraints()
    {
        var r = new Slsqp<Generated.Hs71.Problem>(Tight).Minimize([1, 5, 5, 1], Bounds.Uniform(4, 1, 5));
        // Equalities first, then inequalities: the named view reads the same numbers as the raw span.
        Assert.Equal(r.LagrangeMultipliers.Span[0], r.Multipliers.Norm);
        Assert.Equal(r.LagrangeMultipliers.Span[1], r.Multipliers.Product);
        // Ipopt's published multipliers of HS71, in scipy's sign convention (grad f = sum lambda_i grad c_i).
        Assert.Equal(-0.16146856, r.Multipliers.Norm, 5);
        Assert.Equal(0.55229366, r.Multipliers.Product, 5);
    }

    [Fact]
    public void GeneratedProblem_MinimizeWithAResultBuffer_AllocatesNothing()
    {
        var slsqp = new Slsqp<Generated.Hs71.Problem>(Tight);
        slsqp.ResultBuffer = new double[4 + 1 + 1];   // the point and the multipliers of HS71's equality and inequality
        var bounds = Bounds.Uniform(4, 1, 5);
        double[] x0 = [1, 5, 5, 1];
        slsqp.Minimize(x0, bounds);
        Allocations.AssertNone("10 SLSQP runs on a generated problem", () =>
        {
            for (int i = 0; i < 10; i++)
                slsqp.Minimize(x0, bounds);
        });
    }
}
