using System;
using System.Diagnostics;

namespace GenOpt.Benchmarks;

/// <summary>
/// A fast stopwatch measurement (minimum of repeated runs) for quick comparisons while developing:
/// <c>dotnet run -c Release --project tests/GenOpt.Benchmarks -- --quick</c>. BenchmarkDotNet gives the reported figures.
/// </summary>
public static class QuickTiming
{
    /// <summary>Runs the measurements whose names contain <paramref name="filter"/> (all when empty).</summary>
    public static void Run(string filter)
    {
        // The gradient figures alone, without setting up the optimizer benchmarks.
        if (filter == "Gradient")
        {
            GradientBenchmarks.Quick(filter);
            return;
        }
        // Batch against per-candidate evaluation (BatchBenchmarks) alone.
        if (filter == "Batch")
        {
            BatchBenchmarks.Quick(filter, (name, run, evaluations) => Report(filter, name, run, repetitions: 10, evaluations: evaluations));
            return;
        }
        var bench = new CmaEsBenchmarks();
        bench.Setup();
        Report(filter, "CmaEs_Sphere10", () => bench.CmaEs_Sphere10());
        Report(filter, "ObjectiveOnly_Sphere10", () => bench.ObjectiveOnly_Sphere10());
        Report(filter, "CmaEs_Sphere100", () => bench.CmaEs_Sphere100(), repetitions: 5);
        Report(filter, "ObjectiveOnly_Sphere100", () => bench.ObjectiveOnly_Sphere100());
        if ("LargeScale".Contains(filter, StringComparison.Ordinal) || filter.StartsWith("Separable", StringComparison.Ordinal) || filter.StartsWith("LimitedMemory", StringComparison.Ordinal))
        {
            var large = new CmaEsLargeScaleBenchmarks();
            large.Setup();
            string f = filter == "LargeScale" ? "" : filter;
            Report(f, "Separable_Sphere100", () => large.Separable_Sphere100(), repetitions: 5, evaluations: CmaEsLargeScaleBenchmarks.Evaluations);
            Report(f, "LimitedMemory_Sphere100", () => large.LimitedMemory_Sphere100(), repetitions: 5, evaluations: CmaEsLargeScaleBenchmarks.Evaluations);
            Report(f, "Separable_Sphere1000", () => large.Separable_Sphere1000(), repetitions: 5, evaluations: CmaEsLargeScaleBenchmarks.Evaluations);
            Report(f, "LimitedMemory_Sphere1000", () => large.LimitedMemory_Sphere1000(), repetitions: 5, evaluations: CmaEsLargeScaleBenchmarks.Evaluations);
            Report(f, "LimitedMemory_Sphere10000", () => large.LimitedMemory_Sphere10000(), repetitions: 3, evaluations: CmaEsLargeScaleBenchmarks.Evaluations10000);
            Report(f, "ObjectiveOnly_Sphere1000", () => large.ObjectiveOnly_Sphere1000(), evaluations: CmaEsLargeScaleBenchmarks.Evaluations);
            Report(f, "NormalVariatesOnly_1000", () => large.NormalVariatesOnly_1000(), repetitions: 5, evaluations: CmaEsLargeScaleBenchmarks.Evaluations);
            large.Cleanup();
            if (filter == "LargeScale")
                return;
        }
        var pso = new PsoBenchmarks();
        pso.Setup();
        Report(filter, "Pso_Rastrigin10", () => pso.Pso_Rastrigin10(), evaluations: PsoBenchmarks.EvaluationsPerRun);
        Report(filter, "Pso_Rastrigin10Simd", () => pso.Pso_Rastrigin10Simd(), evaluations: PsoBenchmarks.EvaluationsPerRun);
        Report(filter, "Pso_Sphere10", () => pso.Pso_Sphere10(), evaluations: PsoBenchmarks.EvaluationsPerRun);
        Report(filter, "ObjectiveOnly_Rastrigin10", () => pso.ObjectiveOnly_Rastrigin10(), evaluations: PsoBenchmarks.EvaluationsPerRun);
        Report(filter, "ObjectiveOnly_Rastrigin10Simd", () => pso.ObjectiveOnly_Rastrigin10Simd(), evaluations: PsoBenchmarks.EvaluationsPerRun);
        pso.Cleanup();
        AnnealingQuickTiming.Run(filter);
        SlsqpBenchmarks.Quick(filter);
        GradientBenchmarks.Quick(filter);
        if ("SymmetricEigen".Contains(filter, StringComparison.Ordinal))
        {
            EigenTiming(10, 2000);
            EigenTiming(100, 20);
        }
    }

    private static void EigenTiming(int n, int repetitions)
    {
        var rng = new RandomSource(1);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                a[i * n + j] = a[j * n + i] = rng.NextGaussian() + (i == j ? n : 0);
        var d = new double[n];
        var v = new double[n * n];
        var w = new double[LinearAlgebra.SymmetricEigen.WorkspaceLength(n)];
        LinearAlgebra.SymmetricEigen.Decompose(a, n, d, v, w);
        double best = double.MaxValue;
        for (int r = 0; r < 5; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < repetitions; i++)
                LinearAlgebra.SymmetricEigen.Decompose(a, n, d, v, w);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / repetitions);
        }
        Console.WriteLine($"SymmetricEigen n={n,-4}            {best,10:F2} us/decomposition");
    }

    private static void Report(string filter, string name, Func<double> run, int repetitions = 30, int evaluations = CmaEsBenchmarks.EvaluationsPerRun)
    {
        if (!name.Contains(filter, StringComparison.Ordinal))
            return;
        run();
        double best = double.MaxValue;
        for (int i = 0; i < repetitions; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / evaluations);
        }
        Console.WriteLine($"{name,-30} {best,10:F1} ns/evaluation (min of {repetitions})");
    }
}
