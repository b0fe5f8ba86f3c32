using System;
using System.Collections.Generic;

namespace GenOpt.Tests;

/// <summary>
/// CMA-ES and PSO under the one optimizer contract: Minimize is the Ask/Tell loop (same bits), results own their
/// point (one array per run) unless a ResultBuffer is given (none), the progress overload sees what a struct observer
/// sees, and results print readably.
/// </summary>
public class PopulationContractTests
{
    private static readonly Bounds Box10 = Bounds.Uniform(10, -5.12, 5.12);

    private static double[] Fill10(double value)
    {
        var x = new double[10];
        x.AsSpan().Fill(value);
        return x;
    }

    private static void AssertSameBits(OptimizationResult expected, OptimizationResult actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Value), BitConverter.DoubleToInt64Bits(actual.Value));
        Assert.Equal(expected.Evaluations, actual.Evaluations);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.Restarts, actual.Restarts);
        Assert.Equal(expected.NonFiniteEvaluations, actual.NonFiniteEvaluations);
        Assert.Equal(expected.Point.Length, actual.Point.Length);
        for (int i = 0; i < expected.Point.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Point.Span[i]), BitConverter.DoubleToInt64Bits(actual.Point.Span[i]));
    }

    /// <summary>One array of <paramref name="length"/> doubles, in bytes as this runtime counts them.</summary>
    private static long BytesOfOneArray(int length)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var array = new double[length];
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(array);
        return bytes;
    }

    // ---- Minimize is the Ask/Tell loop ------------------------------------------------------------

    public static TheoryData<RestartStrategy> Restarts() => new() { RestartStrategy.None, RestartStrategy.Ipop, RestartStrategy.Bipop };

    [Theory]
    [MemberData(nameof(Restarts))]
    public void CmaEs_Minimize_GivesTheBitsOfAnAskTellLoop(RestartStrategy restarts)
    {
        var options = new CmaEsOptions { Seed = 11, Sigma0 = 2, Restarts = restarts, MaxRestarts = 3, MaxEvaluations = 30_000 };
        double[] x0 = Fill10(3);
        OptimizationResult minimized = new CmaEs<Rastrigin<D10>>(options).Minimize(x0, Box10);

        var cma = new CmaEs<Rastrigin<D10>>(options);
        var f = default(Rastrigin<D10>);
        cma.Initialize(x0, Box10);
        var values = new double[1024];
        while (cma.Status == TerminationReason.None)
        {
            Population population = cma.Ask();
            for (int k = 0; k < population.Count; k++)
                values[k] = f.Value(population[k]);
            cma.Tell(values.AsSpan(0, population.Count));
        }
        OptimizationResult asked = cma.Result;
        if (restarts != RestartStrategy.None)
            Assert.True(asked.Restarts > 0, "the comparison covers restarts");
        AssertSameBits(minimized, asked);
    }

    [Fact]
    public void CmaEs_WithGradientInjection_MinimizeGivesTheBitsOfAnAskTellLoop()
    {
        // Ask evaluates the gradient at the mean itself; Minimize adds nothing to that.
        var options = new CmaEsOptions { Seed = 4, GradientInjection = true, Restarts = RestartStrategy.Ipop, MaxRestarts = 2, MaxEvaluations = 20_000 };
        double[] x0 = Fill10(0.5);
        OptimizationResult minimized = new CmaEs<DifferentiableRosenbrock<D10>>(options).Minimize(x0);

        var cma = new CmaEs<DifferentiableRosenbrock<D10>>(options);
        cma.Initialize(x0);
        var values = new double[1024];
        while (cma.Status == TerminationReason.None)
        {
            Population population = cma.Ask();
            for (int k = 0; k < population.Count; k++)
                values[k] = cma.Objective.Value(population[k]);
            cma.Tell(values.AsSpan(0, population.Count));
        }
        AssertSameBits(minimized, cma.Result);
    }

    [Theory]
    [InlineData(PsoTopology.Global, false)]
    [InlineData(PsoTopology.Random, true)]
    public void Pso_Minimize_GivesTheBitsOfAnAskTellLoop(PsoTopology topology, bool withX0)
    {
        // 3,010 evaluations: the last iteration evaluates only the first 10 particles.
        var options = new PsoOptions { Seed = 9, Topology = topology, MaxEvaluations = 3_010, InertiaSchedule = PsoInertiaSchedule.Linear };
        double[] x0 = Fill10(1);
        OptimizationResult minimized;
        using (var reference = new Pso<Rastrigin<D10>>(options))
            minimized = withX0 ? reference.Minimize(x0, Box10) : reference.Minimize(Box10);

        using var pso = new Pso<Rastrigin<D10>>(options);
        var f = default(Rastrigin<D10>);
        if (withX0)
            pso.Initialize(x0, Box10);
        else
            pso.Initialize(Box10);
        var values = new double[pso.SwarmSize];
        int lastCount = 0;
        while (pso.Status == TerminationReason.None)
        {
            Population population = pso.Ask();
            lastCount = population.Count;
            for (int k = 0; k < population.Count; k++)
                values[k] = f.Value(population[k]);
            pso.Tell(values.AsSpan(0, population.Count));
        }
        Assert.Equal(10, lastCount);
        Assert.Equal(TerminationReason.MaxEvaluations, minimized.Status);
        AssertSameBits(minimized, pso.Result);
    }

    // ---- Results own their point; ResultBuffer -----------------------------------------------------

    [Fact]
    public void CmaEs_FirstResultsPoint_IsUnchangedByASecondRun()
    {
        var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 30 });
        OptimizationResult first = cma.Minimize(Fill10(1));
        double[] kept = first.Point.ToArray();
        OptimizationResult second = cma.Minimize(Fill10(-2));
        Assert.Equal(kept, first.Point.ToArray());
        Assert.NotEqual(kept, second.Point.ToArray());
    }

    [Fact]
    public void Pso_FirstResultsPoint_IsUnchangedByASecondRun()
    {
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 1, MaxIterations = 30 });
        OptimizationResult first = pso.Minimize(Box10);
        double[] kept = first.Point.ToArray();
        OptimizationResult second = pso.Minimize(Bounds.Uniform(10, 1, 2));
        Assert.Equal(kept, first.Point.ToArray());
        Assert.NotEqual(kept, second.Point.ToArray());
    }

    [Fact]
    public void CmaEs_PlainMinimize_AllocatesExactlyOneArrayPerRun()
    {
        var cma = new CmaEs<Rastrigin<D10>>(new CmaEsOptions { Seed = 5, Sigma0 = 2, Restarts = RestartStrategy.Bipop, MaxRestarts = 2 });
        double[] x0 = Fill10(2);
        cma.Minimize(x0, Box10); // warm-up
        long oneArray = BytesOfOneArray(10);
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = cma.Minimize(x0, Box10));
        Assert.True(r.Restarts > 0);
        Assert.Equal(oneArray, allocated);
    }

    [Fact]
    public void Pso_PlainMinimize_AllocatesExactlyOneArrayPerRun()
    {
        using var pso = new Pso<Rastrigin<D10>>(new PsoOptions { Seed = 5, MaxIterations = 200 });
        pso.Minimize(Box10); // warm-up
        long oneArray = BytesOfOneArray(10);
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = pso.Minimize(Box10));
        Assert.Equal(8_000, r.Evaluations);
        Assert.Equal(oneArray, allocated);
    }

    [Fact]
    public void CmaEs_WithResultBuffer_ResultIsAViewOfItThatTheNextRunOverwrites()
    {
        var buffer = new double[12];
        var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 30 }) { ResultBuffer = buffer };
        OptimizationResult first = cma.Minimize(Fill10(1));
        Assert.Equal(10, first.Point.Length);
        Assert.True(first.Point.Span.Overlaps(buffer.AsSpan(0, 10)));
        double[] kept = first.Point.ToArray();
        OptimizationResult second = cma.Minimize(Fill10(-2));
        Assert.Equal(second.Point.ToArray(), first.Point.ToArray()); // documented: the next run overwrites the buffer
        Assert.NotEqual(kept, second.Point.ToArray());
        Assert.Equal(second.Point.ToArray(), new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 30 }).Minimize(Fill10(-2)).Point.ToArray());
    }

    [Fact]
    public void Pso_WithResultBuffer_ResultIsAViewOfIt()
    {
        var buffer = new double[10];
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 1, MaxIterations = 30 }) { ResultBuffer = buffer };
        OptimizationResult r = pso.Minimize(Box10);
        Assert.True(r.Point.Span.Overlaps(buffer));
        Assert.Equal(buffer, r.Point.ToArray());
    }

    [Fact]
    public void ResultBuffer_ShorterThanTheDimension_IsRejected_EmptyIsAccepted()
    {
        var cma = new CmaEs<Sphere<D10>>();
        var e = Assert.Throws<ArgumentException>(() => cma.ResultBuffer = new double[9]);
        Assert.Contains("ResultBuffer", e.Message);
        cma.ResultBuffer = Memory<double>.Empty;
        using var pso = new Pso<Sphere<D10>>();
        Assert.Contains("ResultBuffer", Assert.Throws<ArgumentException>(() => pso.ResultBuffer = new double[3]).Message);
        pso.ResultBuffer = new double[10];
        Assert.Equal(10, pso.ResultBuffer.Length);
    }

    // ---- Progress ---------------------------------------------------------------------------------

    private struct ListObserver : IOptimizationObserver
    {
        public List<IterationInfo> Seen;
        public readonly bool OnIteration(in IterationInfo info)
        {
            Seen.Add(info);
            return true;
        }
    }

    [Fact]
    public void CmaEs_ProgressOverload_SeesWhatAStructObserverSees_OncePerIteration()
    {
        var options = new CmaEsOptions { Seed = 2, Restarts = RestartStrategy.Ipop, MaxRestarts = 1, MaxEvaluations = 6_000 };
        var observer = new ListObserver { Seen = new List<IterationInfo>() };
        OptimizationResult withObserver = new CmaEs<Rastrigin<D10>>(options).Minimize(Fill10(2), Box10, ref observer);
        var history = new OptimizationHistory();
        OptimizationResult withProgress = new CmaEs<Rastrigin<D10>>(options).Minimize(Fill10(2), Box10, history.Record);
        AssertSameBits(withObserver, withProgress);
        Assert.Equal(withProgress.Iterations, history.Count);
        Assert.Equal(observer.Seen, history.Entries);
        Assert.Contains(history.Entries, e => e.Restart == 1);
    }

    [Fact]
    public void Pso_ProgressOverloads_SeeWhatAStructObserverSees_OncePerIteration()
    {
        var options = new PsoOptions { Seed = 2, MaxIterations = 60 };
        double[] x0 = Fill10(1);
        using var pso = new Pso<Rastrigin<D10>>(options);
        var observer = new ListObserver { Seen = new List<IterationInfo>() };
        OptimizationResult withObserver = pso.Minimize(x0, Box10, ref observer);
        var seen = new List<IterationInfo>();
        IProgress<IterationInfo> progress = new SynchronousProgress(seen);
        OptimizationResult withProgress = pso.Minimize(x0, Box10, progress.Report);
        AssertSameBits(withObserver, withProgress);
        Assert.Equal(60, seen.Count);
        Assert.Equal(observer.Seen, seen);

        var history = new OptimizationHistory();
        observer.Seen.Clear();
        pso.Minimize(Box10, ref observer);
        pso.Minimize(Box10, history.Record);
        Assert.Equal(observer.Seen, history.Entries);
        Assert.Throws<ArgumentNullException>(() => pso.Minimize(Box10, (Action<IterationInfo>)null!));
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SynchronousProgress(List<IterationInfo> seen) : IProgress<IterationInfo>
    {
        public void Report(IterationInfo value) => seen.Add(value);
    }

    // ---- Options and results ----------------------------------------------------------------------

    [Fact]
    public void Pso_NullMaxIterations_Means1000()
    {
        using var pso = new Pso<Sphere<D2>>(new PsoOptions { Seed = 1, SwarmSize = 2 });
        Assert.Null(pso.Options.MaxIterations);
        Assert.Null(pso.Options.MaxEvaluations);
        OptimizationResult r = pso.Minimize(Bounds.Uniform(2, -1, 1));
        Assert.Equal(TerminationReason.MaxIterations, r.Status);
        Assert.Equal(1000, r.Iterations);
    }

    [Fact]
    public void LimitsBelowOne_AreRejected_NamingTheOption()
    {
        Assert.Equal("MaxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => new Pso<Sphere<D2>>(new PsoOptions { MaxIterations = 0 })).ParamName);
        Assert.Equal("MaxEvaluations", Assert.Throws<ArgumentOutOfRangeException>(() => new Pso<Sphere<D2>>(new PsoOptions { MaxEvaluations = -1 })).ParamName);
        Assert.Equal("MaxEvaluations", Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { MaxEvaluations = 0 })).ParamName);
        Assert.Equal("MaxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { MaxIterations = 0 })).ParamName);
    }

    [Fact]
    public void Pso_NullBounds_IsRejected()
    {
        using var pso = new Pso<Sphere<D2>>();
        Assert.Throws<ArgumentNullException>(() => pso.Minimize(null!));
        Assert.Throws<ArgumentNullException>(() => pso.Minimize(new double[2], null!));
        Assert.Throws<ArgumentNullException>(() => pso.Initialize(null!));
    }

    [Fact]
    public void X0OutsideTheBox_IsAnErrorNamingTheCoordinate_ForBoth()
    {
        var x0 = new double[10];
        x0[7] = 6;
        var cma = Assert.Throws<ArgumentException>(() => new CmaEs<Sphere<D10>>().Minimize(x0, Box10));
        Assert.Contains("x0[7]", cma.Message);
        using var pso = new Pso<Sphere<D10>>();
        var psoError = Assert.Throws<ArgumentException>(() => pso.Minimize(x0, Box10));
        Assert.Contains("x0[7]", psoError.Message);
        Assert.Equal("x0", psoError.ParamName);
    }

    [Fact]
    public void Results_PrintReadably_WithElapsedTime()
    {
        OptimizationResult cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, TargetValue = 1e-6 }).Minimize(Fill10(1));
        string text = cma.ToString();
        Assert.StartsWith("Converged (TargetReached): f = ", text);
        Assert.Contains($" evaluations, {cma.Iterations} iterations", text);
        Assert.Contains(", … 4 more]", text);
        Assert.True(cma.Elapsed > TimeSpan.Zero);
        Assert.Equal(OptimizerKind.CmaEs, cma.Optimizer);

        using var pso = new Pso<Sphere<D2>>(new PsoOptions { Seed = 1, MaxIterations = 5 });
        OptimizationResult r = pso.Minimize(Bounds.Uniform(2, -1, 1));
        string psoText = r.ToString();
        Assert.StartsWith("Stopped (MaxIterations): f = ", psoText);
        Assert.Contains($"at [{r.Point.Span[0].ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}, ", psoText);
        Assert.Contains("200 evaluations, 5 iterations", psoText);
        Assert.True(r.Elapsed > TimeSpan.Zero);
        Assert.Equal(OptimizerKind.Pso, r.Optimizer);

        // Before any run there is no elapsed time to report.
        Assert.Equal(TimeSpan.Zero, new CmaEs<Sphere<D10>>().Result.Elapsed);
        using var fresh = new Pso<Sphere<D2>>();
        Assert.Equal(TimeSpan.Zero, fresh.Result.Elapsed);
    }
}
