using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using GenOpt.Tests;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators.Tests;

/// <summary>
/// <c>Span&lt;double&gt; h = stackalloc double[N]</c> locals, written the way users write them: MLP hidden layers over data
/// held in instance types, a softmax buffer, a running buffer overwritten in a loop, an initializer list, a layer whose
/// length is the instance's data length (known only at run time; its adjoint goes to a pooled array when long). Each objective
/// must get an analytic gradient (no GENOPT101, no finite differences, the generated code compiled with warnings as
/// errors) that matches Richardson-extrapolated central differences at random points, a value bit-identical to the
/// method's, and allocate nothing once warm.
/// </summary>
public class SpanGradientTests
{
    private const string Corpus = """
        using System;
        using GenOpt;

        namespace Spans;

        // A 2-4-1 tanh network fitted to 6 samples: the point holds the weights, the data lives in the instance.
        internal sealed partial class Mlp
        {
            private const int D = 2, H = 4, N = 6;
            private readonly double[] _inputs = { 0.1, 0.9, -0.4, 0.3, 0.8, -0.7, 0.5, 0.5, -0.9, -0.2, 0.2, -0.6 };
            private readonly double[] _targets = { 0.3, -0.1, 0.4, 0.6, -0.5, 0.05 };

            [Objective(Dimension = H * D + H + H + 1)]
            public partial double Loss(ReadOnlySpan<double> x)
            {
                Span<double> h = stackalloc double[H];
                double loss = 0;
                for (int s = 0; s < N; s++)
                {
                    for (int j = 0; j < H; j++)
                    {
                        h[j] = x[H * D + j];
                        for (int i = 0; i < D; i++)
                            h[j] += x[j * D + i] * _inputs[s * D + i];
                        h[j] = Math.Tanh(h[j]);
                    }
                    double y = x[H * D + 2 * H];
                    for (int j = 0; j < H; j++)
                        y += x[H * D + H + j] * h[j];
                    double r = y - _targets[s];
                    loss += r * r;
                }
                return loss / N;
            }
        }

        // A fixed 3-5-4-1 network (weights in a struct's fields) evaluated at the point: two stackalloc hidden layers.
        internal partial struct Network
        {
            private readonly double[] _w1, _b1, _w2, _b2, _v;

            public Network(int seed)
            {
                _w1 = Fill(15, seed, 0.7); _b1 = Fill(5, seed + 1, 0.2); _w2 = Fill(20, seed + 2, 0.6);
                _b2 = Fill(4, seed + 3, 0.2); _v = Fill(4, seed + 4, 1.0);
            }

            private static double[] Fill(int n, int seed, double scale)
            {
                var a = new double[n];
                for (int i = 0; i < n; i++)
                    a[i] = scale * Math.Sin(1.7 * (i + 1) + 0.9 * seed);
                return a;
            }

            [Objective(Dimension = 3)]
            public partial double Output(ReadOnlySpan<double> x)
            {
                const int H1 = 5, H2 = 4;
                Span<double> h1 = stackalloc double[H1];
                Span<double> h2 = stackalloc double[H2];
                for (int j = 0; j < H1; j++)
                {
                    double sum = _b1[j];
                    for (int i = 0; i < x.Length; i++)
                        sum += _w1[j * x.Length + i] * x[i];
                    h1[j] = Math.Tanh(sum);
                }
                for (int k = 0; k < h2.Length; k++)
                {
                    h2[k] = _b2[k];
                    for (int j = 0; j < H1; j++)
                        h2[k] += _w2[k * H1 + j] * h1[j];
                    h2[k] = h2[k] > 0 ? h2[k] : 0.1 * h2[k];
                }
                double output = 0;
                for (int k = 0; k < H2; k++)
                    output += _v[k] * h2[k];
                return output * output;
            }
        }

        // Softmax cross-entropy of the logits W x against class 1, the logits in a stackalloc buffer.
        internal static partial class Softmax
        {
            private static readonly double[] W = { 0.5, -0.3, 0.8, 0.1, 0.9, -0.6, -0.4, 0.2, 0.7, 1.1, -0.8, 0.3 };

            [Objective(Dimension = 3)]
            public static partial double CrossEntropy(ReadOnlySpan<double> x)
            {
                Span<double> z = stackalloc double[4];
                double max = double.NegativeInfinity;
                for (int k = 0; k < 4; k++)
                {
                    z[k] = 0;
                    for (int i = 0; i < 3; i++)
                        z[k] += W[k * 3 + i] * x[i];
                    max = Math.Max(max, z[k]);
                }
                double total = 0;
                for (int k = 0; k < 4; k++)
                {
                    z[k] = Math.Exp(z[k] - max);
                    total += z[k];
                }
                return -Math.Log(z[1] / total);
            }
        }

        // A running buffer overwritten at every step, whose old values the derivative reads.
        internal static partial class Running
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                Span<double> buffer = stackalloc double[3];
                double s = 0;
                for (int t = 0; t < 5; t++)
                {
                    for (int k = 0; k < 3; k++)
                    {
                        buffer[k] = buffer[k] * x[k] + x[(k + t) % 4];
                        s += buffer[k] * buffer[k];
                    }
                    buffer[0] *= 0.5;
                    buffer[2] = Math.Sin(buffer[1]);
                }
                return s + buffer[0] * buffer[2];
            }
        }

        // Element reads before the write of the same iteration, neighbour reads, a branch on an element, an element
        // passed to a helper and to a local function, writes in a branch: every save the analysis may not skip.
        internal static partial class Tricky
        {
            private static double Square(double a) => a * a;

            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                Span<double> h = stackalloc double[4];
                double s = 0;
                for (int t = 0; t < 3; t++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        s += h[j] * h[j];
                        h[j] = x[j] * (s + 1) + Half(h[(j + 1) % 4]);
                    }
                    for (int j = 1; j < 4; j++)
                        h[j] = h[j - 1] * x[j] + Square(h[j]);
                    for (int j = 0; j < 4; j++)
                    {
                        // Continuous across the branch (both pieces are 1 at 1), so differences can check it.
                        if (h[j] > 1)
                            h[j] = Math.Sqrt(h[j]);
                        else
                            h[j] = 0.5 * (h[j] * h[j] + 1);
                        s += h[j] * x[0];
                    }
                }
                return s + h[3] * h[0];

                static double Half(double v) => 0.5 * Math.Sin(v);
            }
        }

        // Spans in the bodies of a helper and of a local function.
        internal static partial class InHelpers
        {
            private static double Powers(double a)
            {
                Span<double> p = stackalloc double[3];
                p[0] = 1;
                for (int k = 1; k < p.Length; k++)
                    p[k] = p[k - 1] * a;
                return p[0] + 2 * p[1] + 3 * p[2] * p[2];
            }

            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                return Powers(x[0]) * Mix(x[1]);

                static double Mix(double v)
                {
                    Span<double> m = stackalloc double[2] { v, v * v };
                    m[1] -= Math.Cos(m[0]);
                    return m[0] * m[1];
                }
            }
        }

        // An initializer list and constant indices, a neighbour read, '++'.
        internal static partial class Listed
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                Span<double> c = stackalloc double[] { x[0], x[1] * x[2], 2.0 };
                c[2]++;
                c[1] /= c[2];
                for (int i = 1; i < c.Length; i++)
                    c[i] = c[i] * c[i - 1] + Math.Exp(-c[i]);
                return c[0] * c[1] + c[2];
            }
        }

        // A hidden layer as long as the instance's data (known only at run time): short on the stack, long in a pooled array.
        internal sealed partial class Rbf
        {
            private readonly double[] _centers, _weights;

            public Rbf(int count)
            {
                _centers = new double[count];
                _weights = new double[count];
                for (int j = 0; j < count; j++)
                {
                    _centers[j] = -1 + 2.0 * j / count;
                    _weights[j] = 1.0 / (1 + j % 7);
                }
            }

            [Objective(Dimension = 3)]
            public partial double Loss(ReadOnlySpan<double> x)
            {
                Span<double> h = stackalloc double[_centers.Length];
                for (int j = 0; j < h.Length; j++)
                {
                    double d = x[0] - _centers[j];
                    h[j] = Math.Exp(-d * d * x[1] * x[1]);
                }
                double y = 0;
                for (int j = 0; j < h.Length; j++)
                    y += _weights[j] * h[j] * h[j];
                return y * x[2] + x[2] * x[2];
            }
        }
        """;

    private static readonly Lazy<(GeneratorRun Run, Assembly Assembly)> s_corpus = new(static () =>
    {
        GeneratorRun run = GeneratorHarness.Run(Corpus);
        return (run, GeneratorHarness.CompileAndLoad(run, analytic: true));
    });

    /// <summary>Each objective by name, made from the compiled corpus.</summary>
    private static IDifferentiableObjective Create(string name)
    {
        Assembly assembly = s_corpus.Value.Assembly;
        switch (name)
        {
            case "Mlp":
            {
                Type type = assembly.GetType("Spans.Mlp", throwOnError: true)!;
                return (IDifferentiableObjective)type.GetMethod("AsObjective")!.Invoke(Activator.CreateInstance(type), null)!;
            }
            case "RbfShort" or "RbfLong":
            {
                Type type = assembly.GetType("Spans.Rbf", throwOnError: true)!;
                object rbf = Activator.CreateInstance(type, [name == "RbfShort" ? 5 : 400])!;
                return (IDifferentiableObjective)type.GetMethod("AsObjective")!.Invoke(rbf, null)!;
            }
            case "Network":
            {
                Type type = assembly.GetType("Spans.Network", throwOnError: true)!;
                return (IDifferentiableObjective)type.GetMethod("AsObjective")!.Invoke(Activator.CreateInstance(type, [3]), null)!;
            }
            default:
                return (IDifferentiableObjective)Activator.CreateInstance(assembly.GetType($"Spans.{name}+Objective", throwOnError: true)!)!;
        }
    }

    private static int Dimension(IDifferentiableObjective objective) =>
        (int)objective.GetType().GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    public static IEnumerable<object[]> Objectives() =>
        new[] { "Mlp", "Network", "Softmax", "Running", "Tricky", "InHelpers", "Listed", "RbfShort", "RbfLong" }.Select(static name => new object[] { name });

    [Fact]
    public void EveryObjectiveIsDifferentiatedAnalytically()
    {
        GeneratorHarness.AssertAnalytic(s_corpus.Value.Run);
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void GradientMatchesDifferencesAndValueMatchesTheMethodBitForBit(string name)
    {
        IDifferentiableObjective objective = Create(name);
        int n = Dimension(objective);
        var random = new Random(name.Length * 7919 + name[0]);
        for (int trial = 0; trial < 8; trial++)
        {
            double[] x = Enumerable.Range(0, n).Select(_ => -1 + 2 * random.NextDouble()).ToArray();
            var gradient = new double[n];
            double value = objective.ValueAndGradient(x, gradient);
            Assert.Equal(BitConverter.DoubleToInt64Bits(objective.Value(x)), BitConverter.DoubleToInt64Bits(value));
            for (int j = 0; j < n; j++)
            {
                double reference = ControlFlowGradientTests.Richardson(objective, x, j);
                Assert.True(Math.Abs(gradient[j] - reference) <= 1e-7 * Math.Max(1, Math.Abs(reference)),
                    $"{name}: d/dx[{j}] at [{string.Join(", ", x)}]: generated {gradient[j]:R}, reference {reference:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void WarmGradientsAllocateNothing(string name)
    {
        IDifferentiableObjective objective = Create(name);
        int n = Dimension(objective);
        double[] x = Enumerable.Range(0, n).Select(static i => 0.1 * (i + 1)).ToArray();
        var gradient = new double[n];
        objective.ValueAndGradient(x, gradient);
        Allocations.AssertNone(name, () =>
        {
            for (int i = 0; i < 50; i++)
                objective.ValueAndGradient(x, gradient);
        });
    }

    [Fact]
    public void LayerWritesThatNoDerivativeReadsBackAreNotSaved()
    {
        // h1[j] = Math.Tanh(sum) is read by the next layer through data weights only (linearly): never saved.
        string network = Generated("Network");
        Assert.Contains("h1[j] = global::System.Math.Tanh(sum);", network, StringComparison.Ordinal);
        Assert.DoesNotContain("= h1[j];", network, StringComparison.Ordinal);
        // Softmax: z[k] = 0 and z[k] += ... are read (by Math.Max) after the writes of the same iteration: not saved; only
        // z[k] = Math.Exp(z[k] - max), which reads the element it overwrites, and the running max are: 4 + 4 values.
        string softmax = Generated("Softmax");
        Assert.Contains("stackalloc double[8]", softmax, StringComparison.Ordinal);
        Assert.Contains("saved[top++] = z[k_2];", softmax, StringComparison.Ordinal);
        Assert.DoesNotContain("saved[top++] = z[k];", softmax, StringComparison.Ordinal);
    }

    private static string Generated(string type) =>
        s_corpus.Value.Run.GeneratedSources.Single(s => s.HintName.Contains("." + type + ".", StringComparison.Ordinal)).SourceText.ToString();
}
