using System;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using NeuralFit;

namespace GenOpt.Benchmarks;

/// <summary>
/// 10-D Rastrigin as plain scalar code; the generator completes it (<c>RastriginScalar10.Objective</c>) with Value and the
/// lane-parallel ValueBatch (Vector512 where accelerated, else Vector256, else Value per candidate).
/// </summary>
public static partial class RastriginScalar10
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double s = 10.0 * x.Length;
        for (int i = 0; i < x.Length; i++)
            s += x[i] * x[i] - 10 * Math.Cos(2 * Math.PI * x[i]);
        return s;
    }
}

/// <summary>
/// 10-D Rastrigin with a hand-written batch method: <see cref="Value"/> is the generated scalar <see cref="RastriginScalar10"/>;
/// <see cref="ValueBatch"/> evaluates four candidates per <see cref="Vector256{T}"/>, one per lane (Vector256.Cos, which may
/// differ from Math.Cos in the last bits), the tail of fewer than four by <see cref="Value"/>. The hand-written
/// counterpart of the generated ValueBatch of <see cref="RastriginScalar10"/>, against which the generated code is measured.
/// A speed reference only: the plain Vector256.Cos picks its code path from all four lanes, so a lane's bits may depend
/// on its neighbours (the generated method computes it lane by lane; docs/batch-objectives.md, Determinism).
/// </summary>
public struct Rastrigin10Batch : IBatchObjective
{
    /// <inheritdoc/>
    public static int Dimension => 10;

    /// <inheritdoc/>
    public readonly double Value(ReadOnlySpan<double> x) => RastriginScalar10.Value(x);

    /// <inheritdoc/>
    public readonly void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values)
    {
        const int n = 10;
        Vector256<double> twoPi = Vector256.Create(2 * Math.PI), ten = Vector256.Create(10.0);
        int k = 0;
        for (; k + 4 <= values.Length; k += 4)
        {
            ReadOnlySpan<double> c = candidates.Slice(k * n, 4 * n);
            Vector256<double> s = Vector256.Create(10.0 * n);
            for (int i = 0; i < n; i++)
            {
                Vector256<double> x = Vector256.Create(c[i], c[n + i], c[2 * n + i], c[3 * n + i]);
                s += x * x - ten * Vector256.Cos(twoPi * x);
            }
            s.CopyTo(values[k..]);
        }
        for (; k < values.Length; k++)
            values[k] = Value(candidates.Slice(k * n, n));
    }
}

/// <summary>
/// The generated <c>RastriginScalar10.Objective</c> held to its <c>Vector256</c> method (<c>ValueBatchVector256</c>, which the
/// generator writes next to the Vector512 one into this assembly), so that the generated code and
/// <see cref="Rastrigin10Batch"/> are compared at the same width on a machine with AVX-512.
/// </summary>
public struct RastriginScalar10Vector256 : IBatchObjective
{
    private RastriginScalar10.Objective _inner;

    /// <inheritdoc/>
    public static int Dimension => 10;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x) => _inner.Value(x);

    /// <inheritdoc/>
    public void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values)
    {
        if (Vector256.IsHardwareAccelerated)
            _inner.ValueBatchVector256(candidates, values);
        else
            _inner.ValueBatch(candidates, values);
    }
}

/// <summary>
/// The NeuralFit sample's loss (mean squared error of a 2-2-2 tanh network over its training set) with a hand-written
/// batch method: four candidate weight vectors per <see cref="Vector256{T}"/>, the samples broadcast, tanh composed as
/// <c>1 - 2 / (exp(2a) + 1)</c> from Vector256.Exp (.NET has no vector tanh), which differs from Math.Tanh by a few
/// ulps (relative error up to about 1e-15 near 0). <see cref="Value"/> is the sample's generated scalar loss.
/// </summary>
public struct NeuralFitBatch : IBatchObjective
{
    private readonly double[] _inputs;
    private readonly double[] _targets;
    private TinyNet.Objective _loss;

    /// <summary>The loss of <paramref name="net"/>'s training set.</summary>
    public NeuralFitBatch(TinyNet net)
    {
        _inputs = net.Inputs.ToArray();
        _targets = net.Targets.ToArray();
        _loss = net.AsObjective();
    }

    /// <inheritdoc/>
    public static int Dimension => TinyNet.Parameters;

    /// <inheritdoc/>
    public static bool RequiresInstance => true;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> w) => _loss.Value(w);

    /// <inheritdoc/>
    public void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values)
    {
        const int n = TinyNet.Parameters;
        int samples = _targets.Length / 2;
        int k = 0;
        Span<Vector256<double>> w = stackalloc Vector256<double>[n];
        for (; k + 4 <= values.Length; k += 4)
        {
            ReadOnlySpan<double> c = candidates.Slice(k * n, 4 * n);
            for (int j = 0; j < n; j++)
                w[j] = Vector256.Create(c[j], c[n + j], c[2 * n + j], c[3 * n + j]);
            Vector256<double> sum = Vector256<double>.Zero;
            for (int i = 0; i < samples; i++)
            {
                Vector256<double> x0 = Vector256.Create(_inputs[2 * i]);
                Vector256<double> x1 = Vector256.Create(_inputs[2 * i + 1]);
                Vector256<double> h0 = Tanh(w[0] * x0 + w[1] * x1);
                Vector256<double> h1 = Tanh(w[2] * x0 + w[3] * x1);
                Vector256<double> e0 = w[4] * h0 + w[5] * h1 + w[8] - Vector256.Create(_targets[2 * i]);
                Vector256<double> e1 = w[6] * h0 + w[7] * h1 + w[9] - Vector256.Create(_targets[2 * i + 1]);
                sum += e0 * e0 + e1 * e1;
            }
            (sum / Vector256.Create((double)samples)).CopyTo(values[k..]);
        }
        for (; k < values.Length; k++)
            values[k] = Value(candidates.Slice(k * n, n));
    }

    /// <summary>tanh a = 1 - 2 / (exp(2a) + 1): exp overflowing to +infinity gives 1, exp underflowing to 0 gives -1.</summary>
    private static Vector256<double> Tanh(Vector256<double> a)
    {
        Vector256<double> one = Vector256<double>.One;
        return one - Vector256.Create(2.0) / (Vector256.Exp(a + a) + one);
    }
}

/// <summary>
/// Batch against per-candidate evaluation, per evaluation with the objective included. PSO on 10-D Rastrigin
/// ([-5.12, 5.12]^10; 40 particles x 1,000 iterations, the pyswarms comparison of <see cref="PsoBenchmarks"/>): the generated
/// ValueBatch of the scalar-written objective (at the width the machine accelerates, and held to Vector256), the same
/// objective with UseBatch off (Value per particle), and the hand-written Vector256 twin with UseBatch on and off.
/// CMA-ES on the NeuralFit loss (100 samples, 20,000 evaluations per run, stopping criteria off), UseBatch on and off: the
/// loss calls Math.Tanh, outside the generator's batch subset, so its batch method is hand-written.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private const int CmaEvaluations = 20_000;
    private static readonly Bounds Box = Bounds.Uniform(10, -5.12, 5.12);
    private static readonly PsoOptions PsoSettings = new() { Seed = 1, SwarmSize = 40, MaxIterations = 1000 };
    private static readonly CmaEsOptions CmaSettings = new()
    {
        Seed = 1, Sigma0 = 1, MaxEvaluations = CmaEvaluations,
        TolFun = 0, TolX = 0, MaxConditionNumber = double.MaxValue, MaxIterations = long.MaxValue,
        StagnationIterations = int.MaxValue, TolUpSigma = double.MaxValue, TolFacUpX = double.MaxValue,
        TolFunHist = 0, TolFlatFitness = int.MaxValue,
    };

    private Pso<RastriginScalar10.Objective> _psoGenerated = null!;
    private Pso<RastriginScalar10Vector256> _psoGenerated256 = null!;
    private Pso<RastriginScalar10.Objective> _psoGeneratedOff = null!;
    private Pso<Rastrigin10Batch> _psoBatch = null!;
    private Pso<Rastrigin10Batch> _psoBatchOff = null!;
    private CmaEs<NeuralFitBatch> _cmaBatch = null!;
    private CmaEs<NeuralFitBatch> _cmaBatchOff = null!;
    private readonly double[] _w0 = new double[TinyNet.Parameters];

    /// <summary>The lanes the generated ValueBatch runs in under this JIT: Vector512, Vector256 or scalar.</summary>
    public static string GeneratedLanes =>
        Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "scalar";

    [GlobalSetup]
    public void Setup()
    {
        _psoGenerated = new Pso<RastriginScalar10.Objective>(PsoSettings) { ResultBuffer = new double[10] };
        _psoGenerated256 = new Pso<RastriginScalar10Vector256>(PsoSettings) { ResultBuffer = new double[10] };
        _psoGeneratedOff = new Pso<RastriginScalar10.Objective>(PsoSettings with { UseBatch = false }) { ResultBuffer = new double[10] };
        _psoBatch = new Pso<Rastrigin10Batch>(PsoSettings) { ResultBuffer = new double[10] };
        _psoBatchOff = new Pso<Rastrigin10Batch>(PsoSettings with { UseBatch = false }) { ResultBuffer = new double[10] };
        // The NeuralFit sample's task: its teacher network, 100 samples, noise 0.05, data seed 2026.
        double[] teacher = [1.5, -2.0, -1.0, 2.5, 2.0, -1.5, 1.0, 1.8, 0.3, -0.2];
        var loss = new NeuralFitBatch(TinyNet.TeacherStudent(teacher, 100, 0.05, 2026));
        _cmaBatch = new CmaEs<NeuralFitBatch>(loss, CmaSettings) { ResultBuffer = new double[10] };
        _cmaBatchOff = new CmaEs<NeuralFitBatch>(loss, CmaSettings with { UseBatch = false }) { ResultBuffer = new double[10] };
        var rng = new RandomSource(3);
        for (int i = 0; i < _w0.Length; i++)
            _w0[i] = rng.NextDouble(-1, 1);
        CheckPso(_psoGenerated.Minimize(Box));
        CheckPso(_psoGenerated256.Minimize(Box));
        CheckPso(_psoGeneratedOff.Minimize(Box));
        CheckPso(_psoBatch.Minimize(Box));
        CheckPso(_psoBatchOff.Minimize(Box));
        CheckCma(_cmaBatch.Minimize(_w0));
        CheckCma(_cmaBatchOff.Minimize(_w0));
        Console.WriteLine($"// BatchBenchmarks: the generated ValueBatch runs in {GeneratedLanes} lanes");
    }

    private static void CheckPso(OptimizationResult r)
    {
        if (r.Status != TerminationReason.MaxIterations || r.Evaluations != PsoBenchmarks.EvaluationsPerRun)
            throw new InvalidOperationException($"Benchmark run stopped early: {r.Status} after {r.Evaluations} evaluations.");
    }

    private static void CheckCma(OptimizationResult r)
    {
        if (r.Status != TerminationReason.MaxEvaluations || r.Evaluations < CmaEvaluations)
            throw new InvalidOperationException($"Benchmark run stopped early: {r.Status} after {r.Evaluations} evaluations.");
    }

    /// <summary>The scalar-written objective, its generated ValueBatch (Vector512 where accelerated, else Vector256).</summary>
    [Benchmark(OperationsPerInvoke = PsoBenchmarks.EvaluationsPerRun)]
    public double Pso_Rastrigin10_GeneratedBatch() => _psoGenerated.Minimize(Box).Value;

    /// <summary>The scalar-written objective, its generated ValueBatch held to Vector256.</summary>
    [Benchmark(OperationsPerInvoke = PsoBenchmarks.EvaluationsPerRun)]
    public double Pso_Rastrigin10_GeneratedBatch256() => _psoGenerated256.Minimize(Box).Value;

    /// <summary>The scalar-written objective, UseBatch off: Value (Math.Cos) per particle.</summary>
    [Benchmark(OperationsPerInvoke = PsoBenchmarks.EvaluationsPerRun)]
    public double Pso_Rastrigin10_GeneratedPerCandidate() => _psoGeneratedOff.Minimize(Box).Value;

    /// <summary>The hand-written Vector256 batch.</summary>
    [Benchmark(OperationsPerInvoke = PsoBenchmarks.EvaluationsPerRun)]
    public double Pso_Rastrigin10_HandWrittenBatch() => _psoBatch.Minimize(Box).Value;

    /// <summary>The hand-written batch objective with UseBatch off (its Value is the generated scalar one).</summary>
    [Benchmark(OperationsPerInvoke = PsoBenchmarks.EvaluationsPerRun)]
    public double Pso_Rastrigin10_HandWrittenBatchOff() => _psoBatchOff.Minimize(Box).Value;

    [Benchmark(OperationsPerInvoke = CmaEvaluations)]
    public double CmaEs_NeuralFit_Batch() => _cmaBatch.Minimize(_w0).Value;

    [Benchmark(OperationsPerInvoke = CmaEvaluations)]
    public double CmaEs_NeuralFit_BatchOff() => _cmaBatchOff.Minimize(_w0).Value;

    /// <summary>The stopwatch figures of <c>--quick Batch</c>.</summary>
    public static void Quick(string filter, Action<string, Func<double>, int> report)
    {
        var bench = new BatchBenchmarks();
        bench.Setup();
        report("Batch_Pso_Rastrigin10_GeneratedBatch", bench.Pso_Rastrigin10_GeneratedBatch, PsoBenchmarks.EvaluationsPerRun);
        report("Batch_Pso_Rastrigin10_GeneratedBatch256", bench.Pso_Rastrigin10_GeneratedBatch256, PsoBenchmarks.EvaluationsPerRun);
        report("Batch_Pso_Rastrigin10_GeneratedPerCandidate", bench.Pso_Rastrigin10_GeneratedPerCandidate, PsoBenchmarks.EvaluationsPerRun);
        report("Batch_Pso_Rastrigin10_HandWrittenBatch", bench.Pso_Rastrigin10_HandWrittenBatch, PsoBenchmarks.EvaluationsPerRun);
        report("Batch_Pso_Rastrigin10_HandWrittenBatchOff", bench.Pso_Rastrigin10_HandWrittenBatchOff, PsoBenchmarks.EvaluationsPerRun);
        report("Batch_CmaEs_NeuralFit_Batch", bench.CmaEs_NeuralFit_Batch, CmaEvaluations);
        report("Batch_CmaEs_NeuralFit_BatchOff", bench.CmaEs_NeuralFit_BatchOff, CmaEvaluations);
    }
}
