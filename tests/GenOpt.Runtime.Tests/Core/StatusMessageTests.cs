using System;

namespace GenOpt.Tests;

/// <summary>Every status message is true for the optimizer that reports it.</summary>
public class StatusMessageTests
{
    /// <summary>Words that belong to one family of methods and are false for the others.</summary>
    private static readonly string[] PopulationWords = ["generation", "candidate", "swarm", "population"];

    [Fact]
    public void EveryStatus_HasAMessage_ForEveryOptimizer()
    {
        foreach (TerminationReason reason in Enum.GetValues<TerminationReason>())
            foreach (OptimizerKind optimizer in Enum.GetValues<OptimizerKind>())
            {
                string message = reason.Message(optimizer);
                Assert.False(string.IsNullOrWhiteSpace(message));
                Assert.NotEqual("Unknown termination reason.", message);
                Assert.Equal(reason.IsConverged(), message.StartsWith("Converged", StringComparison.Ordinal)
                    || message.StartsWith("The target", StringComparison.Ordinal));
            }
        Assert.Equal(TerminationReason.RankDeficientConstraints.Message(OptimizerKind.Unspecified), TerminationReason.RankDeficientConstraints.Message());
    }

    [Theory]
    [InlineData(OptimizerKind.Lbfgsb)]
    [InlineData(OptimizerKind.Slsqp)]
    public void GradientMethods_DoNotSpeakOfPopulations(OptimizerKind optimizer)
    {
        foreach (TerminationReason reason in Enum.GetValues<TerminationReason>())
            foreach (string word in PopulationWords)
                Assert.DoesNotContain(word, reason.Message(optimizer), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("line search", TerminationReason.ObjectiveNotFinite.Message(optimizer), StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_NameTheOptionsOfTheirOptimizer()
    {
        Assert.Contains("TolFun", TerminationReason.FunctionTolerance.Message(OptimizerKind.CmaEs), StringComparison.Ordinal);
        Assert.Contains("FTolIterations", TerminationReason.FunctionTolerance.Message(OptimizerKind.Pso), StringComparison.Ordinal);
        Assert.Contains("FTol", TerminationReason.FunctionTolerance.Message(OptimizerKind.Lbfgsb), StringComparison.Ordinal);
        Assert.DoesNotContain("TolFun", TerminationReason.FunctionTolerance.Message(OptimizerKind.Lbfgsb), StringComparison.Ordinal);
        Assert.Contains("Tolerance", TerminationReason.FunctionTolerance.Message(OptimizerKind.Slsqp), StringComparison.Ordinal);
        Assert.DoesNotContain("merit", TerminationReason.LineSearchFailed.Message(OptimizerKind.Lbfgsb), StringComparison.Ordinal);
        Assert.Contains("merit", TerminationReason.LineSearchFailed.Message(OptimizerKind.Slsqp), StringComparison.Ordinal);
        // PSO and dual annealing have no step size to shrink.
        Assert.DoesNotContain("step size", TerminationReason.ObjectiveNotFinite.Message(OptimizerKind.Pso), StringComparison.Ordinal);
        Assert.DoesNotContain("step size", TerminationReason.ObjectiveNotFinite.Message(OptimizerKind.DualAnnealing), StringComparison.Ordinal);
        Assert.Contains("random", TerminationReason.ObjectiveNotFinite.Message(OptimizerKind.DualAnnealing), StringComparison.Ordinal);
        Assert.Contains("TemperatureSteps", TerminationReason.ScheduleCompleted.Message(OptimizerKind.SimulatedAnnealing), StringComparison.Ordinal);
        // The rank-deficient subproblem of SLSQP is about the quadratic model, not about dependent equalities.
        Assert.DoesNotContain("duplicate", TerminationReason.RankDeficientConstraints.Message(OptimizerKind.Slsqp), StringComparison.Ordinal);
    }

    [Fact]
    public void Results_CarryTheirOptimizer_AndItsMessage()
    {
        OptimizationResult cma = new CmaEs<Sphere<D2>>(new CmaEsOptions { Seed = 1, MaxEvaluations = 60 }).Minimize([1, 1]);
        Assert.Equal(OptimizerKind.CmaEs, cma.Optimizer);
        Assert.Equal(cma.Status.Message(OptimizerKind.CmaEs), cma.Message);

        using var pso = new Pso<Sphere<D2>>(new PsoOptions { Seed = 1, MaxIterations = 3 });
        OptimizationResult p = pso.Minimize(Bounds.Uniform(2, -5, 5));
        Assert.Equal(OptimizerKind.Pso, p.Optimizer);
        Assert.Equal(p.Status.Message(OptimizerKind.Pso), p.Message);

        OptimizationResult da = new DualAnnealing<AnalyticShiftedSphere2>(new DualAnnealingOptions { Seed = 1, MaxIterations = 3 })
            .Minimize(Bounds.Uniform(2, 0, 5));
        Assert.Equal(OptimizerKind.DualAnnealing, da.Optimizer);

        OptimizationResult l = new Lbfgsb<AnalyticShiftedSphere2>().Minimize([3, 3], Bounds.Uniform(2, 0, 5));
        Assert.Equal(OptimizerKind.Lbfgsb, l.Optimizer);
        Assert.Equal(l.Status.Message(OptimizerKind.Lbfgsb), l.Message);

        Assert.Contains("cooling schedule", new AnnealingResult(0, 0, 0, 0, TerminationReason.ScheduleCompleted, 0, 0, 1).Message, StringComparison.Ordinal);

        // A result made by hand has the generic message.
        Assert.Equal(TerminationReason.ObjectiveNotFinite.Message(), new OptimizationResult(new double[1], 0, 1, 0, TerminationReason.ObjectiveNotFinite).Message);
    }
}
