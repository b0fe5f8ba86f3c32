using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace GenOpt.Generators.Tests;

/// <summary>
/// The adjoint sweep builds products of partial derivatives (<c>g * (1 - t * t) * 2</c>); each factor is parenthesized
/// by its operator's precedence, so a derivative that is a sum (tanh: 1 - y², tan: 1 + y²) stays one factor when the
/// adjoint is the seed 1 and is then multiplied further. Each gradient is compared with its closed form.
/// </summary>
public class AdjointPrecedenceTests
{
    private const string Source = """
        using System;
        using GenOpt;

        namespace Precedence;

        internal static partial class TanhOfProduct
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Tanh(2 * x[0]);
        }

        internal static partial class TanOfProduct
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Tan(0.5 * x[0]);
        }

        internal static partial class TanhOfQuotient
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Tanh(x[0] / (1 + x[1] * x[1]));
        }

        internal static partial class NegatedTanh
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => -Math.Tanh(x[0] * x[1]) - Math.Tan(x[1] - x[0]);
        }
        """;

    private static readonly Lazy<Assembly> s_assembly = new(static () => GeneratorHarness.CompileAndLoad(GeneratorHarness.Run(Source), analytic: true));

    private static readonly Dictionary<string, Func<double[], double[]>> s_gradients = new()
    {
        ["TanhOfProduct"] = static x => [2 * (1 - Math.Tanh(2 * x[0]) * Math.Tanh(2 * x[0]))],
        ["TanOfProduct"] = static x => [0.5 * (1 + Math.Tan(0.5 * x[0]) * Math.Tan(0.5 * x[0]))],
        ["TanhOfQuotient"] = static x =>
        {
            double d = 1 + x[1] * x[1], t = Math.Tanh(x[0] / d), s = 1 - t * t;
            return [s / d, -s * x[0] * 2 * x[1] / (d * d)];
        },
        ["NegatedTanh"] = static x =>
        {
            double t = Math.Tanh(x[0] * x[1]), u = Math.Tan(x[1] - x[0]);
            double s = 1 - t * t, v = 1 + u * u;
            return [-s * x[1] + v, -s * x[0] - v];
        },
    };

    public static IEnumerable<object[]> Names() => s_gradients.Keys.Select(static name => new object[] { name });

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientMatchesTheClosedForm(string name)
    {
        Type type = s_assembly.Value.GetType($"Precedence.{name}+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        int n = (int)type.GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var random = new Random(14);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
            var gradient = new double[n];
            double value = objective.ValueAndGradient(x, gradient);
            Assert.Equal(BitConverter.DoubleToInt64Bits(objective.Value(x)), BitConverter.DoubleToInt64Bits(value));
            double[] expected = s_gradients[name](x);
            for (int j = 0; j < n; j++)
            {
                Assert.True(Math.Abs(gradient[j] - expected[j]) <= 1e-12 * Math.Max(1, Math.Abs(expected[j])),
                    $"{name}: d/dx[{j}] at [{string.Join(", ", x)}]: generated {gradient[j]:R}, closed form {expected[j]:R}");
            }
        }
    }
}
