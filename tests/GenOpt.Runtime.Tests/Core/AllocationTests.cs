using System;

namespace GenOpt.Tests;

/// <summary>Zero allocation after construction and one warm-up run, measured on the calling thread.</summary>
public class AllocationTests
{
    private struct CountingObserver : IOptimizationObserver
    {
        public long Calls;
        public bool OnIteration(in IterationInfo info) { Calls++; return true; }
    }

    [Fact]
    public void CmaEs_MinimizeWithResultBuffer_AllocatesNothing()
    {
        var x0 = new double[10];
        var cma = new CmaEs<Rosenbrock<D10>>(new CmaEsOptions { Seed = 1, TargetValue = 1e-8 }) { ResultBuffer = new double[10] };
        cma.Minimize(x0); // warm-up: JIT, tiering, static initializers
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = cma.Minimize(x0));
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void CmaEs_MinimizeWithObserverBoundsRestartsAndResultBuffer_AllocatesNothing()
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(2);
        var bounds = Bounds.Uniform(10, -5.12, 5.12);
        var cma = new CmaEs<Rastrigin<D10>>(new CmaEsOptions { Seed = 5, Sigma0 = 2, Restarts = RestartStrategy.Bipop, MaxRestarts = 3, MaxEvaluations = 40_000 })
        {
            ResultBuffer = new double[10],
        };
        var observer = new CountingObserver();
        cma.Minimize(x0, bounds, ref observer);
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = cma.Minimize(x0, bounds, ref observer));
        Assert.True(r.Restarts > 0);
        Assert.True(observer.Calls > 0);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void CmaEs_AskTell_AllocatesNothing()
    {
        var x0 = new double[10];
        var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        var f = default(Sphere<D10>);
        var values = new double[cma.PopulationSize];
        cma.Initialize(x0);
        RunAskTell(cma, ref f, values, 50); // warm-up
        Allocations.AssertNone("200 CMA-ES ask/tell generations", () => RunAskTell(cma, ref f, values, 200));
    }

    private static void RunAskTell(CmaEs<Sphere<D10>> cma, ref Sphere<D10> f, double[] values, int generations)
    {
        for (int g = 0; g < generations && cma.Status == TerminationReason.None; g++)
        {
            Population pop = cma.Ask();
            for (int k = 0; k < pop.Count; k++)
                values[k] = f.Value(pop[k]);
            cma.Tell(values);
        }
    }

    [Fact]
    public void FiniteDifferenceGradient_AllocatesNothing()
    {
        var f = default(Rosenbrock<D10>);
        var x = new double[10];
        var g = new double[10];
        FiniteDifference.CentralGradient(ref f, x, g);
        Allocations.AssertNone("100 central-difference gradients", () =>
        {
            for (int i = 0; i < 100; i++)
                FiniteDifference.CentralGradient(ref f, x, g);
        });
    }
}
