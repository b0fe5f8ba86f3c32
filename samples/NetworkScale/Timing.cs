using System;
using System.Diagnostics;
using GenOpt;
using NeuralFit;

namespace NetworkScale;

/// <summary>
/// Stopwatch timings of one network's loss: a value call, a value-and-gradient call (the generated reverse sweep) and
/// a full Adam step (value and gradient plus the update), each the fastest of several repeated batches.
/// </summary>
public static class Timing
{
    public readonly record struct Costs(double ValueMicroseconds, double GradientMicroseconds, double AdamStepMicroseconds)
    {
        public double GradientRatio => GradientMicroseconds / ValueMicroseconds;
    }

    public static Costs Measure<T>(T objective, double[] x) where T : struct, IDifferentiableObjective
    {
        var gradient = new double[x.Length];
        int calls = Math.Max(20, 2_000_000 / (100 * x.Length));   // about the same work per batch at every width
        double sink = 0;
        double value = Fastest(calls, () => { for (int i = 0; i < calls; i++) sink += objective.Value(x); });
        double both = Fastest(calls, () => { for (int i = 0; i < calls; i++) sink += objective.ValueAndGradient(x, gradient); });
        var adam = new Adam<T>(objective) { LearningRate = 0.01 };
        // Minimize(x, k) takes k steps plus one final value call: subtract that call.
        double steps = Fastest(calls, () => sink += adam.Minimize(x, calls)) - value / calls;
        if (double.IsNaN(sink)) Console.WriteLine("(a NaN was computed)");
        return new Costs(value, both, steps);
    }

    /// <summary>Microseconds per call: the fastest of 7 batches of <paramref name="calls"/> calls, after a warm-up batch.</summary>
    private static double Fastest(int calls, Action batch)
    {
        batch();
        double best = double.MaxValue;
        for (int r = 0; r < 7; r++)
        {
            long start = Stopwatch.GetTimestamp();
            batch();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls);
        }
        return best;
    }
}
