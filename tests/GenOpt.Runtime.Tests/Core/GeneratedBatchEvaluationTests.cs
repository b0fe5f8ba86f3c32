using System;

namespace GenOpt.Tests;

/// <summary>10-D Rosenbrock written as plain scalar code; the generator writes its Value and its lane-parallel ValueBatch.</summary>
public static partial class GeneratedBatchRosenbrock
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }
}

/// <summary>
/// A 10-D sphere with branches on the point (an <c>if</c>/<c>else</c>, a <c>?:</c>, a division inside a branch), which the
/// generated ValueBatch turns into lane masks; no Exp, Log, Sin or Cos, so its batch values are the bits of Value.
/// </summary>
public static partial class GeneratedBatchBranchySphere
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i] - 0.25 * i;
            if (v < 0)
                sum += 3 * v * v;
            else
                sum += v * v / (1 + 0.5 * v);
            sum += v > 2 ? 0.125 * (v - 2) : 0;
        }
        return sum;
    }
}

/// <summary>10-D Rastrigin with Math.Cos: its generated ValueBatch uses the vector Cos, which may differ in the last bit.</summary>
public static partial class GeneratedBatchRastrigin
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 10.0 * x.Length;
        for (int i = 0; i < x.Length; i++)
            sum += x[i] * x[i] - 10 * Math.Cos(2 * Math.PI * x[i]);
        return sum;
    }
}

/// <summary>
/// Passes the optimizer's calls through to a generated objective and counts the batch calls and candidates; with
/// <see cref="CompareWithValue"/> it also evaluates every batched candidate with Value and keeps the largest difference
/// relative to max(1, |Value|) (the measure of docs/batch-objectives.md).
/// </summary>
public struct CountingBatch<T> : IBatchObjective where T : struct, IBatchObjective
{
    private T _inner;
    public long BatchCalls;
    public long BatchCandidates;
    public bool CompareWithValue;
    public double MaxRelativeDifference;
    public long DifferentBits;

    /// <summary>Wraps <paramref name="inner"/>; with <paramref name="compareWithValue"/>, checks every batch against Value.</summary>
    public CountingBatch(T inner, bool compareWithValue)
    {
        _inner = inner;
        CompareWithValue = compareWithValue;
    }

    public static int Dimension => T.Dimension;

    public double Value(ReadOnlySpan<double> x) => _inner.Value(x);

    public void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values)
    {
        BatchCalls++;
        BatchCandidates += values.Length;
        _inner.ValueBatch(candidates, values);
        if (!CompareWithValue)
            return;
        int n = T.Dimension;
        for (int k = 0; k < values.Length; k++)
        {
            double direct = _inner.Value(candidates.Slice(k * n, n));
            if (BitConverter.DoubleToInt64Bits(direct) != BitConverter.DoubleToInt64Bits(values[k]))
                DifferentBits++;
            MaxRelativeDifference = Math.Max(MaxRelativeDifference, Math.Abs(values[k] - direct) / Math.Max(1, Math.Abs(direct)));
        }
    }
}

/// <summary>
/// PSO and CMA-ES on objectives whose ValueBatch the generator wrote from the scalar body: batch path on and off give the
/// same bits where the body is bit-exact in lanes, the batch path allocates nothing, and with Math.Cos the values the
/// optimizers see stay within the documented tolerance of Value.
/// </summary>
public class GeneratedBatchEvaluationTests
{
    /// <summary>docs/batch-objectives.md: batch against Value within 1e-12 relative to max(1, |Value|) with vector Sin/Cos/Exp/Log.</summary>
    private const double TranscendentalTolerance = 1e-12;

    private static readonly Bounds Box = Bounds.Uniform(10, -5.12, 5.12);

    private static OptimizationResult RunPso<T>(PsoOptions options, out CountingBatch<T> objective) where T : struct, IBatchObjective
    {
        using var pso = new Pso<CountingBatch<T>>(options);
        OptimizationResult r = SameBits.Own(pso.Minimize(Box));
        objective = pso.Objective;
        return r;
    }

    private static OptimizationResult RunCmaEs<T>(CmaEsOptions options, out CountingBatch<T> objective) where T : struct, IBatchObjective
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(2);
        using var cma = new CmaEs<CountingBatch<T>>(options);
        OptimizationResult r = SameBits.Own(cma.Minimize(x0, Box));
        objective = cma.Objective;
        return r;
    }

    private static void PsoSameBitsOnAndOff<T>(int threads) where T : struct, IBatchObjective
    {
        // 42 particles (not a multiple of 4 or 8) and a budget that cuts the last iteration short.
        var options = new PsoOptions { Seed = 11, SwarmSize = 42, MaxIterations = 300, MaxEvaluations = 42 * 299 + 5, Threads = threads };
        OptimizationResult batch = RunPso(options, out CountingBatch<T> withBatch);
        OptimizationResult scalar = RunPso(options with { UseBatch = false, Threads = 1 }, out CountingBatch<T> withoutBatch);
        SameBits.Assert(batch, scalar);
        Assert.Equal(42 * 299 + 5, batch.Evaluations);
        Assert.Equal(0, withoutBatch.BatchCalls);
        Assert.True(withBatch.BatchCalls >= 300);
        if (threads == 1)
            Assert.Equal(batch.Evaluations, withBatch.BatchCandidates);

        // The generated objective itself, without the counting wrapper.
        using var direct = new Pso<T>(options);
        using var directOff = new Pso<T>(options with { UseBatch = false });
        SameBits.Assert(SameBits.Own(direct.Minimize(Box)), SameBits.Own(directOff.Minimize(Box)));
    }

    private static void CmaEsSameBitsOnAndOff<T>(CovarianceModel model, int threads) where T : struct, IBatchObjective
    {
        var options = new CmaEsOptions
        {
            Seed = 7, Sigma0 = 2, Restarts = RestartStrategy.Bipop, MaxRestarts = 3, MaxEvaluations = 30_000,
            CovarianceModel = model, Threads = threads,
        };
        OptimizationResult batch = RunCmaEs(options, out CountingBatch<T> withBatch);
        OptimizationResult scalar = RunCmaEs(options with { UseBatch = false, Threads = 1 }, out CountingBatch<T> withoutBatch);
        SameBits.Assert(batch, scalar);
        Assert.Equal(0, withoutBatch.BatchCalls);
        Assert.Equal(batch.Iterations, withBatch.BatchCalls);
        if (threads == 1)
            Assert.Equal(batch.Evaluations, withBatch.BatchCandidates);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Pso_GeneratedRosenbrock_SameBitsWithAndWithoutBatch(int threads) => PsoSameBitsOnAndOff<GeneratedBatchRosenbrock.Objective>(threads);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Pso_GeneratedBranchySphere_SameBitsWithAndWithoutBatch(int threads) => PsoSameBitsOnAndOff<GeneratedBatchBranchySphere.Objective>(threads);

    [Theory]
    [InlineData(CovarianceModel.Full, 1)]
    [InlineData(CovarianceModel.Full, 2)]
    [InlineData(CovarianceModel.Separable, 1)]
    [InlineData(CovarianceModel.LimitedMemory, 1)]
    public void CmaEs_GeneratedRosenbrock_SameBitsWithAndWithoutBatch(CovarianceModel model, int threads) =>
        CmaEsSameBitsOnAndOff<GeneratedBatchRosenbrock.Objective>(model, threads);

    [Theory]
    [InlineData(CovarianceModel.Full, 1)]
    [InlineData(CovarianceModel.Full, 2)]
    public void CmaEs_GeneratedBranchySphere_SameBitsWithAndWithoutBatch(CovarianceModel model, int threads) =>
        CmaEsSameBitsOnAndOff<GeneratedBatchBranchySphere.Objective>(model, threads);

    [Fact]
    public void GeneratedBitExactBatch_GivesTheBitsOfValue_OnTheOptimizersPopulations()
    {
        // The premise of the same-bits tests, checked on the candidates the optimizers actually evaluate.
        var compare = new CountingBatch<GeneratedBatchBranchySphere.Objective>(default, compareWithValue: true);
        using var pso = new Pso<CountingBatch<GeneratedBatchBranchySphere.Objective>>(compare, new PsoOptions { Seed = 3, SwarmSize = 21, MaxIterations = 100 });
        pso.Minimize(Box);
        Assert.Equal(2100, pso.Objective.BatchCandidates);
        Assert.Equal(0, pso.Objective.DifferentBits);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Pso_GeneratedBatch_SteadyStateAllocatesNothing(int threads)
    {
        using var pso = new Pso<GeneratedBatchRosenbrock.Objective>(new PsoOptions { Seed = 1, SwarmSize = 40, MaxIterations = 100, Threads = threads })
        {
            ResultBuffer = new double[10],
        };
        pso.Minimize(Box); // warm-up
        Allocations.AssertNone($"PSO Minimize with a generated batch objective and {threads} thread(s)", () => pso.Minimize(Box));
    }

    [Theory]
    [InlineData(CovarianceModel.Full, 1)]
    [InlineData(CovarianceModel.Full, 2)]
    [InlineData(CovarianceModel.Separable, 1)]
    [InlineData(CovarianceModel.LimitedMemory, 1)]
    public void CmaEs_GeneratedBatch_SteadyStateAllocatesNothing(CovarianceModel model, int threads)
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(2);
        using var cma = new CmaEs<GeneratedBatchRastrigin.Objective>(
            new CmaEsOptions { Seed = 5, Sigma0 = 2, MaxEvaluations = 5_000, CovarianceModel = model, Threads = threads })
        {
            ResultBuffer = new double[10],
        };
        cma.Minimize(x0, Box); // warm-up
        Allocations.AssertNone($"CMA-ES ({model}) Minimize with a generated batch objective and {threads} thread(s)", () => cma.Minimize(x0, Box));
    }

    [Fact]
    public void CmaEs_AskTellLoopWithGeneratedValueBatch_AllocatesNothing()
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(2);
        using var cma = new CmaEs<GeneratedBatchRastrigin.Objective>(new CmaEsOptions { Seed = 9, Sigma0 = 2, MaxEvaluations = 3_000 });
        var f = default(GeneratedBatchRastrigin.Objective);
        var values = new double[1024];
        int generations = 0;
        void Loop()
        {
            while (true)
            {
                Population population = cma.Ask();
                Span<double> v = values.AsSpan(0, population.Count);
                f.ValueBatch(population.AsSpan(), v);
                generations++;
                if (cma.Tell(v) != TerminationReason.None)
                    break;
            }
        }
        cma.Initialize(x0, Box);
        Loop(); // warm-up
        Allocations.AssertNone("the ask / ValueBatch / tell loop", Loop, () => cma.Initialize(x0, Box));
        Assert.True(generations > 20);
    }

    [Fact]
    public void Pso_GeneratedCosBatch_ValuesWithinTheDocumentedTolerance_AndDeterministic()
    {
        // One thread: the comparing wrapper sees every batch (worker threads evaluate in their own copies).
        var compare = new CountingBatch<GeneratedBatchRastrigin.Objective>(default, compareWithValue: true);
        var options = new PsoOptions { Seed = 4, SwarmSize = 40, MaxIterations = 500 };
        using var pso = new Pso<CountingBatch<GeneratedBatchRastrigin.Objective>>(compare, options);
        OptimizationResult r = SameBits.Own(pso.Minimize(Box));
        Assert.Equal(20_000, pso.Objective.BatchCandidates);
        Assert.True(pso.Objective.MaxRelativeDifference <= TranscendentalTolerance,
            $"batch values differ from Value by {pso.Objective.MaxRelativeDifference:E3} relative ({pso.Objective.DifferentBits} of 20,000 not the same bits)");
        // The reported best value is a batch value: within the tolerance of Value at the reported point.
        double direct = pso.Objective.Value(r.Point.Span);
        Assert.True(Math.Abs(r.Value - direct) <= TranscendentalTolerance * Math.Max(1, Math.Abs(direct)), $"{r.Value:R} against {direct:R}");
        Assert.True(r.Value < 30); // the run did optimize

        // Same seed, same bits: again on this instance, without the comparing wrapper, and on two threads.
        SameBits.Assert(r, SameBits.Own(pso.Minimize(Box)));
        using var plain = new Pso<GeneratedBatchRastrigin.Objective>(options);
        SameBits.Assert(r, SameBits.Own(plain.Minimize(Box)));
        using var twoThreads = new Pso<GeneratedBatchRastrigin.Objective>(options with { Threads = 2 });
        SameBits.Assert(r, SameBits.Own(twoThreads.Minimize(Box)));
    }

    [Fact]
    public void CmaEs_GeneratedCosBatch_ValuesWithinTheDocumentedTolerance_AndDeterministic()
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(2);
        var compare = new CountingBatch<GeneratedBatchRastrigin.Objective>(default, compareWithValue: true);
        var options = new CmaEsOptions { Seed = 6, Sigma0 = 2, Restarts = RestartStrategy.Ipop, MaxRestarts = 2, MaxEvaluations = 20_000 };
        using var cma = new CmaEs<CountingBatch<GeneratedBatchRastrigin.Objective>>(compare, options);
        OptimizationResult r = SameBits.Own(cma.Minimize(x0, Box));
        Assert.Equal(r.Evaluations, cma.Objective.BatchCandidates);
        Assert.True(cma.Objective.MaxRelativeDifference <= TranscendentalTolerance,
            $"batch values differ from Value by {cma.Objective.MaxRelativeDifference:E3} relative ({cma.Objective.DifferentBits} of {r.Evaluations} not the same bits)");
        double direct = cma.Objective.Value(r.Point.Span);
        Assert.True(Math.Abs(r.Value - direct) <= TranscendentalTolerance * Math.Max(1, Math.Abs(direct)), $"{r.Value:R} against {direct:R}");

        using var twoThreads = new CmaEs<GeneratedBatchRastrigin.Objective>(options with { Threads = 2 });
        SameBits.Assert(r, SameBits.Own(twoThreads.Minimize(x0, Box)));
    }
}
