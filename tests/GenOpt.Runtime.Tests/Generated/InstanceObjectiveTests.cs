using System;

namespace GenOpt.Tests;

/// <summary>A least-squares line fit whose data lives in a struct: default(LineFit) has null arrays.</summary>
public readonly partial struct LineFit
{
    private readonly double[] _t, _y;

    public LineFit(double slope, double intercept, int samples)
    {
        _t = new double[samples];
        _y = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            _t[i] = i;
            _y[i] = slope * i + intercept;
        }
    }

    [Objective(Dimension = 2)]
    public partial double SquaredError(ReadOnlySpan<double> p)
    {
        double s = 0;
        for (int i = 0; i < _t.Length; i++)
        {
            double r = p[0] * _t[i] + p[1] - _y[i];
            s += r * r;
        }
        return s;
    }
}

/// <summary>The closest point to a centre held in the struct, on the line x0 + x1 = Sum.</summary>
public partial struct CentredOnLine
{
    public double[] Centre;
    public double Sum;

    [Objective(Dimension = 2)]
    public readonly partial double Distance2(ReadOnlySpan<double> x) =>
        (x[0] - Centre[0]) * (x[0] - Centre[0]) + (x[1] - Centre[1]) * (x[1] - Centre[1]);

    [EqualityConstraint]
    public readonly partial double OnLine(ReadOnlySpan<double> x) => x[0] + x[1] - Sum;
}

/// <summary>
/// Optimizers constructed without the objective of a type that needs its instance (an instance [Objective]
/// method's generated Objective or Problem, and wrappers of one) throw an ArgumentException naming the type.
/// </summary>
// These tests make the mistake GENOPT026 reports at compile time, to check the run-time check behind it.
#pragma warning disable GENOPT026
public class InstanceObjectiveTests
{
    private static readonly Bounds Box2 = Bounds.Uniform(2, -10, 10);

    private static bool RequiresInstance<T>() where T : IObjective => T.RequiresInstance;

    private static void AssertNamesTheFix(ArgumentException ex, string optimizer, string type, string construction, string parameter = "TObjective")
    {
        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains($"{optimizer}<{type}> was created without an objective", ex.Message);
        Assert.Contains($"new {optimizer}<{type}>({construction}, options)", ex.Message);
    }

    [Fact]
    public void GeneratedTypes_StateWhetherTheyRequireAnInstance()
    {
        Assert.True(RequiresInstance<LineFit.Objective>());
        Assert.True(RequiresInstance<ExponentialFit.Objective>());
        Assert.True(RequiresInstance<CentredOnLine.Problem>());
        Assert.True(RequiresInstance<UnconstrainedProblem<LineFit.Objective>>());
        Assert.True(RequiresInstance<FiniteDifferenceObjective<ExponentialFit.Objective>>());
        Assert.False(RequiresInstance<GeneratedRosenbrock.Objective>());
        Assert.False(RequiresInstance<UnconstrainedProblem<GeneratedRosenbrock.Objective>>());
        Assert.False(RequiresInstance<FiniteDifferenceObjective<GeneratedRosenbrock.Objective>>());
    }

    [Fact]
    public void StructInstanceObjective_WithoutItsInstance_EveryOptimizerThrows()
    {
        AssertNamesTheFix(Assert.Throws<ArgumentException>(() => new CmaEs<LineFit.Objective>(new CmaEsOptions { Seed = 1 })),
            "CmaEs", "LineFit.Objective", "instance.AsObjective()");
        AssertNamesTheFix(Assert.Throws<ArgumentException>(() => new Pso<LineFit.Objective>(new PsoOptions { Seed = 1 })),
            "Pso", "LineFit.Objective", "instance.AsObjective()");
        AssertNamesTheFix(Assert.Throws<ArgumentException>(() => new DualAnnealing<LineFit.Objective>(new DualAnnealingOptions { Seed = 1 })),
            "DualAnnealing", "LineFit.Objective", "instance.AsObjective()");
        AssertNamesTheFix(Assert.Throws<ArgumentException>(() => new Lbfgsb<LineFit.Objective>()),
            "Lbfgsb", "LineFit.Objective", "instance.AsObjective()");
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new CmaEs<LineFit.Objective>());
        Assert.Contains("where instance is the LineFit whose data the objective uses", ex.Message);
    }

    [Fact]
    public void ClassInstanceObjective_WithoutItsInstance_ConstructorThrows()
    {
        AssertNamesTheFix(Assert.Throws<ArgumentException>(() => new CmaEs<ExponentialFit.Objective>(new CmaEsOptions { Seed = 3 })),
            "CmaEs", "ExponentialFit.Objective", "instance.AsObjective()");
        AssertNamesTheFix(Assert.Throws<ArgumentException>(() => new Pso<ExponentialFit.Objective>(new PsoOptions { Seed = 3 })),
            "Pso", "ExponentialFit.Objective", "instance.AsObjective()");
    }

    [Fact]
    public void InstanceProblemAndWrappers_WithoutTheirInstance_ConstructorThrows()
    {
        AssertNamesTheFix(Assert.Throws<ArgumentException>(() => new Slsqp<CentredOnLine.Problem>(new SlsqpOptions())),
            "Slsqp", "CentredOnLine.Problem", "instance.AsProblem()", "TProblem");
        AssertNamesTheFix(Assert.Throws<ArgumentException>(() => new Slsqp<UnconstrainedProblem<LineFit.Objective>>(new SlsqpOptions())),
            "Slsqp", "UnconstrainedProblem<LineFit.Objective>", "new UnconstrainedProblem<LineFit.Objective>(instance.AsObjective())", "TProblem");
        AssertNamesTheFix(Assert.Throws<ArgumentException>(() => new Lbfgsb<FiniteDifferenceObjective<ExponentialFit.Objective>>()),
            "Lbfgsb", "FiniteDifferenceObjective<ExponentialFit.Objective>", "new FiniteDifferenceObjective<ExponentialFit.Objective>(instance.AsObjective())");
    }

    [Fact]
    public void StaticObjectives_StillNeedNoInstance()
    {
        var cma = new CmaEs<GeneratedRosenbrock.Objective>(new CmaEsOptions { Seed = 1, TargetValue = 1e-8 });
        Assert.Equal(TerminationReason.TargetReached, cma.Minimize(new double[10]).Status);
        var lbfgsb = new Lbfgsb<FiniteDifferenceObjective<GeneratedRosenbrock.Objective>>();
        Assert.True(lbfgsb.Minimize(new double[10]).Value < 9);   // f(0) = 9: it ran and descended
        var slsqp = new Slsqp<UnconstrainedProblem<GeneratedRosenbrock.Objective>>(new SlsqpOptions { MaxIterations = 500 });
        Assert.True(slsqp.Minimize(new double[10]).Value < 9);       // likewise
    }

    [Fact]
    public void InstanceObjectives_BuiltFromTheirInstance_FitTheirData()
    {
        var fit = new LineFit(slope: 2, intercept: -1, samples: 20);
        double[] x0 = [0, 0];

        OptimizationResult cma = new CmaEs<LineFit.Objective>(fit.AsObjective(), new CmaEsOptions { Seed = 1, TargetValue = 1e-12 }).Minimize(x0, Box2);
        using var swarm = new Pso<LineFit.Objective>(fit.AsObjective(), new PsoOptions { Seed = 1, TargetValue = 1e-8, MaxIterations = 5000 });
        OptimizationResult pso = swarm.Minimize(Box2);
        // Its local search (L-BFGS-B) runs on this optimizer's objective: the instance, not a default value.
        OptimizationResult annealing = new DualAnnealing<LineFit.Objective>(fit.AsObjective(), new DualAnnealingOptions { Seed = 1, MaxIterations = 20 }).Minimize(x0, Box2);
        OptimizationResult lbfgsb = new Lbfgsb<LineFit.Objective>(fit.AsObjective()).Minimize(x0, Box2);
        SlsqpResult<UnconstrainedProblem<LineFit.Objective>> slsqp =
            new Slsqp<UnconstrainedProblem<LineFit.Objective>>(new(fit.AsObjective()), new SlsqpOptions()).Minimize(x0, Box2);
        foreach (OptimizationResult r in new[] { cma, pso, annealing, lbfgsb })
        {
            Assert.InRange(r.Point.Span[0], 2 - 1e-3, 2 + 1e-3);
            Assert.InRange(r.Point.Span[1], -1 - 1e-3, -1 + 1e-3);
        }
        Assert.InRange(slsqp.Point.Span[0], 2 - 1e-3, 2 + 1e-3);
        Assert.InRange(slsqp.Point.Span[1], -1 - 1e-3, -1 + 1e-3);

        var centred = new CentredOnLine { Centre = [3, 1], Sum = 2 };
        SlsqpResult<CentredOnLine.Problem> constrained = new Slsqp<CentredOnLine.Problem>(centred.AsProblem(), new SlsqpOptions()).Minimize(x0);
        Assert.InRange(constrained.Point.Span[0], 2 - 1e-6, 2 + 1e-6);   // projection of (3, 1) on x0 + x1 = 2
        Assert.InRange(constrained.Point.Span[1], 0 - 1e-6, 0 + 1e-6);
    }
}
