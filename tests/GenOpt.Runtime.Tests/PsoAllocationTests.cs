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

/// <summary>Tests that measure allocations of the whole process run alone.</summary>
[CollectionDefinition(nameof(ProcessWideAllocation), DisableParallelization = true)]
public class ProcessWideAllocation;

/// <summary>
/// The multi-threaded Minimize: the calling thread allocates nothing, and (measured over the whole process, with no other
/// test running) neither do the workers nor their dispatch.
/// </summary>
[Collection(nameof(ProcessWideAllocation))]
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
        long beforeAll = GC.GetTotalAllocatedBytes(precise: true);
        OptimizationResult r = pso.Minimize(bounds);
        long allocatedAll = GC.GetTotalAllocatedBytes(precise: true) - beforeAll;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(12_000, r.Evaluations);
        Assert.Equal(0, allocated);
        Assert.Equal(0, allocatedAll);
    }
}
