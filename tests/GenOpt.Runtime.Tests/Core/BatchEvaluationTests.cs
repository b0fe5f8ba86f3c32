using System;
using System.Runtime.Intrinsics;

namespace GenOpt.Tests;

/// <summary>10-D sphere with a batch method whose values equal <see cref="Value"/> bit for bit; counts its batch calls.</summary>
public struct BatchSphere10 : IBatchObjective
{
    public long BatchCalls;
    public long BatchCandidates;

    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            s += x[i] * x[i];
        return s;
    }

    public void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values)
    {
        if (candidates.Length != values.Length * Dimension)
            throw new ArgumentException($"{candidates.Length} coordinates for {values.Length} candidates.");
        BatchCalls++;
        BatchCandidates += values.Length;
        // Coordinate-major over the batch: the same additions in the same order per candidate as Value.
        values.Clear();
        for (int i = 0; i < Dimension; i++)
            for (int k = 0; k < values.Length; k++)
            {
                double x = candidates[k * Dimension + i];
                values[k] += x * x;
            }
    }
}

/// <summary>
/// 10-D Rastrigin evaluated four candidates at a time in the lanes of a <see cref="Vector256{T}"/> (Vector256.Cos, lane by
/// lane: <see cref="LaneCos"/>), the tail of fewer than four candidates by <see cref="Value"/>, whose scalar code is the
/// exact twin of one lane (it takes its cosine from the same function), so batch and scalar values are the same bits.
/// </summary>
public struct BatchRastrigin10 : IBatchObjective
{
    public long BatchCalls;
    public long BatchCandidates;

    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 10.0 * x.Length;
        for (int i = 0; i < x.Length; i++)
        {
            double cos = LaneCos(Vector256.Create(2 * Math.PI) * Vector256.Create(x[i])).ToScalar();
            s += x[i] * x[i] - 10 * cos;
        }
        return s;
    }

    public void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values)
    {
        if (candidates.Length != values.Length * Dimension)
            throw new ArgumentException($"{candidates.Length} coordinates for {values.Length} candidates.");
        BatchCalls++;
        BatchCandidates += values.Length;
        const int n = 10;
        Vector256<double> twoPi = Vector256.Create(2 * Math.PI), ten = Vector256.Create(10.0);
        int k = 0;
        for (; k + 4 <= values.Length; k += 4)
        {
            Vector256<double> s = Vector256.Create(10.0 * n);
            for (int i = 0; i < n; i++)
            {
                Vector256<double> x = Vector256.Create(candidates[k * n + i], candidates[(k + 1) * n + i],
                    candidates[(k + 2) * n + i], candidates[(k + 3) * n + i]);
                s += x * x - ten * LaneCos(twoPi * x);
            }
            s.CopyTo(values[k..]);
        }
        for (; k < values.Length; k++)
            values[k] = Value(candidates.Slice(k * n, n));
    }

    /// <summary>
    /// Vector256.Cos with each lane's result a function of its own argument: .NET's vector Cos picks one code path from all
    /// lanes (|x| &lt;= pi/4 in every lane, some lane beyond, 5e6 and beyond), so each class of lanes is computed in a call
    /// whose other lanes hold an argument of that class, and |x| &gt;= 5e6 (never here) by Math.Cos. The generated batch
    /// method does the same (docs/batch-objectives.md).
    /// </summary>
    internal static Vector256<double> LaneCos(Vector256<double> x)
    {
        Vector256<double> magnitude = Vector256.Abs(x);
        Vector256<double> small = Vector256.LessThan(magnitude, Vector256.Create(1.0 / 8192));
        Vector256<double> near = Vector256.AndNot(Vector256.LessThanOrEqual(magnitude, Vector256.Create(Math.PI / 4)), small);
        Vector256<double> middle = Vector256.GreaterThan(magnitude, Vector256.Create(Math.PI / 4)) & Vector256.LessThan(magnitude, Vector256.Create(5e6));
        if (Vector256.ExtractMostSignificantBits(middle) == 0xF)
            return Vector256.Cos(x);
        Vector256<double> result = Vector256.ConditionalSelect(middle, Vector256.Cos(Vector256.ConditionalSelect(middle, x, Vector256.Create(1.0))), Vector256<double>.Zero);
        result = Vector256.ConditionalSelect(near, Vector256.Cos(Vector256.ConditionalSelect(near, x, Vector256.Create(0.5))), result);
        result = Vector256.ConditionalSelect(small, Vector256.Cos(Vector256.ConditionalSelect(small, x, Vector256<double>.Zero)), result);
        for (int lane = 0; lane < 4; lane++)
        {
            if (!(magnitude.GetElement(lane) < 5e6)) // in no class: huge, infinite or NaN
                result = result.WithElement(lane, Math.Cos(x.GetElement(lane)));
        }
        return result;
    }
}

/// <summary>A batch objective whose batch throws after counting the call.</summary>
public struct ThrowingBatchSphere : IBatchObjective
{
    public long BatchCalls;

    public static int Dimension => 2;

    public readonly double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];

    public void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values)
    {
        BatchCalls++;
        throw new InvalidOperationException("batch failed");
    }
}

/// <summary>A 4-D batch objective (sphere shifted to 0.3) whose batch writes only the first candidate's value.</summary>
public struct FirstValueOnlyBatch : IBatchObjective
{
    public static int Dimension => 4;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            s += (x[i] - 0.3) * (x[i] - 0.3);
        return s;
    }

    public readonly void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values) => values[0] = Value(candidates[..Dimension]);
}

/// <summary>
/// CMA-ES and PSO evaluate through <see cref="IBatchObjective.ValueBatch"/> when the objective has it and UseBatch is on,
/// with the same bits as the per-candidate path, whatever the thread count, and without allocating.
/// </summary>
public class BatchEvaluationTests
{
    private static readonly Bounds Box = Bounds.Uniform(10, -5.12, 5.12);

    private static void VectorHalvesAgree()
    {
        // The twin's premise: a lane's cosine does not depend on the other lanes. Vector256.Cos's own does: with these
        // vectors, 0.6675 or -0.5115 alone (every lane within pi/4) and next to -2.7 take different code paths, and
        // every lane when a neighbour is 1e6 or more; the plain Vector256.Cos fails this check for each neighbour.
        foreach (double neighbour in new[] { 0.3, 1e-3, 1e-5, 4.1, 1e6, 1e10, double.NaN })
        {
            var v = Vector256.Create(0.6675, -2.7, neighbour, -0.5115);
            Vector256<double> c = BatchRastrigin10.LaneCos(v);
            for (int i = 0; i < 4; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(c.GetElement(i)), BitConverter.DoubleToInt64Bits(BatchRastrigin10.LaneCos(Vector256.Create(v.GetElement(i))).ToScalar()));
        }
    }

    [Fact]
    public void BatchRastrigin_BatchValuesEqualScalarValues_OnCountsThatAreNotMultiplesOfFour()
    {
        VectorHalvesAgree();
        var rng = new RandomSource(3);
        var f = default(BatchRastrigin10);
        foreach (int count in new[] { 1, 3, 4, 7, 13 })
        {
            var points = new double[count * 10];
            for (int i = 0; i < points.Length; i++)
                points[i] = rng.NextDouble(-5.12, 5.12);
            var values = new double[count];
            f.ValueBatch(points, values);
            for (int k = 0; k < count; k++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(f.Value(points.AsSpan(k * 10, 10))), BitConverter.DoubleToInt64Bits(values[k]));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Pso_BatchSphere_SameBitsAsPerCandidate(int threads)
    {
        // 42 particles (not a multiple of 4) and a budget that cuts the last iteration short.
        var options = new PsoOptions { Seed = 11, SwarmSize = 42, MaxIterations = 60, MaxEvaluations = 42 * 59 + 5, Threads = threads };
        using var batch = new Pso<BatchSphere10>(options);
        using var scalar = new Pso<BatchSphere10>(options with { UseBatch = false });
        OptimizationResult a = SameBits.Own(batch.Minimize(Box));
        OptimizationResult b = SameBits.Own(scalar.Minimize(Box));
        SameBits.Assert(a, b);
        Assert.Equal(0, scalar.Objective.BatchCalls);
        Assert.True(batch.Objective.BatchCalls >= 60);
        if (threads == 1)
            Assert.Equal(a.Evaluations, batch.Objective.BatchCandidates);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Pso_BatchRastrigin_SameBitsAsPerCandidateAndAsOneThread(int threads)
    {
        var options = new PsoOptions { Seed = 5, SwarmSize = 42, MaxIterations = 200, Threads = threads };
        using var batch = new Pso<BatchRastrigin10>(options);
        using var scalar = new Pso<BatchRastrigin10>(options with { UseBatch = false, Threads = 1 });
        OptimizationResult a = SameBits.Own(batch.Minimize(Box));
        OptimizationResult b = SameBits.Own(scalar.Minimize(Box));
        SameBits.Assert(a, b);
        Assert.Equal(0, scalar.Objective.BatchCalls);
        Assert.Equal(200, batch.Objective.BatchCalls);
        Assert.True(a.Value < 200); // the run did optimize
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CmaEs_BatchRastrigin_WithBipopRestarts_SameBitsAsPerCandidate(int threads)
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(2);
        var options = new CmaEsOptions { Seed = 7, Sigma0 = 2, Restarts = RestartStrategy.Bipop, MaxRestarts = 3, MaxEvaluations = 30_000, Threads = threads };
        using var batch = new CmaEs<BatchRastrigin10>(options);
        using var scalar = new CmaEs<BatchRastrigin10>(options with { UseBatch = false, Threads = 1 });
        OptimizationResult a = SameBits.Own(batch.Minimize(x0, Box));
        OptimizationResult b = SameBits.Own(scalar.Minimize(x0, Box));
        SameBits.Assert(a, b);
        Assert.True(a.Restarts > 0);
        Assert.Equal(0, scalar.Objective.BatchCalls);
        Assert.Equal(a.Iterations, batch.Objective.BatchCalls);
        if (threads == 1)
            Assert.Equal(a.Evaluations, batch.Objective.BatchCandidates);
    }

    [Fact]
    public void CmaEs_BatchSphere_SameBitsAsPerCandidate()
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(1);
        var options = new CmaEsOptions { Seed = 3, TargetValue = 1e-10 };
        using var batch = new CmaEs<BatchSphere10>(options);
        using var scalar = new CmaEs<BatchSphere10>(options with { UseBatch = false });
        OptimizationResult a = SameBits.Own(batch.Minimize(x0));
        OptimizationResult b = SameBits.Own(scalar.Minimize(x0));
        SameBits.Assert(a, b);
        Assert.Equal(TerminationReason.TargetReached, a.Status);
        Assert.Equal(a.Evaluations, batch.Objective.BatchCandidates);
    }

    [Fact]
    public void BatchException_PropagatesAndKeepsTheObjectivesState()
    {
        using var pso = new Pso<ThrowingBatchSphere>(new PsoOptions { Seed = 1, SwarmSize = 5, MaxIterations = 3 });
        var e = Assert.Throws<InvalidOperationException>(() => pso.Minimize(Bounds.Uniform(2, -1, 1)));
        Assert.Equal("batch failed", e.Message);
        Assert.Equal(1, pso.Objective.BatchCalls);
        using var cma = new CmaEs<ThrowingBatchSphere>(new CmaEsOptions { Seed = 1 });
        Assert.Throws<InvalidOperationException>(() => cma.Minimize(new double[2]));
        Assert.Equal(1, cma.Objective.BatchCalls);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BatchThatLeavesValuesUnwritten_CountsThemAsNonFinite_NeverAsStaleValues(int threads)
    {
        // Values the batch does not write are NaN (as in MinimizeAsync's batch form), not what the buffer held before
        // (0 in the first generation): the reported value is the objective's value at the reported point.
        double[] x0 = [1, 1, 1, 1];
        using var cma = new CmaEs<FirstValueOnlyBatch>(new CmaEsOptions { Seed = 3, Sigma0 = 1, MaxIterations = 50, Threads = threads });
        OptimizationResult c = cma.Minimize(x0);
        Assert.Equal(default(FirstValueOnlyBatch).Value(c.Point.Span), c.Value);
        Assert.True(c.NonFiniteEvaluations > 0, c.ToString());
        Assert.False(c.Converged, c.ToString());

        using var pso = new Pso<FirstValueOnlyBatch>(new PsoOptions { Seed = 3, SwarmSize = 20, MaxIterations = 50, Threads = threads });
        OptimizationResult p = pso.Minimize(Bounds.Uniform(4, -1, 2));
        Assert.Equal(default(FirstValueOnlyBatch).Value(p.Point.Span), p.Value);
        Assert.True(p.NonFiniteEvaluations > 0, p.ToString());
        Assert.False(p.Converged, p.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Pso_BatchMinimize_AllocatesNothing(int threads)
    {
        using var pso = new Pso<BatchRastrigin10>(new PsoOptions { Seed = 1, SwarmSize = 40, MaxIterations = 100, Threads = threads }) { ResultBuffer = new double[10] };
        pso.Minimize(Box); // warm-up
        Allocations.AssertNone($"PSO Minimize with a batch objective and {threads} thread(s)", () => pso.Minimize(Box));
        Assert.True(pso.Objective.BatchCalls > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CmaEs_BatchMinimize_AllocatesNothing(int threads)
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(2);
        using var cma = new CmaEs<BatchRastrigin10>(new CmaEsOptions { Seed = 5, Sigma0 = 2, MaxEvaluations = 5_000, Threads = threads }) { ResultBuffer = new double[10] };
        cma.Minimize(x0, Box); // warm-up
        Allocations.AssertNone($"CMA-ES Minimize with a batch objective and {threads} thread(s)", () => cma.Minimize(x0, Box));
        Assert.True(cma.Objective.BatchCalls > 0);
    }
}
