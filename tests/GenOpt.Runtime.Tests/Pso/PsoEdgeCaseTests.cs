using System;

namespace GenOpt.Tests;

/// <summary>PSO: bad input gets a clear exception naming the problem.</summary>
public class PsoEdgeCaseTests
{
    private static readonly Bounds Box = Bounds.Uniform(10, -5, 5);

    [Theory]
    [InlineData(double.NegativeInfinity, 5.0)]
    [InlineData(-5.0, double.PositiveInfinity)]
    [InlineData(-1e308, 1e308)]                  // finite bounds whose width overflows
    public void NonFiniteBounds_AreRejected(double lower, double upper)
    {
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 1 });
        var e = Assert.Throws<ArgumentException>(() => pso.Minimize(Bounds.Uniform(10, lower, upper)));
        Assert.Contains("finite bounds", e.Message);
        Assert.Throws<ArgumentException>(() => pso.Initialize(Bounds.Uniform(10, lower, upper)));
    }

    [Fact]
    public void WrongDimensionNullInvertedOrEmptyBounds_AreRejected()
    {
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 1 });
        var e = Assert.Throws<ArgumentException>(() => pso.Minimize(Bounds.Uniform(3, -1, 1)));
        Assert.Contains("Dimension is 10", e.Message);
        Assert.Throws<ArgumentNullException>(() => pso.Minimize(null!));
        Assert.Throws<ArgumentException>(() => new Bounds([1.0], [0.0]));       // inverted: Bounds rejects it
        Assert.Throws<ArgumentException>(() => new Bounds([], []));             // empty
        Assert.Throws<ArgumentException>(() => new Bounds([double.NaN], [1.0])); // NaN
    }

    [Fact]
    public void BadX0_IsRejected()
    {
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 1 });
        Assert.Contains("entries", Assert.Throws<ArgumentException>(() => pso.Minimize(new double[9], Box)).Message);
        var outside = new double[10];
        outside[3] = 6;
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => pso.Minimize(outside, Box)).Message);
        var nan = new double[10];
        nan[0] = double.NaN;
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => pso.Initialize(nan, Box)).Message);
    }

    public static TheoryData<PsoOptions, string> BadOptions => new()
    {
        { new PsoOptions { SwarmSize = 1 }, "SwarmSize" },
        { new PsoOptions { SwarmSize = 0 }, "SwarmSize" },
        { new PsoOptions { W = -0.1 }, "W" },
        { new PsoOptions { W = double.NaN }, "W" },
        { new PsoOptions { C1 = double.NaN }, "C1" },
        { new PsoOptions { C2 = -1 }, "C2" },
        { new PsoOptions { C1 = double.PositiveInfinity }, "C1" },
        { new PsoOptions { WMax = -1 }, "WMax" },
        { new PsoOptions { WMin = double.NaN }, "WMin" },
        { new PsoOptions { VelocityClamp = 0 }, "VelocityClamp" },
        { new PsoOptions { VelocityClamp = double.NaN }, "VelocityClamp" },
        { new PsoOptions { MaxIterations = 0 }, "MaxIterations" },
        { new PsoOptions { MaxEvaluations = 0 }, "MaxEvaluations" },
        { new PsoOptions { TargetValue = double.NaN }, "TargetValue" },
        { new PsoOptions { FTol = double.NaN }, "FTol" },
        { new PsoOptions { FTolIterations = 0 }, "FTolIterations" },
        { new PsoOptions { Threads = 0 }, "Threads" },
        { new PsoOptions { RingRadius = 0 }, "RingRadius" },
        { new PsoOptions { RandomInformants = 0 }, "RandomInformants" },
        { new PsoOptions { Topology = (PsoTopology)42 }, "Topology" },
        { new PsoOptions { Boundary = (PsoBoundaryStrategy)42 }, "Boundary" },
        { new PsoOptions { InertiaSchedule = (PsoInertiaSchedule)42 }, "InertiaSchedule" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptions_AreRejectedByName(PsoOptions options, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Pso<Sphere<D10>>(options));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void AskTellMisuse_IsRejected()
    {
        using var pso = new Pso<Sphere<D10>>(new PsoOptions { Seed = 1, SwarmSize = 5, MaxIterations = 1 });
        Assert.Throws<InvalidOperationException>(() => pso.Ask());
        pso.Initialize(Box);
        Assert.Throws<InvalidOperationException>(() => pso.Tell(new double[5]));
        pso.Ask();
        var e = Assert.Throws<ArgumentException>(() => pso.Tell(new double[4]));
        Assert.Contains("Expected 5 values", e.Message);
        Assert.Equal(TerminationReason.MaxIterations, pso.Tell(new double[5]));
        Assert.Throws<InvalidOperationException>(() => pso.Ask());
        Assert.Throws<InvalidOperationException>(() => pso.Tell(new double[5]));
    }

    [Fact]
    public void TwoParticles_AndOneDimension_Work()
    {
        using var pso = new Pso<Sphere<D1>>(new PsoOptions { Seed = 2, SwarmSize = 2, Topology = PsoTopology.VonNeumann });
        OptimizationResult r = pso.Minimize(Bounds.Uniform(1, -3, 2));
        Assert.True(r.Value < 1e-8, $"f = {r.Value}");
    }
}
