using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace GenOpt.Generators.Tests;

/// <summary>
/// What the adjoint sweep computes again, and what it reads back: a quotient's adjoint divides once (1 / b), a reciprocal's not
/// at all (its derivative is -q², from the quotient q), and the costly stable locals of a bounded loop (a quotient, a
/// Math function) are kept on the save buffer rather than computed again in each reverse iteration, within the buffer's
/// limit; a saved tanh is read from its local before the pop; a square a * a sends 2 a g to its operand once. Each gradient is compared with Richardson-extrapolated central differences.
/// </summary>
public class AdjointCostTests
{
    private const string Source = """
        using System;
        using GenOpt;

        namespace Cost;

        internal static partial class Quotient
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] / (2 + x[1] * x[1]);
        }

        // Pairs in a triangular loop (its iterations are re-run in the adjoint sweep): s6 is a reciprocal, kept.
        internal static partial class Pairs
        {
            [Objective(Dimension = 9)]
            public static partial double Energy(ReadOnlySpan<double> x)
            {
                double energy = 0;
                for (int i = 0; i < 3; i++)
                {
                    for (int j = i + 1; j < 3; j++)
                    {
                        double dx = x[3 * i] - x[3 * j];
                        double dy = x[3 * i + 1] - x[3 * j + 1];
                        double dz = x[3 * i + 2] - x[3 * j + 2];
                        double r2 = dx * dx + dy * dy + dz * dz;
                        double s6 = 1 / (r2 * r2 * r2);
                        energy += 4 * (s6 * s6 - s6);
                    }
                }
                return energy;
            }
        }

        // A loop with a value carried from one iteration to the next (saved each iteration) and a costly stable local
        // (kept, pushed after the save) that a cheap stable local reads (recomputed from it).
        internal static partial class Carried
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0, p = 1;
                for (int i = 0; i < 4; i++)
                {
                    double e = Math.Exp(0.5 * x[i]);
                    double f = e * x[i];
                    p = p * (1 + 0.1 * e);
                    s += f / (1 + x[i] * x[i]) + p;
                }
                return s;
            }
        }

        internal static partial class Squares
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => (x[0] - 1) * (x[0] - 1) + 3 * (x[1] * x[1]);
        }

        // A tanh assigned in each iteration (saved) and overwritten later in it: the reverse takes the tanh from the
        // local before popping its old value, instead of calling Math.Tanh again.
        internal static partial class OwnValue
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0, t = 0;
                for (int i = 0; i < 3; i++)
                {
                    t = Math.Tanh(x[i] * x[2 - i] + 0.1 * i);
                    s += t * t * (i + 1);
                    t = t * 0.5 + x[i];
                    s += t * x[0];
                }
                return s;
            }
        }

        // More iterations than the save buffer holds: the costly local is computed again instead.
        internal static partial class Long
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 9000; i++)
                {
                    double e = Math.Exp(x[0] * (i * 1e-4));
                    s += e;
                }
                return s;
            }
        }
        """;

    private static readonly Lazy<GeneratorRun> s_run = new(static () => GeneratorHarness.Run(Source));

    private static readonly Lazy<Assembly> s_assembly = new(static () => GeneratorHarness.CompileAndLoad(s_run.Value, analytic: true));

    public static IEnumerable<object[]> Names() => new[] { "Quotient", "Pairs", "Carried", "Long", "Squares", "OwnValue" }.Select(static n => new object[] { n });

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientMatchesDifferences(string name)
    {
        Type type = s_assembly.Value.GetType($"Cost.{name}+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        int n = (int)type.GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var random = new Random(41);
        double[] lattice = [0, 0, 0, 1.1, 0, 0, 0, 1.1, 0];
        for (int trial = 0; trial < 5; trial++)
        {
            double[] x = [.. Enumerable.Range(0, n).Select(i => (name == "Pairs" ? lattice[i] : 0) + random.NextDouble() * 0.4 - 0.2)];
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

    /// <summary>The code of the adjoint sweep of <paramref name="name"/>'s ValueAndGradient, without comment lines.</summary>
    private static string AdjointSweep(string name) => Code(name, "// Adjoint sweep", "GradientCheck.Verify");

    private static string ForwardSweep(string name) => Code(name, "// Forward sweep", "// Adjoint sweep");

    private static string Code(string name, string from, string to) => Code(s_run.Value, $"Cost.{name}.Objective.g.cs", from, to);

    /// <summary>The generated code of <paramref name="hintName"/> from <paramref name="from"/> to <paramref name="to"/>, without comment lines.</summary>
    internal static string Code(GeneratorRun run, string hintName, string from, string to)
    {
        string source = run.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
        int start = source.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, source);
        string part = source[start..source.IndexOf(to, start, StringComparison.Ordinal)];
        return string.Join("\n", part.Split('\n').Where(static line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    [Fact]
    public void QuotientAdjointDividesOnce()
    {
        string adjoint = AdjointSweep("Quotient");
        // 1 / b only: the quotient a * (1 / b) and g * (1 / b), shared by both operands, multiply by it
        Assert.True(Count(adjoint, " / ") == 1, adjoint);
        Assert.Contains("= 1 / ", adjoint, StringComparison.Ordinal);
    }

    [Fact]
    public void SquareSendsTwiceItsOperandOnce()
    {
        string adjoint = AdjointSweep("Squares");
        Assert.True(Count(adjoint, "gradient[0]") == 1 && Count(adjoint, "gradient[1]") == 1, adjoint);
        Assert.True(Count(adjoint, " * 2;") == 2, adjoint);
    }

    [Fact]
    public void ReciprocalIsKeptAndItsDerivativeDoesNotDivide()
    {
        Assert.Contains("saved[top++] = s6;", ForwardSweep("Pairs"), StringComparison.Ordinal);
        string adjoint = AdjointSweep("Pairs");
        Assert.Contains("s6 = saved[--top];", adjoint, StringComparison.Ordinal);
        Assert.True(Count(adjoint, " / ") == 0, adjoint);
    }

    [Fact]
    public void CostlyStableLocalIsKeptAfterTheIterationsOwnSaves()
    {
        string forward = ForwardSweep("Carried");
        // pushed at the end of the iteration, after p's save
        Assert.True(forward.IndexOf("saved[top++] = p;", StringComparison.Ordinal) < forward.IndexOf("saved[top++] = e;", StringComparison.Ordinal), forward);
        string adjoint = AdjointSweep("Carried");
        Assert.DoesNotContain("Math.Exp", adjoint, StringComparison.Ordinal);
        Assert.Contains("e = saved[--top];", adjoint, StringComparison.Ordinal);
    }

    [Fact]
    public void SavedTanhIsTakenFromItsLocalBeforeThePop()
    {
        Assert.Contains("Math.Tanh", ForwardSweep("OwnValue"), StringComparison.Ordinal);
        string adjoint = AdjointSweep("OwnValue");
        Assert.DoesNotContain("Math.Tanh", adjoint, StringComparison.Ordinal);
        Assert.Contains("= t;\n", adjoint, StringComparison.Ordinal);
    }

    [Fact]
    public void CostlyStableLocalIsComputedAgainWhenTheBufferWouldOverflow()
    {
        Assert.DoesNotContain("saved", ForwardSweep("Long"), StringComparison.Ordinal);
        Assert.Contains("Math.Exp", AdjointSweep("Long"), StringComparison.Ordinal);
    }
}
