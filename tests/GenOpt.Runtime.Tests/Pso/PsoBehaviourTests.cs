using System;
using System.Collections.Generic;
using System.Threading;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>PSO: stopping criteria, determinism, ask/tell, threads, topologies and boundary handling.</summary>
public class PsoBehaviourTests(ITestOutputHelper output)
{
    private static readonly Bounds Box10 = Bounds.Uniform(10, -5.12, 5.12);

    /// <summary>Records the best value after every iteration; optionally stops or cancels after a number of iterations.</summary>
    private struct Recorder : IOptimizationObserver
    {
        public List<double> Best;
        public long StopAfter;
        public CancellationTokenSource? CancelAfterStop;
        public bool OnIteration(in IterationInfo info)
        {
            Best.Add(info.BestValue);
            Assert.True(info.IterationBestValue >= info.BestValue);
            Assert.True(info.StepSize >= 0);
            if (info.Iteration == StopAfter)
            {
                if (CancelAfterStop is null)
                    return false;
                CancelAfterStop.Cancel();
            }
            return true;
        }
    }

    private static Recorder NewRecorder(long stopAfter = -1, CancellationTokenSource? cancel = null) =>
        new() { Best = new List<double>(), StopAfter = stopAfter, CancelAfterStop = cancel };

    private static void AssertSameBits(OptimizationResult a, OptimizationResult b)
    {
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Value), BitConverter.DoubleToInt64Bits(b.Value));
        Assert.Equal(a.Evaluations, b.Evaluations);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.Status, b.Status);
        Assert.Equal(a.NonFiniteEvaluations, b.NonFiniteEvaluations);
        for (int i = 0; i < a.Point.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.Point.Span[i]), BitConverter.DoubleToInt64Bits(b.Point.Span[i]));
    }

    [Theory]
    [InlineData(PsoTopology.Global, PsoBoundaryStrategy.Reflective)]
    [InlineData(PsoTopology.Random, PsoBoundaryStrategy.Random)]
    [InlineData(PsoTopology.VonNeumann, PsoBoundaryStrategy.Periodic)]
    public void SameSeed_SameBits_AlsoOnRepeatedRuns(PsoTopology topology, PsoBoundaryStrategy boundary)
    {
        var options = new PsoOptions { Seed = 11, Topology = topology, Boundary = boundary, MaxIterations = 300 };
        using var a = new Pso<Rastrigin<D10>>(options);
        using var b = new Pso<Rastrigin<D10>>(options);
        OptimizationResult ra = a.Minimize(Box10);
        double[] first = ra.Point.ToArray();
        OptimizationResult rb = b.Minimize(Box10);
        AssertSameBits(ra, rb);
        OptimizationResult again = a.Minimize(Box10); // Initialize re-seeds: a second run repeats the first
        AssertSameBits(rb, again);
        Assert.Equal(first, again.Point.ToArray());
        using var other = new Pso<Rastrigin<D10>>(options with { Seed = 12 });
        other.Initialize(Box10);
        a.Initialize(Box10);
        Assert.NotEqual(a.Ask().AsSpan().ToArray(), other.Ask().AsSpan().ToArray());
    }

    [Theory]
    [InlineData(PsoTopology.Global, 2)]
    [InlineData(PsoTopology.Ring, 3)]
    [InlineData(PsoTopology.Random, 4)]
    [InlineData(PsoTopology.VonNeumann, 7)]
    public void OneThreadAndSeveralThreads_GiveTheSameBits(PsoTopology topology, int threads)
    {
        var options = new PsoOptions { Seed = 21, Topology = topology, MaxIterations = 200, MaxEvaluations = 7_777 };
        using var serial = new Pso<Rastrigin<D10>>(options);
        using var parallel = new Pso<Rastrigin<D10>>(options with { Threads = threads });
        OptimizationResult r1 = serial.Minimize(Box10);
        OptimizationResult rn = parallel.Minimize(Box10);
        output.WriteLine($"{topology}: f={r1.Value} evals={r1.Evaluations}");
        Assert.Equal(TerminationReason.MaxEvaluations, r1.Status);
        AssertSameBits(r1, rn);
        AssertSameBits(r1, parallel.Minimize(Box10)); // and again on the same workers
    }

    [Fact]
    public void SeveralThreads_EachWorkerEvaluatesItsOwnCopy_CallerUsesObjective()
    {
        // 40 particles on 4 threads: the calling thread evaluates slice 0 (10 particles per iteration) on Objective
        // itself; the workers count on their copies, which are discarded.
        using var pso = new Pso<CountingSphere>(new PsoOptions { Seed = 1, MaxIterations = 5, Threads = 4 });
        OptimizationResult r = pso.Minimize(Bounds.Uniform(3, -1, 1));
        Assert.Equal(200, r.Evaluations);
        Assert.Equal(50, pso.Objective.Calls);
        using var single = new Pso<CountingSphere>(new PsoOptions { Seed = 1, MaxIterations = 5 });
        single.Minimize(Bounds.Uniform(3, -1, 1));
        Assert.Equal(200, single.Objective.Calls);
    }

    [Fact]
    public void ExceptionInAWorker_IsRethrownByMinimize_AndTheWorkersKeepRunning()
    {
        using var pso = new Pso<ThrowingSphere>(new ThrowingSphere(), new PsoOptions { Seed = 1, MaxIterations = 5, Threads = 2 });
        var e = Assert.Throws<InvalidOperationException>(() => pso.Minimize(Bounds.Uniform(2, -1, 1)));
        Assert.Contains("x0 > 0.5", e.Message);
        pso.Objective.Armed = false;
        Assert.Equal(TerminationReason.MaxIterations, pso.Minimize(Bounds.Uniform(2, -1, 1)).Status);
    }

    [Fact]
    public void AfterDispose_MultiThreadedMinimizeThrows_AskTellStillWorks()
    {
        var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 1, Threads = 2, MaxIterations = 3 });
        pso.Minimize(Box10);
        pso.Dispose();
        pso.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pso.Minimize(Box10));
        pso.Initialize(Box10);
        Assert.Equal(40, pso.Ask().Count);
    }

    [Fact]
    public void AskTell_EqualsMinimize()
    {
        var options = new PsoOptions { Seed = 31, Topology = PsoTopology.Random, MaxIterations = 150 };
        using var pso = new Pso<Rastrigin<D10>>(options);
        OptimizationResult direct = pso.Minimize(Box10);
        double[] directPoint = direct.Point.ToArray();

        using var asked = new Pso<Rastrigin<D10>>(options);
        var f = default(Rastrigin<D10>);
        var values = new double[asked.SwarmSize];
        asked.Initialize(Box10);
        while (asked.Status == TerminationReason.None)
        {
            Population pop = asked.Ask();
            // Evaluate in reverse order: the order of evaluation must not matter.
            for (int k = pop.Count - 1; k >= 0; k--)
                values[k] = f.Value(pop[k]);
            asked.Tell(values.AsSpan(0, pop.Count));
        }
        AssertSameBits(direct with { Point = directPoint }, asked.Result);
        Assert.Equal(direct.Value, asked.BestValue);
        Assert.Equal(directPoint, asked.BestPoint.ToArray());
    }

    [Fact]
    public void Ask_TwiceBeforeTell_ReturnsTheSamePoints()
    {
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 1 });
        pso.Initialize(Box10);
        double[] first = pso.Ask().AsSpan().ToArray();
        Assert.Equal(first, pso.Ask().AsSpan().ToArray());
        Assert.Equal(40 * 10, first.Length);
    }

    [Fact]
    public void X0_SeedsParticleZero()
    {
        var x0 = new double[] { 0.5, -0.25 };
        using var pso = new Pso<FarSphere2>(new PsoOptions { Seed = 1, MaxIterations = 1, SwarmSize = 5 });
        pso.Initialize(x0, Bounds.Uniform(2, -1, 1));
        Assert.Equal(x0, pso.Ask()[0].ToArray());
        // A starting point at the optimum is the best after one iteration.
        var optimum = new double[] { 10, 10 };
        OptimizationResult r = pso.Minimize(optimum, Bounds.Uniform(2, 0, 10));
        Assert.Equal(0, r.Value);
        Assert.Equal(optimum, r.Point.ToArray());
    }

    [Fact]
    public void TargetValue_StopsAtTheFirstIterationThatReachesIt()
    {
        var rec = NewRecorder();
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 2, TargetValue = 1e-6 });
        OptimizationResult r = pso.Minimize(Box10, ref rec);
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        Assert.True(r.Converged);
        Assert.True(r.Value <= 1e-6);
        Assert.Equal(r.Iterations, rec.Best.Count);
        Assert.True(rec.Best[^2] > 1e-6);
        Assert.Equal(40 * r.Iterations, r.Evaluations);
    }

    [Fact]
    public void FTol_StopsAfterFTolIterationsStalledIterations_AsPyswarms()
    {
        const double ftol = 1e-3;
        const int window = 10;
        var rec = NewRecorder();
        using var pso = new Pso<Rastrigin<D10>>(new PsoOptions { Seed = 3, FTol = ftol, FTolIterations = window });
        OptimizationResult r = pso.Minimize(Box10, ref rec);
        output.WriteLine($"{r.Status} after {r.Iterations} iterations, f={r.Value}");
        Assert.Equal(TerminationReason.FunctionTolerance, r.Status);
        // Recompute the rule from the recorded best values: the stop is the first iteration that ends a run of
        // `window` consecutive iterations with |best - previous| < ftol * (1 + |previous|).
        var best = rec.Best;
        int run = 0;
        long expectedStop = -1;
        for (int t = 0; t < best.Count; t++)
        {
            double previous = t == 0 ? double.PositiveInfinity : best[t - 1];
            run = Math.Abs(best[t] - previous) < ftol * (1 + Math.Abs(previous)) ? run + 1 : 0;
            if (run >= window) { expectedStop = t + 1; break; }
        }
        Assert.Equal(expectedStop, r.Iterations);
        Assert.True(r.Iterations < 1000);
    }

    [Fact]
    public void FTol_DefaultIsOff()
    {
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 3, MaxIterations = 2000 });
        Assert.Equal(TerminationReason.MaxIterations, pso.Minimize(Box10).Status);
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(40)]
    [InlineData(7)]
    public void MaxEvaluations_IsRespectedExactly(long budget)
    {
        using var pso = new Pso<CountingSphere>(new PsoOptions { Seed = 4, MaxEvaluations = budget });
        OptimizationResult r = pso.Minimize(Bounds.Uniform(3, -1, 1));
        Assert.Equal(TerminationReason.MaxEvaluations, r.Status);
        Assert.Equal(budget, r.Evaluations);
        Assert.Equal(budget, pso.Objective.Calls);
        Assert.Equal((budget + 39) / 40, r.Iterations);
    }

    [Fact]
    public void MaxEvaluations_LastAskIsShort()
    {
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 4, MaxEvaluations = 50 });
        pso.Initialize(Box10);
        Assert.Equal(40, pso.Ask().Count);
        pso.Tell(new double[40]);
        Assert.Equal(10, pso.Ask().Count);
        Assert.Throws<ArgumentException>(() => pso.Tell(new double[40]));
        Assert.Equal(TerminationReason.MaxEvaluations, pso.Tell(new double[10]));
    }

    [Fact]
    public void Observer_CanStop()
    {
        var rec = NewRecorder(stopAfter: 5);
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 5 });
        OptimizationResult r = pso.Minimize(Box10, ref rec);
        Assert.Equal(TerminationReason.StoppedByObserver, r.Status);
        Assert.Equal(5, r.Iterations);
        Assert.Equal(200, r.Evaluations);
        // best values never get worse
        for (int i = 1; i < rec.Best.Count; i++) Assert.True(rec.Best[i] <= rec.Best[i - 1]);
    }

    [Fact]
    public void Cancellation_StopsBeforeTheNextIteration()
    {
        using var cts = new CancellationTokenSource();
        var rec = NewRecorder(stopAfter: 7, cancel: cts);
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 6 });
        OptimizationResult r = pso.Minimize(Box10, ref rec, cts.Token);
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(7, r.Iterations);
        Assert.Equal(TerminationReason.Cancelled, pso.Minimize(Box10, cts.Token).Status);
        Assert.Equal(0, pso.Result.Evaluations);
    }

    [Fact]
    public void LinearInertia_DecreasesFromWMaxToWMinOverTheHorizon()
    {
        // Horizon T = min(MaxIterations, ceil(MaxEvaluations / S)) = min(100, ceil(2,000 / 40)) = 50 iterations.
        using var pso = new Pso<Sphere<D10>>(new PsoOptions
        {
            Seed = 7, InertiaSchedule = PsoInertiaSchedule.Linear, WMax = 0.9, WMin = 0.4, MaxIterations = 100, MaxEvaluations = 2000,
        });
        var values = new double[40];
        var f = default(Sphere<D10>);
        pso.Initialize(Box10);
        var weights = new List<double>();
        while (pso.Status == TerminationReason.None)
        {
            Population pop = pso.Ask();
            for (int k = 0; k < pop.Count; k++) values[k] = f.Value(pop[k]);
            if (pso.Tell(values.AsSpan(0, pop.Count)) == TerminationReason.None)
                weights.Add(pso.Inertia());
        }
        Assert.Equal(49, weights.Count); // no move after the last iteration
        for (int t = 0; t < weights.Count; t++)
            Assert.Equal(0.4 + 0.5 * (50 - t) / 50.0, weights[t], 12);
        Assert.Equal(0.9, weights[0], 12);

        using var constant = new Pso<Sphere<D10>>(new PsoOptions { W = 0.6 });
        Assert.Equal(0.6, constant.Inertia());
    }

    [Fact]
    public void NaNAndInfinity_NeverBecomeBest_AndAreCounted()
    {
        // PartlyNaNSphere is NaN where x0 < -1: on [-5, 5]^4 many initial particles land there.
        using var pso = new Pso<PartlyNaNSphere>(new PsoOptions { Seed = 8, MaxIterations = 200 });
        OptimizationResult r = pso.Minimize(Bounds.Uniform(4, -5, 5));
        output.WriteLine($"f={r.Value} nonfinite={r.NonFiniteEvaluations}");
        Assert.True(r.NonFiniteEvaluations > 0);
        Assert.True(double.IsFinite(r.Value) && r.Value < 1e-8);
        Assert.True(r.Point.Span[0] >= -1);

        // Ask/Tell with -infinity, +infinity and NaN values: none becomes the best.
        using var told = new Pso<Sphere<D10>>(new PsoOptions { Seed = 8, SwarmSize = 4 });
        told.Initialize(Box10);
        told.Ask();
        told.Tell([double.NegativeInfinity, double.NaN, 3.0, double.PositiveInfinity]);
        Assert.Equal(3.0, told.BestValue);
        Assert.Equal(3, told.Result.NonFiniteEvaluations);
    }

    [Fact]
    public void AlwaysNaN_StopsWithObjectiveNotFinite()
    {
        using var pso = new Pso<AlwaysNaN>(new PsoOptions { Seed = 9 });
        OptimizationResult r = pso.Minimize(Bounds.Uniform(3, -1, 1));
        Assert.Equal(TerminationReason.ObjectiveNotFinite, r.Status);
        Assert.Equal(20, r.Iterations);
        Assert.Equal(r.Evaluations, r.NonFiniteEvaluations);
        Assert.True(double.IsPositiveInfinity(r.Value));
    }

    [Theory]
    [InlineData(PsoBoundaryStrategy.Reflective)]
    [InlineData(PsoBoundaryStrategy.Nearest)]
    [InlineData(PsoBoundaryStrategy.Random)]
    [InlineData(PsoBoundaryStrategy.Periodic)]
    public void EveryAskedPoint_LiesInTheBox(PsoBoundaryStrategy strategy)
    {
        // Optimum (10, ..., 10) far outside [-1, 2] x [0, 0.5] x ... with a zero-width coordinate and a velocity
        // clamp larger than the box: particles push against the bounds all the time.
        var lower = new double[] { -1, 0, 3, -2, -2, -2, -2, -2, -2, -2 };
        var upper = new double[] { 2, 0.5, 3, 2, 2, 2, 2, 2, 2, 200 };
        var box = new Bounds(lower, upper);
        using var pso = new Pso<ShiftedSphere10>(new PsoOptions { Seed = 10, Boundary = strategy, MaxIterations = 200, VelocityClamp = 3 });
        var f = default(ShiftedSphere10);
        var values = new double[40];
        pso.Initialize(box);
        long outside = 0;
        while (pso.Status == TerminationReason.None)
        {
            Population pop = pso.Ask();
            for (int k = 0; k < pop.Count; k++)
            {
                if (!box.Contains(pop[k])) outside++;
                values[k] = f.Value(pop[k]);
            }
            pso.Tell(values.AsSpan(0, pop.Count));
        }
        Assert.Equal(0, outside);
        Assert.Equal(3, pso.BestPoint[2]);
        output.WriteLine($"{strategy}: f={pso.BestValue}");
    }

    [Theory]
    [InlineData(6, 1, 0, new[] { 5, 0, 1 })]
    [InlineData(6, 1, 5, new[] { 4, 5, 0 })]
    [InlineData(6, 2, 0, new[] { 4, 5, 0, 1, 2 })]
    [InlineData(3, 2, 1, new[] { 0, 1, 2 })]
    [InlineData(2, 1, 0, new[] { 0, 1 })]
    public void RingNeighbourhoods_AreCorrectForSmallSwarms(int swarm, int radius, int particle, int[] expected)
    {
        using var pso = new Pso<Sphere<D2>>(new PsoOptions { SwarmSize = swarm, Topology = PsoTopology.Ring, RingRadius = radius });
        var found = new int[swarm];
        int count = pso.Neighbours(particle, found);
        Assert.Equal(Sorted(expected), Sorted(found.AsSpan(0, count).ToArray()));
    }

    [Theory]
    [InlineData(6, 0, new[] { 0, 3, 2, 1 })]        // 2 x 3 grid: up and down are the same particle
    [InlineData(12, 5, new[] { 5, 1, 9, 4, 6 })]    // 3 x 4 grid, particle (1, 1)
    [InlineData(12, 0, new[] { 0, 8, 4, 3, 1 })]    // wraps around both ways
    [InlineData(7, 0, new[] { 0, 6, 1 })]           // prime: 1 x 7 grid, a ring
    [InlineData(40, 0, new[] { 0, 32, 8, 7, 1 })]   // 5 x 8 grid
    public void VonNeumannNeighbourhoods_AreCorrectForSmallSwarms(int swarm, int particle, int[] expected)
    {
        using var pso = new Pso<Sphere<D2>>(new PsoOptions { SwarmSize = swarm, Topology = PsoTopology.VonNeumann });
        var found = new int[swarm];
        int count = pso.Neighbours(particle, found);
        Assert.Equal(Sorted(expected), Sorted(found.AsSpan(0, count).ToArray()));
    }

    [Theory]
    [InlineData(PsoTopology.Global)]
    [InlineData(PsoTopology.Ring)]
    [InlineData(PsoTopology.VonNeumann)]
    [InlineData(PsoTopology.Random)]
    public void NeighbourhoodBest_IsTheBestPersonalBestAmongTheNeighbours(PsoTopology topology)
    {
        const int s = 12;
        using var pso = new Pso<Sphere<D2>>(new PsoOptions { Seed = 3, SwarmSize = s, Topology = topology });
        pso.Initialize(Bounds.Uniform(2, -1, 1));
        var values = new double[s];
        var rng = new RandomSource(5);
        var neighbours = new int[s];
        for (int iteration = 0; iteration < 3; iteration++)
        {
            pso.Ask();
            for (int i = 0; i < s; i++) values[i] = rng.NextDouble();
            var personal = (double[])values.Clone();
            pso.Tell(values);
            if (iteration > 0) continue; // after the first Tell the personal bests are the told values
            for (int i = 0; i < s; i++)
            {
                int count = pso.Neighbours(i, neighbours);
                int best = pso.NeighbourhoodBest(i);
                Assert.Contains(best, neighbours.AsSpan(0, count).ToArray());
                for (int k = 0; k < count; k++)
                    Assert.True(personal[best] <= personal[neighbours[k]]);
            }
        }
    }

    [Fact]
    public void RandomTopology_RewiresOnlyWhenTheBestDoesNotImprove()
    {
        const int s = 10;
        using var pso = new Pso<Sphere<D2>>(new PsoOptions { Seed = 4, SwarmSize = s, Topology = PsoTopology.Random, RandomInformants = 3 });
        pso.Initialize(Bounds.Uniform(2, -1, 1));
        int[][] Snapshot()
        {
            var all = new int[s][];
            var buffer = new int[s];
            for (int i = 0; i < s; i++)
            {
                int count = pso.Neighbours(i, buffer);
                Assert.Contains(i, buffer.AsSpan(0, count).ToArray()); // every particle informs itself
                all[i] = Sorted(buffer.AsSpan(0, count).ToArray());
            }
            return all;
        }
        int[][] initial = Snapshot();
        var values = new double[s];
        values.AsSpan().Fill(5);
        pso.Ask();
        pso.Tell(values);                  // first finite values: the best improves -> same links
        Assert.True(AreEqual(initial, Snapshot()));
        pso.Ask();
        pso.Tell(values);                  // no improvement -> new links
        int[][] rewired = Snapshot();
        Assert.False(AreEqual(initial, rewired));
        values.AsSpan().Fill(1);
        pso.Ask();
        pso.Tell(values);                  // improvement -> links kept
        Assert.True(AreEqual(rewired, Snapshot()));
    }

    private static bool AreEqual(int[][] a, int[][] b)
    {
        for (int i = 0; i < a.Length; i++)
            if (!a[i].AsSpan().SequenceEqual(b[i])) return false;
        return true;
    }

    private static int[] Sorted(int[] a)
    {
        var c = (int[])a.Clone();
        Array.Sort(c);
        return c;
    }
}

/// <summary>Sphere centred at (10, ..., 10) in 10-D.</summary>
public struct ShiftedSphere10 : IObjective
{
    public static int Dimension => 10;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += (x[i] - 10) * (x[i] - 10);
        return s;
    }
}

/// <summary>2-D sphere that throws where x0 &gt; 0.5 while armed (an objective that fails on some inputs).</summary>
public struct ThrowingSphere : IObjective
{
    public bool Armed;
    public ThrowingSphere() => Armed = true;
    public static int Dimension => 2;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        if (Armed && x[0] > 0.5) throw new InvalidOperationException("ThrowingSphere: x0 > 0.5");
        return x[0] * x[0] + x[1] * x[1];
    }
}
