using System;

namespace GenOpt;

/// <summary>
/// Options of <see cref="Slsqp{TProblem}"/>. Defaults follow scipy's <c>minimize(method='SLSQP')</c>
/// (<c>maxiter = 100</c>, <c>ftol = 1e-6</c>).
/// </summary>
public sealed record SlsqpOptions
{
    /// <summary>
    /// Maximum number of major (SQP) iterations, each solving one quadratic subproblem; null (the default) means 100
    /// (scipy's maxiter).
    /// </summary>
    public long? MaxIterations { get; init; }

    /// <summary>
    /// Budget of objective evaluations (<see cref="SlsqpResult{TProblem}.Evaluations"/>); null (the default) means no
    /// limit, as in scipy. It is checked between major iterations: a run whose evaluations have reached it stops with
    /// <see cref="TerminationReason.MaxEvaluations"/> before the next one, so the line search of the last iteration may
    /// go a few evaluations beyond it.
    /// </summary>
    public long? MaxEvaluations { get; init; }

    /// <summary>
    /// Accuracy goal, scipy's <c>ftol</c> (Kraft's <c>acc</c>). The run converges when, with the subproblem's
    /// multipliers lambda and step s, <c>|g^T s| + sum |lambda_j c_j|</c> and the summed constraint violation are
    /// both below it, or when after a line search <c>|f - f_previous|</c> (or <c>||s||</c>) and the summed
    /// violation are below it. After repeated line-search failures the test is retried with ten times this value.
    /// Default 1e-6.
    /// </summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// Largest constraint violation (<c>max(|h_i|, max(0, -g_j))</c>) at which a converged run is reported as
    /// converged; otherwise it is reported as <see cref="TerminationReason.Infeasible"/>. Null (the default) means
    /// <see cref="Tolerance"/>. Bounds are always satisfied exactly (iterates are kept in the box).
    /// </summary>
    public double? FeasibilityTolerance { get; init; }

    internal double EffectiveFeasibilityTolerance => FeasibilityTolerance ?? Tolerance;

    /// <summary><see cref="MaxIterations"/>, or its default.</summary>
    internal long EffectiveMaxIterations => MaxIterations ?? 100;

    /// <summary><see cref="MaxEvaluations"/>, or no limit.</summary>
    internal long EffectiveMaxEvaluations => MaxEvaluations ?? long.MaxValue;

    internal void Validate()
    {
        if (MaxIterations is { } maxIterations)
            OptionChecks.Positive(maxIterations, nameof(MaxIterations));
        if (MaxEvaluations is { } maxEvaluations)
            OptionChecks.Positive(maxEvaluations, nameof(MaxEvaluations));
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be a positive finite number.");
        if (FeasibilityTolerance is { } ft && (!(ft > 0) || !double.IsFinite(ft)))
            throw new ArgumentOutOfRangeException(nameof(FeasibilityTolerance), ft, "FeasibilityTolerance must be a positive finite number.");
    }
}
