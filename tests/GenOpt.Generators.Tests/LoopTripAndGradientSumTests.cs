using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Two ways the adjoint sweep does less work in loops. A <c>for</c> loop left by <c>break</c> (or a return) stops in
/// the forward sweep at the iteration that breaks and pushes how many iterations ran; the adjoint sweep runs only those,
/// backwards, without a decision per iteration for the guard on the stop flag. And the gradient elements a loop's
/// reverse adds to at an index the loop does not change (<c>gradient[i]</c> in a loop over <c>j</c>) are summed in
/// locals and added once after the loop, also when the loop adds to the same element through another index
/// (<c>gradient[j]</c> with <c>j == i</c>). Each gradient is compared with Richardson-extrapolated central differences
/// on every path (a break in the first iteration, in a middle one, never), and each value must be bit for bit the value
/// of the user's method.
/// </summary>
public class LoopTripAndGradientSumTests
{
    private const string Source = """
        using System;
        using GenOpt;

        namespace Trips;

        // The break is the first statement: 0 iterations when x[2] < 0, all 6 when x[2] is large.
        internal static partial class BreakAt
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 6; i++)
                {
                    if (s > x[2])
                        break;
                    double e = Math.Exp(0.3 * x[0] * i);
                    s += e * x[1] * x[1];
                }
                return s * x[0] + x[2];
            }
        }

        // Newton's iteration left by break once the residual is small: a local carried from one iteration to the next
        // (saved), and the break last in the body.
        internal static partial class Newton
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double u = 1 / x[0];
                for (int k = 0; k < 40; k++)
                {
                    double residual = x[0] * u + x[1] * u * u * u - 1;
                    u -= residual / (x[0] + 3 * x[1] * u * u);
                    if (Math.Abs(residual) < 1e-12)
                        break;
                }
                return u * u + x[1];
            }
        }

        // A loop left by break inside another loop (its stop flag reset for each outer iteration), with a local
        // declared in the outer loop and overwritten in the inner one.
        internal static partial class Nested
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double total = 0;
                for (int i = 0; i < 3; i++)
                {
                    double p = 1;
                    for (int j = 0; j < 8; j++)
                    {
                        p = p * (1.1 + 0.2 * x[i] * j);
                        if (p > 1.5 + x[i] * x[i])
                            break;
                        total += p * x[2 - i];
                    }
                    total += p * x[i];
                }
                return total;
            }
        }

        // A counter stepping down by 2, and a return inside the loop.
        internal static partial class DownByTwo
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = x[1];
                for (int i = 9; i >= 0; i -= 2)
                {
                    s = s * 0.9 + x[0] * i;
                    if (s > 10)
                        return s * s;
                }
                return s;
            }
        }

        // gradient[i] summed across the loop over j, which also adds to gradient[j] (the same element when j == i);
        // gradient[0] and gradient[1] at constant indices summed across the outer loop as well.
        internal static partial class Aliased
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < 4; j++)
                        s += x[i] * x[j] * (1 + 0.1 * (i + 2 * j));
                    s += x[0] * Math.Sin(x[1] * i);
                }
                return s;
            }
        }

        // The same element summed under two index texts (i and 2 * i - i), once only on a branch, next to gradient[j].
        internal static partial class AliasedTwice
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        s += x[i] * x[2 * i - i] * (j + 1) * x[j];
                        if (x[j] > 0.2)
                            s += x[i] * Math.Sin(x[j]);
                    }
                }
                return s;
            }
        }
        """;

    private static readonly Lazy<GeneratorRun> s_run = new(static () => GeneratorHarness.Run(Source));

    private static readonly Lazy<Assembly> s_assembly = new(static () => GeneratorHarness.CompileAndLoad(s_run.Value, analytic: true));

    [Theory]
    [InlineData("BreakAt", new[] { 0.3, 0.8, -1.0 })] // breaks in the first iteration
    [InlineData("BreakAt", new[] { 0.3, 0.8, 1.0 })] // breaks in the third
    [InlineData("BreakAt", new[] { 0.3, 0.8, 100.0 })] // never breaks
    [InlineData("Newton", new[] { 1.3, 0.4 })]
    [InlineData("Newton", new[] { 0.7, 1.9 })]
    [InlineData("Nested", new[] { 0.9, -0.3, 1.6 })] // the inner loop breaks at different iterations for each i
    [InlineData("Nested", new[] { 0.05, 0.1, -0.08 })]
    [InlineData("DownByTwo", new[] { 0.6, 0.5 })] // returns from the loop
    [InlineData("DownByTwo", new[] { 0.05, 0.5 })] // runs all 5 iterations
    [InlineData("DownByTwo", new[] { 2.0, 11.0 })] // returns in the first iteration
    [InlineData("Aliased", new[] { 0.4, -0.7, 1.2, 0.3 })]
    [InlineData("AliasedTwice", new[] { 0.4, -0.7, 1.2 })]
    [InlineData("AliasedTwice", new[] { -0.4, 0.1, 0.15 })]
    public void GradientMatchesDifferencesAndValueIsTheMethods(string name, double[] x) =>
        AssertValueAndGradient(s_assembly.Value, "Trips", name, x);

    /// <summary>
    /// The generated <c>ValueAndGradient</c> of the static objective <c>{ns}.{name}.Value</c> compiled in
    /// <paramref name="assembly"/>: its value bit for bit the user's method's, each component within 1e-7 of
    /// Richardson-extrapolated central differences.
    /// </summary>
    internal static void AssertValueAndGradient(Assembly assembly, string ns, string name, double[] x)
    {
        Type type = assembly.GetType($"{ns}.{name}+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        MethodInfo method = assembly.GetType($"{ns}.{name}", throwOnError: true)!
            .GetMethod("Value", BindingFlags.Public | BindingFlags.Static)!;
        var gradient = new double[x.Length];
        double value = objective.ValueAndGradient(x, gradient);
        double user = UserValue(method, x);
        Assert.Equal(BitConverter.DoubleToInt64Bits(user), BitConverter.DoubleToInt64Bits(value));
        for (int j = 0; j < x.Length; j++)
        {
            double reference = ControlFlowGradientTests.Richardson(objective, x, j);
            Assert.True(Math.Abs(gradient[j] - reference) <= 1e-7 * Math.Max(1, Math.Abs(reference)),
                $"{name}: d/dx[{j}] at [{string.Join(", ", x)}]: generated {gradient[j]:R}, reference {reference:R}");
        }
    }

    /// <summary>The user's method itself (it takes a span, so it is called through a delegate).</summary>
    private static double UserValue(MethodInfo method, double[] x) =>
        method.CreateDelegate<ValueOf>()(x);

    private delegate double ValueOf(ReadOnlySpan<double> x);

    [Theory]
    [InlineData("BreakAt", new[] { 0.3, 0.8, 1.0 })]
    [InlineData("Newton", new[] { 1.3, 0.4 })]
    [InlineData("Nested", new[] { 0.9, -0.3, 1.6 })]
    [InlineData("DownByTwo", new[] { 0.05, 0.5 })]
    [InlineData("AliasedTwice", new[] { 0.4, -0.7, 1.2 })]
    public void TripCountsAndGradientSumsAllocateNothing(string name, double[] x)
    {
        Type type = s_assembly.Value.GetType($"Trips.{name}+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        var gradient = new double[x.Length];
        objective.ValueAndGradient(x, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            objective.ValueAndGradient(x, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string AdjointSweep(string name) => Code(name, "// Adjoint sweep", "GradientCheck.Verify");

    private static string ForwardSweep(string name) => Code(name, "// Forward sweep", "// Adjoint sweep");

    private static string Code(string name, string from, string to) =>
        AdjointCostTests.Code(s_run.Value, $"Trips.{name}.Objective.g.cs", from, to);

    [Theory]
    [InlineData("BreakAt")]
    [InlineData("Newton")]
    [InlineData("Nested")]
    [InlineData("DownByTwo")]
    public void LoopLeftByBreakStopsAndCountsItsIterations(string name)
    {
        string forward = ForwardSweep(name);
        Assert.Contains("break;", forward, StringComparison.Ordinal);
        Assert.Contains("saved[top++] = trips;", forward, StringComparison.Ordinal);
        Assert.Contains("(int)saved[--top]", AdjointSweep(name), StringComparison.Ordinal);
    }

    [Fact]
    public void NewtonRecordsNoDecisions()
    {
        // The guard on the stop flag is left at the break, and the if that sets the flag has nothing to reverse.
        Assert.DoesNotContain("branches", ForwardSweep("Newton"), StringComparison.Ordinal);
        Assert.DoesNotContain("branches", AdjointSweep("Newton"), StringComparison.Ordinal);
    }

    [Fact]
    public void DownByTwoRunsItsCounterBackFromTheLastIterationThatRan()
    {
        Assert.Contains("i = 9 + (trip - 1) * (-2); trip > 0; trip--, i += 2)", AdjointSweep("DownByTwo"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnElementUnderTwoIndexTextsGetsTwoSums()
    {
        string adjoint = AdjointSweep("AliasedTwice");
        Assert.True(adjoint.Contains("gradient[i] += gradientSum", StringComparison.Ordinal), adjoint);
        Assert.True(adjoint.Contains("gradient[2 * i - i] += gradientSum", StringComparison.Ordinal), adjoint);
    }

    [Fact]
    public void ElementsAtIndicesTheLoopDoesNotChangeAreSummedInLocals()
    {
        string adjoint = AdjointSweep("Aliased");
        // gradient[i] in the loop over j, gradient[j] left in memory
        Assert.True(adjoint.Contains("gradient[i] += gradientSum", StringComparison.Ordinal), adjoint);
        Assert.True(adjoint.Contains("gradient[j] +=", StringComparison.Ordinal), adjoint);
        // gradient[0] and gradient[1] in the loop over i
        Assert.True(adjoint.Contains("gradient[0] += gradientSum", StringComparison.Ordinal), adjoint);
        Assert.True(adjoint.Contains("gradient[1] += gradientSum", StringComparison.Ordinal), adjoint);
        Assert.Equal(1, adjoint.Split('\n').Count(static line => line.TrimStart().StartsWith("gradient[i] +=", StringComparison.Ordinal)));
    }
}
