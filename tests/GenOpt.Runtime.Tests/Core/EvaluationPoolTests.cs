using System;
using System.Threading;

namespace GenOpt.Tests;

/// <summary>Counts, per row, how often it was evaluated (in an array shared by every copy of the struct).</summary>
public struct RowCountingObjective : IObjective
{
    public int[] Counts;
    public int[] ByCaller;          // rows evaluated on the thread that owns the pool
    public int CallerThread;
    public static int Dimension => 2;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        int row = (int)x[0];
        Interlocked.Increment(ref Counts[row]);
        if (Environment.CurrentManagedThreadId == CallerThread)
            Interlocked.Increment(ref ByCaller[row]);
        return x[0] * 1000 + x[1];
    }
}

/// <summary>2-D sphere that throws when evaluated on a CMA-ES worker thread (not on the calling thread).</summary>
public struct ThrowsOnCmaWorker : IObjective
{
    public static int Dimension => 2;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        if (Thread.CurrentThread.Name?.StartsWith("GenOpt CMA-ES worker", StringComparison.Ordinal) == true)
            throw new InvalidOperationException("ThrowsOnCmaWorker: evaluated on a worker");
        return x[0] * x[0] + x[1] * x[1];
    }
}

/// <summary>The shared evaluation pool behind PsoOptions.Threads and CmaEsOptions.Threads.</summary>
public class EvaluationPoolTests
{
    private static double[] Rows(int count)
    {
        var points = new double[count * 2];
        for (int i = 0; i < count; i++)
        {
            points[2 * i] = i;
            points[2 * i + 1] = 0.25 * i;
        }
        return points;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void EveryRowIsEvaluatedExactlyOnce_IntoItsOwnSlot_ForAnyCount(int threads)
    {
        using var pool = new EvaluationPool<RowCountingObjective>(threads, "GenOpt test worker", useBatch: true);
        Assert.Equal(threads, pool.Threads);
        const int maxCount = 23;
        double[] points = Rows(maxCount);
        var objective = new RowCountingObjective
        {
            Counts = new int[maxCount], ByCaller = new int[maxCount], CallerThread = Environment.CurrentManagedThreadId,
        };
        pool.CopyObjective(in objective);
        var values = new double[maxCount + 1];
        for (int count = 0; count <= maxCount; count++) // fewer rows than threads included
        {
            Array.Clear(objective.Counts);
            Array.Clear(objective.ByCaller);
            values.AsSpan().Fill(-1);
            pool.Evaluate(ref objective, new Population(points, count, 2), values);
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(1, objective.Counts[i]);
                Assert.Equal(i * 1000 + 0.25 * i, values[i]);
                // Static slices: the caller evaluates rows [0, count / T), the workers the rest.
                Assert.Equal(i < count / threads ? 1 : 0, objective.ByCaller[i]);
            }
            for (int i = count; i < values.Length; i++)
                Assert.Equal(-1, values[i]);
        }
    }

    [Fact]
    public void ValuesShorterThanThePopulation_Throw()
    {
        using var pool = new EvaluationPool<Sphere<D2>>(2, "GenOpt test worker", useBatch: true);
        var f = default(Sphere<D2>);
        var e = Assert.Throws<ArgumentException>(() => pool.Evaluate(ref f, new Population(Rows(4), 4, 2), new double[3]));
        Assert.Equal("values", e.ParamName);
    }

    [Fact]
    public void AnExceptionOnAWorker_IsRethrownOnTheCaller_AndThePoolKeepsWorking()
    {
        using var pool = new EvaluationPool<ThrowingSphere>(3, "GenOpt test worker", useBatch: true);
        var throwing = new ThrowingSphere();
        pool.CopyObjective(in throwing);
        // Rows 0-1 (caller) are fine; x0 = 0.75 in the last slice throws on a worker.
        double[] points = [0, 0, 0.1, 0, 0.2, 0, 0.3, 0, 0.4, 0, 0.75, 0];
        var values = new double[6];
        var e = Assert.Throws<InvalidOperationException>(() => pool.Evaluate(ref throwing, new Population(points, 6, 2), values));
        Assert.Contains("x0 > 0.5", e.Message);
        var quiet = new ThrowingSphere { Armed = false };
        pool.CopyObjective(in quiet);
        pool.Evaluate(ref quiet, new Population(points, 6, 2), values);
        Assert.Equal(0.75 * 0.75, values[5]);
    }

    [Fact]
    public void Evaluate_AllocatesNothing_OnTheCallerNorOnTheWorkers()
    {
        // The workers are measured from inside: the objective records each evaluating thread's allocated bytes.
        var log = new ThreadAllocationLog();
        using var pool = new EvaluationPool<LoggedRastrigin>(3, "GenOpt test worker", useBatch: true);
        var f = new LoggedRastrigin { Log = log };
        pool.CopyObjective(in f);
        var points = new double[40 * 10];
        for (int i = 0; i < points.Length; i++) points[i] = Math.Sin(i);
        var values = new double[40];
        var population = new Population(points, 40, 10);
        for (int r = 0; r < 100; r++) pool.Evaluate(ref f, population, values); // warm-up
        long[] first = log.Snapshot();
        Allocations.AssertNone("1000 pooled population evaluations", () =>
        {
            for (int r = 0; r < 1000; r++) pool.Evaluate(ref f, population, values);
        });
        long[] last = log.Snapshot();
        Assert.Equal(3, ThreadAllocationLog.Threads(first));
        Assert.Equal(0, ThreadAllocationLog.AllocatedByOtherThreads(first, last));
        Assert.Equal(default(Rastrigin<D10>).Value(points.AsSpan(390, 10)), values[39]);
    }

    [Fact]
    public void AfterDispose_EvaluateThrows_AndASecondDisposeDoesNothing()
    {
        var pool = new EvaluationPool<Sphere<D2>>(2, "GenOpt test worker", useBatch: true);
        pool.Dispose();
        pool.Dispose();
        var f = default(Sphere<D2>);
        Assert.Throws<ObjectDisposedException>(() => pool.Evaluate(ref f, new Population(Rows(2), 2, 2), new double[2]));
    }
}

/// <summary>CmaEsOptions.Threads: CMA-ES's population evaluated on several threads.</summary>
public class CmaEsThreadsTests
{
    private static readonly Bounds Box10 = Bounds.Uniform(10, -5.12, 5.12);

    private static void AssertSameBits(OptimizationResult a, OptimizationResult b)
    {
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Value), BitConverter.DoubleToInt64Bits(b.Value));
        Assert.Equal(a.Evaluations, b.Evaluations);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.Status, b.Status);
        Assert.Equal(a.Restarts, b.Restarts);
        Assert.Equal(a.NonFiniteEvaluations, b.NonFiniteEvaluations);
        Assert.Equal(a.Point.Length, b.Point.Length);
        for (int i = 0; i < a.Point.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.Point.Span[i]), BitConverter.DoubleToInt64Bits(b.Point.Span[i]));
    }

    [Theory]
    [InlineData(RestartStrategy.Ipop)]
    [InlineData(RestartStrategy.Bipop)]
    public void OneTwoAndFourThreads_GiveTheSameBits_WithRestarts(RestartStrategy restarts)
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(2);
        var options = new CmaEsOptions { Seed = 17, Sigma0 = 2, Restarts = restarts, MaxRestarts = 3, MaxEvaluations = 30_000 };
        using var one = new CmaEs<Rastrigin<D10>>(options);
        OptimizationResult r1 = one.Minimize(x0, Box10);
        Assert.True(r1.Restarts >= 2, $"{r1.Restarts} restarts");
        double[] p1 = r1.Point.ToArray();
        using var two = new CmaEs<Rastrigin<D10>>(options with { Threads = 2 });
        AssertSameBits(r1 with { Point = p1 }, two.Minimize(x0, Box10));
        AssertSameBits(r1 with { Point = p1 }, two.Minimize(x0, Box10)); // again on the same workers
        using var four = new CmaEs<Rastrigin<D10>>(options with { Threads = 4 });
        AssertSameBits(r1 with { Point = p1 }, four.Minimize(x0, Box10));
    }

    [Fact]
    public void Minimize_WithThreads_AllocatesNothing_OnTheCallerNorOnTheWorkers()
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(2);
        var log = new ThreadAllocationLog();
        using var cma = new CmaEs<LoggedRastrigin>(new LoggedRastrigin { Log = log }, new CmaEsOptions
        {
            Seed = 5, Sigma0 = 2, Restarts = RestartStrategy.Bipop, MaxRestarts = 3, MaxEvaluations = 40_000, Threads = 3,
        });
        cma.ResultBuffer = new double[10]; // the zero-allocation path: the result is a view of this buffer
        cma.Minimize(x0, Box10); // warm-up
        cma.Minimize(x0, Box10);
        long[] first = log.Snapshot();
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = cma.Minimize(x0, Box10));
        long[] last = log.Snapshot();
        Assert.True(r.Restarts > 0);
        Assert.True(r.Evaluations > 10_000);
        Assert.Equal(0, allocated);
        Assert.Equal(3, ThreadAllocationLog.Threads(first));
        Assert.Equal(0, ThreadAllocationLog.AllocatedByOtherThreads(first, last));
    }

    [Fact]
    public void WorkerAllocationLog_SeesAnAllocatingObjective()
    {
        // The measurement above can fail: an objective that allocates shows up in the workers' records.
        var log = new ThreadAllocationLog();
        using var cma = new CmaEs<LoggedRastrigin>(new LoggedRastrigin { Log = log, Allocate = true }, new CmaEsOptions { Seed = 1, MaxIterations = 10, Threads = 2 });
        var x0 = new double[10];
        cma.Minimize(x0);
        long[] first = log.Snapshot();
        cma.Minimize(x0);
        // lambda = 10 for n = 10: the worker evaluates 5 candidates per generation, 10 generations, an array of 10 doubles each.
        long allocated = ThreadAllocationLog.AllocatedByOtherThreads(first, log.Snapshot());
        Assert.True(allocated >= 40 * 100, $"{allocated} bytes");
    }

    [Fact]
    public void SeveralThreads_TheCallerEvaluatesSliceZeroOnObjective_WorkersOnCopies()
    {
        // n = 3: lambda = 7; on 4 threads the calling thread evaluates rows [0, 7/4) = 1 candidate per generation on
        // Objective itself, the workers count on their copies, which are discarded.
        using var cma = new CmaEs<CountingSphere>(new CmaEsOptions { Seed = 1, MaxIterations = 5, Threads = 4 });
        OptimizationResult r = cma.Minimize(new double[] { 1, 1, 1 });
        Assert.Equal(TerminationReason.MaxIterations, r.Status);
        Assert.Equal(35, r.Evaluations);
        Assert.Equal(5, cma.Objective.Calls);
    }

    [Fact]
    public void ExceptionOnAWorker_IsRethrownByMinimize_AndTheInstanceRunsAgain()
    {
        using var cma = new CmaEs<ThrowsOnCmaWorker>(new CmaEsOptions { Seed = 1, MaxIterations = 5, Threads = 2 });
        var e = Assert.Throws<InvalidOperationException>(() => cma.Minimize(new double[] { 1, 1 }));
        Assert.Contains("evaluated on a worker", e.Message);
        using var single = new CmaEs<ThrowsOnCmaWorker>(new CmaEsOptions { Seed = 1, MaxIterations = 5 });
        Assert.Equal(TerminationReason.MaxIterations, single.Minimize(new double[] { 1, 1 }).Status);
    }

    [Fact]
    public void AfterDispose_MultiThreadedMinimizeThrows_AskTellStillWorks_SingleThreadedMinimizeToo()
    {
        var options = new CmaEsOptions { Seed = 1, MaxIterations = 3 };
        var cma = new CmaEs<Sphere<D10>>(options with { Threads = 2 });
        cma.Minimize(new double[10]);
        cma.Dispose();
        cma.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cma.Minimize(new double[10]));
        cma.Initialize(new double[10]);
        Assert.Equal(10, cma.Ask().Count);

        var single = new CmaEs<Sphere<D10>>(options);
        single.Dispose();
        Assert.Equal(TerminationReason.MaxIterations, single.Minimize(new double[10]).Status);
    }

    [Fact]
    public void DisposeDuringMinimize_Throws_AndTheRunFinishes()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 20, Threads = 2 });
        var observer = new DisposingObserver { Dispose = () => cma.Dispose() };
        var e = Assert.Throws<InvalidOperationException>(() => cma.Minimize(new double[10], null, ref observer));
        Assert.Contains("one call at a time", e.Message);
        Assert.Equal(TerminationReason.MaxIterations, cma.Minimize(new double[10]).Status); // not disposed
    }

    private struct DisposingObserver : IOptimizationObserver
    {
        public Action Dispose;
        public readonly bool OnIteration(in IterationInfo info)
        {
            Dispose();
            return true;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1025)]
    public void Threads_OutOfRange_IsRejectedByName(int threads)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D10>>(new CmaEsOptions { Threads = threads }));
        Assert.Equal("Threads", e.ParamName);
        Assert.Contains("Threads", e.Message);
    }
}
