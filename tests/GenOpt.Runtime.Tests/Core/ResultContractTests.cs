using System;
using System.Globalization;
using System.Runtime.InteropServices;

namespace GenOpt.Tests;

/// <summary>
/// The optimizer contract as L-BFGS-B, SLSQP, dual annealing and simulated annealing keep it: results own their data
/// (one array per run, or the caller's ResultBuffer and no allocation), know their elapsed time and print on one line;
/// progress callbacks; x0 before the bounds and inside them; the shared option names and types.
/// </summary>
public class ResultContractTests
{
    /// <summary>Bytes one <c>double[length]</c> takes, measured the way the runs are.</summary>
    private static long DoubleArrayBytes(int length)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var array = new double[length];
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(array);
        return bytes;
    }

    private struct StopAfter : IOptimizationObserver
    {
        public int Limit;
        public int Calls;
        public bool OnIteration(in IterationInfo info) => ++Calls < Limit;
    }

    private sealed class CountingProgress : IProgress<IterationInfo>
    {
        public int Reports;
        public IterationInfo Last;
        public void Report(IterationInfo value) { Reports++; Last = value; }
    }

    /// <summary>The one-line text names the status, the value, the point (when there is one) and the counts.</summary>
    private static void AssertReadable(IOptimizationResult r, ReadOnlySpan<double> point)
    {
        string text = r.ToString()!;
        Assert.Contains($"({r.Status})", text, StringComparison.Ordinal);
        Assert.Contains("f = " + r.Value.ToString("G10", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Contains($"{r.Evaluations} evaluations", text, StringComparison.Ordinal);
        Assert.Contains($"{r.Iterations} iterations", text, StringComparison.Ordinal);
        if (point.IsEmpty)
            Assert.DoesNotContain(" at [", text, StringComparison.Ordinal);
        else
            Assert.Contains(" at [" + point[0].ToString("G6", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.True(r.Elapsed > TimeSpan.Zero, $"Elapsed = {r.Elapsed}");
    }

    /// <summary>
    /// <paramref name="first"/>'s point stays as it was when <paramref name="runAgain"/> finds another one, the
    /// optimizer's <c>Result</c> is the second run's, and the first prints readably.
    /// </summary>
    private static void AssertOwnsItsPoint(OptimizationResult first, Func<OptimizationResult> runAgain, Func<OptimizationResult> last,
        OptimizerKind optimizer)
    {
        double[] kept = first.Point.ToArray();
        OptimizationResult second = runAgain();
        Assert.NotEqual(kept, second.Point.ToArray());
        Assert.Equal(kept, first.Point.ToArray());
        Assert.Equal(second, last());
        Assert.Equal(optimizer, first.Optimizer);
        AssertReadable(first, first.Point.Span);
    }

    private static readonly Bounds Box = Bounds.Uniform(2, 0, 5);
    /// <summary>A box that moves AnalyticShiftedSphere2's constrained optimum from (0, 1) to (1, 2).</summary>
    private static readonly Bounds OtherBox = new([1, 2], [5, 5]);

    // ---- L-BFGS-B ---------------------------------------------------------------------------------------------

    [Fact]
    public void Lbfgsb_Result_OwnsItsPoint_AndPrintsReadably()
    {
        var opt = new Lbfgsb<AnalyticShiftedSphere2>();
        AssertOwnsItsPoint(opt.Minimize([3, 3], Box), () => opt.Minimize([3, 3], OtherBox), () => opt.Result, OptimizerKind.Lbfgsb);
    }

    [Fact]
    public void Lbfgsb_PlainMinimize_AllocatesOnlyTheResultsPoint()
    {
        var opt = new Lbfgsb<FiniteDifferenceObjective<Rosenbrock<D10>>>();
        var bounds = Bounds.Uniform(10, -2, 0.8);
        var x0 = new double[10];
        opt.Minimize(x0, bounds);
        opt.Minimize(x0, bounds);
        long expected = DoubleArrayBytes(10);
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = opt.Minimize(x0, bounds));
        Assert.True(r.Iterations > 5);
        Assert.Equal(expected, allocated);
    }

    [Fact]
    public void Lbfgsb_ResultBuffer_HoldsThePoint_AndIsChecked()
    {
        var opt = new Lbfgsb<AnalyticShiftedSphere2>();
        var e = Assert.Throws<ArgumentException>(() => opt.ResultBuffer = new double[1]);
        Assert.Contains("ResultBuffer", e.Message, StringComparison.Ordinal);
        var buffer = new double[3];
        opt.ResultBuffer = buffer;
        OptimizationResult first = opt.Minimize([3, 3], Box);
        Assert.True(first.Point.Span.Overlaps(buffer));
        Assert.Equal(first.Point.ToArray(), buffer[..2]);
        OptimizationResult second = opt.Minimize([3, 3], OtherBox);
        Assert.Equal(second.Point.ToArray(), first.Point.ToArray());   // documented: the next run overwrites the buffer
        opt.ResultBuffer = Memory<double>.Empty;                        // back to one array per result
        OptimizationResult third = opt.Minimize([3, 3], Box);
        Assert.False(third.Point.Span.Overlaps(buffer));
    }

    [Fact]
    public void Lbfgsb_ProgressCallback_SeesEveryIteration_AndChangesNothing()
    {
        var opt = new Lbfgsb<AnalyticRosenbrock<D2>>();
        OptimizationResult plain = opt.Minimize([-1.2, 1]);
        var history = new OptimizationHistory();
        OptimizationResult recorded = opt.Minimize([-1.2, 1], null, history.Record);
        var progress = new CountingProgress();
        OptimizationResult reported = opt.Minimize([-1.2, 1], null, progress.Report);
        Assert.Equal(plain.Iterations, history.Count);
        Assert.Equal(plain.Iterations, progress.Reports);
        Assert.Equal(plain.Value, progress.Last.BestValue);
        Assert.Equal((plain.Value, plain.Evaluations, plain.Status), (recorded.Value, recorded.Evaluations, recorded.Status));
        Assert.Equal((plain.Value, plain.Evaluations, plain.Status), (reported.Value, reported.Evaluations, reported.Status));
        Assert.Throws<ArgumentNullException>(() => opt.Minimize([-1.2, 1], null, (Action<IterationInfo>)null!));
    }

    [Fact]
    public void Lbfgsb_Options_NullLimitsAreTheDocumentedDefaults()
    {
        Assert.Null(new LbfgsbOptions().MaxIterations);
        Assert.Null(new LbfgsbOptions().MaxEvaluations);
        OptimizationResult byDefault = new Lbfgsb<AnalyticRosenbrock<D10>>().Minimize(new double[10]);
        OptimizationResult spelled = new Lbfgsb<AnalyticRosenbrock<D10>>(new LbfgsbOptions { MaxIterations = 15_000, MaxEvaluations = 15_000 })
            .Minimize(new double[10]);
        Assert.Equal(byDefault.Point.ToArray(), spelled.Point.ToArray());
        Assert.Equal((byDefault.Evaluations, byDefault.Iterations), (spelled.Evaluations, spelled.Iterations));
        Assert.Equal("MaxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgsb<AnalyticShiftedSphere2>(new LbfgsbOptions { MaxIterations = 0 })).ParamName);
        Assert.Equal("MaxEvaluations", Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgsb<AnalyticShiftedSphere2>(new LbfgsbOptions { MaxEvaluations = -1 })).ParamName);
    }

    // ---- SLSQP ------------------------------------------------------------------------------------------------

    private static readonly Bounds Hs71Box = Bounds.Uniform(4, 1, 5);
    private static readonly double[] Hs71Start = [1, 5, 5, 1];
    private const int Hs71ResultLength = 4 + 1 + 1;

    [Fact]
    public void Slsqp_Result_OwnsItsPointAndMultipliers_InOneArray_AndPrintsReadably()
    {
        var slsqp = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-9 });
        SlsqpResult<Hs71> first = slsqp.Minimize(Hs71Start, Hs71Box);
        double[] point = first.Point.ToArray(), multipliers = first.LagrangeMultipliers.ToArray();
        Assert.Equal(4, point.Length);
        Assert.Equal(2, multipliers.Length);
        var stopper = new StopAfter { Limit = 1 };
        SlsqpResult<Hs71> second = slsqp.Minimize(Hs71Start, Hs71Box, ref stopper);
        Assert.Equal(TerminationReason.StoppedByObserver, second.Status);
        Assert.NotEqual(point, second.Point.ToArray());
        Assert.NotEqual(multipliers, second.LagrangeMultipliers.ToArray());
        Assert.Equal(point, first.Point.ToArray());
        Assert.Equal(multipliers, first.LagrangeMultipliers.ToArray());

        // One array, two slices: the point first, then the multipliers.
        Assert.True(MemoryMarshal.TryGetArray(first.Point, out ArraySegment<double> p));
        Assert.True(MemoryMarshal.TryGetArray(first.LagrangeMultipliers, out ArraySegment<double> m));
        Assert.Same(p.Array, m.Array);
        Assert.Equal(Hs71ResultLength, p.Array!.Length);
        Assert.Equal((0, 4), (p.Offset, m.Offset));

        Assert.Equal(OptimizerKind.Slsqp, first.Optimizer);
        AssertReadable(first, first.Point.Span);
        Assert.Contains("max constraint violation", first.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Slsqp_PlainMinimize_AllocatesOnlyOneArray()
    {
        var slsqp = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-9 });
        slsqp.Minimize(Hs71Start, Hs71Box);
        slsqp.Minimize(Hs71Start, Hs71Box);
        long expected = DoubleArrayBytes(Hs71ResultLength);
        SlsqpResult<Hs71> r = default;
        long allocated = Allocations.Measure(() => r = slsqp.Minimize(Hs71Start, Hs71Box));
        Assert.True(r.Converged);
        Assert.Equal(expected, allocated);
    }

    [Fact]
    public void Slsqp_ResultBuffer_HoldsThePointThenTheMultipliers_AndIsChecked()
    {
        var slsqp = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-9 });
        var e = Assert.Throws<ArgumentException>(() => slsqp.ResultBuffer = new double[4]);   // the point alone is not enough
        Assert.Contains("ResultBuffer", e.Message, StringComparison.Ordinal);
        var buffer = new double[Hs71ResultLength];
        slsqp.ResultBuffer = buffer;
        SlsqpResult<Hs71> r = slsqp.Minimize(Hs71Start, Hs71Box);
        Assert.Equal(r.Point.ToArray(), buffer[..4]);
        Assert.Equal(r.LagrangeMultipliers.ToArray(), buffer[4..]);
        Assert.True(r.Point.Span.Overlaps(buffer) && r.LagrangeMultipliers.Span.Overlaps(buffer));
    }

    [Fact]
    public void Slsqp_MaxEvaluations_StopsBetweenIterations()
    {
        SlsqpResult<Hs71> full = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-9 }).Minimize(Hs71Start, Hs71Box);
        Assert.True(full.Converged && full.Iterations > 3, $"{full.Status} after {full.Iterations}");

        var capped = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-9, MaxEvaluations = 3 });
        var observer = new StopAfter { Limit = int.MaxValue };
        SlsqpResult<Hs71> r = capped.Minimize(Hs71Start, Hs71Box, ref observer);
        Assert.Equal(TerminationReason.MaxEvaluations, r.Status);
        Assert.False(r.Converged);
        Assert.True(r.Evaluations >= 3, $"{r.Evaluations} evaluations");
        Assert.True(r.Iterations < full.Iterations);
        Assert.Equal(r.Iterations, observer.Calls);   // every iteration started was finished and reported

        // A budget the run never reaches between its iterations changes nothing.
        SlsqpResult<Hs71> enough = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-9, MaxEvaluations = full.Evaluations + 1 }).Minimize(Hs71Start, Hs71Box);
        Assert.Equal((full.Status, full.Value, full.Evaluations, full.Iterations), (enough.Status, enough.Value, enough.Evaluations, enough.Iterations));
        Assert.Equal(full.Point.ToArray(), enough.Point.ToArray());

        Assert.Equal("MaxEvaluations", Assert.Throws<ArgumentOutOfRangeException>(() => new Slsqp<Hs71>(new SlsqpOptions { MaxEvaluations = 0 })).ParamName);
        Assert.Equal("MaxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => new Slsqp<Hs71>(new SlsqpOptions { MaxIterations = 0 })).ParamName);
    }

    [Fact]
    public void Slsqp_Options_NullIterationLimitIsTheDocumented100()
    {
        Assert.Null(new SlsqpOptions().MaxIterations);
        Assert.Null(new SlsqpOptions().MaxEvaluations);
        // 10-D Rosenbrock from (-3, ..., -3) at Tolerance 1e-12 converges after 104 iterations: beyond the default limit.
        double[] x0 = [-3, -3, -3, -3, -3, -3, -3, -3, -3, -3];
        var byDefault = new Slsqp<UnconstrainedProblem<DifferentiableRosenbrock10>>(new SlsqpOptions { Tolerance = 1e-12 }).Minimize(x0);
        var spelled = new Slsqp<UnconstrainedProblem<DifferentiableRosenbrock10>>(new SlsqpOptions { Tolerance = 1e-12, MaxIterations = 100 }).Minimize(x0);
        var longer = new Slsqp<UnconstrainedProblem<DifferentiableRosenbrock10>>(new SlsqpOptions { Tolerance = 1e-12, MaxIterations = 101 }).Minimize(x0);
        Assert.Equal(TerminationReason.MaxIterations, byDefault.Status);
        Assert.Equal(100, byDefault.Iterations);
        Assert.Equal((byDefault.Status, byDefault.Value, byDefault.Evaluations), (spelled.Status, spelled.Value, spelled.Evaluations));
        Assert.Equal(101, longer.Iterations);
    }

    [Fact]
    public void Slsqp_ProgressCallback_SeesEveryIteration()
    {
        var slsqp = new Slsqp<Hs71>(new SlsqpOptions { Tolerance = 1e-9 });
        var history = new OptimizationHistory();
        SlsqpResult<Hs71> r = slsqp.Minimize(Hs71Start, Hs71Box, history.Record);
        Assert.Equal(r.Iterations, history.Count);
        Assert.Equal(r.Value, history[history.Count - 1].BestValue);
        Assert.Throws<ArgumentNullException>(() => slsqp.Minimize(Hs71Start, Hs71Box, (Action<IterationInfo>)null!));
    }

    [Fact]
    public void Slsqp_StartOutsideTheBox_Throws_BeforeAnyEvaluation()
    {
        var slsqp = new Slsqp<Hs71>();
        var e = Assert.Throws<ArgumentException>(() => slsqp.Minimize([1, 5, 5, 0.5], Hs71Box));
        Assert.Equal("x0", e.ParamName);
        Assert.Contains("x0[3] = 0.5", e.Message, StringComparison.Ordinal);
    }

    // ---- Dual annealing ---------------------------------------------------------------------------------------

    private static readonly DualAnnealingOptions Anneal = new() { Seed = 3, MaxIterations = 30 };

    [Fact]
    public void DualAnnealing_Result_OwnsItsPoint_AndPrintsReadably()
    {
        var da = new DualAnnealing<AnalyticShiftedSphere2>(Anneal);
        AssertOwnsItsPoint(da.Minimize(Box), () => da.Minimize([2, 3], OtherBox), () => da.Result, OptimizerKind.DualAnnealing);
    }

    [Fact]
    public void DualAnnealing_PlainMinimize_AllocatesOnlyTheResultsPoint()
    {
        var bounds = Bounds.Uniform(10, -5.12, 5.12);
        var da = new DualAnnealing<FiniteDifferenceObjective<Rastrigin<D10>>>(new DualAnnealingOptions { Seed = 1, MaxIterations = 200, RestartTemperatureRatio = 0.01 });
        da.Minimize(bounds);
        da.Minimize(bounds);
        long expected = DoubleArrayBytes(10);
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = da.Minimize(bounds));
        Assert.True(r.Restarts > 0 && da.LocalSearches > 0);
        Assert.Equal(expected, allocated);
    }

    [Fact]
    public void DualAnnealing_X0ComesFirst_MustBeInTheBox_AndIsNotOptional()
    {
        var da = new DualAnnealing<AnalyticShiftedSphere2>(Anneal);
        OptimizationResult fromX0 = da.Minimize([4, 4], Box);
        OptimizationResult again = da.Minimize([4, 4], Box);
        Assert.Equal(fromX0.Point.ToArray(), again.Point.ToArray());
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => da.Minimize([4, 6], Box)).ParamName);
#pragma warning disable GENOPT025 // the empty x0 is the point of the test
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => da.Minimize([], Box)).ParamName);   // a random start is Minimize(bounds)
#pragma warning restore GENOPT025
        Assert.Throws<ArgumentNullException>(() => da.Minimize([4, 4], null!));
        Assert.Throws<ArgumentNullException>(() => da.Minimize(Box, (Action<IterationInfo>)null!));
        Assert.Throws<ArgumentException>(() => da.ResultBuffer = new double[1]);
    }

    [Fact]
    public void DualAnnealing_ProgressCallback_SeesEveryIteration_AndChangesNothing()
    {
        var da = new DualAnnealing<AnalyticShiftedSphere2>(Anneal);
        OptimizationResult plain = da.Minimize(Box);
        var history = new OptimizationHistory();
        OptimizationResult recorded = da.Minimize(Box, history.Record);
        var progress = new CountingProgress();
        OptimizationResult fromX0 = da.Minimize([4, 4], Box, progress.Report);
        Assert.Equal(plain.Iterations, history.Count);
        Assert.Equal(plain.Point.ToArray(), recorded.Point.ToArray());
        Assert.Equal((plain.Value, plain.Evaluations), (recorded.Value, recorded.Evaluations));
        Assert.Equal(fromX0.Iterations, progress.Reports);
        Assert.Equal(fromX0.Value, progress.Last.BestValue);
    }

    [Fact]
    public void DualAnnealing_Options_NullLimitsAreTheDocumentedDefaults()
    {
        Assert.Null(new DualAnnealingOptions().MaxIterations);
        Assert.Null(new DualAnnealingOptions().MaxEvaluations);
        OptimizationResult byDefault = new DualAnnealing<AnalyticShiftedSphere2>(new DualAnnealingOptions { Seed = 5 }).Minimize(Box);
        OptimizationResult spelled = new DualAnnealing<AnalyticShiftedSphere2>(new DualAnnealingOptions { Seed = 5, MaxIterations = 1000, MaxEvaluations = 10_000_000 }).Minimize(Box);
        Assert.Equal(TerminationReason.MaxIterations, byDefault.Status);
        Assert.Equal(1000, byDefault.Iterations);
        Assert.Equal(byDefault.Point.ToArray(), spelled.Point.ToArray());
        Assert.Equal((byDefault.Value, byDefault.Evaluations), (spelled.Value, spelled.Evaluations));
    }

    // ---- Simulated annealing ----------------------------------------------------------------------------------

    private static readonly SimulatedAnnealingOptions Walk = new() { Seed = 2, TemperatureSteps = 40, MovesPerTemperature = 50 };

    [Fact]
    public void SimulatedAnnealing_Result_UsesTheSharedNames_AndPrintsWithoutAPoint()
    {
        var sa = new SimulatedAnnealing<int[], ScaledWalk>(new ScaledWalk { Scale = 1, Top = 20 }, Walk);
        int[] state = [15];
        AnnealingResult r = sa.Minimize(ref state);
        IOptimizationResult shared = r;
        Assert.Equal(TerminationReason.ScheduleCompleted, shared.Status);
        Assert.False(shared.Converged);   // the normal end of the schedule, not a convergence test
        Assert.Equal(state[0], shared.Value);
        Assert.Equal(40L * 50, shared.Evaluations);
        Assert.Equal(40, shared.Iterations);
        Assert.Equal(0, r.NonFiniteEvaluations);
        Assert.StartsWith("Finished (ScheduleCompleted)", r.ToString(), StringComparison.Ordinal);
        AssertReadable(r, default);
    }

    [Fact]
    public void SimulatedAnnealing_TargetValue_StopsTheRun_AndProgressSeesEveryLevel()
    {
        var sa = new SimulatedAnnealing<int[], ScaledWalk>(new ScaledWalk { Scale = 1, Top = 20 }, Walk with { TargetValue = 3 });
        int[] state = [15];
        AnnealingResult r = sa.Minimize(ref state);
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        Assert.True(r.Converged);
        Assert.True(r.Value <= 3);
        Assert.Equal("TargetValue", Assert.Throws<ArgumentOutOfRangeException>(
            () => new SimulatedAnnealing<int[], ScaledWalk>(default, new SimulatedAnnealingOptions { TargetValue = double.NaN })).ParamName);

        var plain = new SimulatedAnnealing<int[], ScaledWalk>(new ScaledWalk { Scale = 1, Top = 20 }, Walk);
        var history = new OptimizationHistory();
        state = [15];
        r = plain.Minimize(ref state, history.Record);
        Assert.Equal(r.Iterations, history.Count);
        Assert.Equal(r.Evaluations, history[history.Count - 1].Evaluations);
        Assert.Throws<ArgumentNullException>(() => { int[] s = [15]; plain.Minimize(ref s, (Action<IterationInfo>)null!); });
    }
}
