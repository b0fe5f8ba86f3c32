using System;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>Rosenbrock in n dimensions with its exact gradient, counting gradient calls.</summary>
public struct DifferentiableRosenbrock<TDim> : IDifferentiableObjective where TDim : IDim
{
    public static int Dimension => TDim.N;

    /// <summary>Number of <see cref="ValueAndGradient"/> calls (checks that the optimizer's copy is used).</summary>
    public long GradientCalls;

    public readonly double Value(ReadOnlySpan<double> x) => default(Rosenbrock<TDim>).Value(x);

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        GradientCalls++;
        gradient.Clear();
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            s += 100 * a * a + b * b;
            gradient[i] += -400 * a * x[i] - 2 * b;
            gradient[i + 1] += 200 * a;
        }
        return s;
    }
}

/// <summary>Gradient injection into CMA-ES (<see cref="CmaEsOptions.GradientInjection"/>).</summary>
public class CmaEsGradientInjectionTests(ITestOutputHelper output)
{
    private static readonly ulong[] Seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

    private static CmaEsOptions Options(ulong seed, bool inject) =>
        new() { Seed = seed, Sigma0 = 0.5, TargetValue = 1e-8, GradientInjection = inject };

    private static double Median(long[] values)
    {
        long[] s = (long[])values.Clone();
        Array.Sort(s);
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    /// <summary>One run per seed: the seed is fixed at construction, so each seed needs its own optimizer.</summary>
    private static OptimizationResult Run(ulong seed, bool inject, double[] x0) =>
        new CmaEs<DifferentiableRosenbrock<D10>>(Options(seed, inject)).Minimize(x0);

    [Fact]
    public void Rosenbrock10_InjectionNeedsFewerEvaluations_MedianOver11Seeds()
    {
        var x0 = new double[10];
        var plain = new long[Seeds.Length];
        var injected = new long[Seeds.Length];
        for (int s = 0; s < Seeds.Length; s++)
        {
            OptimizationResult a = Run(Seeds[s], false, x0);
            OptimizationResult b = Run(Seeds[s], true, x0);
            output.WriteLine($"seed {Seeds[s]}: plain {a.Evaluations} ({a.Status}), injected {b.Evaluations} ({b.Status})");
            Assert.Equal(TerminationReason.TargetReached, a.Status);
            Assert.Equal(TerminationReason.TargetReached, b.Status);
            Assert.True(b.Value <= 1e-8);
            for (int i = 0; i < 10; i++)
                Assert.Equal(1.0, b.Point.Span[i], 1e-3);
            plain[s] = a.Evaluations;
            injected[s] = b.Evaluations;
        }
        double mPlain = Median(plain), mInjected = Median(injected);
        output.WriteLine($"median evaluations: plain {mPlain}, injected {mInjected}");
        Assert.True(mInjected < mPlain, $"median with injection {mInjected} is not below plain {mPlain}");
    }

    [Fact]
    public void Injection_GeneratedObjective_ReachesTarget()
    {
        // Generated objectives implement IDifferentiableObjective (analytic gradient).
        var x0 = new double[10];
        var cma = new CmaEs<GeneratedRosenbrock.Objective>(Options(4, true));
        OptimizationResult r = cma.Minimize(x0);
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        Assert.True(r.Value <= 1e-8);
        Assert.Equal(r.Iterations * (cma.PopulationSize + 1), r.Evaluations);
    }

    [Fact]
    public void Injection_CountsOneGradientEvaluationPerGeneration()
    {
        var x0 = new double[10];
        var cma = new CmaEs<DifferentiableRosenbrock<D10>>(Options(3, true));
        OptimizationResult r = cma.Minimize(x0);
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        // lambda candidates plus one value-and-gradient at the mean per generation.
        Assert.Equal(r.Iterations * (cma.PopulationSize + 1), r.Evaluations);
        Assert.Equal(r.Iterations, cma.Objective.GradientCalls);
    }

    [Fact]
    public void Injection_SameSeed_RepeatsBitForBit()
    {
        var x0 = new double[10];
        var cma = new CmaEs<DifferentiableRosenbrock<D10>>(Options(7, true));
        OptimizationResult a = cma.Minimize(x0);
        double[] bestA = a.Point.ToArray();
        OptimizationResult b = cma.Minimize(x0);
        double[] bestB = b.Point.ToArray();
        OptimizationResult c = new CmaEs<DifferentiableRosenbrock<D10>>(Options(7, true)).Minimize(x0);
        Assert.Equal(a.Evaluations, b.Evaluations);
        Assert.Equal(a.Evaluations, c.Evaluations);
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Value), BitConverter.DoubleToInt64Bits(b.Value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Value), BitConverter.DoubleToInt64Bits(c.Value));
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(bestA[i]), BitConverter.DoubleToInt64Bits(bestB[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(bestA[i]), BitConverter.DoubleToInt64Bits(c.Point.Span[i]));
        }
    }

    /// <summary>Counts points outside the box (the injected candidate included) through an observer on the values.</summary>
    private struct BoxCheckedRosenbrock : IDifferentiableObjective
    {
        public static int Dimension => 10;
        public double Lower, Upper;
        public long Outside, Calls;

        private void Check(ReadOnlySpan<double> x)
        {
            Calls++;
            foreach (double v in x)
                if (!(v >= Lower && v <= Upper))
                    Outside++;
        }

        public double Value(ReadOnlySpan<double> x)
        {
            Check(x);
            return default(Rosenbrock<D10>).Value(x);
        }

        public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
        {
            Check(x);
            var inner = default(DifferentiableRosenbrock<D10>);
            return inner.ValueAndGradient(x, gradient);
        }
    }

    [Fact]
    public void Injection_WithBounds_EvaluatesOnlyFeasiblePoints()
    {
        // The box [-0.5, 0.8]^10 cuts off the unconstrained minimum (1, ..., 1): the search presses against
        // the upper bound, where the reflection (and the sign flip of the gradient) matters.
        var x0 = new double[10];
        var bounds = Bounds.Uniform(10, -0.5, 0.8);
        var objective = new BoxCheckedRosenbrock { Lower = -0.5, Upper = 0.8 };
        var cma = new CmaEs<BoxCheckedRosenbrock>(objective, new CmaEsOptions { Seed = 2, Sigma0 = 0.5, GradientInjection = true, MaxEvaluations = 20_000 });
        OptimizationResult r = cma.Minimize(x0, bounds);
        Assert.True(cma.Objective.Calls > 1000);
        Assert.Equal(r.Evaluations, cma.Objective.Calls);
        Assert.Equal(0, cma.Objective.Outside);
        for (int i = 0; i < 10; i++)
            Assert.InRange(r.Point.Span[i], -0.5, 0.8);
        // Reference: the same problem without injection; both must agree on the constrained optimum.
        OptimizationResult plain = new CmaEs<BoxCheckedRosenbrock>(objective, new CmaEsOptions { Seed = 2, Sigma0 = 0.5, MaxEvaluations = 20_000 }).Minimize(x0, bounds);
        output.WriteLine($"bounded: injected {r.Value} in {r.Evaluations} ({r.Status}), plain {plain.Value} in {plain.Evaluations} ({plain.Status})");
        Assert.Equal(plain.Value, r.Value, 1e-6);
    }

    [Fact]
    public void Injection_NonDifferentiableObjective_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new CmaEs<Rosenbrock<D10>>(new CmaEsOptions { GradientInjection = true }));
        Assert.Contains("IDifferentiableObjective", e.Message);
        Assert.Contains("GradientInjection", e.Message);
        // Without the option a plain objective is fine.
        _ = new CmaEs<Rosenbrock<D10>>(new CmaEsOptions());
    }

    [Fact]
    public void Injection_Minimize_AllocatesNothing()
    {
        var x0 = new double[10];
        var cma = new CmaEs<DifferentiableRosenbrock<D10>>(Options(1, true)) { ResultBuffer = new double[10] };
        cma.Minimize(x0); // warm-up
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = cma.Minimize(x0));
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Injection_AskTellWithBounds_AllocatesNothing()
    {
        var x0 = new double[10];
        var bounds = Bounds.Uniform(10, -0.5, 0.8);
        var cma = new CmaEs<DifferentiableRosenbrock<D10>>(Options(1, true));
        var values = new double[cma.PopulationSize];
        cma.Initialize(x0, bounds);
        AskTell(cma, values, 50); // warm-up
        Allocations.AssertNone("200 ask/tell generations with gradient injection", () => AskTell(cma, values, 200));
    }

    private static void AskTell(CmaEs<DifferentiableRosenbrock<D10>> cma, double[] values, int generations)
    {
        for (int g = 0; g < generations && cma.Status == TerminationReason.None; g++)
        {
            Population p = cma.Ask();
            for (int k = 0; k < p.Count; k++)
                values[k] = cma.Objective.Value(p[k]);
            cma.Tell(values);
        }
    }
}
