using System;
using GenOpt;
using NeuralFit;

namespace NetworkScale;

/// <summary>
/// One training method: a name, the widths it is run at, and how it trains an objective from a start within a
/// budget. <see cref="Methods.All"/> lists them; adding a method is adding one entry there.
/// </summary>
public abstract class Method(string name, int maxDimension = int.MaxValue)
{
    public string Name { get; } = name;

    /// <summary>Whether the method is run on a network of <paramref name="dimension"/> weights.</summary>
    public bool AppliesTo(int dimension) => dimension <= maxDimension;

    /// <summary>
    /// Trains <paramref name="objective"/> (which records every evaluation into <paramref name="curve"/>) from
    /// <paramref name="x0"/> with <paramref name="seed"/>, within about <paramref name="budget"/> evaluations.
    /// Everything the run allocates is set up before <see cref="LossCurve.Start"/>.
    /// </summary>
    public abstract void Train<T>(T objective, ReadOnlySpan<double> x0, ulong seed, long budget, LossCurve curve)
        where T : struct, IDifferentiableObjective;

    /// <summary>Every weight in [-5, 5]: the box of every method but Adam (it holds every start and every fit seen).</summary>
    protected static Bounds Box(int dimension) => Bounds.Uniform(dimension, -5, 5);
}

/// <summary>The methods, in table and plot order.</summary>
public static class Methods
{
    public static readonly Method[] All =
    [
        new AdamMethod("Adam, lr 0.001", 0.001),
        new AdamMethod("Adam, lr 0.01", 0.01),
        new LbfgsbMethod(),
        new SlsqpMethod(maxDimension: 101),
        new CmaEsMethod("CMA-ES"),
        new CmaEsMethod("sep-CMA-ES", CovarianceModel.Separable),
        new CmaEsMethod("LM-MA-ES", CovarianceModel.LimitedMemory),
        new PsoMethod(),
        new DualAnnealingMethod(),
    ];
}

/// <summary>
/// Full-batch Adam (Kingma &amp; Ba 2015, "Adam: A Method for Stochastic Optimization", ICLR; β1 = 0.9, β2 = 0.999,
/// ε = 1e-8, the paper's defaults) on the generated <c>ValueAndGradient</c>: one gradient evaluation per step.
/// </summary>
public sealed class AdamMethod(string name, double learningRate) : Method(name)
{
    public override void Train<T>(T objective, ReadOnlySpan<double> x0, ulong seed, long budget, LossCurve curve)
    {
        var adam = new Adam<T>(objective) { LearningRate = learningRate };
        curve.Start();
        adam.Minimize(x0, budget - 1);   // the final loss evaluation makes it the budget
    }
}

/// <summary>L-BFGS-B with the generated gradient; tolerances tightened from scipy's so it runs until it stalls or the budget ends.</summary>
public sealed class LbfgsbMethod() : Method("L-BFGS-B")
{
    public override void Train<T>(T objective, ReadOnlySpan<double> x0, ulong seed, long budget, LossCurve curve)
    {
        var box = Box(T.Dimension);
        var lbfgsb = new Lbfgsb<T>(objective, new LbfgsbOptions { MaxEvaluations = budget, FTol = 1e-15, GTol = 1e-10 });
        curve.Start();
        lbfgsb.Minimize(x0, box);
    }
}

/// <summary>
/// SLSQP with the generated gradient, unconstrained but for the box. Its quasi-Newton matrix is dense and its
/// subproblem costs O(n³) per iteration, so it is run up to 101 weights.
/// </summary>
public sealed class SlsqpMethod(int maxDimension) : Method("SLSQP", maxDimension)
{
    public override void Train<T>(T objective, ReadOnlySpan<double> x0, ulong seed, long budget, LossCurve curve)
    {
        var box = Box(T.Dimension);
        var slsqp = new Slsqp<UnconstrainedProblem<T>>(new(objective),
            new SlsqpOptions { MaxIterations = (int)Math.Min(budget / 2, int.MaxValue), Tolerance = 1e-12 });
        curve.Start();
        slsqp.Minimize(x0, box);
    }
}

/// <summary>
/// CMA-ES with pycma's defaults and σ0 = 0.5 from the start, with the full covariance matrix or a large-scale model
/// (sep-CMA-ES's diagonal, LM-MA-ES's limited memory); stops on its own criteria or the budget.
/// </summary>
public sealed class CmaEsMethod(string name, CovarianceModel model = CovarianceModel.Full) : Method(name)
{
    public override void Train<T>(T objective, ReadOnlySpan<double> x0, ulong seed, long budget, LossCurve curve)
    {
        var box = Box(T.Dimension);
        var cma = new CmaEs<T>(objective, new CmaEsOptions { Seed = seed, Sigma0 = 0.5, MaxEvaluations = budget, CovarianceModel = model });
        curve.Start();
        cma.Minimize(x0, box);
    }
}

/// <summary>Particle swarm with GenOpt's defaults (40 particles, global best), the whole box as its start.</summary>
public sealed class PsoMethod() : Method("PSO")
{
    public override void Train<T>(T objective, ReadOnlySpan<double> x0, ulong seed, long budget, LossCurve curve)
    {
        var box = Box(T.Dimension);
        var pso = new Pso<T>(objective, new PsoOptions { Seed = seed, MaxEvaluations = budget, MaxIterations = long.MaxValue });
        curve.Start();
        pso.Minimize(box);
    }
}

/// <summary>Dual annealing with scipy's defaults from the start; its local search (L-BFGS-B) uses the generated gradient.</summary>
public sealed class DualAnnealingMethod() : Method("dual annealing")
{
    public override void Train<T>(T objective, ReadOnlySpan<double> x0, ulong seed, long budget, LossCurve curve)
    {
        var box = Box(T.Dimension);
        var annealing = new DualAnnealing<T>(objective, new DualAnnealingOptions { Seed = seed, MaxEvaluations = budget });
        curve.Start();
        annealing.Minimize(x0, box);
    }
}
