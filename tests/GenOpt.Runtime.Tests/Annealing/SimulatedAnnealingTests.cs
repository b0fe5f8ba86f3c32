using System;
using System.Collections.Generic;
using System.Threading;
using GenOpt.Samples;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>A 1-D integer walk on 0..99 with energy (x - 37)^2, except NaN at x = 50..59; moves are ±1, applied eagerly.</summary>
public struct WalkWithNaNBand : IAnnealingProblem<int[]>
{
    private int _step;
    public readonly int[] CreateState() => new int[1];
    public readonly void Copy(in int[] source, ref int[] destination) => destination[0] = source[0];
    public readonly double Energy(in int[] state) => E(state[0]);
    private static double E(int x) => x is >= 50 and <= 59 ? double.NaN : (x - 37) * (x - 37);
    public double Propose(ref int[] state, ref RandomSource random)
    {
        int x = state[0];
        _step = random.NextInt(2) == 0 ? -1 : 1;
        if (x + _step < 0 || x + _step > 99) _step = -_step;
        state[0] = x + _step;
        return E(x + _step) - E(x);
    }
    public readonly void Commit(ref int[] state) { }
    public readonly void Undo(ref int[] state) => state[0] -= _step;
}

public class SimulatedAnnealingTests(ITestOutputHelper output)
{
    private struct Recorder : IOptimizationObserver
    {
        public List<double> Temperatures;
        public List<int> RestartIndex;
        public SimulatedAnnealing<int[], TspProblem>? Annealer;
        public double FirstAcceptance;
        public bool OnIteration(in IterationInfo info)
        {
            if (Temperatures.Count == 0 && Annealer is not null) FirstAcceptance = Annealer.AcceptanceRate;
            Temperatures.Add(info.StepSize);
            RestartIndex.Add(info.Restart);
            Assert.True(info.BestValue <= info.IterationBestValue);
            return true;
        }
    }

    [Fact]
    public void Tsp300_TwoOptAnnealing_BeatsNearestNeighbour_Deterministically()
    {
        var tsp = new TspProblem(cities: 300, seed: 2026);
        double greedy = tsp.Length(tsp.NearestNeighbourTour());
        int[] tour = tsp.IdentityTour();
        var sa = new SimulatedAnnealing<int[], TspProblem>(tsp, TspProblem.SampleOptions);
        AnnealingResult r = sa.Minimize(ref tour);
        output.WriteLine($"greedy {greedy:F4} annealing {r.Value:F4} moves {r.Evaluations} accepted {r.AcceptedMoves} T0 {r.StartTemperature:G4}");
        Assert.True(tsp.IsPermutation(tour));
        Assert.Equal(tsp.Length(tour), r.Value);
        Assert.True(r.Value < 0.9 * greedy, $"annealing {r.Value} vs greedy {greedy}");
        Assert.Equal(TerminationReason.ScheduleCompleted, r.Status);
        Assert.Equal(1000L * 2000, r.Evaluations);

        int[] again = tsp.IdentityTour();
        AnnealingResult r2 = new SimulatedAnnealing<int[], TspProblem>(tsp, TspProblem.SampleOptions).Minimize(ref again);
        Assert.Equal(tour, again);
        Assert.Equal(r.Value, r2.Value);
    }

    [Fact]
    public void Tsp_ProposeUndo_RestoresStateAndEnergy_ProposeCommit_ChangesEnergyByDelta()
    {
        var tsp = new TspProblem(cities: 50, seed: 3);
        int[] tour = tsp.IdentityTour();
        var random = new RandomSource(9);
        for (int k = 0; k < 2000; k++)
        {
            int[] before = (int[])tour.Clone();
            double energy = tsp.Energy(tour);
            double delta = tsp.Propose(ref tour, ref random);
            tsp.Undo(ref tour);
            Assert.Equal(before, tour);
            Assert.Equal(energy, tsp.Energy(tour));

            delta = tsp.Propose(ref tour, ref random);
            tsp.Commit(ref tour);
            Assert.True(tsp.IsPermutation(tour));
            Assert.Equal(energy + delta, tsp.Energy(tour), 1e-9);
        }
    }

    [Fact]
    public void Knapsack_ProposeUndo_RestoresStateAndEnergy_ProposeCommit_ChangesEnergyByDelta()
    {
        var problem = new KnapsackProblem(items: 40, seed: 5);
        var state = problem.CreateState();
        var random = new RandomSource(11);
        for (int k = 0; k < 2000; k++)
        {
            bool[] take = (bool[])state.Take.Clone();
            int weight = state.Weight, value = state.Value;
            double energy = problem.Energy(state);
            problem.Propose(ref state, ref random);
            problem.Undo(ref state);
            Assert.Equal(take, state.Take);
            Assert.Equal((weight, value), (state.Weight, state.Value));
            Assert.Equal(energy, problem.Energy(state));

            double delta = problem.Propose(ref state, ref random);
            problem.Commit(ref state);
            Assert.Equal(energy + delta, problem.Energy(state), 1e-9);
        }
    }

    [Fact]
    public void Knapsack_AnnealingIsFeasibleAndNearTheOptimum()
    {
        var problem = new KnapsackProblem(items: 100, seed: 12);
        var state = problem.CreateState();
        var sa = new SimulatedAnnealing<KnapsackSelection, KnapsackProblem>(problem,
            new SimulatedAnnealingOptions { Seed = 3, StartTemperature = 30, EndTemperature = 0.01, MovesPerTemperature = 1000 });
        AnnealingResult r = sa.Minimize(ref state);
        int optimum = problem.OptimalValue();
        output.WriteLine($"annealing {state.Value} (weight {state.Weight}/{problem.Capacity}) greedy {problem.GreedyValue()} optimum {optimum}");
        Assert.True(state.Weight <= problem.Capacity);
        Assert.Equal(-state.Value, r.Value);
        Assert.True(state.Value >= 0.99 * optimum);
    }

    [Theory]
    [InlineData(CoolingSchedule.Geometric)]
    [InlineData(CoolingSchedule.Linear)]
    [InlineData(CoolingSchedule.Logarithmic)]
    public void Schedules_RunFromStartToEndTemperature_Decreasing(CoolingSchedule schedule)
    {
        var tsp = new TspProblem(cities: 30, seed: 1);
        int[] tour = tsp.IdentityTour();
        var sa = new SimulatedAnnealing<int[], TspProblem>(tsp, new SimulatedAnnealingOptions
        {
            Seed = 1, Schedule = schedule, StartTemperature = 2, EndTemperature = 0.002, TemperatureSteps = 50, MovesPerTemperature = 10,
        });
        var rec = new Recorder { Temperatures = [], RestartIndex = [] };
        sa.Minimize(ref tour, ref rec);
        List<double> t = rec.Temperatures;
        Assert.Equal(50, t.Count);
        Assert.Equal(2, t[0], 1e-12);
        Assert.Equal(0.002, t[^1], 1e-12);
        for (int k = 1; k < t.Count; k++) Assert.True(t[k] < t[k - 1]);
        double mid = t[25];
        // Linear is still hot half-way; geometric is at the geometric mean; logarithmic has fallen furthest.
        double expected = schedule switch
        {
            CoolingSchedule.Linear => 2 + (0.002 - 2) * 25 / 49.0,
            CoolingSchedule.Geometric => 2 * Math.Pow(0.001, 25 / 49.0),
            _ => 2 / (1 + 999 / Math.Log(50) * Math.Log(26)),
        };
        Assert.Equal(expected, mid, 1e-12);
    }

    [Fact]
    public void AutomaticStartTemperature_AcceptsAboutTheTargetFractionAtFirst_AndRestartsBeginFromTheBest()
    {
        var tsp = new TspProblem(cities: 100, seed: 4);
        int[] tour = tsp.IdentityTour();
        var sa = new SimulatedAnnealing<int[], TspProblem>(tsp, new SimulatedAnnealingOptions { Seed = 2, TemperatureSteps = 200, MovesPerTemperature = 500, Restarts = 2 });
        var rec = new Recorder { Temperatures = [], RestartIndex = [], Annealer = sa };
        AnnealingResult r = sa.Minimize(ref tour, ref rec);
        output.WriteLine($"T0 {r.StartTemperature:G4} first-level acceptance {rec.FirstAcceptance:F3} energy {r.Value:F4}");
        Assert.InRange(rec.FirstAcceptance, 0.7, 0.9);
        Assert.Equal(2, r.Restarts);
        Assert.Equal(600, rec.Temperatures.Count);
        Assert.Equal(r.StartTemperature, rec.Temperatures[0], 1e-12);
        Assert.Equal(0.1 * r.StartTemperature, rec.Temperatures[200], 1e-12);
        Assert.Equal(1, rec.RestartIndex[200]);
        Assert.Equal(2, rec.RestartIndex[599]);
        Assert.True(tsp.IsPermutation(tour));
    }

    [Fact]
    public void NaNEnergies_AreNeverAccepted_AndAnInitialNaNStateIsAnError()
    {
        var sa = new SimulatedAnnealing<int[], WalkWithNaNBand>(default, new SimulatedAnnealingOptions { Seed = 5, StartTemperature = 50, TemperatureSteps = 200, MovesPerTemperature = 50 });
        int[] x = [80];   // the optimum 37 lies beyond the NaN band 50..59: never crossed
        AnnealingResult r = sa.Minimize(ref x);
        output.WriteLine($"x = {x[0]} E = {r.Value} nonfinite = {r.NonFiniteEvaluations}");
        Assert.True(r.NonFiniteEvaluations > 0);
        Assert.Equal(60, x[0]);
        Assert.Equal(23 * 23, r.Value);

        int[] bad = [55];
        Assert.Throws<ArgumentException>(() => sa.Minimize(ref bad));
    }

    [Fact]
    public void TargetObserverAndCancellation_Stop()
    {
        var sa = new SimulatedAnnealing<int[], WalkWithNaNBand>(default, new SimulatedAnnealingOptions { Seed = 5, StartTemperature = 5, TargetValue = 0 });
        int[] x = [10];
        AnnealingResult r = sa.Minimize(ref x);
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        Assert.Equal(37, x[0]);

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        x = [10];
        r = new SimulatedAnnealing<int[], WalkWithNaNBand>(default, new SimulatedAnnealingOptions { Seed = 5, StartTemperature = 5 }).Minimize(ref x, cts.Token);
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(1, r.Iterations);
    }

    [Fact]
    public void BadOptions_Throw()
    {
        foreach (var bad in new[]
        {
            new SimulatedAnnealingOptions { StartTemperature = 0 }, new SimulatedAnnealingOptions { StartTemperature = -1 },
            new SimulatedAnnealingOptions { StartTemperature = double.NaN }, new SimulatedAnnealingOptions { EndTemperature = 0 },
            new SimulatedAnnealingOptions { StartTemperature = 1, EndTemperature = 2 }, new SimulatedAnnealingOptions { TemperatureSteps = 0 },
            new SimulatedAnnealingOptions { MovesPerTemperature = 0 }, new SimulatedAnnealingOptions { Restarts = -1 },
            new SimulatedAnnealingOptions { RestartTemperatureScale = 0 }, new SimulatedAnnealingOptions { InitialAcceptance = 1 },
            new SimulatedAnnealingOptions { TemperatureSamples = 0 }, new SimulatedAnnealingOptions { TargetValue = double.NaN },
            new SimulatedAnnealingOptions { Schedule = (CoolingSchedule)9 },
        })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedAnnealing<int[], WalkWithNaNBand>(default, bad));
            output.WriteLine(e.Message.Split('\n')[0]);
        }
    }

    [Fact]
    public void SteadyStateLoop_AllocatesNothing()
    {
        var tsp = new TspProblem(cities: 200, seed: 8);
        int[] start = tsp.IdentityTour();
        int[] tour = (int[])start.Clone();
        var sa = new SimulatedAnnealing<int[], TspProblem>(tsp, new SimulatedAnnealingOptions { Seed = 1, TemperatureSteps = 100, MovesPerTemperature = 1000, Restarts = 1 });
        sa.Minimize(ref tour);
        start.AsSpan().CopyTo(tour);
        AnnealingResult r = default;
        Allocations.AssertNone("SimulatedAnnealing.Minimize on the tour", () => r = sa.Minimize(ref tour));
        Assert.True(r.AcceptedMoves > 0);
    }
}
