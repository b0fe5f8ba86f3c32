using System;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace GenOpt.Benchmarks;

/// <summary>10-D Rastrigin written as a plain loop with <see cref="Math.Cos(double)"/>, as a user or the generator would write it.</summary>
public struct Rastrigin10 : IObjective
{
    /// <inheritdoc/>
    public static int Dimension => 10;

    /// <inheritdoc/>
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 10.0 * x.Length;
        for (int i = 0; i < x.Length; i++)
            s += x[i] * x[i] - 10 * Math.Cos(2 * Math.PI * x[i]);
        return s;
    }
}

/// <summary>10-D Rastrigin with SIMD cosines (Vector256/Vector128.Cos): the counterpart of pyswarms' vectorized objective.</summary>
public struct Rastrigin10Simd : IObjective
{
    /// <inheritdoc/>
    public static int Dimension => 10;

    /// <inheritdoc/>
    public readonly double Value(ReadOnlySpan<double> x)
    {
        Vector256<double> twoPi = Vector256.Create(2 * Math.PI), ten = Vector256.Create(10.0);
        Vector256<double> a = Vector256.Create(x[..4]);
        Vector256<double> b = Vector256.Create(x.Slice(4, 4));
        Vector128<double> c = Vector128.Create(x.Slice(8, 2));
        Vector256<double> s = a * a - ten * Vector256.Cos(twoPi * a) + b * b - ten * Vector256.Cos(twoPi * b);
        Vector128<double> t = c * c - Vector128.Create(10.0) * Vector128.Cos(Vector128.Create(2 * Math.PI) * c);
        return 100 + Vector256.Sum(s) + Vector128.Sum(t);
    }
}

/// <summary>
/// PSO cost per objective evaluation on 10-D Rastrigin ([-5.12, 5.12]^10), the setting of the pyswarms comparison:
/// 40 particles, 1,000 iterations (40,000 evaluations per operation, reported per evaluation through OperationsPerInvoke),
/// global topology, the objective included. The <c>ObjectiveOnly</c> rows time the objectives alone on points of the box,
/// so that optimizer overhead = Pso row - ObjectiveOnly row. pyswarms' GlobalBestPSO needs about 2.0 us per evaluation
/// here even with a vectorized objective.
/// </summary>
[MemoryDiagnoser]
public class PsoBenchmarks
{
    /// <summary>Evaluations in one benchmarked run.</summary>
    public const int EvaluationsPerRun = 40 * 1000;

    private static readonly PsoOptions Options = new() { Seed = 1, SwarmSize = 40, MaxIterations = 1000 };
    private static readonly Bounds Box = Bounds.Uniform(10, -5.12, 5.12);

    private Pso<Rastrigin10> _pso = null!;
    private Pso<Rastrigin10Simd> _psoSimd = null!;
    private Pso<Sphere10> _psoSphere = null!;
    private Pso<Rastrigin10> _psoThreads = null!;
    private readonly double[] _points = new double[EvaluationsPerRun / 40 * 10];

    [GlobalSetup]
    public void Setup()
    {
        // Results go to a ResultBuffer: the steady state allocates nothing per run.
        _pso = new Pso<Rastrigin10>(Options) { ResultBuffer = new double[10] };
        _psoSimd = new Pso<Rastrigin10Simd>(Options) { ResultBuffer = new double[10] };
        _psoSphere = new Pso<Sphere10>(Options) { ResultBuffer = new double[10] };
        _psoThreads = new Pso<Rastrigin10>(Options with { Threads = 2 }) { ResultBuffer = new double[10] };
        Check(_pso.Minimize(Box));
        Check(_psoSimd.Minimize(Box));
        Check(_psoSphere.Minimize(Box));
        Check(_psoThreads.Minimize(Box));
        var rng = new RandomSource(7);
        for (int i = 0; i < _points.Length; i++)
            _points[i] = rng.NextDouble(-5.12, 5.12);
    }

    [GlobalCleanup]
    public void Cleanup() => _psoThreads.Dispose();

    private static void Check(OptimizationResult r)
    {
        if (r.Status != TerminationReason.MaxIterations || r.Evaluations != EvaluationsPerRun)
            throw new InvalidOperationException($"Benchmark run stopped early: {r.Status} after {r.Evaluations} evaluations.");
    }

    [Benchmark(OperationsPerInvoke = EvaluationsPerRun)]
    public double Pso_Rastrigin10() => _pso.Minimize(Box).Value;

    [Benchmark(OperationsPerInvoke = EvaluationsPerRun)]
    public double Pso_Rastrigin10Simd() => _psoSimd.Minimize(Box).Value;

    [Benchmark(OperationsPerInvoke = EvaluationsPerRun)]
    public double Pso_Rastrigin10_TwoThreads() => _psoThreads.Minimize(Box).Value;

    [Benchmark(OperationsPerInvoke = EvaluationsPerRun)]
    public double Pso_Sphere10() => _psoSphere.Minimize(Box).Value;

    [Benchmark(OperationsPerInvoke = EvaluationsPerRun)]
    public double ObjectiveOnly_Rastrigin10() => EvaluateAll<Rastrigin10>();

    [Benchmark(OperationsPerInvoke = EvaluationsPerRun)]
    public double ObjectiveOnly_Rastrigin10Simd() => EvaluateAll<Rastrigin10Simd>();

    /// <summary>40,000 evaluations at 1,000 stored random points of the box (each visited 40 times).</summary>
    private double EvaluateAll<T>() where T : struct, IObjective
    {
        var f = default(T);
        ReadOnlySpan<double> points = _points;
        double s = 0;
        for (int k = 0; k < 40; k++)
            for (int i = 0; i < points.Length; i += 10)
                s += f.Value(points.Slice(i, 10));
        return s;
    }
}
