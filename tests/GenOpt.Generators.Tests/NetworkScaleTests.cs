using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace GenOpt.Generators.Tests;

/// <summary>
/// The NetworkScale sample's networks (samples/NetworkScale/Mlp.cs), run through the generator from their source: each
/// width's gradient is analytic (no GENOPT100/101, no finite differences in the generated code) and matches central
/// differences at a random point, the 1,001-weight network's included.
/// </summary>
public class NetworkScaleTests
{
    private static readonly Lazy<Assembly> s_networks = new(static () =>
    {
        string source = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "samples", "NetworkScale", "Mlp.cs"));
        return GeneratorHarness.CompileAndLoad(GeneratorHarness.Run(source), analytic: true);
    });

    [Theory]
    [InlineData("Mlp9", 9)]
    [InlineData("Mlp101", 101)]
    [InlineData("Mlp1001", 1001)]
    public void TheGradientIsAnalyticAndMatchesCentralDifferences(string network, int weights)
    {
        Assembly assembly = s_networks.Value;
        object data = Activator.CreateInstance(assembly.GetType("NetworkScale.RegressionData", throwOnError: true)!)!;
        object net = Activator.CreateInstance(assembly.GetType($"NetworkScale.{network}", throwOnError: true)!, data)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(assembly.GetType($"NetworkScale.{network}+Objective", throwOnError: true)!, net)!;
        Assert.Equal(weights, (int)objective.GetType().GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);

        // A random point at the scale of trained weights (not the starting point the sample uses).
        var random = new Random(1001 + weights);
        double[] x = Enumerable.Range(0, weights).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        var gradient = new double[weights];
        double value = objective.ValueAndGradient(x, gradient);
        Assert.Equal(BitConverter.DoubleToInt64Bits(objective.Value(x)), BitConverter.DoubleToInt64Bits(value));
        Assert.True(value > 0, $"loss {value}");
        int nonzero = 0;
        for (int j = 0; j < weights; j++)
        {
            double reference = ControlFlowGradientTests.Richardson(objective, x, j);
            Assert.True(Math.Abs(gradient[j] - reference) <= 1e-7 * Math.Max(1, Math.Abs(reference)),
                $"{network}: d/dw[{j}]: generated {gradient[j]:R}, central differences {reference:R}");
            if (gradient[j] != 0) nonzero++;
        }
        // Every weight moves the loss at a generic point: a gradient of zeros would pass the comparison only if the differences were zero too.
        Assert.Equal(weights, nonzero);
    }
}
