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
    public void Minimize_WithObserver_AllocatesNothing(PsoTopology topology, PsoBoundaryStrategy boundary)
    {
        var bounds = Bounds.Uniform(10, -5.12, 5.12);
        var x0 = new double[10];
        using var pso = new Pso<Rastrigin<D10>>(new PsoOptions
        {
            Seed = 1, Topology = topology, Boundary = boundary, MaxIterations = 300, VelocityClamp = 0.5,
            InertiaSchedule = PsoInertiaSchedule.Linear,
        });
        var observer = new CountingObserver();
        using var cts = new CancellationTokenSource();
        pso.Minimize(bounds, x0, ref observer, cts.Token); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        OptimizationResult r = pso.Minimize(bounds, x0, ref observer, cts.Token);
        OptimizationResult r2 = pso.Minimize(bounds);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
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
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunAskTell(pso, ref f, values, 500);
        pso.Initialize(bounds);
        RunAskTell(pso, ref f, values, 10);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
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
/// The multi-threaded Minimize: neither the calling thread nor the workers (each measures its own thread's counter after
/// every job) allocate anything after the warm-up.
/// </summary>
public class PsoThreadAllocationTests
{
    [Fact]
    public void Minimize_WithThreads_AllocatesNothing()
    {
        var bounds = Bounds.Uniform(10, -5.12, 5.12);
        using var pso = new Pso<Rastrigin<D10>>(new PsoOptions { Seed = 1, MaxIterations = 300, Threads = 3 });
        pso.Minimize(bounds); // warm-up
        pso.Minimize(bounds);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long beforeWorkers = pso.WorkerAllocatedBytes;
        OptimizationResult r = pso.Minimize(bounds);
        long allocatedWorkers = pso.WorkerAllocatedBytes - beforeWorkers;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(12_000, r.Evaluations);
        Assert.Equal(0, allocated);
        Assert.Equal(0, allocatedWorkers);
    }

    [Fact]
    public void WorkerAllocationCounter_SeesAnAllocatingObjective()
    {
        // The measurement above can fail: an objective that allocates shows up in the workers' counters.
        using var pso = new Pso<AllocatingSphere>(new PsoOptions { Seed = 1, MaxIterations = 10, Threads = 2 });
        pso.Minimize(Bounds.Uniform(2, -1, 1));
        long before = pso.WorkerAllocatedBytes;
        pso.Minimize(Bounds.Uniform(2, -1, 1));
        Assert.True(pso.WorkerAllocatedBytes - before >= 200 * 24, $"{pso.WorkerAllocatedBytes - before} bytes");
    }
}

/// <summary>2-D sphere that allocates a small array on every call.</summary>
public struct AllocatingSphere : IObjective
{
    public static int Dimension => 2;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double[] copy = x.ToArray();
        return copy[0] * copy[0] + copy[1] * copy[1];
    }
}
