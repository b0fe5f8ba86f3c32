using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Control flow beyond counted 'for' loops and if/else, written the way users write it: triangular loops, while and
/// do-while loops, early returns, switch statements and expressions. Each objective must get an analytic gradient (no
/// GENOPT101, no finite differences) that matches Richardson-extrapolated central differences at random points, and a
/// value bit-identical to a hand-written copy of the method (<see cref="s_copies"/>).
/// </summary>
public class ControlFlowGradientTests
{
    private const string Corpus = """
        using System;
        using GenOpt;

        namespace Flow;

        internal static partial class Triangle
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                    for (int j = 0; j < i; j++)
                        s += x[i] * x[j];
                return s * s;
            }
        }

        internal static partial class TriangleCarried
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double t = 0;
                    for (int j = 0; j <= i; j++)
                        t = t * 0.5 + x[j] * x[i];
                    s += t * t;
                }
                return s;
            }
        }

        internal static partial class TriangleBranch
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 1;
                for (int i = 1; i < x.Length; i++)
                {
                    int m = i + 1;
                    for (int j = 1; j < m; j++)
                    {
                        if (x[i] > x[j - 1])
                            s += (x[i] - x[j - 1]) * x[j];
                        else
                            s *= 0.9 + 0.1 * x[j];
                    }
                }
                return s;
            }
        }

        internal static partial class Tetrahedron
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double p = 1;
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < i; j++)
                        for (int k = j; k <= i; k++)
                            p = p * (1 + 0.1 * x[k]) + x[j] * x[i] * 0.01;
                return p;
            }
        }
        internal static partial class EulerUntil
        {
            // Integrates y' = a y - 0.1 y^2 from 0 to (about) 3 x[0] with a fixed step: the trip count depends on the point.
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                const double h = 0.25;
                double t = 0, y = x[1];
                while (t < 3 * x[0])
                {
                    y += h * (x[2] * y - 0.1 * y * y);
                    t += h;
                }
                return y * y + t;
            }
        }

        internal static partial class FixedPointDo
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double r = x[0] + 1, k = 0;
                do
                {
                    r = 0.5 * (r + x[0] / r) + 0.01 * x[1];
                    k += 1;
                }
                while (k < 6);
                return r * x[1];
            }
        }

        internal static partial class WhileInFor
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double p = x[i];
                    double c = 0;
                    while (c < i + 2)
                    {
                        double w = x[(i + 1) % 5];
                        if (p > 0.9)
                            p -= 0.1 * w * p;
                        else
                            p = p * 0.8 + Math.Sin(p) * w;
                        c += 1;
                    }
                    s += p * p;
                }
                return s;
            }
        }

        internal static partial class LongWhile
        {
            // 500 iterations: the buffers outgrow the stack and move to rented arrays (the branch on the clock 't' is recorded).
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double y = x[0], t = 0;
                while (t < 500)
                {
                    if (t < 200)
                        y -= 0.002 * (y * y - x[1]);
                    else
                        y += 0.001 * x[0] * y;
                    t += 1;
                }
                return y;
            }
        }
        internal static partial class WhileInHelper
        {
            private static double Cube(double a)
            {
                double p = 1, k = 0;
                while (k < 3)
                {
                    p *= a;
                    k += 1;
                }
                return p;
            }

            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => Cube(x[0]) + x[1] * Cube(x[1] - x[0]);
        }
        """;

    /// <summary>Hand-written copies of the corpus methods, to check that the generated forward sweep gives the same bits.</summary>
    private static readonly Dictionary<string, Func<double[], double>> s_copies = new()
    {
        ["Triangle"] = static x =>
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
                for (int j = 0; j < i; j++)
                    s += x[i] * x[j];
            return s * s;
        },
        ["TriangleCarried"] = static x =>
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double t = 0;
                for (int j = 0; j <= i; j++)
                    t = t * 0.5 + x[j] * x[i];
                s += t * t;
            }
            return s;
        },
        ["TriangleBranch"] = static x =>
        {
            double s = 1;
            for (int i = 1; i < x.Length; i++)
            {
                int m = i + 1;
                for (int j = 1; j < m; j++)
                {
                    if (x[i] > x[j - 1])
                        s += (x[i] - x[j - 1]) * x[j];
                    else
                        s *= 0.9 + 0.1 * x[j];
                }
            }
            return s;
        },
        ["Tetrahedron"] = static x =>
        {
            double p = 1;
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < i; j++)
                    for (int k = j; k <= i; k++)
                        p = p * (1 + 0.1 * x[k]) + x[j] * x[i] * 0.01;
            return p;
        },
        ["EulerUntil"] = static x =>
        {
            const double h = 0.25;
            double t = 0, y = x[1];
            while (t < 3 * x[0])
            {
                y += h * (x[2] * y - 0.1 * y * y);
                t += h;
            }
            return y * y + t;
        },
        ["FixedPointDo"] = static x =>
        {
            double r = x[0] + 1, k = 0;
            do
            {
                r = 0.5 * (r + x[0] / r) + 0.01 * x[1];
                k += 1;
            }
            while (k < 6);
            return r * x[1];
        },
        ["WhileInFor"] = static x =>
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double p = x[i];
                double c = 0;
                while (c < i + 2)
                {
                    double w = x[(i + 1) % 5];
                    if (p > 0.9)
                        p -= 0.1 * w * p;
                    else
                        p = p * 0.8 + Math.Sin(p) * w;
                    c += 1;
                }
                s += p * p;
            }
            return s;
        },
        ["LongWhile"] = static x =>
        {
            double y = x[0], t = 0;
            while (t < 500)
            {
                if (t < 200)
                    y -= 0.002 * (y * y - x[1]);
                else
                    y += 0.001 * x[0] * y;
                t += 1;
            }
            return y;
        },
        ["WhileInHelper"] = static x =>
        {
            static double Cube(double a)
            {
                double p = 1, k = 0;
                while (k < 3)
                {
                    p *= a;
                    k += 1;
                }
                return p;
            }
            return Cube(x[0]) + x[1] * Cube(x[1] - x[0]);
        },
    };

    private static readonly Lazy<(GeneratorRun Run, Assembly Assembly)> s_corpus = new(static () =>
    {
        GeneratorRun run = GeneratorHarness.Run(Corpus);
        return (run, GeneratorHarness.CompileAndLoad(run, analytic: true));
    });

    public static IEnumerable<object[]> Objectives() => s_copies.Keys.Select(static name => new object[] { name });

    [Fact]
    public void EveryObjectiveIsDifferentiatedAnalytically()
    {
        GeneratorRun run = s_corpus.Value.Run;
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics));
        Assert.True(!run.GeneratedFileProblems.Any(), GeneratorHarness.Format(run.GeneratedFileProblems));
        foreach (GeneratedSourceResult source in run.GeneratedSources)
            Assert.DoesNotContain("FiniteDifference", source.SourceText.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void GradientMatchesDifferencesAndValueMatchesTheMethodBitForBit(string name)
    {
        Type type = s_corpus.Value.Assembly.GetType($"Flow.{name}+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        int n = (int)type.GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        Func<double[], double> copy = s_copies[name];
        var random = new Random(name.Length * 7919 + name[0]);
        for (int trial = 0; trial < 8; trial++)
        {
            double[] x = Enumerable.Range(0, n).Select(_ => 0.3 + 1.1 * random.NextDouble()).ToArray();
            var gradient = new double[n];
            double value = objective.ValueAndGradient(x, gradient);
            Assert.Equal(BitConverter.DoubleToInt64Bits(copy(x)), BitConverter.DoubleToInt64Bits(value));
            Assert.Equal(BitConverter.DoubleToInt64Bits(objective.Value(x)), BitConverter.DoubleToInt64Bits(value));
            for (int j = 0; j < n; j++)
            {
                double reference = Richardson(objective, x, j);
                Assert.True(Math.Abs(gradient[j] - reference) <= 1e-7 * Math.Max(1, Math.Abs(reference)),
                    $"{name}: d/dx[{j}] at [{string.Join(", ", x)}]: generated {gradient[j]:R}, reference {reference:R}");
            }
        }
    }

    [Fact]
    public void WhileLoopsThatOutgrowTheStackAllocateNothingOnceWarm()
    {
        Type type = s_corpus.Value.Assembly.GetType("Flow.LongWhile+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        double[] x = [0.7, 0.9];
        var gradient = new double[2];
        objective.ValueAndGradient(x, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            objective.ValueAndGradient(x, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Richardson extrapolation of central differences with steps h and h/2: error O(h^4).</summary>
    internal static double Richardson(IDifferentiableObjective objective, double[] x, int j)
    {
        double h = 1e-3 * Math.Max(1, Math.Abs(x[j]));
        double Central(double step)
        {
            double[] up = (double[])x.Clone(), down = (double[])x.Clone();
            up[j] += step;
            down[j] -= step;
            return (objective.Value(up) - objective.Value(down)) / (up[j] - down[j]);
        }
        return (4 * Central(h / 2) - Central(h)) / 3;
    }
}
