using System;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>Analytic-gradient Rosenbrock, so that iteration counts compare with scipy's L-BFGS-B run on rosen/rosen_der.</summary>
public struct AnalyticRosenbrock<TDim> : IDifferentiableObjective where TDim : IDim
{
    public static int Dimension => TDim.N;
    public readonly double Value(ReadOnlySpan<double> x) => default(Rosenbrock<TDim>).Value(x);
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
            g[i] = (i > 0 ? 200 * (x[i] - x[i - 1] * x[i - 1]) : 0)
                + (i < n - 1 ? -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]) : 0);
        return Value(x);
    }
}

/// <summary>Records whether any point handed to the objective lies outside [Lo, Hi]^n, and counts calls.</summary>
public struct BoxWatcher<TInner> : IDifferentiableObjective where TInner : struct, IDifferentiableObjective
{
    public TInner Inner;
    public double Lo, Hi;
    public bool LeftTheBox;
    public long Calls;
    public static int Dimension => TInner.Dimension;
    public double Value(ReadOnlySpan<double> x) { Check(x); return Inner.Value(x); }
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g) { Check(x); return Inner.ValueAndGradient(x, g); }
    private void Check(ReadOnlySpan<double> x)
    {
        Calls++;
        foreach (double xi in x)
            if (!(xi >= Lo && xi <= Hi)) LeftTheBox = true;
    }
}

/// <summary>Analytic sphere shifted to (-2, 1): on [0, 5]^2 the optimum is (0, 1) with f = 4 (x_0 on its bound).</summary>
public struct AnalyticShiftedSphere2 : IDifferentiableObjective
{
    public static int Dimension => 2;
    public readonly double Value(ReadOnlySpan<double> x) => default(ShiftedSphere2).Value(x);
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 2 * (x[0] + 2);
        g[1] = 2 * (x[1] - 1);
        return Value(x);
    }
}

/// <summary>A linear function: unbounded below without bounds, minimum on a corner of any box.</summary>
public struct Linear3 : IDifferentiableObjective
{
    public static int Dimension => 3;
    public readonly double Value(ReadOnlySpan<double> x) => x[0] - 2 * x[1] + 0.5 * x[2];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 1; g[1] = -2; g[2] = 0.5;
        return Value(x);
    }
}

public class LbfgsbTests(ITestOutputHelper output)
{
    [Fact]
    public void Rosenbrock2_FromClassicStart_Converges()
    {
        var opt = new Lbfgsb<AnalyticRosenbrock<D2>>(new LbfgsbOptions { GTol = 1e-8, FTol = 0 });
        OptimizationResult r = opt.Minimize([-1.2, 1]);
        output.WriteLine($"{r.Status} f={r.Value:E3} it={r.Iterations} evals={r.Evaluations}");
        Assert.Equal(TerminationReason.GradientTolerance, r.Status);
        Assert.True(r.Value < 1e-12);
        foreach (double xi in r.Point.Span) Assert.InRange(xi, 1 - 1e-6, 1 + 1e-6);
        // scipy 1.10.1 L-BFGS-B (rosen, rosen_der, x0 = (-1.2, 1), gtol 1e-8, ftol 0): 38 iterations, 46 evaluations.
        Assert.InRange(r.Iterations, 20, 38 * 3 / 2);   // at most 1.5 times scipy's
        Assert.InRange(r.Evaluations, 20, 46 * 3 / 2);
    }

    [Fact]
    public void Rosenbrock10_FromZero_Converges()
    {
        var opt = new Lbfgsb<AnalyticRosenbrock<D10>>(new LbfgsbOptions { GTol = 1e-8, FTol = 0 });
        OptimizationResult r = opt.Minimize(new double[10]);
        output.WriteLine($"{r.Status} f={r.Value:E3} it={r.Iterations} evals={r.Evaluations}");
        Assert.Equal(TerminationReason.GradientTolerance, r.Status);
        foreach (double xi in r.Point.Span) Assert.InRange(xi, 1 - 1e-6, 1 + 1e-6);
        // scipy 1.10.1 L-BFGS-B (rosen, rosen_der, x0 = 0, gtol 1e-8, ftol 0): 66 iterations, 85 evaluations.
        Assert.InRange(r.Iterations, 30, 66 * 3 / 2);   // at most 1.5 times scipy's
        Assert.InRange(r.Evaluations, 30, 85 * 3 / 2);
    }

    [Fact]
    public void Rosenbrock10_DefaultTolerances_StopOnFtolOrGtol_WithFiniteDifferences()
    {
        var opt = new Lbfgsb<FiniteDifferenceObjective<Rosenbrock<D10>>>();
        OptimizationResult r = opt.Minimize(new double[10]);
        output.WriteLine($"{r.Status} f={r.Value:E3} it={r.Iterations} evals={r.Evaluations}");
        Assert.True(r.Status is TerminationReason.GradientTolerance or TerminationReason.FunctionTolerance, r.Status.ToString());
        Assert.True(r.Value < 1e-8);
        Assert.Equal(r.Evaluations, opt.GradientEvaluations);
    }

    [Fact]
    public void BoundedOptimumOnTheBound_IsFoundAndNoEvaluationLeavesTheBox()
    {
        var f = new BoxWatcher<AnalyticShiftedSphere2> { Lo = 0, Hi = 5 };
        var opt = new Lbfgsb<BoxWatcher<AnalyticShiftedSphere2>>(f);
        OptimizationResult r = opt.Minimize([3, 3], Bounds.Uniform(2, 0, 5));
        output.WriteLine($"{r.Status} f={r.Value} x=({r.Point.Span[0]}, {r.Point.Span[1]}) it={r.Iterations} evals={r.Evaluations}");
        Assert.Equal(TerminationReason.GradientTolerance, r.Status);
        Assert.Equal(0, r.Point.Span[0]);
        Assert.InRange(r.Point.Span[1], 1 - 1e-6, 1 + 1e-6);
        Assert.InRange(r.Value, 4, 4 + 1e-10);
        Assert.False(opt.Objective.LeftTheBox);
        Assert.Equal(r.Evaluations, opt.Objective.Calls);
    }

    [Fact]
    public void LinearObjective_GoesToTheCornerOfTheBox()
    {
        var f = new BoxWatcher<Linear3> { Lo = -1, Hi = 2 };
        var opt = new Lbfgsb<BoxWatcher<Linear3>>(f);
        OptimizationResult r = opt.Minimize([0.5, 0.5, 0.5], Bounds.Uniform(3, -1, 2));
        output.WriteLine($"{r.Status} f={r.Value} it={r.Iterations} evals={r.Evaluations}");
        Assert.Equal(TerminationReason.GradientTolerance, r.Status);
        Assert.Equal(new[] { -1.0, 2.0, -1.0 }, r.Point.ToArray());
        Assert.False(opt.Objective.LeftTheBox);
    }

    [Fact]
    public void RosenbrockInABoxExcludingTheOptimum_StopsOnTheBound()
    {
        // min Rosenbrock on [-2, 0.5]^2: the constrained optimum has x0 = 0.5, x1 = 0.25 (f = 0.25).
        var f = new BoxWatcher<AnalyticRosenbrock<D2>> { Lo = -2, Hi = 0.5 };
        var opt = new Lbfgsb<BoxWatcher<AnalyticRosenbrock<D2>>>(f);
        OptimizationResult r = opt.Minimize([-1.2, 0.5], Bounds.Uniform(2, -2, 0.5));
        output.WriteLine($"{r.Status} f={r.Value} x=({r.Point.Span[0]}, {r.Point.Span[1]}) it={r.Iterations}");
        Assert.True(r.Converged, r.Status.ToString());
        Assert.Equal(0.5, r.Point.Span[0]);
        Assert.InRange(r.Point.Span[1], 0.25 - 1e-4, 0.25 + 1e-4);
        Assert.False(opt.Objective.LeftTheBox);
    }

    [Fact]
    public void StartOutsideTheBox_Throws_AndItsClipConverges()
    {
        var opt = new Lbfgsb<AnalyticShiftedSphere2>();
        var box = Bounds.Uniform(2, 0, 5);
        var e = Assert.Throws<ArgumentException>(() => opt.Minimize([-7, 9], box));
        Assert.Equal("x0", e.ParamName);
        Assert.Contains("x0[0] = -7", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => opt.Minimize([1, 9], box));   // the upper side too
        Assert.Equal(TerminationReason.None, opt.Status);                    // nothing ran
        OptimizationResult r = opt.Minimize(box.Clip([-7, 9]), box);
        Assert.Equal(0, r.Point.Span[0]);
        Assert.InRange(r.Point.Span[1], 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public void Limits_AreReported()
    {
        var opt = new Lbfgsb<AnalyticRosenbrock<D10>>(new LbfgsbOptions { MaxIterations = 5 });
        Assert.Equal(TerminationReason.MaxIterations, opt.Minimize(new double[10]).Status);
        var opt2 = new Lbfgsb<AnalyticRosenbrock<D10>>(new LbfgsbOptions { MaxEvaluations = 7 });
        OptimizationResult r = opt2.Minimize(new double[10]);
        Assert.Equal(TerminationReason.MaxEvaluations, r.Status);
        Assert.InRange(r.Evaluations, 7, 7 + 20);
    }

    [Fact]
    public void NonFiniteStart_IsReported_AndNaNTrialsAreBacktracked()
    {
        var bad = new Lbfgsb<FiniteDifferenceObjective<AlwaysNaN>>();
        Assert.Equal(TerminationReason.ObjectiveNotFinite, bad.Minimize([1, 2, 3]).Status);

        // NaN where x0 < -1: a long first step into the NaN region must be cut back, and the minimum 0 still found.
        var opt = new Lbfgsb<FiniteDifferenceObjective<PartlyNaNSphere>>();
        OptimizationResult r = opt.Minimize([30, 1, 1, 1]);
        output.WriteLine($"{r.Status} f={r.Value:E3} it={r.Iterations}");
        Assert.True(r.Converged, r.Status.ToString());
        Assert.True(double.IsFinite(r.Value) && r.Value < 1e-10);
    }

    [Fact]
    public void BadInput_Throws()
    {
        var opt = new Lbfgsb<AnalyticShiftedSphere2>();
#pragma warning disable GENOPT025 // the wrong length is the point of the test
        Assert.Throws<ArgumentException>(() => opt.Minimize([1, 2, 3]));
#pragma warning restore GENOPT025
        Assert.Throws<ArgumentException>(() => opt.Minimize([double.NaN, 1]));
        Assert.Throws<ArgumentException>(() => opt.Minimize([1, 1], Bounds.Uniform(3, 0, 1)));
        Assert.Throws<ArgumentException>(() => new Bounds([1, 0], [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgsb<AnalyticShiftedSphere2>(new LbfgsbOptions { Memory = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgsb<AnalyticShiftedSphere2>(new LbfgsbOptions { GTol = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgsb<AnalyticShiftedSphere2>(new LbfgsbOptions { FTol = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgsb<AnalyticShiftedSphere2>(new LbfgsbOptions { MaxEvaluations = 0 }));
    }

    [Fact]
    public void GeneratedObjectives_AreMinimizedThroughTheirGeneratedGradient()
    {
        var opt = new Lbfgsb<GeneratedRosenbrock.Objective>();
        OptimizationResult r = opt.Minimize(new double[10]);
        output.WriteLine($"{r.Status} f={r.Value:E3} it={r.Iterations} evals={r.Evaluations}");
        Assert.True(r.Converged, r.Status.ToString());
        foreach (double xi in r.Point.Span) Assert.InRange(xi, 1 - 1e-4, 1 + 1e-4);

        // A struct objective carrying data, in a box that cuts its minimum (3, -2) off: x_0 stops on its bound 2.
        var bowl = new ShiftedBowl { Cx = 3, Cy = -2 };
        var boxed = new Lbfgsb<ShiftedBowl.Objective>(bowl.AsObjective());
        r = boxed.Minimize([0, 0], new Bounds([-5, -5], [2, 5]));
        Assert.Equal(2, r.Point.Span[0]);
        Assert.InRange(r.Point.Span[1], -2 - 1e-6, -2 + 1e-6);

        var da = new DualAnnealing<ShiftedBowl.Objective>(bowl.AsObjective(), new DualAnnealingOptions { Seed = 1, MaxIterations = 100 });
        r = da.Minimize(Bounds.Uniform(2, -10, 10));
        Assert.InRange(r.Value, 0, 1e-10);
    }

    [Fact]
    public void Minimize_WithAResultBuffer_AllocatesNothing()
    {
        var opt = new Lbfgsb<FiniteDifferenceObjective<Rosenbrock<D10>>>();
        opt.ResultBuffer = new double[10];
        var bounds = Bounds.Uniform(10, -2, 0.8);
        var x0 = new double[10];
        opt.Minimize(x0, bounds);
        OptimizationResult r = default;
        Allocations.AssertNone("Lbfgsb.Minimize", () => r = opt.Minimize(x0, bounds));
        Assert.True(r.Iterations > 5);
    }
}
