using System;
using System.Threading;

namespace GenOpt.Tests;

/// <summary>
/// SLSQP on hand-written problems with analytic derivatives (SlsqpTestProblems.cs). Each published problem must
/// reach f* within 1e-6 (relative, absolute near 0), satisfy its constraints to 1e-8 and take no more iterations
/// than scipy where scipy's count is known.
/// </summary>
public class SlsqpConvergenceTests
{
    private static readonly SlsqpOptions Tight = new() { Tolerance = 1e-9 };

    private static void AssertSolved<T>(SlsqpResult<T> r, double fStar, double[]? xStar = null, double xTolerance = 1e-4)
        where T : struct, IConstrainedProblem
    {
        Assert.True(r.Status == TerminationReason.FunctionTolerance, $"{r.Status}: {r.Message} (f = {r.Value}, iterations {r.Iterations})");
        Assert.True(r.Converged);
        Assert.True(Math.Abs(r.Value - fStar) <= 1e-6 * Math.Max(1, Math.Abs(fStar)), $"f = {r.Value:R}, f* = {fStar:R}");
        Assert.True(r.MaxConstraintViolation <= 1e-8, $"violation {r.MaxConstraintViolation}");
        if (xStar is not null)
            for (int i = 0; i < xStar.Length; i++)
                Assert.True(Math.Abs(r.Point.Span[i] - xStar[i]) <= xTolerance, $"x[{i}] = {r.Point.Span[i]}, x* = {xStar[i]}");
    }

    private static void AssertInBounds(ReadOnlySpan<double> x, Bounds b) => Assert.True(b.Contains(x), "point outside the bounds");

    [Fact]
    public void Hs6_Converges_In9Iterations()
    {
        var r = new Slsqp<Hs6>(Tight).Minimize([-1.2, 1]);
        AssertSolved(r, 0, [1, 1]);
        Assert.Equal(9, r.Iterations);
    }

    [Fact]
    public void Hs7_Converges_In10Iterations()
    {
        var r = new Slsqp<Hs7>(Tight).Minimize([2, 2]);
        AssertSolved(r, -Math.Sqrt(3), [0, Math.Sqrt(3)]);
        Assert.Equal(10, r.Iterations);
    }

    [Fact]
    public void Hs14_Converges_In6Iterations()
    {
        var r = new Slsqp<Hs14>(Tight).Minimize([2, 2]);
        AssertSolved(r, 9 - 23 * Math.Sqrt(7) / 8, [0.5 * (Math.Sqrt(7) - 1), 0.25 * (Math.Sqrt(7) + 1)]);
        Assert.Equal(6, r.Iterations);
    }

    [Fact]
    public void Hs21_StartOutsideTheBounds_Throws_AndItsClipConverges_In2Iterations()
    {
        // HS21's published start (-1, -1) lies outside its box (x0 >= 2): refused, naming the coordinate, never moved.
        var bounds = new Bounds([2, -50], [50, 50]);
        var slsqp = new Slsqp<Hs21>(Tight);
        var e = Assert.Throws<ArgumentException>(() => slsqp.Minimize([-1, -1], bounds));
        Assert.Equal("x0", e.ParamName);
        Assert.Contains("x0[0]", e.Message, StringComparison.Ordinal);
        // scipy clips such a start into the box; done explicitly, the run is scipy's (2 iterations).
        var r = slsqp.Minimize(bounds.Clip([-1, -1]), bounds);
        AssertSolved(r, -99.96, [2, 0]);
        AssertInBounds(r.Point.Span, bounds);
        Assert.Equal(2, r.Iterations);
    }

    [Fact]
    public void Hs28_Converges_In4Iterations()
    {
        var r = new Slsqp<Hs28>(Tight).Minimize([-4, 1, 1]);
        AssertSolved(r, 0, [0.5, -0.5, 0.5]);
        Assert.Equal(4, r.Iterations);
    }

    [Fact]
    public void Hs35_Converges_In6Iterations()
    {
        var bounds = new Bounds([0, 0, 0], [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity]);
        var r = new Slsqp<Hs35>(Tight).Minimize([0.5, 0.5, 0.5], bounds);
        AssertSolved(r, 1.0 / 9, [4.0 / 3, 7.0 / 9, 4.0 / 9]);
        Assert.Equal(6, r.Iterations);
    }

    [Fact]
    public void Hs48_Converges_In4Iterations()
    {
        var r = new Slsqp<Hs48>(Tight).Minimize([3, 5, -3, 2, -2]);
        AssertSolved(r, 0, [1, 1, 1, 1, 1]);
        Assert.Equal(4, r.Iterations);
    }

    [Fact]
    public void Hs71_Converges_In6Iterations_LikeScipy()
    {
        // scipy: 6 iterations, f = 17.0140173 (tests/testproblems/constrained.json).
        var bounds = Bounds.Uniform(4, 1, 5);
        var r = new Slsqp<Hs71>(Tight).Minimize([1, 5, 5, 1], bounds);
        AssertSolved(r, 17.0140173, [1, 4.742994, 3.8211503, 1.3794082]);
        AssertInBounds(r.Point.Span, bounds);
        Assert.True(r.Iterations <= 6, $"{r.Iterations} iterations, scipy takes 6");
        Assert.Equal(6, r.Iterations);
    }

    [Fact]
    public void ScipyTutorialRosenbrock_Converges_In4Iterations_ScipyTakes5()
    {
        // scipy with analytic gradients and ftol = 1e-9: 5 iterations, 6 objective and 5 gradient evaluations.
        var bounds = new Bounds([0, -0.5], [1, 2]);
        var r = new Slsqp<ScipyTutorialRosenbrock>(Tight).Minimize([0.5, 0], bounds);
        AssertSolved(r, 0.342717574857755, [0.41494475, 0.1701105]);
        Assert.True(r.Iterations <= 5, $"{r.Iterations} iterations, scipy takes 5");
        Assert.Equal(4, r.Iterations);
        Assert.Equal(5, r.Evaluations);
        Assert.Equal(4, r.GradientEvaluations);
    }

    [Fact]
    public void InconsistentLinearization_Converges_In3Iterations()
    {
        var bounds = new Bounds([0, 0], [double.PositiveInfinity, double.PositiveInfinity]);
        var r = new Slsqp<InconsistentLinearization>(Tight).Minimize([0, 1], bounds);
        AssertSolved(r, 2, [1, 1]);
        AssertInBounds(r.Point.Span, bounds);
        Assert.Equal(3, r.Iterations);
    }

    [Fact]
    public void UnconstrainedRosenbrock10_ThroughTheAdapter()
    {
        var slsqp = new Slsqp<UnconstrainedProblem<DifferentiableRosenbrock10>>(new SlsqpOptions { Tolerance = 1e-12, MaxIterations = 500 });
        var r = slsqp.Minimize(new double[10]);
        Assert.True(r.Converged, r.Message);
        Assert.True(r.Value < 1e-8, $"f = {r.Value}");
        foreach (double xi in r.Point.Span)
            Assert.True(Math.Abs(xi - 1) < 1e-3, $"x_i = {xi}");
        Assert.Equal(0, r.LagrangeMultipliers.Length);
    }

    [Fact]
    public void BoundedQuadratic_OptimumOnTheLowerBounds()
    {
        var bounds = Bounds.Uniform(4, 0, 5);
        var r = new Slsqp<UnconstrainedProblem<ShiftedQuadratic4>>().Minimize([3, 1, 4, 2], bounds);
        AssertSolved(r, 4, [0, 0, 0, 0], 1e-12);
        AssertInBounds(r.Point.Span, bounds);
    }

    [Fact]
    public void BoundedRosenbrock_OptimumOnAnUpperBound()
    {
        // With x_9 <= 0.5 the minimum has x_9 exactly on its bound.
        var lower = new double[10];
        var upper = new double[10];
        lower.AsSpan().Fill(-2);
        upper.AsSpan().Fill(2);
        upper[9] = 0.5;
        var bounds = new Bounds(lower, upper);
        var r = new Slsqp<UnconstrainedProblem<DifferentiableRosenbrock10>>(new SlsqpOptions { Tolerance = 1e-12, MaxIterations = 500 })
            .Minimize(new double[10], bounds);
        Assert.True(r.Converged, r.Message);
        Assert.Equal(0.5, r.Point.Span[9]);
        AssertInBounds(r.Point.Span, bounds);
    }

    [Fact]
    public void Multipliers_MatchTheAnalyticKktMultipliers()
    {
        var r = new Slsqp<AnalyticMultipliers>(Tight).Minimize([0, 0, 0]);
        AssertSolved(r, 3.5, [1.5, 0.5, 1], 1e-8);
        Assert.Equal(2, r.LagrangeMultipliers.Span[0], 1e-7);
        Assert.Equal(1, r.LagrangeMultipliers.Span[1], 1e-7);
    }

    [Fact]
    public void AsManyEqualitiesAsVariables_SolvesTheSystem_WithKktMultipliers()
    {
        var r = new Slsqp<SquareEqualitySystem>(Tight).Minimize([2, 0.5]);
        AssertSolved(r, 2, [1, 1], 1e-8);
        Assert.Equal(4.0 / 3, r.LagrangeMultipliers.Span[0], 1e-6);
        Assert.Equal(-2.0 / 3, r.LagrangeMultipliers.Span[1], 1e-6);
    }

    [Fact]
    public void Hs71_Multipliers_MatchThePublishedValues()
    {
        // Ipopt's HS071 output (its sign convention negated to scipy's): lambda_norm = -0.16146856, lambda_product = 0.55229366.
        var r = new Slsqp<Hs71>(Tight).Minimize([1, 5, 5, 1], Bounds.Uniform(4, 1, 5));
        AssertSolved(r, 17.0140173);
        Assert.Equal(-0.16146856, r.LagrangeMultipliers.Span[0], 1e-6);
        Assert.Equal(0.55229366, r.LagrangeMultipliers.Span[1], 1e-6);
        // KKT in the coordinates off their bounds: grad f = lambda_eq grad h + lambda_ineq grad g.
        var x = r.Point.Span;
        Span<double> g = stackalloc double[4];
        default(Hs71).ValueAndGradient(x, g);
        double product = x[0] * x[1] * x[2] * x[3];
        for (int i = 1; i < 4; i++)
            Assert.Equal(g[i], r.LagrangeMultipliers.Span[0] * 2 * x[i] + r.LagrangeMultipliers.Span[1] * product / x[i], 1e-6);
    }

    [Fact]
    public void RepeatedRuns_GiveIdenticalResults()
    {
        var slsqp = new Slsqp<Hs71>(Tight);
        var a = slsqp.Minimize([1, 5, 5, 1], Bounds.Uniform(4, 1, 5));
        double[] first = a.Point.ToArray();
        double fa = a.Value;
        var b = slsqp.Minimize([1, 5, 5, 1], Bounds.Uniform(4, 1, 5));
        Assert.Equal(first, b.Point.ToArray());
        Assert.Equal(fa, b.Value);
    }
}

/// <summary>Failures SLSQP must report (never a loop or a false success), bad input, observer and cancellation.</summary>
public class SlsqpEdgeCaseTests
{
    private struct CountingObserver : IOptimizationObserver
    {
        public int Calls;
        public int StopAfter;
        public double LastValue;
        public bool OnIteration(in IterationInfo info)
        {
            Calls++;
            LastValue = info.BestValue;
            return StopAfter == 0 || Calls < StopAfter;
        }
    }

    private struct CancellingObserver : IOptimizationObserver
    {
        public CancellationTokenSource Source;
        public bool OnIteration(in IterationInfo info)
        {
            Source.Cancel();
            return true;
        }
    }

    [Fact]
    public void IncompatibleConstraints_AreReported_NotASuccess()
    {
        var r = new Slsqp<IncompatibleLinear>().Minimize([0, 0]);
        Assert.False(r.Converged);
        Assert.True(r.Status is TerminationReason.IncompatibleConstraints or TerminationReason.Infeasible, $"{r.Status}: {r.Message}");
        Assert.True(r.Iterations <= 100);
        Assert.True(r.MaxConstraintViolation >= 1 - 1e-9, $"violation {r.MaxConstraintViolation}");
    }

    [Fact]
    public void NaNObjectiveAtTheStart_StopsWithObjectiveNotFinite()
    {
        var r = new Slsqp<NaNObjective>(new NaNObjective { Everywhere = true }).Minimize([0, 0]);
        Assert.Equal(TerminationReason.ObjectiveNotFinite, r.Status);
        Assert.Equal(0, r.Iterations);
    }

    [Fact]
    public void NaNConstraintOrGradient_StopsWithObjectiveNotFinite()
    {
        var r = new Slsqp<NaNObjective>(new NaNObjective { ConstraintNaN = true }).Minimize([0, 0]);
        Assert.Equal(TerminationReason.ObjectiveNotFinite, r.Status);
        r = new Slsqp<NaNObjective>(new NaNObjective { GradientNaN = true }).Minimize([0, 0]);
        Assert.Equal(TerminationReason.ObjectiveNotFinite, r.Status);
        Assert.Equal(0, r.Iterations);
    }

    [Fact]
    public void NaNObjectiveAlongTheStep_StopsAtTheLastFinitePoint()
    {
        // The unconstrained minimum (3, 0) lies where the objective is NaN: SLSQP must stop cleanly at a finite point.
        var r = new Slsqp<NaNObjective>().Minimize([0, 1]);
        Assert.Equal(TerminationReason.ObjectiveNotFinite, r.Status);
        Assert.True(double.IsFinite(r.Value), $"f = {r.Value}");
        Assert.True(r.Point.Span[0] <= 2);
        Assert.Equal(default(NaNObjective).Value(r.Point.Span), r.Value);
    }

    [Fact]
    public void TooManyEqualities_IsReported()
    {
        var r = new Slsqp<TooManyEqualities>().Minimize([0]);
        Assert.Equal(TerminationReason.TooManyEqualityConstraints, r.Status);
    }

    [Fact]
    public void MaxIterations_IsReported()
    {
        var r = new Slsqp<UnconstrainedProblem<DifferentiableRosenbrock10>>(new SlsqpOptions { MaxIterations = 3 }).Minimize(new double[10]);
        Assert.Equal(TerminationReason.MaxIterations, r.Status);
        Assert.Equal(3, r.Iterations);
    }

    [Fact]
    public void BadInput_Throws()
    {
        var slsqp = new Slsqp<Hs71>();
#pragma warning disable GENOPT025 // the wrong length is the point of the test
        Assert.Throws<ArgumentException>(() => slsqp.Minimize([1, 2, 3]));
#pragma warning restore GENOPT025
        Assert.Throws<ArgumentException>(() => slsqp.Minimize([1, 2, double.NaN, 4]));
        Assert.Throws<ArgumentException>(() => slsqp.Minimize([1, 2, 3, double.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => slsqp.Minimize([1, 2, 3, 4], Bounds.Uniform(3, 0, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Slsqp<Hs71>(new SlsqpOptions { MaxIterations = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Slsqp<Hs71>(new SlsqpOptions { Tolerance = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Slsqp<Hs71>(new SlsqpOptions { FeasibilityTolerance = -1 }));
    }

    [Fact]
    public void FeasibilityTolerance_TighterThanReachable_GivesInfeasibleNotSuccess()
    {
        // Converged by the Tolerance test (summed violation < 1e-3), but the point is not feasible to 1e-15.
        var r = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-3, FeasibilityTolerance = 1e-15 }).Minimize([1, 5, 5, 1], Bounds.Uniform(4, 1, 5));
        Assert.Equal(TerminationReason.Infeasible, r.Status);
        Assert.False(r.Converged);
        Assert.True(r.MaxConstraintViolation > 1e-15);
    }

    [Fact]
    public void Observer_SeesEveryIteration_AndCanStop()
    {
        var slsqp = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-9 });
        var observer = new CountingObserver();
        var r = slsqp.Minimize([1, 5, 5, 1], Bounds.Uniform(4, 1, 5), ref observer);
        Assert.Equal(r.Iterations, observer.Calls);
        Assert.Equal(r.Value, observer.LastValue);

        var stopper = new CountingObserver { StopAfter = 2 };
        r = slsqp.Minimize([1, 5, 5, 1], Bounds.Uniform(4, 1, 5), ref stopper);
        Assert.Equal(TerminationReason.StoppedByObserver, r.Status);
        Assert.Equal(2, r.Iterations);
    }

    [Fact]
    public void Cancellation_StopsTheRun()
    {
        var slsqp = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-9 });
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var r = slsqp.Minimize([1, 5, 5, 1], Bounds.Uniform(4, 1, 5), cts.Token);
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(0, r.Iterations);

        using var later = new CancellationTokenSource();
        var observer = new CancellingObserver { Source = later };
        r = slsqp.Minimize([1, 5, 5, 1], Bounds.Uniform(4, 1, 5), ref observer, later.Token);
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(1, r.Iterations);
    }

    [Fact]
    public void Minimize_WithAResultBuffer_AllocatesNothing()
    {
        var bounds = Bounds.Uniform(4, 1, 5);
        double[] x0 = [1, 5, 5, 1];
        var slsqp = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-9 }) { ResultBuffer = new double[Hs71.Dimension + Hs71.EqualityCount + Hs71.InequalityCount] };
        var observer = new CountingObserver();
        slsqp.Minimize(x0, bounds);
        slsqp.Minimize(x0, bounds, ref observer);
        var unbounded = new Slsqp<Hs48>() { ResultBuffer = new double[Hs48.Dimension + Hs48.EqualityCount + Hs48.InequalityCount] };
        unbounded.Minimize([3, 5, -3, 2, -2]);
        var infeasible = new Slsqp<IncompatibleLinear>() { ResultBuffer = new double[IncompatibleLinear.Dimension + IncompatibleLinear.EqualityCount + IncompatibleLinear.InequalityCount] };
        infeasible.Minimize([0, 0]);

        SlsqpResult<Hs71> a = default, b = default;
        SlsqpResult<Hs48> c = default;
        SlsqpResult<IncompatibleLinear> d = default;
        long allocated = Allocations.Measure(() =>
        {
            a = slsqp.Minimize(x0, bounds);
            b = slsqp.Minimize(x0, bounds, ref observer);
            c = unbounded.Minimize([3, 5, -3, 2, -2]);
            d = infeasible.Minimize([0, 0]);
        });
        Assert.True(a.Converged && b.Converged && c.Converged && !d.Converged);
        Assert.Equal(0, allocated);
    }
}
