using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace GenOpt.Tests;

/// <summary>A 1-D integer walk on 0..<c>Top</c> with energy <c>Scale * x</c>; moves are ±1 (inward at the ends), applied eagerly.</summary>
public struct ScaledWalk : IAnnealingProblem<int[]>
{
    public double Scale;
    public int Top;
    private int _step;
    public readonly int[] CreateState() => new int[1];
    public readonly void Copy(in int[] source, ref int[] destination) => destination[0] = source[0];
    public readonly double Energy(in int[] state) => Scale * state[0];
    public double Propose(ref int[] state, ref RandomSource random)
    {
        int x = state[0];
        _step = random.NextInt(2) == 0 ? -1 : 1;
        if (x + _step < 0 || x + _step > Top) _step = -_step;
        state[0] = x + _step;
        return Scale * (x + _step) - Scale * x;
    }
    public readonly void Commit(ref int[] state) { }
    public readonly void Undo(ref int[] state) => state[0] -= _step;
}

/// <summary>A <see cref="ScaledWalk"/> (scale 1, top 100) that counts its proposals and cancels <see cref="Cancel"/> at proposal <see cref="CancelAt"/>.</summary>
public struct CancellingWalk : IAnnealingProblem<int[]>
{
    public CancellationTokenSource Cancel;
    public long CancelAt;
    public long Proposals;
    private ScaledWalk _walk;
    public CancellingWalk(CancellationTokenSource cancel, long cancelAt)
    {
        Cancel = cancel;
        CancelAt = cancelAt;
        _walk = new ScaledWalk { Scale = 1, Top = 100 };
    }
    public readonly int[] CreateState() => _walk.CreateState();
    public readonly void Copy(in int[] source, ref int[] destination) => _walk.Copy(in source, ref destination);
    public readonly double Energy(in int[] state) => _walk.Energy(in state);
    public double Propose(ref int[] state, ref RandomSource random)
    {
        if (++Proposals == CancelAt)
            Cancel.Cancel();
        return _walk.Propose(ref state, ref random);
    }
    public readonly void Commit(ref int[] state) => _walk.Commit(ref state);
    public readonly void Undo(ref int[] state) => _walk.Undo(ref state);
}

/// <summary>Simulated annealing: start temperature without overflow, cancellation within a level, schedules across the double range.</summary>
public class SimulatedAnnealingRobustnessTests
{
    private struct LevelRecorder : IOptimizationObserver
    {
        public List<double> Temperatures;
        public SimulatedAnnealing<int[], ScaledWalk> Annealer;
        public double FirstAcceptance;
        public bool OnIteration(in IterationInfo info)
        {
            if (Temperatures.Count == 0) FirstAcceptance = Annealer.AcceptanceRate;
            Temperatures.Add(info.StepSize);
            return true;
        }
    }

    [Theory]
    [InlineData(1e303)]
    [InlineData(1e305)]
    [InlineData(1e306)]
    public void AutomaticStartTemperature_ForHugeEnergies_IsFiniteAndAcceptsUphillMoves(double scale)
    {
        // Energies scale * x up to 100 scale (1e305 .. 1e308); uphill changes of one scale each.
        var problem = new ScaledWalk { Scale = scale, Top = 100 };
        var sa = new SimulatedAnnealing<int[], ScaledWalk>(problem, new SimulatedAnnealingOptions
        {
            Seed = 4, TemperatureSteps = 10, MovesPerTemperature = 2000,
        });
        var recorder = new LevelRecorder { Temperatures = [], Annealer = sa };
        int[] state = [50];
        AnnealingResult r = sa.Minimize(ref state, ref recorder);

        // Half the random-walk moves go uphill by `scale`: 0.5 + 0.5 exp(-scale / T) = 0.8 at T = scale / ln(5/3) = 1.96 scale.
        Assert.True(r.StartTemperature > scale && r.StartTemperature < 10 * scale, $"T0 = {r.StartTemperature}");
        Assert.All(recorder.Temperatures, t => Assert.True(double.IsFinite(t) && t > 0, $"T = {t}"));
        Assert.True(double.IsFinite(sa.Temperature));
        // With only downhill moves accepted the first level would accept at most about half its moves.
        Assert.True(recorder.FirstAcceptance is > 0.65 and < 0.95, $"first-level acceptance {recorder.FirstAcceptance}");
        Assert.Equal(0, r.Value);
    }

    [Fact]
    public void AutomaticStartTemperature_BeyondTheDoubleRange_FailsClearly()
    {
        // Changes of 1.5e308 need T = 1.5e308 / ln(5/3) = 2.9e308 for an acceptance of 0.8: not a double.
        var sa = new SimulatedAnnealing<int[], ScaledWalk>(new ScaledWalk { Scale = 1.5e308, Top = 1 }, new SimulatedAnnealingOptions { Seed = 1 });
        int[] state = [0];
        var e = Assert.Throws<InvalidOperationException>(() => sa.Minimize(ref state));
        Assert.Contains("StartTemperature", e.Message);

        // An explicit start temperature runs.
        var explicitStart = new SimulatedAnnealing<int[], ScaledWalk>(new ScaledWalk { Scale = 1.5e308, Top = 1 },
            new SimulatedAnnealingOptions { Seed = 1, StartTemperature = double.MaxValue, TemperatureSteps = 10, MovesPerTemperature = 10 });
        state[0] = 1;
        Assert.Equal(0, explicitStart.Minimize(ref state).Value);
    }

    [Fact]
    public void Cancellation_WithinAHugeLevel_ReturnsPromptly()
    {
        var sa = new SimulatedAnnealing<int[], ScaledWalk>(new ScaledWalk { Scale = 1, Top = 100 }, new SimulatedAnnealingOptions
        {
            Seed = 2, StartTemperature = 10, MovesPerTemperature = int.MaxValue,
        });
        int[] state = [50];
        using var cts = new CancellationTokenSource();
        cts.CancelAfter(200);
        var watch = Stopwatch.StartNew();
        AnnealingResult r = sa.Minimize(ref state, cts.Token);
        watch.Stop();
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"returned after {watch.Elapsed}"); // a hang detector, not a timing test
        Assert.True(r.Evaluations < int.MaxValue);
        Assert.Equal(1, r.Iterations);
        Assert.Equal(r.Value, state[0]);
        Assert.True(sa.AcceptanceRate is > 0 and <= 1);
    }

    [Fact]
    public void Cancellation_WhileSamplingTheAutomaticStartTemperature_ReturnsPromptly()
    {
        // 2^20 sampling moves before the first level: cancelled at the 10th, the sampling stops within 1024 moves and
        // the run ends Cancelled before any level, with the initial state (the best known) in place.
        using var cts = new CancellationTokenSource();
        var sa = new SimulatedAnnealing<int[], CancellingWalk>(new CancellingWalk(cts, 10), new SimulatedAnnealingOptions
        {
            Seed = 2, TemperatureSamples = 1 << 20,
        });
        int[] state = [50];
        AnnealingResult r = sa.Minimize(ref state, cts.Token);
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.True(sa.Problem.Proposals <= 1024, $"{sa.Problem.Proposals} moves proposed after the cancellation at the 10th");
        Assert.Equal(0, r.Iterations);
        Assert.Equal(0, r.Evaluations);
        Assert.Equal(50, state[0]);
        Assert.Equal(50, r.Value);
        Assert.True(double.IsNaN(r.StartTemperature));
    }

    [Theory]
    [InlineData(CoolingSchedule.Geometric)]
    [InlineData(CoolingSchedule.Logarithmic)]
    [InlineData(CoolingSchedule.Linear)]
    public void Schedules_SpanningMoreThanTheDoubleRange_StayBetweenStartAndEnd(CoolingSchedule schedule)
    {
        const double start = 1e300, end = 1e-30;  // start / end overflows, end / start underflows
        var sa = new SimulatedAnnealing<int[], ScaledWalk>(new ScaledWalk { Scale = 1, Top = 100 }, new SimulatedAnnealingOptions
        {
            Seed = 3, Schedule = schedule, StartTemperature = start, EndTemperature = end, TemperatureSteps = 50, MovesPerTemperature = 10,
        });
        var recorder = new LevelRecorder { Temperatures = [], Annealer = sa };
        int[] state = [50];
        sa.Minimize(ref state, ref recorder);
        Assert.Equal(50, recorder.Temperatures.Count);
        Assert.Equal(start, recorder.Temperatures[0]);
        for (int k = 0; k < recorder.Temperatures.Count; k++)
        {
            double t = recorder.Temperatures[k];
            Assert.True(t >= end * (1 - 1e-9) && t <= start, $"level {k}: T = {t}");
            if (k > 0)
                Assert.True(t <= recorder.Temperatures[k - 1], $"level {k}: T = {t} rises");
        }
        Assert.Equal(end, recorder.Temperatures[^1], end * 1e-9);
    }
}
