using System;
using System.Threading;

namespace GenOpt.Tests;

/// <summary>PSO allocates nothing after construction and one warm-up run.</summary>
public class PsoAllocationTests
{
    private struct CountingObserver : IOptimizationObserver
    {
        public long Calls;
        public bool OnIteration(in IterationInfo info) { Calls++; return true; }
    }

    [Theory]
    [InlineData(PsoTopology.Global, PsoBoundaryStrategy.Reflective)]
    [InlineData(PsoTopology.Ring, PsoBoundaryStrategy.Nearest)]
    [InlineData(PsoTopology.VonNeumann, PsoBoundaryStrategy.Periodic)]
    [InlineData(PsoTopology.Random, PsoBoundaryStrategy.Random)]
    public void Minimize_WithObserverAndResultBuffer_AllocatesNothing(PsoTopology topology, PsoBoundaryStrategy boundary)
    {
        var bounds = Bounds.Uniform(10, -5.12, 5.12);
        var x0 = new double[10];
        using var pso = new Pso<Rastrigin<D10>>(new PsoOptions
        {
            Seed = 1, Topology = topology, Boundary = boundary, MaxIterations = 300, VelocityClamp = 0.5,
            InertiaSchedule = PsoInertiaSchedule.Linear,
        })
        {
            ResultBuffer = new double[10],
        };
        var observer = new CountingObserver();
        using var cts = new CancellationTokenSource();
        pso.Minimize(x0, bounds, ref observer, cts.Token); // warm-up
        OptimizationResult r = default, r2 = default;
        long allocated = Allocations.Measure(() =>
        {
            r = pso.Minimize(x0, bounds, ref observer, cts.Token);
            r2 = pso.Minimize(bounds);
        });
        Assert.Equal(TerminationReason.MaxIterations, r.Status);
        Assert.Equal(TerminationReason.MaxIterations, r2.Status);
        Assert.Equal(600, observer.Calls);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void AskTell_AllocatesNothing()
    {
        var bounds = Bounds.Uniform(10, -5.12, 5.12);
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 1, Topology = PsoTopology.Random, MaxIterations = 100_000 });
        var f = default(Sphere<D10>);
        var values = new double[pso.SwarmSize];
        pso.Initialize(bounds);
        RunAskTell(pso, ref f, values, 50); // warm-up
        Allocations.AssertNone("PSO ask/tell, re-initialization and more ask/tell", () =>
        {
            RunAskTell(pso, ref f, values, 500);
            pso.Initialize(bounds);
            RunAskTell(pso, ref f, values, 10);
        });
    }

    private static void RunAskTell(Pso<Sphere<D10>> pso, ref Sphere<D10> f, double[] values, int iterations)
    {
        for (int g = 0; g < iterations && pso.Status == TerminationReason.None; g++)
        {
            Population pop = pso.Ask();
            for (int k = 0; k < pop.Count; k++)
                values[k] = f.Value(pop[k]);
            pso.Tell(values.AsSpan(0, pop.Count));
        }
    }
}

/// <summary>
/// The multi-threaded Minimize: neither the calling thread nor the workers allocate anything after the warm-up. The
/// workers are measured from inside: the objective they evaluate records, per thread, the bytes that thread had
/// allocated at each evaluation, so everything a worker allocates between its first and its last evaluation of a run
/// (dispatch, waiting, the evaluations themselves) shows up.
/// </summary>
public class PsoThreadAllocationTests
{
    [Fact]
    public void Minimize_WithThreads_AllocatesNothing()
    {
        var bounds = Bounds.Uniform(10, -5.12, 5.12);
        var log = new ThreadAllocationLog();
        using var pso = new Pso<LoggedRastrigin>(new LoggedRastrigin { Log = log }, new PsoOptions { Seed = 1, MaxIterations = 300, Threads = 3 })
        {
            ResultBuffer = new double[10],
        };
        pso.Minimize(bounds); // warm-up
        pso.Minimize(bounds);
        long[] first = log.Snapshot();
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = pso.Minimize(bounds));
        long[] last = log.Snapshot();
        Assert.Equal(12_000, r.Evaluations);
        Assert.Equal(0, allocated);
        Assert.Equal(3, ThreadAllocationLog.Threads(first));  // the caller and two workers evaluated
        Assert.Equal(0, ThreadAllocationLog.AllocatedByOtherThreads(first, last));
    }

    [Fact]
    public void WorkerAllocationLog_SeesAnAllocatingObjective()
    {
        // The measurement above can fail: an objective that allocates shows up in the workers' records.
        var log = new ThreadAllocationLog();
        using var pso = new Pso<LoggedRastrigin>(new LoggedRastrigin { Log = log, Allocate = true }, new PsoOptions { Seed = 1, MaxIterations = 10, Threads = 2 });
        pso.Minimize(Bounds.Uniform(10, -1, 1));
        long[] first = log.Snapshot();
        pso.Minimize(Bounds.Uniform(10, -1, 1));
        long allocated = ThreadAllocationLog.AllocatedByOtherThreads(first, log.Snapshot());
        Assert.True(allocated >= 200 * 100, $"{allocated} bytes");
    }
}

/// <summary>Per managed thread id, the bytes that thread had allocated when it last called <see cref="Record"/> (plus one, so that 0 means "never recorded").</summary>
public sealed class ThreadAllocationLog
{
    private readonly long[] _bytes = new long[1 << 16];

    public void Record()
    {
        int id = Environment.CurrentManagedThreadId;
        if (id >= _bytes.Length)
            throw new InvalidOperationException("thread id beyond the log");
        Volatile.Write(ref _bytes[id], GC.GetAllocatedBytesForCurrentThread() + 1);
    }

    public long[] Snapshot()
    {
        var copy = new long[_bytes.Length];
        for (int i = 0; i < copy.Length; i++)
            copy[i] = Volatile.Read(ref _bytes[i]);
        return copy;
    }

    /// <summary>Threads that had recorded in <paramref name="snapshot"/>.</summary>
    public static int Threads(long[] snapshot)
    {
        int count = 0;
        foreach (long b in snapshot)
            if (b != 0) count++;
        return count;
    }

    /// <summary>
    /// Bytes allocated between the two snapshots by the threads that recorded in both, except the calling thread (which
    /// allocated the snapshots; measure it with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around the run).
    /// </summary>
    public static long AllocatedByOtherThreads(long[] first, long[] last)
    {
        long sum = 0;
        int caller = Environment.CurrentManagedThreadId;
        for (int i = 0; i < first.Length; i++)
            if (first[i] != 0 && i != caller)
                sum += last[i] - first[i];
        return sum;
    }
}

/// <summary>10-D Rastrigin that records each evaluating thread's allocated bytes (and allocates an array per call when asked).</summary>
public struct LoggedRastrigin : IObjective
{
    public ThreadAllocationLog Log;
    public bool Allocate;

    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        double value = default(Rastrigin<D10>).Value(Allocate ? x.ToArray() : x);
        Log.Record();
        return value;
    }
}
