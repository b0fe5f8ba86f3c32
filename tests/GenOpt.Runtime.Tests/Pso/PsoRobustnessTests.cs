using System;

namespace GenOpt.Tests;

/// <summary>Records every point PSO evaluates that is not finite or lies outside the box.</summary>
public sealed class PointRecorder
{
    public double[] Lower = [];
    public double[] Upper = [];
    public double Scale = 1;
    public long Evaluations;
    public long NonFinite;
    public long Outside;
}

/// <summary>A sphere normalized by the box size (so that huge boxes give finite values) that checks every point.</summary>
public struct RecordingSphere : IObjective
{
    public PointRecorder Recorder;
    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        PointRecorder r = Recorder;
        r.Evaluations++;
        bool finite = true, inside = true;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            finite &= double.IsFinite(x[i]);
            inside &= x[i] >= r.Lower[i] && x[i] <= r.Upper[i];
            double q = x[i] / r.Scale - 0.3;
            s += q * q;
        }
        if (!finite) r.NonFinite++;
        if (!inside) r.Outside++;
        return s;
    }
}

/// <summary>Watches the RMS velocity (IterationInfo.StepSize) for non-finite values.</summary>
public struct VelocityWatch : IOptimizationObserver
{
    public int NonFiniteSteps;
    public bool OnIteration(in IterationInfo info)
    {
        if (!double.IsFinite(info.StepSize)) NonFiniteSteps++;
        return true;
    }
}

/// <summary>PSO: coefficients that cannot work are rejected, and every evaluated point is finite and inside the box, on any finite box.</summary>
public class PsoRobustnessTests
{
    public static TheoryData<PsoOptions, string> UnstableCoefficients => new()
    {
        { new PsoOptions { W = int.MaxValue }, "W" },
        { new PsoOptions { W = 1e300, C1 = 1e300, C2 = 1e300 }, "W" },
        { new PsoOptions { W = 1.01 }, "W" },                                                       // > 1 without a velocity clamp
        { new PsoOptions { W = 1.5, VelocityClamp = 0.5 }, "W" },                                   // > 1.4 even with one
        { new PsoOptions { WMax = 1.2, InertiaSchedule = PsoInertiaSchedule.Linear }, "WMax" },
        { new PsoOptions { WMin = 2 }, "WMin" },
        { new PsoOptions { W = 0.5, C1 = 1e300, C2 = 1e300 }, "C2" },
        { new PsoOptions { W = 1, C1 = 4, C2 = 4 }, "C2" },                                         // c1 + c2 = 4 (1 + w)
        { new PsoOptions { W = 0.7298, C1 = 5.5, C2 = 1.5 }, "C1" },                                // 7 > 4 (1 + 0.7298) = 6.92
        { new PsoOptions { InertiaSchedule = PsoInertiaSchedule.Linear, WMax = 0.9, WMin = 0, C1 = 2, C2 = 2 }, "C2" },
    };

    [Theory]
    [MemberData(nameof(UnstableCoefficients))]
    public void CoefficientsOutsideTheStabilityRegion_AreRejected(PsoOptions options, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Pso<Sphere<D10>>(options));
        Assert.Equal(name, e.ParamName);
        Assert.Contains(name, e.Message);
        Assert.Contains("stab", e.Message);                                                         // says why (stability)
    }

    public static TheoryData<PsoOptions> LegitimateCoefficients => new()
    {
        new PsoOptions(),                                                                           // Clerc & Kennedy's constriction
        new PsoOptions { W = 0.729, C1 = 1.49445, C2 = 1.49445 },
        new PsoOptions { W = 0.7213475, C1 = 1.1931472, C2 = 1.1931472 },                            // SPSO 2011
        new PsoOptions { InertiaSchedule = PsoInertiaSchedule.Linear, WMax = 0.9, WMin = 0.4, C1 = 2, C2 = 2 }, // Shi & Eberhart 1999
        new PsoOptions { W = 1, C1 = 2, C2 = 2 },                                                   // Kennedy & Eberhart 1995
        new PsoOptions { W = 1.2, C1 = 2, C2 = 2, VelocityClamp = 0.5 },                            // w > 1 with Vmax (Shi & Eberhart 1998)
        new PsoOptions { W = 0.9, C1 = 0.5, C2 = 0.3 },                                             // pyswarms' example
        new PsoOptions { W = 0, C1 = 0, C2 = 0 },
    };

    [Theory]
    [MemberData(nameof(LegitimateCoefficients))]
    public void CoefficientsPeopleUse_AreAccepted(PsoOptions options)
    {
        using var pso = new Pso<Sphere<D10>>(options with { Seed = 3, MaxIterations = 50 });
        OptimizationResult r = pso.Minimize(Bounds.Uniform(10, -5, 5));
        Assert.True(double.IsFinite(r.Value));
    }

    public static TheoryData<double, double, int> BoxesAndCoefficients()
    {
        var data = new TheoryData<double, double, int>();
        double[][] boxes =
        [
            [-5, 5],
            [-8e307, 8e307],                     // 2 (upper - lower) overflows
            [-double.MaxValue, 0],               // width = double.MaxValue
            [0, double.MaxValue],
            [1e307, 1.7e308],                    // x - lower overflows for far negative x
        ];
        foreach (double[] box in boxes)
            for (int c = 0; c < 4; c++)
                data.Add(box[0], box[1], c);
        return data;
    }

    private static PsoOptions Coefficients(int c) => c switch
    {
        0 => new PsoOptions(),
        1 => new PsoOptions { W = 1, C1 = 3.99, C2 = 3.99 },                                        // largest accepted without a clamp
        2 => new PsoOptions { W = 1.4, C1 = 4.79, C2 = 4.79, VelocityClamp = 1e300 },               // largest accepted with one
        _ => new PsoOptions { InertiaSchedule = PsoInertiaSchedule.Linear, WMax = 1, WMin = 0.4, C1 = 2.79, C2 = 2.79 },
    };

    [Theory]
    [MemberData(nameof(BoxesAndCoefficients))]
    public void EveryEvaluatedPoint_IsFiniteAndInTheBox(double lower, double upper, int coefficients)
    {
        // PsoMovePathTests pins the bits of these runs, for the Vector256 and the scalar path alike.
        foreach (PsoBoundaryStrategy strategy in Enum.GetValues<PsoBoundaryStrategy>())
        {
            (PointRecorder recorder, OptimizationResult r, int nonFiniteSteps) = Run(lower, upper, coefficients, strategy);
            string label = $"{strategy}, box [{lower}, {upper}], coefficients {coefficients}";
            Assert.Equal(2000, recorder.Evaluations);
            Assert.True(recorder.NonFinite == 0, $"{label}: {recorder.NonFinite} non-finite points");
            Assert.True(recorder.Outside == 0, $"{label}: {recorder.Outside} points outside the box");
            Assert.True(nonFiniteSteps == 0, $"{label}: {nonFiniteSteps} iterations with a non-finite RMS velocity");
            Assert.True(double.IsFinite(r.Value), label);
            Assert.Equal(0, r.NonFiniteEvaluations);
        }
    }

    /// <summary>20 particles, 100 iterations, seed 1, on the 10-D box [lower, upper] with coefficient set <paramref name="coefficients"/>.</summary>
    internal static (PointRecorder, OptimizationResult, int) Run(double lower, double upper, int coefficients, PsoBoundaryStrategy strategy)
    {
        var options = Coefficients(coefficients) with { Seed = 1, SwarmSize = 20, MaxIterations = 100, Boundary = strategy };
        var recorder = new PointRecorder
        {
            Lower = new double[10], Upper = new double[10], Scale = Math.Max(Math.Abs(lower), Math.Abs(upper)),
        };
        recorder.Lower.AsSpan().Fill(lower);
        recorder.Upper.AsSpan().Fill(upper);
        using var pso = new Pso<RecordingSphere>(new RecordingSphere { Recorder = recorder }, options);
        var watch = new VelocityWatch();
        OptimizationResult r = pso.Minimize(Bounds.Uniform(10, lower, upper), ref watch);
        return (recorder, r, watch.NonFiniteSteps);
    }

    [Fact]
    public void HugeBoxWithDefaults_FindsTheMinimumRegion()
    {
        // Not only finite: the swarm still optimizes on a box as wide as the largest double allows.
        var recorder = new PointRecorder { Lower = new double[10], Upper = new double[10], Scale = 8e307 };
        recorder.Lower.AsSpan().Fill(-8e307);
        recorder.Upper.AsSpan().Fill(8e307);
        using var pso = new Pso<RecordingSphere>(new RecordingSphere { Recorder = recorder }, new PsoOptions { Seed = 1, MaxIterations = 500 });
        OptimizationResult r = pso.Minimize(Bounds.Uniform(10, -8e307, 8e307));
        Assert.Equal(0, recorder.NonFinite + recorder.Outside);
        Assert.True(r.Value < 1e-6, $"f = {r.Value}");
    }

    [Fact]
    public void WorkspaceTooLarge_NamesSwarmSize()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Pso<Sphere<D10>>(new PsoOptions { SwarmSize = int.MaxValue }));
        Assert.Equal("SwarmSize", e.ParamName);
        Assert.Contains("too large", e.Message);
    }
}
