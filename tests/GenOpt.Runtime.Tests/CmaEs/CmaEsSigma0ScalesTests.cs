using System;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>
/// A four-parameter logistic dose-response fit, y(t) = d + (a - d) / (1 + (t / c)^b), on exact data: the bottom a = 2,
/// the slope b = 1.5, the half-effect concentration c = 1000 and the top d = 100, at 13 concentrations from 10 to 1e5.
/// The parameters differ in scale by three orders of magnitude; the minimum is 0 at (2, 1.5, 1000, 100).
/// </summary>
public struct LogisticFit : IObjective
{
    public static int Dimension => 4;

    public static readonly double[] Truth = [2, 1.5, 1000, 100];   // before s_y, which it initializes

    private static readonly double[] s_t = MakeConcentrations();
    private static readonly double[] s_y = MakeResponses();

    private static double[] MakeConcentrations()
    {
        var t = new double[13];
        for (int i = 0; i < t.Length; i++)
            t[i] = Math.Pow(10, 1 + i / 3.0);
        return t;
    }

    private static double[] MakeResponses()
    {
        double[] t = MakeConcentrations();
        var y = new double[t.Length];
        for (int i = 0; i < t.Length; i++)
            y[i] = Model(Truth, t[i]);
        return y;
    }

    private static double Model(ReadOnlySpan<double> p, double t) => p[3] + (p[0] - p[3]) / (1 + Math.Pow(t / Math.Abs(p[2]), p[1]));

    public double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < s_t.Length; i++)
        {
            double r = Model(x, s_t[i]) - s_y[i];
            sum += r * r;
        }
        return sum;
    }
}

/// <summary>
/// <see cref="CmaEsOptions.Sigma0Scales"/> (pycma's CMA_stds): per-coordinate initial standard deviations
/// Sigma0 * Sigma0Scales[i].
/// </summary>
public class CmaEsSigma0ScalesTests(ITestOutputHelper output)
{
    private static readonly double[] LogisticStart = [0, 1, 100, 50];
    private static readonly double[] LogisticScales = [10, 1, 1000, 50];

    [Fact]
    public void BadlyScaledLogisticFit_NeedsFarFewerEvaluationsWithScales()
    {
        // Same seeds, same start (c = 100, a tenth of its value), same Sigma0 (1, right for the slope b): with the scales
        // each parameter starts with a spread of its own magnitude; without them c must grow its step size from 1 to ~1000 first.
        long scaledTotal = 0, plainTotal = 0;
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var options = new CmaEsOptions { Seed = seed, Sigma0 = 1, TargetValue = 1e-10, MaxEvaluations = 200_000 };
            OptimizationResult scaled = Fit(options with { Sigma0Scales = LogisticScales });
            OptimizationResult plain = Fit(options);
            output.WriteLine($"seed {seed}: scaled {scaled.Status} {scaled.Evaluations} evaluations f = {scaled.Value:E3}; unscaled {plain.Status} {plain.Evaluations} evaluations f = {plain.Value:E3}");
            Assert.Equal(TerminationReason.TargetReached, scaled.Status);
            Assert.Equal(LogisticFit.Truth[2], Math.Abs(scaled.Point.Span[2]), 1e-2 * LogisticFit.Truth[2]); // the model has |c|
            Assert.True(scaled.Evaluations < plain.Evaluations, $"seed {seed}");
            scaledTotal += scaled.Evaluations;
            plainTotal += plain.Status == TerminationReason.TargetReached ? plain.Evaluations : options.MaxEvaluations!.Value;
        }
        output.WriteLine($"total: scaled {scaledTotal}, unscaled {plainTotal}");
        // Measured: 4,856 against 9,800 evaluations (all runs reach the target).
        Assert.True(8 * scaledTotal < 5 * plainTotal, $"scaled {scaledTotal} evaluations, unscaled {plainTotal}");
    }

    private static OptimizationResult Fit(CmaEsOptions options) => new CmaEs<LogisticFit>(options).Minimize(LogisticStart);

    [Fact]
    public void ScalesOfOne_GiveBitIdenticalResults()
    {
        double[] x0 = [-1.2, 1, -0.5, 0.8, 2, 3, -3, 0.1, 4, -2];
        var options = new CmaEsOptions { Seed = 7, Sigma0 = 0.3, Restarts = RestartStrategy.Bipop, MaxRestarts = 2, MaxEvaluations = 30_000 };
        OptimizationResult plain = new CmaEs<Rastrigin<D10>>(options).Minimize(x0, Bounds.Uniform(10, -5, 5));
        OptimizationResult ones = new CmaEs<Rastrigin<D10>>(options with { Sigma0Scales = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }).Minimize(x0, Bounds.Uniform(10, -5, 5));
        Assert.True(plain.Restarts > 0);
        Assert.Equal(plain.Status, ones.Status);
        Assert.Equal(plain.Evaluations, ones.Evaluations);
        Assert.Equal(plain.Iterations, ones.Iterations);
        Assert.Equal(plain.Restarts, ones.Restarts);
        Assert.Equal(BitConverter.DoubleToInt64Bits(plain.Value), BitConverter.DoubleToInt64Bits(ones.Value));
        for (int i = 0; i < x0.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(plain.Point.Span[i]), BitConverter.DoubleToInt64Bits(ones.Point.Span[i]));
    }

    [Fact]
    public void FirstGeneration_HasStandardDeviationSigma0TimesScale()
    {
        double[] scales = [1000, 0.01, 1, 30];
        var cma = new CmaEs<LogisticFit>(new CmaEsOptions { Seed = 3, Sigma0 = 2, PopulationSize = 20_000, Sigma0Scales = scales });
        cma.Initialize(LogisticStart);
        Assert.Equal(1e10, cma.ConditionNumber, 1e-6 * 1e10); // (1000 / 0.01)^2: C = diag(scales)^2
        Population population = cma.Ask();
        for (int i = 0; i < 4; i++)
        {
            double sum = 0, sum2 = 0;
            for (int k = 0; k < population.Count; k++)
            {
                double d = population[k][i] - LogisticStart[i];
                sum += d;
                sum2 += d * d;
            }
            double mean = sum / population.Count;
            double std = Math.Sqrt(sum2 / population.Count - mean * mean);
            double expected = 2 * scales[i];
            Assert.True(Math.Abs(std / expected - 1) < 0.03, $"coordinate {i}: std {std}, expected {expected}");
            Assert.True(Math.Abs(mean) < 0.05 * expected, $"coordinate {i}: mean offset {mean}");
        }
    }

    [Fact]
    public void LargeScale_DoesNotStopAsStepSizeDiverged()
    {
        // TolFacUpX (1e3) measures each coordinate's standard deviation against its own start Sigma0 * scale, as pycma
        // does: a scale of 1e4 is not a step size that grew 1e4 times.
        var options = new CmaEsOptions { Seed = 4, Sigma0 = 0.5, Sigma0Scales = [1e4, 1] };
        OptimizationResult r = new CmaEs<ScaledSphere>(options).Minimize([0, 0]);
        Assert.True(r.Converged, $"{r.Status} after {r.Evaluations} evaluations, f = {r.Value}");
        Assert.True(r.Value < 1e-10, $"f = {r.Value}");
        Assert.Equal(3e4, r.Point.Span[0], 1e-2);
        Assert.Equal(3, r.Point.Span[1], 1e-6);
    }

    [Fact]
    public void MinimizeWithScales_AllocatesNothing()
    {
        var cma = new CmaEs<LogisticFit>(new CmaEsOptions { Seed = 1, Sigma0 = 1, Sigma0Scales = LogisticScales, TargetValue = 1e-8, Restarts = RestartStrategy.Ipop, MaxRestarts = 2 });
        cma.ResultBuffer = new double[LogisticStart.Length]; // the zero-allocation path: the result is a view of this buffer
        cma.Minimize(LogisticStart); // warm-up
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = cma.Minimize(LogisticStart));
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ScalesAreCopiedAtConstruction()
    {
        double[] scales = [10, 1, 1000, 50];
        var options = new CmaEsOptions { Seed = 2, Sigma0 = 1, Sigma0Scales = scales, MaxEvaluations = 3000 };
        OptimizationResult before = new CmaEs<LogisticFit>(options).Minimize(LogisticStart);
        var cma = new CmaEs<LogisticFit>(options);
        scales[2] = 1;
        OptimizationResult after = cma.Minimize(LogisticStart);
        Assert.Equal(BitConverter.DoubleToInt64Bits(before.Value), BitConverter.DoubleToInt64Bits(after.Value));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e-160)]    // its square is subnormal
    [InlineData(1e300)]     // its square overflows
    public void InvalidScale_IsRejectedByTheOptions(double bad)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<LogisticFit>(new CmaEsOptions { Sigma0Scales = [1, bad, 1, 1] }));
        Assert.Equal("Sigma0Scales", e.ParamName);
        Assert.Contains("Sigma0Scales[1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScalesOfTheWrongLength_AreRejectedByTheConstructor()
    {
        var e = Assert.Throws<ArgumentException>(() => new CmaEs<LogisticFit>(new CmaEsOptions { Sigma0Scales = [1, 1, 1] }));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("Sigma0Scales has 3 entries but the objective's Dimension is 4", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CmaEs<LogisticFit>(new CmaEsOptions { Sigma0Scales = [] }));
        Assert.Throws<ArgumentException>(() => new CmaEs<LogisticFit>(new CmaEsOptions { Sigma0Scales = [1, 1, 1, 1, 1] }));
    }

    [Fact]
    public void ScalesThatStopTheRunAtOnce_AreRejected()
    {
        // Every initial standard deviation below TolX: a false StepTolerance at once.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { Sigma0 = 1e-6, TolX = 1e-9, Sigma0Scales = [1e-4, 1e-5] }));
        Assert.Equal("Sigma0Scales", e.ParamName);
        Assert.Contains("TolX", e.Message, StringComparison.Ordinal);
        // Condition number of diag(scales)^2 at or above MaxConditionNumber: ConditionNumber at once.
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { Sigma0Scales = [1e4, 1e-4] }));
        Assert.Equal("Sigma0Scales", e.ParamName);
        Assert.Contains("MaxConditionNumber", e.Message, StringComparison.Ordinal);
        // Sigma0 * scale overflows.
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { Sigma0 = 1e200, Sigma0Scales = [1e150, 1] }));
        Assert.Equal("Sigma0Scales", e.ParamName);
    }

    [Fact]
    public void Sigma0TimesScaleTooSmallForX0_IsRejectedByMinimizeAndInitialize()
    {
        // Sigma0 = 1e-6 alone is fine for x0 = 1e8 (eps * 1e8 = 2.2e-8), but not with a scale of 1e-3 on that coordinate.
        var cma = new CmaEs<Sphere<D2>>(new CmaEsOptions { Seed = 1, Sigma0 = 1e-6, TolX = 0, Sigma0Scales = [1, 1e-3] });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => cma.Minimize([0, 1e8]));
        Assert.Equal("Sigma0Scales", e.ParamName);
        Assert.Contains("x0[1]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => cma.Initialize([0, -1e8]));
        cma.Initialize([1e8, 0]); // the scale-1 coordinate can hold it
        // And the other way round: a large scale lets a small Sigma0 move a large coordinate.
        var large = new CmaEs<Sphere<D2>>(new CmaEsOptions { Seed = 1, Sigma0 = 1e-10, TolX = 0, Sigma0Scales = [1e4, 1] });
        large.Initialize([1e8, 0]);
    }
}

/// <summary>((x0 - 3e4) / 1e4)^2 + (x1 - 3)^2: the first coordinate lives on a scale 1e4 times larger.</summary>
public struct ScaledSphere : IObjective
{
    public static int Dimension => 2;

    public double Value(ReadOnlySpan<double> x)
    {
        double a = (x[0] - 3e4) / 1e4, b = x[1] - 3;
        return a * a + b * b;
    }
}
