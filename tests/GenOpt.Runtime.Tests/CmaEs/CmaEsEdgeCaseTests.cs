using System;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>Edge cases: undefined regions, small populations, restart bookkeeping, bounds far from the optimum.</summary>
public class CmaEsEdgeCaseTests(ITestOutputHelper output)
{
    private struct PopulationSizes : IOptimizationObserver
    {
        public CmaEs<Rastrigin<D10>> Cma;
        public int Last;
        public int Runs;
        public int LargestBeforeLast;
        private int _restart;
        public bool OnIteration(in IterationInfo info)
        {
            if (Runs == 0 || info.Restart != _restart)
            {
                LargestBeforeLast = Math.Max(LargestBeforeLast, Last);
                Runs++;
                _restart = info.Restart;
            }
            Last = Cma.PopulationSize;
            return true;
        }
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void SmallPopulationNextToAnUndefinedRegion_KeepsGoing(ulong seed)
    {
        // With lambda = 3 a whole generation regularly falls where the objective is NaN; that is a failed
        // step (sigma shrinks, the mean stays), not the end of the optimization.
        var x0 = new double[10];
        x0.AsSpan().Fill(1);
        var cma = new CmaEs<SphereWithNaNHalfSpace>(new CmaEsOptions { Seed = seed, PopulationSize = 3, MaxEvaluations = 60_000 });
        OptimizationResult r = cma.Minimize(x0);
        output.WriteLine($"{r.Status} f={r.Value} evals={r.Evaluations} nonfinite={r.NonFiniteEvaluations}");
        Assert.NotEqual(TerminationReason.ObjectiveNotFinite, r.Status);
        Assert.True(r.NonFiniteEvaluations > 0);
        Assert.InRange(r.Value, 0.125, 0.125 + 1e-6);
    }

    [Theory]
    [InlineData(RestartStrategy.Ipop)]
    [InlineData(RestartStrategy.Bipop)]
    public void MaxRestartsZero_MeansNoRestart(RestartStrategy strategy)
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(3);
        var cma = new CmaEs<Rastrigin<D10>>(new CmaEsOptions { Seed = 4, Sigma0 = 1, Restarts = strategy, MaxRestarts = 0 });
        OptimizationResult r = cma.Minimize(x0);
        Assert.Equal(0, r.Restarts);
        Assert.Equal(10, cma.PopulationSize);
    }

    [Fact]
    public void Bipop_EndsWithItsLastLargeRun_AndAlternatesRegimes()
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(3);
        var cma = new CmaEs<Rastrigin<D10>>(new CmaEsOptions { Seed = 7, Sigma0 = 2, Restarts = RestartStrategy.Bipop, MaxRestarts = 3 });
        var sizes = new PopulationSizes { Cma = cma };
        OptimizationResult r = cma.Minimize(x0, Bounds.Uniform(10, -5.12, 5.12), ref sizes);
        output.WriteLine($"{r.Status} f={r.Value} evals={r.Evaluations} restarts={r.Restarts} last lambda={sizes.Last}");
        Assert.True(r.Status == TerminationReason.TargetReached || sizes.Last == 80,
            "without reaching the target, BIPOP stops right after its 3rd large restart (lambda = 10 * 2^3)");
        Assert.True(r.Restarts > 3, "small-population runs happen between the large ones");
        Assert.True(sizes.LargestBeforeLast <= 80);
    }

    [Fact]
    public void Ipop_DoublesThePopulationOnEachRestart()
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(3);
        var cma = new CmaEs<Rastrigin<D10>>(new CmaEsOptions { Seed = 8, Sigma0 = 0.5, Restarts = RestartStrategy.Ipop, MaxRestarts = 2 });
        OptimizationResult r = cma.Minimize(x0);
        Assert.Equal(2, r.Restarts);
        Assert.Equal(40, cma.PopulationSize);
    }

    [Fact]
    public void OptimumOutsideTheBox_IsFoundOnTheBoundary_AndTheMeanStaysNearTheBox()
    {
        var cma = new CmaEs<FarSphere2>(new CmaEsOptions { Seed = 5, Sigma0 = 0.3 });
        var bounds = new Bounds([0, 0], [1, 2]);
        OptimizationResult r = cma.Minimize([0.5, 0.5], bounds);
        Assert.True(bounds.Contains(r.Point.Span));
        Assert.InRange(r.Point.Span[0], 1 - 1e-8, 1);
        Assert.InRange(r.Point.Span[1], 2 - 1e-8, 2);
        Assert.InRange(cma.Mean[0], -0.5, 1.5);
        Assert.InRange(cma.Mean[1], -1.0, 3.0);
    }

    [Fact]
    public void FarTooSmallSigma0_StopsWithStepSizeDiverged()
    {
        var cma = new CmaEs<VeryFarSphere2>(new CmaEsOptions { Seed = 5, Sigma0 = 1e-3 });
        OptimizationResult r = cma.Minimize([0, 0]);
        Assert.Equal(TerminationReason.StepSizeDiverged, r.Status);
        Assert.Contains("Sigma0", r.Message);
    }

    [Fact]
    public void OneDimensional_And_TinyPopulations_Converge()
    {
        foreach (int lambda in new[] { 2, 3, 4 })
        {
#pragma warning disable GENOPT024 // the population size is fixed at construction: one optimizer per size is intended
            var cma = new CmaEs<Sphere<D1>>(new CmaEsOptions { Seed = 3, PopulationSize = lambda, TargetValue = 1e-12 });
#pragma warning restore GENOPT024
            OptimizationResult r = cma.Minimize([2.0]);
            Assert.Equal(TerminationReason.TargetReached, r.Status);
        }
    }
}
