using System;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>
/// -x0 + x1^2 where x0 &lt; 3, and NaN (or, with <see cref="MinusInfinity"/>, -infinity) where x0 &gt;= 3: the
/// objective decreases without a stationary point towards the edge x0 = 3 of the region where it is finite.
/// </summary>
public struct NonFiniteBeyondThree : IDifferentiableObjective
{
    public bool MinusInfinity;
    public static int Dimension => 2;
    public readonly double Value(ReadOnlySpan<double> x) =>
        x[0] >= 3 ? (MinusInfinity ? double.NegativeInfinity : double.NaN) : -x[0] + x[1] * x[1];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = -1;
        g[1] = 2 * x[1];
        return Value(x);
    }
}

/// <summary>
/// ln(1 + (x0 - 1)^2) + x1^2 where x0 &lt; 1.5, NaN beyond: the minimum (1, 0) lies inside the finite region, and far
/// from it the flat objective makes the line search extrapolate past the edge.
/// </summary>
public struct NaNBeyondOneAndAHalf : IDifferentiableObjective
{
    public static int Dimension => 2;
    public readonly double Value(ReadOnlySpan<double> x) => x[0] >= 1.5 ? double.NaN : Math.Log(1 + (x[0] - 1) * (x[0] - 1)) + x[1] * x[1];
    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 2 * (x[0] - 1) / (1 + (x[0] - 1) * (x[0] - 1));
        g[1] = 2 * x[1];
        return Value(x);
    }
}

public class LbfgsbNonFiniteEdgeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EdgeOfNonFiniteRegion_IsNotReportedAsConvergence(bool minusInfinity)
    {
        var opt = new Lbfgsb<NonFiniteBeyondThree>(new NonFiniteBeyondThree { MinusInfinity = minusInfinity });
        OptimizationResult r = opt.Minimize([0, 0]);
        output.WriteLine($"{r.Status}: {r.Message} x = ({r.Point.Span[0]:R}, {r.Point.Span[1]:R}) f = {r.Value:R} "
            + $"it = {r.Iterations} ev = {r.Evaluations} non-finite = {r.NonFiniteEvaluations} |pg| = {opt.ProjectedGradientNorm}");
        Assert.False(r.Converged, $"{r.Status}: {r.Message}");
        Assert.Equal(TerminationReason.ObjectiveNotFinite, r.Status);
        Assert.Contains("NaN or infinity", r.Message, StringComparison.Ordinal);
        Assert.Contains("line search", r.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("generation", r.Message, StringComparison.Ordinal);
        // The returned point is the last finite iterate, close to the edge, and its value is the one reported.
        Assert.True(double.IsFinite(r.Value));
        Assert.InRange(r.Point.Span[0], 2.9, 3);
        Assert.Equal(default(NonFiniteBeyondThree).Value(r.Point.Span), r.Value);
        Assert.True(r.NonFiniteEvaluations >= 1);
        Assert.True(r.Evaluations <= 1000, $"{r.Evaluations} evaluations");
    }

    [Fact]
    public void NonFiniteValuesNearAnInteriorMinimum_StillConverge()
    {
        // From (-10, 0.5) the first line search extrapolates (4 and 16 times the first step) into the NaN region and
        // is cut back; the minimum is interior.
        var opt = new Lbfgsb<NaNBeyondOneAndAHalf>();
        OptimizationResult r = opt.Minimize([-10, 0.5]);
        output.WriteLine($"{r.Status} x = ({r.Point.Span[0]:R}, {r.Point.Span[1]:R}) non-finite = {r.NonFiniteEvaluations}");
        Assert.True(r.Converged, $"{r.Status}: {r.Message}");
        Assert.True(r.NonFiniteEvaluations >= 1, "the test should exercise a cut-back step");
        Assert.InRange(r.Point.Span[0], 1 - 1e-4, 1 + 1e-4);
        Assert.InRange(r.Point.Span[1], -1e-4, 1e-4);
    }

    [Fact]
    public void NonFiniteStart_HasAMessageAboutTheStart()
    {
        var opt = new Lbfgsb<NonFiniteBeyondThree>();
        OptimizationResult r = opt.Minimize([5, 0]);
        Assert.Equal(TerminationReason.ObjectiveNotFinite, r.Status);
        Assert.Equal(1, r.Evaluations);
        Assert.Equal(1, r.NonFiniteEvaluations);
        Assert.Contains("starting point", r.Message, StringComparison.Ordinal);
    }
}
