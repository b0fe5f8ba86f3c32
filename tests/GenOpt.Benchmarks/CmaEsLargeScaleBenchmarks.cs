using System;
using BenchmarkDotNet.Attributes;

namespace GenOpt.Benchmarks;

/// <summary>Sphere of dimension 1000.</summary>
public struct Sphere1000 : IObjective
{
    public static int Dimension => 1000;
    public readonly double Value(ReadOnlySpan<double> x) => LinearAlgebraFree.SumOfSquares(x);
}

/// <summary>Sphere of dimension 10000.</summary>
public struct Sphere10000 : IObjective
{
    public static int Dimension => 10_000;
    public readonly double Value(ReadOnlySpan<double> x) => LinearAlgebraFree.SumOfSquares(x);
}

internal static class LinearAlgebraFree
{
    public static double SumOfSquares(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        return s;
    }
}

/// <summary>
/// Cost per objective evaluation of the large-scale covariance models (<see cref="CovarianceModel.Separable"/>,
/// <see cref="CovarianceModel.LimitedMemory"/>) on the sphere at n = 100, 1000 (and 10000 for LimitedMemory): each
/// operation is one run with a fixed evaluation budget and every other stopping criterion off, reported per evaluation.
/// The sphere costs about n nanoseconds of it, the normal variates of a sample (NormalVariatesOnly_1000) most of the rest.
/// Figures and pycma's CMA_diagonal on the same case: docs/cma-large-scale.md.
/// </summary>
[MemoryDiagnoser]
public class CmaEsLargeScaleBenchmarks
{
    /// <summary>Evaluations of one benchmarked run at n = 100 and 1000; n = 10000 runs <see cref="Evaluations10000"/>.</summary>
    public const int Evaluations = 20_000;
    public const int Evaluations10000 = 4_000;

    private static CmaEsOptions Options(CovarianceModel model, int budget) => new()
    {
        CovarianceModel = model,
        Seed = 1, Sigma0 = 0.5, MaxEvaluations = budget,
        TolFun = 0, TolX = 0, MaxConditionNumber = double.MaxValue, MaxIterations = long.MaxValue,
        StagnationIterations = int.MaxValue, TolUpSigma = double.MaxValue, TolFacUpX = double.MaxValue,
        TolFunHist = 0, TolFlatFitness = int.MaxValue,
    };

    private CmaEs<Sphere100> _sep100 = null!, _lm100 = null!;
    private CmaEs<Sphere1000> _sep1000 = null!, _lm1000 = null!;
    private CmaEs<Sphere10000> _lm10000 = null!;
    private readonly double[] _x100 = new double[100], _x1000 = new double[1000], _x10000 = new double[10_000];

    [GlobalSetup]
    public void Setup()
    {
        _x100.AsSpan().Fill(1);
        _x1000.AsSpan().Fill(1);
        _x10000.AsSpan().Fill(1);
        _sep100 = Make<Sphere100>(CovarianceModel.Separable, Evaluations);
        _lm100 = Make<Sphere100>(CovarianceModel.LimitedMemory, Evaluations);
        _sep1000 = Make<Sphere1000>(CovarianceModel.Separable, Evaluations);
        _lm1000 = Make<Sphere1000>(CovarianceModel.LimitedMemory, Evaluations);
        _lm10000 = Make<Sphere10000>(CovarianceModel.LimitedMemory, Evaluations10000);
        // Per-evaluation figures are only meaningful if each run uses its whole budget.
        Check(_sep100.Minimize(_x100), Evaluations);
        Check(_lm100.Minimize(_x100), Evaluations);
        Check(_sep1000.Minimize(_x1000), Evaluations);
        Check(_lm1000.Minimize(_x1000), Evaluations);
        Check(_lm10000.Minimize(_x10000), Evaluations10000);
    }

    private static CmaEs<T> Make<T>(CovarianceModel model, int budget) where T : struct, IObjective =>
        new(Options(model, budget)) { ResultBuffer = new double[T.Dimension] };

    private static void Check(OptimizationResult r, int budget)
    {
        if (r.Status != TerminationReason.MaxEvaluations || r.Evaluations < budget)
            throw new InvalidOperationException($"Benchmark run stopped early: {r.Status} after {r.Evaluations} evaluations.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sep100.Dispose(); _lm100.Dispose(); _sep1000.Dispose(); _lm1000.Dispose(); _lm10000.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double Separable_Sphere100() => _sep100.Minimize(_x100).Value;

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double LimitedMemory_Sphere100() => _lm100.Minimize(_x100).Value;

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double Separable_Sphere1000() => _sep1000.Minimize(_x1000).Value;

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double LimitedMemory_Sphere1000() => _lm1000.Minimize(_x1000).Value;

    [Benchmark(OperationsPerInvoke = Evaluations10000)]
    public double LimitedMemory_Sphere10000() => _lm10000.Minimize(_x10000).Value;

    private RandomSource _random = new(1);

    /// <summary>The n = 1000 standard normal variates of one sample (RandomSource.FillGaussian), per sample.</summary>
    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double NormalVariatesOnly_1000()
    {
        double s = 0;
        for (int i = 0; i < Evaluations; i++)
        {
            _random.FillGaussian(_gaussians);
            s += _gaussians[i % 1000];
        }
        return s;
    }

    private readonly double[] _gaussians = new double[1000];

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double ObjectiveOnly_Sphere1000()
    {
        var f = default(Sphere1000);
        double s = 0;
        for (int i = 0; i < Evaluations; i++)
        {
            _x1000[i % 1000] += 1e-300;
            s += f.Value(_x1000);
        }
        return s;
    }
}

/// <summary>
/// Evaluation counts of the large-scale models on the cases of docs/reference/cma_large_scale.py (x0 = 1, sigma0 = 1,
/// target 1e-8, the same budgets and seeds), one CSV line per run, for the table of docs/cma-large-scale.md:
/// <c>dotnet run -c Release --project tests/GenOpt.Benchmarks -- --large-cma-counts [case ...]</c>.
/// </summary>
public static class CmaEsLargeScaleCounts
{
    public static void Run(string[] selected)
    {
        Console.WriteLine("case,n,method,seed,evaluations,fbest,stop,seconds");
        Case<Tests.Sphere<Tests.D100>>("sphere", 200_000, [1, 2, 3], selected);
        Case<Tests.FastEllipsoid<Tests.D100>>("ellipsoid", 3_000_000, [1, 2, 3], selected);
        Case<Tests.RotatedEllipsoid<Tests.D100>>("rotellipsoid", 3_000_000, [1, 2, 3], selected);
        Case<Sphere1000>("sphere", 1_000_000, [1], selected);
        Case<Tests.FastEllipsoid<Tests.D1000>>("ellipsoid", 1_000_000, [1], selected);
        Case<Tests.RotatedEllipsoid<Tests.D1000>>("rotellipsoid", 300_000, [1], selected);
    }

    private static void Case<T>(string name, long budget, ulong[] seeds, string[] selected) where T : struct, IObjective
    {
        int n = T.Dimension;
        if (selected.Length > 0 && Array.IndexOf(selected, name + n) < 0)
            return;
        var x0 = new double[n];
        x0.AsSpan().Fill(1);
        foreach (CovarianceModel model in new[] { CovarianceModel.Separable, CovarianceModel.LimitedMemory })
            foreach (ulong seed in seeds)
            {
                var options = new CmaEsOptions { CovarianceModel = model, Seed = seed, Sigma0 = 1, TargetValue = 1e-8, MaxEvaluations = budget };
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                using var cma = new CmaEs<T>(options);
                OptimizationResult r = cma.Minimize(x0);
                double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
                string method = model == CovarianceModel.Separable ? "sep" : "lm";
                Console.WriteLine(FormattableString.Invariant($"{name},{n},{method},{seed},{r.Evaluations},{r.Value:0.000e+00},{r.Status},{seconds:F1}"));
            }
    }
}
