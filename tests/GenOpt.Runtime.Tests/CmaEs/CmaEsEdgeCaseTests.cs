using System;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>4-D sphere at 0.3 that counts the points it is given outside [<see cref="Lo"/>, <see cref="Hi"/>] or not finite.</summary>
public struct BoxCountingSphere4 : IObjective
{
    public double Lo, Hi;
    public long Outside, NotFinite, Calls;
    public static int Dimension => 4;
    public double Value(ReadOnlySpan<double> x)
    {
        Calls++;
        double s = 0;
        bool outside = false, notFinite = false;
        foreach (double xi in x)
        {
            notFinite |= !double.IsFinite(xi);
            outside |= !(xi >= Lo && xi <= Hi);
            s += (xi - 0.3) * (xi - 0.3);
        }
        if (outside) Outside++;
        if (notFinite) NotFinite++;
        return s;
    }
}

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

    [Theory]
    [InlineData(CovarianceModel.Full, -1.0, 2.0)]
    [InlineData(CovarianceModel.Separable, -1.0, 2.0)]
    [InlineData(CovarianceModel.LimitedMemory, -1.0, 2.0)]
    [InlineData(CovarianceModel.Full, -1.0, double.PositiveInfinity)]
    [InlineData(CovarianceModel.LimitedMemory, -1.0, double.PositiveInfinity)]
    [InlineData(CovarianceModel.Full, -8e307, 8e307)]        // finite candidates whose distance to the bound overflows
    [InlineData(CovarianceModel.Separable, -8e307, 8e307)]
    public void StepsThatOverflow_AreStillFoldedIntoTheBox(CovarianceModel model, double lower, double upper)
    {
        // Sigma0 = double.MaxValue: m + sigma y overflows to infinity (and NaN), which the periodic reflection cannot
        // place; such coordinates go to the middle of the box (to the finite bound of a half-open one). Never is the
        // objective given a point outside the box or not finite.
        using var cma = new CmaEs<BoxCountingSphere4>(new BoxCountingSphere4 { Lo = lower, Hi = upper },
            new CmaEsOptions { Seed = 1, Sigma0 = double.MaxValue, CovarianceModel = model, MaxIterations = 500 });
        OptimizationResult r = cma.Minimize([1, 1, 1, 1], Bounds.Uniform(4, lower, upper));
        output.WriteLine(r.ToString());
        Assert.True(cma.Objective.Calls > 0);
        Assert.Equal(0, cma.Objective.NotFinite);
        Assert.Equal(0, cma.Objective.Outside);
        Assert.False(r.Converged, r.ToString());
        if (double.IsFinite(r.Value))   // in the half-open box every folded point may be too far for a finite value
            Assert.Equal(new BoxCountingSphere4().Value(r.Point.Span), r.Value);
        else
            Assert.Equal(TerminationReason.ObjectiveNotFinite, r.Status);
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
