using System;
using BenchmarkDotNet.Attributes;
using GenOpt.Samples;

namespace GenOpt.Benchmarks;

// Rastrigin10 (10-D Rastrigin, domain [-5.12, 5.12]^10, minimum 0 at the origin) is defined in PsoBenchmarks.cs.

/// <summary>Rastrigin10 counting its calls (to check the operation counts below).</summary>
public struct CountingRastrigin10 : IObjective
{
    public long Calls;
    public static int Dimension => 10;
    public double Value(ReadOnlySpan<double> x) { Calls++; return default(Rastrigin10).Value(x); }
}

/// <summary>
/// Dual annealing on 10-D Rastrigin as scipy.optimize.dual_annealing runs it (seed 1, maxiter 1000, local search on a
/// finite-difference gradient), reported per call of the objective function, the unit of scipy's nfev (finite-difference
/// calls included); the run makes 21,996 calls (20,096 counted evaluations, 95 of them value-and-gradient). Without local
/// search, a run is exactly 20,001 calls. <c>ObjectiveOnly</c> times the function alone, at random points of the box. The TSP row times one 2-opt
/// annealing move (300 cities) of the sample's problem.
/// </summary>
[MemoryDiagnoser]
public class AnnealingBenchmarks
{
    /// <summary>Function calls of one dual-annealing run with local search (seed 1), checked in Setup.</summary>
    public const int CallsWithLocalSearch = 21_996;
    /// <summary>Function calls of one run without local search: 1 start + 1000 chains of 2n = 20 visits.</summary>
    public const int CallsWithoutLocalSearch = 20_001;
    /// <summary>Moves of one TSP annealing run.</summary>
    public const int TspMoves = 200 * 1000;

    private static readonly Bounds Box = Bounds.Uniform(10, -5.12, 5.12);
    private DualAnnealing<FiniteDifferenceObjective<Rastrigin10>> _da = null!;
    private DualAnnealing<FiniteDifferenceObjective<Rastrigin10>> _gsa = null!;
    private SimulatedAnnealing<int[], TspProblem> _sa = null!;
    private int[] _start = null!;
    private int[] _tour = null!;
    private const int PointCount = 1000;
    private readonly double[] _points = new double[PointCount * 10];

    [GlobalSetup]
    public void Setup()
    {
        // With a result buffer the runs allocate nothing (without, each result's point is one array of 10 doubles).
        _da = new DualAnnealing<FiniteDifferenceObjective<Rastrigin10>>(new DualAnnealingOptions { Seed = 1 }) { ResultBuffer = new double[10] };
        _gsa = new DualAnnealing<FiniteDifferenceObjective<Rastrigin10>>(new DualAnnealingOptions { Seed = 1, NoLocalSearch = true }) { ResultBuffer = new double[10] };
        Check(new DualAnnealingOptions { Seed = 1 }, CallsWithLocalSearch);
        Check(new DualAnnealingOptions { Seed = 1, NoLocalSearch = true }, CallsWithoutLocalSearch);
        var random = new RandomSource(3);
        for (int i = 0; i < _points.Length; i++) _points[i] = random.NextDouble(-5.12, 5.12);
        var tsp = new TspProblem(300, 2026);
        _start = tsp.IdentityTour();
        _tour = (int[])_start.Clone();
        _sa = new SimulatedAnnealing<int[], TspProblem>(tsp, new SimulatedAnnealingOptions { Seed = 1, TemperatureSteps = 200, MovesPerTemperature = 1000 });
    }

    private static void Check(DualAnnealingOptions options, long expected)
    {
        var counting = new DualAnnealing<FiniteDifferenceObjective<CountingRastrigin10>>(options);
        counting.Minimize(Box);
        if (counting.Objective.Inner.Calls != expected)
            throw new InvalidOperationException($"Expected {expected} function calls per run but counted {counting.Objective.Inner.Calls}.");
    }

    [Benchmark(OperationsPerInvoke = CallsWithLocalSearch)]
    public double DualAnnealing_Rastrigin10() => _da.Minimize(Box).Value;

    [Benchmark(OperationsPerInvoke = CallsWithoutLocalSearch)]
    public double DualAnnealingNoLocalSearch_Rastrigin10() => _gsa.Minimize(Box).Value;

    [Benchmark(OperationsPerInvoke = CallsWithoutLocalSearch)]
    public double ObjectiveOnly_Rastrigin10()
    {
        // At uniform random points of the box (cosines of larger arguments cost more than near the optimum).
        var f = default(Rastrigin10);
        double s = 0;
        for (int i = 0; i < CallsWithoutLocalSearch; i++)
            s += f.Value(_points.AsSpan(i % PointCount * 10, 10));
        return s;
    }

    [Benchmark(OperationsPerInvoke = TspMoves)]
    public double SimulatedAnnealing_Tsp300_PerMove()
    {
        _start.AsSpan().CopyTo(_tour);
        return _sa.Minimize(ref _tour).Value;
    }
}

/// <summary>Stopwatch estimates of the annealing benchmarks for <c>--quick</c> (minimum of repeated runs).</summary>
public static class AnnealingQuickTiming
{
    /// <summary>Runs the measurements whose names contain <paramref name="filter"/>.</summary>
    public static void Run(string filter)
    {
        var bench = new AnnealingBenchmarks();
        bench.Setup();
        Report(filter, nameof(AnnealingBenchmarks.DualAnnealing_Rastrigin10), () => bench.DualAnnealing_Rastrigin10(), AnnealingBenchmarks.CallsWithLocalSearch);
        Report(filter, nameof(AnnealingBenchmarks.DualAnnealingNoLocalSearch_Rastrigin10), () => bench.DualAnnealingNoLocalSearch_Rastrigin10(), AnnealingBenchmarks.CallsWithoutLocalSearch);
        Report(filter, nameof(AnnealingBenchmarks.ObjectiveOnly_Rastrigin10), () => bench.ObjectiveOnly_Rastrigin10(), AnnealingBenchmarks.CallsWithoutLocalSearch);
        Report(filter, nameof(AnnealingBenchmarks.SimulatedAnnealing_Tsp300_PerMove), () => bench.SimulatedAnnealing_Tsp300_PerMove(), AnnealingBenchmarks.TspMoves);
    }

    private static void Report(string filter, string name, Func<double> run, int operations)
    {
        if (!name.Contains(filter, StringComparison.Ordinal))
            return;
        run();
        double best = double.MaxValue;
        for (int i = 0; i < 20; i++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalNanoseconds / operations);
        }
        Console.WriteLine($"{name,-40} {best,10:F1} ns/operation (min of 20)");
    }
}
