using System;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace GenOpt.Benchmarks;

// Trivial generated objectives (a sum of squares, analytic gradient) at three sizes: with so little work per call,
// an optimizer's time per evaluation is its own overhead.
public static partial class Trivial10
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            s += x[i] * x[i];
        return s;
    }
}

public static partial class Trivial100
{
    [Objective(Dimension = 100)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            s += x[i] * x[i];
        return s;
    }
}

public static partial class Trivial1000
{
    [Objective(Dimension = 1000)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            s += x[i] * x[i];
        return s;
    }
}

/// <summary>
/// Per-evaluation overhead of PSO and dual annealing at n = 10, 100 and 1,000 on a trivial objective (the issue's
/// n = 1,000 check: it should grow linearly in n). Each run has a fixed budget of <see cref="Evaluations"/>; dual
/// annealing without local search isolates its visiting and acceptance steps, with it the L-BFGS-B local searches are
/// included. <c>--quick ScaleOverhead</c> prints stopwatch figures; BenchmarkDotNet runs the same runs.
/// </summary>
[MemoryDiagnoser]
public class ScaleOverheadBenchmarks
{
    public const int Evaluations = 20_000;

    [Params(10, 100, 1000)]
    public int N { get; set; }

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double Pso() => N switch { 10 => RunPso<Trivial10.Objective>(), 100 => RunPso<Trivial100.Objective>(), _ => RunPso<Trivial1000.Objective>() };

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double DualAnnealingNoLocalSearch() => N switch
    {
        10 => RunAnnealing<Trivial10.Objective>(true), 100 => RunAnnealing<Trivial100.Objective>(true), _ => RunAnnealing<Trivial1000.Objective>(true),
    };

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double DualAnnealing() => N switch
    {
        10 => RunAnnealing<Trivial10.Objective>(false), 100 => RunAnnealing<Trivial100.Objective>(false), _ => RunAnnealing<Trivial1000.Objective>(false),
    };

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double ObjectiveOnly() => N switch { 10 => RunObjective<Trivial10.Objective>(), 100 => RunObjective<Trivial100.Objective>(), _ => RunObjective<Trivial1000.Objective>() };

    private static double RunPso<T>() where T : struct, IDifferentiableObjective =>
        new Pso<T>(new PsoOptions { Seed = 1, MaxEvaluations = Evaluations, MaxIterations = long.MaxValue })
            .Minimize(Bounds.Uniform(T.Dimension, -5, 5)).Value;

    private static double RunAnnealing<T>(bool noLocalSearch) where T : struct, IDifferentiableObjective
    {
        var options = new DualAnnealingOptions { Seed = 1, MaxEvaluations = Evaluations, NoLocalSearch = noLocalSearch };
        return new DualAnnealing<T>(options).Minimize(Bounds.Uniform(T.Dimension, -5, 5)).Value;
    }

    private static double RunObjective<T>() where T : struct, IDifferentiableObjective
    {
        var random = new RandomSource(3);
        var x = new double[T.Dimension];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble(-5, 5);
        var f = default(T);
        double s = 0;
        for (int i = 0; i < Evaluations; i++)
        {
            x[i % x.Length] += 1e-9;   // a point that changes, as an optimizer's does
            s += f.Value(x);
        }
        return s;
    }

    /// <summary>Stopwatch figures (fastest of 5 runs after a warm-up run): ns per evaluation, and per evaluation and dimension.</summary>
    public static void Quick()
    {
        var bench = new ScaleOverheadBenchmarks();
        Console.WriteLine($"{"n",5} {"PSO",14} {"DA, no local",14} {"DA",14} {"objective",14}   (ns per evaluation; ns per evaluation and dimension in brackets)");
        foreach (int n in new[] { 10, 100, 1000 })
        {
            bench.N = n;
            double pso = Fastest(() => bench.Pso()), gsa = Fastest(() => bench.DualAnnealingNoLocalSearch());
            double da = Fastest(() => bench.DualAnnealing()), objective = Fastest(() => bench.ObjectiveOnly());
            static string Cell(double ns, int n) => $"{ns,7:F0} ({ns / n,4:F1})";
            Console.WriteLine($"{n,5} {Cell(pso, n),14} {Cell(gsa, n),14} {Cell(da, n),14} {Cell(objective, n),14}");
        }
    }

    private static double Fastest(Func<double> run)
    {
        run();
        double best = double.MaxValue;
        for (int r = 0; r < 5; r++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / Evaluations);
        }
        return best;
    }
}
