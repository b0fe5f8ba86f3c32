using System;
using BenchmarkDotNet.Attributes;

namespace GenOpt.Benchmarks;

/// <summary>Sphere of dimension 10, written by hand (the generator is not needed to use the runtime).</summary>
public struct Sphere10 : IObjective
{
    public static int Dimension => 10;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        return s;
    }
}

/// <summary>Sphere of dimension 100.</summary>
public struct Sphere100 : IObjective
{
    public static int Dimension => 100;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        return s;
    }
}

/// <summary>
/// CMA-ES cost per objective evaluation on the sphere: each operation is one full run with a fixed
/// evaluation budget (all other stopping criteria off), reported per evaluation through
/// OperationsPerInvoke. The sphere itself costs a few nanoseconds; the <c>ObjectiveOnly</c> rows measure it
/// so that optimizer overhead = CmaEs row - ObjectiveOnly row.
/// </summary>
[MemoryDiagnoser]
public class CmaEsBenchmarks
{
    private const int Evaluations = 20_000;

    /// <summary>Evaluations in one benchmarked run.</summary>
    public const int EvaluationsPerRun = Evaluations;
    private static readonly CmaEsOptions Options = new()
    {
        Seed = 1, Sigma0 = 0.5, MaxEvaluations = Evaluations,
        TolFun = 0, TolX = 0, MaxConditionNumber = double.MaxValue, MaxIterations = long.MaxValue,
        StagnationIterations = int.MaxValue, TolUpSigma = double.MaxValue, TolFacUpX = double.MaxValue,
        TolFunHist = 0, TolFlatFitness = int.MaxValue,
    };

    private CmaEs<Sphere10> _cma10 = null!;
    private CmaEs<Sphere100> _cma100 = null!;
    private readonly double[] _x10 = new double[10];
    private readonly double[] _x100 = new double[100];

    [GlobalSetup]
    public void Setup()
    {
        _x10.AsSpan().Fill(1);
        _x100.AsSpan().Fill(1);
        // Results go to a ResultBuffer: the steady state allocates nothing per run.
        _cma10 = new CmaEs<Sphere10>(Options) { ResultBuffer = new double[10] };
        _cma100 = new CmaEs<Sphere100>(Options) { ResultBuffer = new double[100] };
        // Per-evaluation figures are only meaningful if each run uses its whole budget.
        Check(_cma10.Minimize(_x10));
        Check(_cma100.Minimize(_x100));
    }

    private static void Check(OptimizationResult r)
    {
        if (r.Status != TerminationReason.MaxEvaluations || r.Evaluations < Evaluations)
            throw new InvalidOperationException($"Benchmark run stopped early: {r.Status} after {r.Evaluations} evaluations.");
    }

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double CmaEs_Sphere10() => _cma10.Minimize(_x10).Value;

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double CmaEs_Sphere100() => _cma100.Minimize(_x100).Value;

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double ObjectiveOnly_Sphere10()
    {
        var f = default(Sphere10);
        double s = 0;
        for (int i = 0; i < Evaluations; i++)
        {
            _x10[i % 10] += 1e-300;
            s += f.Value(_x10);
        }
        return s;
    }

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double ObjectiveOnly_Sphere100()
    {
        var f = default(Sphere100);
        double s = 0;
        for (int i = 0; i < Evaluations; i++)
        {
            _x100[i % 100] += 1e-300;
            s += f.Value(_x100);
        }
        return s;
    }
}
