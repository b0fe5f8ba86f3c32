using System;
using System.Threading;

namespace GenOpt.Tests;

/// <summary>The contract of CMA-ES: determinism, ask/tell, observer, cancellation, bad input, non-finite values.</summary>
public class CmaEsBehaviourTests
{
    private static readonly double[] Zeros10 = new double[10];

    [Fact]
    public void SameSeed_GivesBitIdenticalResults()
    {
        var options = new CmaEsOptions { Sigma0 = 0.5, Seed = 77, TargetValue = 1e-8 };
        OptimizationResult a = new CmaEs<Rosenbrock<D10>>(options).Minimize(Zeros10);
        OptimizationResult b = new CmaEs<Rosenbrock<D10>>(options).Minimize(Zeros10);
        Assert.Equal(a.Evaluations, b.Evaluations);
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Value), BitConverter.DoubleToInt64Bits(b.Value));
        Assert.Equal(a.Point.ToArray(), b.Point.ToArray());

        OptimizationResult c = new CmaEs<Rosenbrock<D10>>(options with { Seed = 78 }).Minimize(Zeros10);
        Assert.NotEqual(a.Value, c.Value);
    }

    [Fact]
    public void RepeatedMinimizeOnOneInstance_RepeatsTheRun()
    {
        var cma = new CmaEs<Rosenbrock<D10>>(new CmaEsOptions { Seed = 5, TargetValue = 1e-8 });
        OptimizationResult first = cma.Minimize(Zeros10);
        double[] firstPoint = first.Point.ToArray();   // Point is a view of the workspace: copy before the next run
        OptimizationResult second = cma.Minimize(Zeros10);
        Assert.Equal(first.Evaluations, second.Evaluations);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(firstPoint, second.Point.ToArray());
    }

    [Fact]
    public void UnseededOptimizer_DrawsASeedAndReportsIt()
    {
        var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { MaxEvaluations = 200 });
        OptimizationResult r = cma.Minimize(Zeros10);
        OptimizationResult again = new CmaEs<Sphere<D10>>(new CmaEsOptions { MaxEvaluations = 200, Seed = cma.Seed }).Minimize(Zeros10);
        Assert.Equal(r.Value, again.Value);
    }

    [Fact]
    public void AskTell_MatchesMinimize()
    {
        var options = new CmaEsOptions { Sigma0 = 0.5, Seed = 12, TargetValue = 1e-8 };
        OptimizationResult viaMinimize = new CmaEs<Rosenbrock<D10>>(options).Minimize(Zeros10);

        var cma = new CmaEs<Rosenbrock<D10>>(options);
        var f = default(Rosenbrock<D10>);
        cma.Initialize(Zeros10);
        var values = new double[64];
        TerminationReason status;
        do
        {
            Population pop = cma.Ask();
            Population again = cma.Ask(); // asking twice returns the same candidates
            Assert.True(pop.AsSpan().SequenceEqual(again.AsSpan()));
            for (int k = 0; k < pop.Count; k++)
                values[k] = f.Value(pop[k]);
            status = cma.Tell(values.AsSpan(0, pop.Count));
        }
        while (status == TerminationReason.None);

        OptimizationResult viaAskTell = cma.Result;
        Assert.Equal(viaMinimize.Evaluations, viaAskTell.Evaluations);
        Assert.Equal(viaMinimize.Value, viaAskTell.Value);
        Assert.Equal(viaMinimize.Point.ToArray(), viaAskTell.Point.ToArray());
    }

    [Fact]
    public void Tell_RejectsMisuse()
    {
        var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        Assert.Throws<InvalidOperationException>(() => cma.Ask());
        cma.Initialize(Zeros10);
        Assert.Throws<InvalidOperationException>(() => cma.Tell(new double[cma.PopulationSize]));
        Population pop = cma.Ask();
        int count = pop.Count;
        var ex = Assert.Throws<ArgumentException>(() => cma.Tell(new double[count + 1]));
        Assert.Contains($"Expected {count} values", ex.Message);
    }

    private struct StopAfter : IOptimizationObserver
    {
        public int Calls;
        public int Limit;
        public double LastBest;
        public bool OnIteration(in IterationInfo info)
        {
            Calls++;
            Assert.True(info.BestValue <= LastBest);  // best-so-far never gets worse
            LastBest = info.BestValue;
            return Calls < Limit;
        }
    }

    [Fact]
    public void Observer_IsCalledEachGeneration_AndCanStop()
    {
        var cma = new CmaEs<Rosenbrock<D10>>(new CmaEsOptions { Seed = 3 });
        var observer = new StopAfter { Limit = 25, LastBest = double.PositiveInfinity };
        OptimizationResult r = cma.Minimize(Zeros10, null, ref observer);
        Assert.Equal(TerminationReason.StoppedByObserver, r.Status);
        Assert.Equal(25, observer.Calls);
        Assert.Equal(25, r.Iterations);
        Assert.Equal(25L * cma.PopulationSize, r.Evaluations);
    }

    [Fact]
    public void Cancellation_StopsBeforeTheNextGeneration()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        OptimizationResult r = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 3 }).Minimize(Zeros10, null, cts.Token);
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(0, r.Evaluations);
    }

    [Fact]
    public void MaxEvaluations_IsRespectedToWithinOneGeneration()
    {
        var cma = new CmaEs<Rosenbrock<D10>>(new CmaEsOptions { Seed = 3, MaxEvaluations = 1000 });
        OptimizationResult r = cma.Minimize(Zeros10);
        Assert.Equal(TerminationReason.MaxEvaluations, r.Status);
        Assert.InRange(r.Evaluations, 1000, 1000 + cma.PopulationSize - 1);
    }

    [Fact]
    public void BadInput_GivesClearExceptions()
    {
        var ex1 = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D10>>(new CmaEsOptions { Sigma0 = 0 }));
        Assert.Contains("Sigma0", ex1.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D10>>(new CmaEsOptions { Sigma0 = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D10>>(new CmaEsOptions { PopulationSize = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D10>>(new CmaEsOptions { MaxRestarts = 40, Restarts = RestartStrategy.Ipop }));

        var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        var wrongLength = Assert.Throws<ArgumentException>(() => cma.Minimize(new double[9]));
        Assert.Contains("x0 has 9 entries", wrongLength.Message);
        var nan = new double[10];
        nan[3] = double.NaN;
        Assert.Contains("x0[3]", Assert.Throws<ArgumentException>(() => cma.Minimize(nan)).Message);
        Assert.Contains("outside its bounds", Assert.Throws<ArgumentException>(() => cma.Minimize(Zeros10, Bounds.Uniform(10, 1, 2))).Message);
        Assert.Contains("Dimension is 10", Assert.Throws<ArgumentException>(() => cma.Minimize(Zeros10, Bounds.Uniform(3, -1, 1))).Message);
        Assert.Contains("greater than upper", Assert.Throws<ArgumentException>(() => new Bounds([0, 2], [1, 1])).Message);
    }

    [Fact]
    public void NonFiniteValues_AreRankedWorst_CountedAndNeverBest()
    {
        var cma = new CmaEs<PartlyNaNSphere>(new CmaEsOptions { Seed = 8, Sigma0 = 1, TargetValue = 1e-10 });
        OptimizationResult r = cma.Minimize([-0.5, 1, 1, 1]);
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        Assert.True(r.NonFiniteEvaluations > 0, "some candidates fell in the NaN region");
        Assert.True(double.IsFinite(r.Value));
    }

    [Fact]
    public void AllNonFinite_StopsWithAClearReason()
    {
        OptimizationResult r = new CmaEs<AlwaysNaN>(new CmaEsOptions { Seed = 1 }).Minimize([0, 0, 0]);
        Assert.Equal(TerminationReason.ObjectiveNotFinite, r.Status);
        Assert.Equal(r.Evaluations, r.NonFiniteEvaluations);
        Assert.Contains("NaN", r.Message);
        Assert.True(double.IsPositiveInfinity(r.Value));
    }

    [Fact]
    public void InstanceObjective_IsCalledByReference()
    {
        var cma = new CmaEs<CountingSphere>(new CountingSphere(), new CmaEsOptions { Seed = 2, MaxEvaluations = 500 });
        OptimizationResult r = cma.Minimize([1, 1, 1]);
        Assert.Equal(r.Evaluations, cma.Objective.Calls);
    }
}
