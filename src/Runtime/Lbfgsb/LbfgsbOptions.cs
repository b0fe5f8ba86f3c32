using System;

namespace GenOpt;

/// <summary>
/// Options of <see cref="Lbfgsb{TObjective}"/>. Defaults are those of scipy.optimize.minimize(method='L-BFGS-B').
/// </summary>
public sealed record LbfgsbOptions
{
    /// <summary>Number of correction pairs kept (the "m" of L-BFGS). Default 10 (scipy's maxcor).</summary>
    public int Memory { get; init; } = 10;

    /// <summary>Iteration limit; null (the default) means 15,000 (scipy's maxiter).</summary>
    public long? MaxIterations { get; init; }

    /// <summary>
    /// Budget of objective evaluations; each is one <see cref="IDifferentiableObjective.ValueAndGradient"/> call
    /// (value and gradient together); null (the default) means 15,000 (scipy's maxfun). The limit is checked between
    /// iterations, so a line search may finish a few evaluations beyond it, as in scipy.
    /// </summary>
    public long? MaxEvaluations { get; init; }

    /// <summary>
    /// Stop when <c>(f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) &lt;= FTol</c>, unless the step of that iteration was
    /// cut back because the objective was NaN or infinite further along. Default 2.220446049250313e-09
    /// (scipy's ftol = factr·eps with factr = 1e7).
    /// </summary>
    public double FTol { get; init; } = 2.220446049250313e-09;

    /// <summary>Stop when the infinity norm of the projected gradient is <c>&lt;= GTol</c>. Default 1e-5 (scipy's gtol).</summary>
    public double GTol { get; init; } = 1e-5;

    /// <summary>Maximum number of trial steps in one line search. Default 20 (scipy's maxls).</summary>
    public int MaxLineSearchSteps { get; init; } = 20;

    /// <summary>Stop as soon as a value &lt;= this is reached. Default: negative infinity (off).</summary>
    public double TargetValue { get; init; } = double.NegativeInfinity;

    /// <summary><see cref="MaxIterations"/>, or its default.</summary>
    internal long EffectiveMaxIterations => MaxIterations ?? 15_000;

    /// <summary><see cref="MaxEvaluations"/>, or its default.</summary>
    internal long EffectiveMaxEvaluations => MaxEvaluations ?? 15_000;

    internal void Validate()
    {
        if (Memory is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(Memory), Memory, "Memory must be between 1 and 1000.");
        if (MaxIterations is { } maxIterations)
            OptionChecks.Positive(maxIterations, nameof(MaxIterations));
        if (MaxEvaluations is { } maxEvaluations)
            OptionChecks.Positive(maxEvaluations, nameof(MaxEvaluations));
        if (!(FTol >= 0) || double.IsPositiveInfinity(FTol))
            throw new ArgumentOutOfRangeException(nameof(FTol), FTol, "FTol must be a finite number >= 0.");
        if (!(GTol >= 0) || double.IsPositiveInfinity(GTol))
            throw new ArgumentOutOfRangeException(nameof(GTol), GTol, "GTol must be a finite number >= 0.");
        OptionChecks.Positive(MaxLineSearchSteps, nameof(MaxLineSearchSteps));
        OptionChecks.NotNaN(TargetValue, nameof(TargetValue));
    }
}
