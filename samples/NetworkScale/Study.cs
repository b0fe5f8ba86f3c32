using System;
using System.Collections.Generic;
using System.Linq;
using GenOpt;
using NeuralFit;

namespace NetworkScale;

/// <summary>One network width of the study: its objective type is chosen by <see cref="Study.Run"/>'s caller.</summary>
/// <param name="Hidden">Hidden units H (4H + 1 weights).</param>
/// <param name="Budget">Evaluations each method may spend (a gradient evaluation counts as one).</param>
/// <param name="Target">The training loss a method must reach: a level Adam reaches from most starts within the budget.</param>
public sealed record Size(int Hidden, long Budget, double Target)
{
    public int Dimension => MlpLayout.Parameters(Hidden);
    public string Label => $"2-{Hidden}-1 ({Dimension:N0} weights)";
}

/// <summary>Runs every method that applies on one network, from several seeds (seed s starts all methods from the same point).</summary>
public static class Study
{
    /// <summary>
    /// Results indexed [seed - <paramref name="firstSeed"/>][method], for the methods that apply to the size;
    /// <paramref name="onSeed"/>, if given, receives each seed's results as soon as they are complete.
    /// </summary>
    public static LossCurve[][] Run<T>(T objective, Size size, Method[] methods, int seeds, bool showProgress,
        ulong firstSeed = 1, Action<ulong, LossCurve[]>? onSeed = null)
        where T : struct, IDifferentiableObjective
    {
        var results = new LossCurve[seeds][];
        for (int s = 0; s < seeds; s++)
        {
            ulong seed = (ulong)s + firstSeed;
            double[] x0 = RegressionData.StartingPoint(size.Hidden, seed);
            results[s] = new LossCurve[methods.Length];
            for (int m = 0; m < methods.Length; m++)
            {
                if (showProgress && !Console.IsOutputRedirected)
                    Console.Write($"\r  {size.Label}: seed {seed} ({s + 1} of {seeds}), {methods[m].Name}".PadRight(78));
                var curve = new LossCurve(methods[m].Name, size.Target, size.Budget, showProgress: false);
                methods[m].Train(new Recorded<T>(objective, curve), x0, seed, size.Budget, curve);
                curve.Finish();
                results[s][m] = curve;
            }
            onSeed?.Invoke(seed, results[s]);
        }
        if (showProgress && !Console.IsOutputRedirected)
            Console.Write("\r" + new string(' ', 78) + "\r");
        return results;
    }

    /// <summary>The median of the values, the lower one's way for an even count (none here: 11 seeds).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
