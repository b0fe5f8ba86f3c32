using System;

namespace GenOpt;

/// <summary>
/// Options of <see cref="DualAnnealing{TObjective}"/>. Defaults and valid ranges are those of
/// scipy.optimize.dual_annealing (after Xiang et al. 1997 and Tsallis &amp; Stariolo 1996).
/// </summary>
public sealed record DualAnnealingOptions
{
    /// <summary>
    /// q_v, the parameter of the distorted Cauchy–Lorentz visiting distribution: larger values give heavier tails
    /// (longer jumps). Valid (1, 3]; at 3 every visit is a uniform jump across the box. Default 2.62.
    /// </summary>
    public double Visit { get; init; } = 2.62;

    /// <summary>q_a, the parameter of the generalized acceptance probability: more negative accepts fewer uphill moves. Valid [-1e4, -5]. Default -5.0.</summary>
    public double Accept { get; init; } = -5.0;

    /// <summary>Initial temperature of the visiting schedule. Valid (0.01, 5e4]. Default 5230.</summary>
    public double InitialTemperature { get; init; } = 5230;

    /// <summary>Re-annealing starts (from a random point, keeping the best) when the temperature falls below this times <see cref="InitialTemperature"/>. Valid (0, 1). Default 2e-5.</summary>
    public double RestartTemperatureRatio { get; init; } = 2e-5;

    /// <summary>
    /// Number of iterations (strategy chains of 2n visits, each possibly followed by a local search), over all
    /// re-annealings; null (the default) means 1000 (scipy's maxiter).
    /// </summary>
    public long? MaxIterations { get; init; }

    /// <summary>
    /// Budget of evaluations: objective values plus value-and-gradient calls of the local search (each counts one).
    /// Null (the default) means 1e7 (scipy's maxfun). Checked after every visit and every local search, as in scipy.
    /// </summary>
    public long? MaxEvaluations { get; init; }

    /// <summary>Stop as soon as a value &lt;= this is found. Default: negative infinity (off).</summary>
    public double TargetValue { get; init; } = double.NegativeInfinity;

    /// <summary>Seed of the random source; null draws one (see <see cref="DualAnnealing{TObjective}.Seed"/>). Same seed, same result.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Skip the local search: classic generalized simulated annealing. The gradient is then never used. Default false.</summary>
    public bool NoLocalSearch { get; init; }

    /// <summary>
    /// Iteration limit of each local search; null for scipy's <c>min(max(6 n, 100), 1000)</c>. The other settings of
    /// the local <see cref="Lbfgsb{TObjective}"/> are its defaults (memory 10, ftol 2.2e-9, gtol 1e-5).
    /// </summary>
    public long? LocalSearchMaxIterations { get; init; }

    /// <summary><see cref="MaxIterations"/>, or its default.</summary>
    internal long EffectiveMaxIterations => MaxIterations ?? 1000;

    /// <summary><see cref="MaxEvaluations"/>, or its default.</summary>
    internal long EffectiveMaxEvaluations => MaxEvaluations ?? 10_000_000;

    internal void Validate()
    {
        if (!(Visit > 1 && Visit <= 3))
            throw new ArgumentOutOfRangeException(nameof(Visit), Visit, "Visit must be in (1, 3].");
        if (!(Accept >= -1e4 && Accept <= -5))
            throw new ArgumentOutOfRangeException(nameof(Accept), Accept, "Accept must be in [-1e4, -5].");
        if (!(InitialTemperature > 0.01 && InitialTemperature <= 5e4))
            throw new ArgumentOutOfRangeException(nameof(InitialTemperature), InitialTemperature, "InitialTemperature must be in (0.01, 5e4].");
        if (!(RestartTemperatureRatio > 0 && RestartTemperatureRatio < 1))
            throw new ArgumentOutOfRangeException(nameof(RestartTemperatureRatio), RestartTemperatureRatio, "RestartTemperatureRatio must be in (0, 1).");
        if (MaxIterations is { } maxIterations)
            OptionChecks.Positive(maxIterations, nameof(MaxIterations));
        if (MaxEvaluations is { } maxEvaluations)
            OptionChecks.Positive(maxEvaluations, nameof(MaxEvaluations));
        OptionChecks.NotNaN(TargetValue, nameof(TargetValue));
        if (LocalSearchMaxIterations is { } ls && ls < 1)
            throw new ArgumentOutOfRangeException(nameof(LocalSearchMaxIterations), ls, "LocalSearchMaxIterations must be positive.");
    }
}
