using System;
using Xunit;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>A Rosenbrock valley whose minimum is moved to <c>Shift</c> (an instance struct objective).</summary>
public partial struct ShiftedRosenbrock
{
    public double[] Shift;

    [Objective(Dimension = 6)]
    public readonly partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double u = x[i] - Shift[i] + 1, v = x[i + 1] - Shift[i + 1] + 1;
            double a = v - u * u;
            double b = 1 - u;
            sum += 100 * a * a + b * b;
        }
        return sum;
    }
}

/// <summary>Calls made through a <see cref="CallCounted{TObjective}"/>; a class, so every copy of the struct shares it.</summary>
public sealed class CallCounts
{
    public long Values;
    public long ValuesAndGradients;
}

/// <summary>
/// Forwards to <typeparamref name="TObjective"/> and counts its calls. A generated objective's body may not have
/// side effects (it is differentiated), so its evaluations are counted here, at the interface.
/// </summary>
public struct CallCounted<TObjective> : IDifferentiableObjective where TObjective : struct, IDifferentiableObjective
{
    public TObjective Inner;
    public CallCounts Counts;

    public static int Dimension => TObjective.Dimension;

    public double Value(ReadOnlySpan<double> x)
    {
        Counts.Values++;
        return Inner.Value(x);
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Counts.ValuesAndGradients++;
        return Inner.ValueAndGradient(x, gradient);
    }
}

/// <summary>
/// The generated gradient costs one call per gradient, where central finite differences
/// (<see cref="FiniteDifferenceObjective{TObjective}"/>) call the objective 2n + 1 times: optimizers run on the
/// generated objective call it exactly as often as they report evaluations.
/// </summary>
public class AnalyticGradientCostTests(ITestOutputHelper output)
{
    private const int N = 6;

    private static readonly double[] s_shift = [0.5, -0.25, 1, 0.75, -0.5, 0.25];
    private static readonly double[] s_start = [-1.2, 1, -1.2, 1, -1.2, 1];

    private static CallCounted<ShiftedRosenbrock.Objective> Analytic(CallCounts counts) =>
        new() { Inner = new ShiftedRosenbrock { Shift = s_shift }.AsObjective(), Counts = counts };

    private static FiniteDifferenceObjective<CallCounted<ShiftedRosenbrock.Objective>> Differences(CallCounts counts) => new(Analytic(counts));

    [Fact]
    public void TheGeneratedGradientIsExactNotAFiniteDifference()
    {
        ShiftedRosenbrock.Objective objective = new ShiftedRosenbrock { Shift = s_shift }.AsObjective();
        var x = new double[] { 0.3, 1.7, -0.4, 2.2, 0.9, -1.1 };
        var g = new double[N];
        objective.ValueAndGradient(x, g);
        var expected = new double[N];
        for (int i = 0; i + 1 < N; i++)
        {
            double u = x[i] - s_shift[i] + 1, v = x[i + 1] - s_shift[i + 1] + 1;
            expected[i] += -400 * u * (v - u * u) - 2 * (1 - u);
            expected[i + 1] += 200 * (v - u * u);
        }
        // Central differences are accurate to about 1e-10 relative here; the generated gradient to rounding.
        for (int i = 0; i < N; i++)
            Assert.True(Math.Abs(g[i] - expected[i]) <= 1e-13 * Math.Max(1, Math.Abs(expected[i])), $"component {i}: {g[i]:R} vs {expected[i]:R}");

        var counts = new CallCounts();
        CallCounted<ShiftedRosenbrock.Objective> counted = Analytic(counts);
        counted.ValueAndGradient(x, g);
        Assert.Equal(0, counts.Values);
        Assert.Equal(1, counts.ValuesAndGradients);

        FiniteDifferenceObjective<CallCounted<ShiftedRosenbrock.Objective>> differences = Differences(counts = new CallCounts());
        differences.ValueAndGradient(x, g);
        Assert.Equal(2 * N + 1, counts.Values);
        Assert.Equal(0, counts.ValuesAndGradients);
    }

    [Fact]
    public void LbfgsbCallsTheGeneratedObjectiveOncePerEvaluation()
    {
        var exactCounts = new CallCounts();
        var exact = new Lbfgsb<CallCounted<ShiftedRosenbrock.Objective>>(Analytic(exactCounts), new LbfgsbOptions { GTol = 1e-8 });
        OptimizationResult exactResult = exact.Minimize(s_start);

        var fdCounts = new CallCounts();
        var fd = new Lbfgsb<FiniteDifferenceObjective<CallCounted<ShiftedRosenbrock.Objective>>>(Differences(fdCounts), new LbfgsbOptions { GTol = 1e-5 });
        OptimizationResult fdResult = fd.Minimize(s_start);

        Assert.True(exactResult.Status.IsConverged(), exactResult.Status.Message());
        Assert.True(fdResult.Status.IsConverged(), fdResult.Status.Message());
        for (int i = 0; i < N; i++)
        {
            Assert.Equal(s_shift[i], exactResult.Point.Span[i], 6);
            Assert.Equal(s_shift[i], fdResult.Point.Span[i], 3);
        }

        // Every L-BFGS-B evaluation is a value-and-gradient call: one objective call with the generated gradient,
        // 2n + 1 value calls with central differences.
        output.WriteLine($"L-BFGS-B: generated gradient {exactCounts.ValuesAndGradients} calls, finite differences {fdCounts.Values} calls ({fdResult.Evaluations} evaluations)");
        Assert.Equal(0, exactCounts.Values);
        Assert.Equal(exactResult.Evaluations, exactCounts.ValuesAndGradients);
        Assert.Equal(exact.GradientEvaluations, exactCounts.ValuesAndGradients);
        Assert.Equal(0, fdCounts.ValuesAndGradients);
        Assert.Equal((2 * N + 1) * fdResult.Evaluations, fdCounts.Values);
    }

    [Fact]
    public void DualAnnealingLocalSearchAddsNoCallsWithTheGeneratedGradient()
    {
        Bounds box = Bounds.Uniform(N, -2, 2);
        var options = new DualAnnealingOptions { Seed = 5, MaxIterations = 60 };

        var exactCounts = new CallCounts();
        var exact = new DualAnnealing<CallCounted<ShiftedRosenbrock.Objective>>(Analytic(exactCounts), options);
        OptimizationResult exactResult = exact.Minimize(s_start, box);

        var fdCounts = new CallCounts();
        var fd = new DualAnnealing<FiniteDifferenceObjective<CallCounted<ShiftedRosenbrock.Objective>>>(Differences(fdCounts), options);
        OptimizationResult fdResult = fd.Minimize(s_start, box);

        Assert.True(exactResult.Value < 1e-8, $"generated gradient: f = {exactResult.Value}");
        Assert.True(fdResult.Value < 1e-6, $"finite differences: f = {fdResult.Value}");
        Assert.True(exact.GradientEvaluations > 0);
        Assert.True(fd.GradientEvaluations > 0);

        // Evaluations counts value calls and value-and-gradient calls alike. With the generated gradient, each is
        // one objective call; with central differences, each gradient is 2n + 1 value calls.
        output.WriteLine($"Dual annealing: generated gradient {exactCounts.Values + exactCounts.ValuesAndGradients} calls, finite differences {fdCounts.Values} calls");
        Assert.Equal(exact.GradientEvaluations, exactCounts.ValuesAndGradients);
        Assert.Equal(exactResult.Evaluations, exactCounts.Values + exactCounts.ValuesAndGradients);
        Assert.Equal(0, fdCounts.ValuesAndGradients);
        long annealingCalls = fdResult.Evaluations - fd.GradientEvaluations;
        Assert.Equal(annealingCalls + (2 * N + 1) * fd.GradientEvaluations, fdCounts.Values);
    }
}
