using System;
using Xunit;

namespace GenOpt.Tests;

/// <summary>Hock–Schittkowski problem 71 written as a user would: objective and constraints of one partial type.</summary>
public static partial class Hs071Generated
{
    [Objective(Dimension = 4)]
    public static partial double Cost(ReadOnlySpan<double> x) => x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2];

    [InequalityConstraint]
    public static partial double Product(ReadOnlySpan<double> x) => x[0] * x[1] * x[2] * x[3] - 25;

    [EqualityConstraint]
    public static partial double Norm(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 40;
}

/// <summary>An instance problem with a vector constraint: data in fields, several components in one method.</summary>
public partial struct Staircase
{
    private readonly double _step;
    public Staircase(double step) => _step = step;

    [Objective(Dimension = 3)]
    public readonly partial double Spread(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2];

    [InequalityConstraint(Count = 2)]
    public readonly partial void Rising(ReadOnlySpan<double> x, Span<double> gaps)
    {
        gaps[0] = x[1] - x[0] - _step;
        gaps[1] = x[2] - x[1] - _step;
    }

    [EqualityConstraint]
    public static partial double Centred(ReadOnlySpan<double> x) => x[0] + x[1] + x[2];
}

public class GeneratedProblemTests
{
    [Fact]
    public void Hs071_CountsValuesAndJacobians()
    {
        Assert.Equal(4, Hs071Generated.Problem.Dimension);
        Assert.Equal(1, Hs071Generated.Problem.EqualityCount);
        Assert.Equal(1, Hs071Generated.Problem.InequalityCount);

        var problem = new Hs071Generated.Problem();
        double[] x = [1, 5, 5, 1];
        Assert.Equal(16, problem.Value(x));
        Span<double> h = stackalloc double[1], g = stackalloc double[1];
        problem.Constraints(x, h, g);
        Assert.Equal(1 + 25 + 25 + 1 - 40, h[0]);
        Assert.Equal(25 - 25, g[0]);

        Span<double> jh = stackalloc double[4], jg = stackalloc double[4];
        problem.ConstraintJacobians(x, jh, jg);
        double[] normGradient = [2, 10, 10, 2];
        double[] productGradient = [25, 5, 5, 25];
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(normGradient[j], jh[j], 6);
            Assert.Equal(productGradient[j], jg[j], 6);
        }

        Span<double> gradient = stackalloc double[4];
        double f = problem.ValueAndGradient(x, gradient);
        Assert.Equal(16, f);
        double[] costGradient = [x[3] * (2 * x[0] + x[1] + x[2]), x[0] * x[3], x[0] * x[3] + 1, x[0] * (x[0] + x[1] + x[2])];
        for (int j = 0; j < 4; j++)
            Assert.Equal(costGradient[j], gradient[j], 6);
    }

    [Fact]
    public void InstanceVectorProblem_UsesTheInstanceAndFillsEveryComponent()
    {
        Assert.Equal(1, Staircase.Problem.EqualityCount);
        Assert.Equal(2, Staircase.Problem.InequalityCount);
        Staircase.Problem problem = new Staircase(0.5).AsProblem();
        double[] x = [0, 1, 3];
        Span<double> h = stackalloc double[1], g = stackalloc double[2];
        problem.Constraints(x, h, g);
        Assert.Equal(4, h[0]);
        Assert.Equal(0.5, g[0]);
        Assert.Equal(1.5, g[1]);

        Span<double> jh = stackalloc double[3], jg = stackalloc double[6];
        problem.ConstraintJacobians(x, jh, jg);
        double[] expectedG = [-1, 1, 0, 0, -1, 1]; // row-major: one row per component
        for (int k = 0; k < 6; k++)
            Assert.Equal(expectedG[k], jg[k], 8);
        for (int k = 0; k < 3; k++)
            Assert.Equal(1, jh[k], 8);
    }

    [Fact]
    public void WrongSpanLengths_NameTheSpan()
    {
        var problem = new Hs071Generated.Problem();
        double[] x = [1, 5, 5, 1];
        var e1 = Assert.Throws<ArgumentException>(() => problem.Constraints(x, new double[2], new double[1]));
        Assert.Equal("equalities", e1.ParamName);
        var e2 = Assert.Throws<ArgumentException>(() => problem.Constraints(x, new double[1], new double[0]));
        Assert.Equal("inequalities", e2.ParamName);
        var e3 = Assert.Throws<ArgumentException>(() => problem.Constraints(new double[3], new double[1], new double[1]));
        Assert.Equal("x", e3.ParamName);
        var e4 = Assert.Throws<ArgumentException>(() => problem.ConstraintJacobians(x, new double[3], new double[4]));
        Assert.Equal("equalityJacobian", e4.ParamName);
    }

    [Fact]
    public void MultiplierView_NamesEachConstraint()
    {
        // Equalities first, then inequalities: Norm, then Product.
        var view = new Hs071Generated.Problem.Multipliers(new double[] { -0.5, 1.25 });
        Assert.Equal(-0.5, view.Norm);
        Assert.Equal(1.25, view.Product);
        Assert.Throws<ArgumentException>(() => new Hs071Generated.Problem.Multipliers(new double[3]));

        var result = new SlsqpResult<Staircase.Problem>(new double[3], 0, 0, 0, TerminationReason.None, new double[] { 1, 2, 3 }, 0, 0, 0);
        Assert.Equal(1, result.Multipliers.Centred);     // C# 14 extension property generated for the problem
        Assert.Equal([2.0, 3.0], result.Multipliers.Rising.ToArray());
    }

    [Fact]
    public void ConstraintJacobians_AllocateNothing()
    {
        var problem = new Staircase(0.5).AsProblem();
        double[] x = [0, 1, 3];
        double[] jh = new double[3], jg = new double[6];
        problem.ConstraintJacobians(x, jh, jg);
        Allocations.AssertNone("100 generated constraint Jacobians", () =>
        {
            for (int i = 0; i < 100; i++)
                problem.ConstraintJacobians(x, jh, jg);
        });
    }
}
