using System;

namespace GenOpt;

/// <summary>
/// Presents a differentiable objective as a constrained problem without constraints, so that
/// <see cref="Slsqp{TProblem}"/> can minimize it (with bounds, if any):
/// <c>new Slsqp&lt;UnconstrainedProblem&lt;MyObjective&gt;&gt;()</c>.
/// </summary>
/// <typeparam name="TObjective">The objective; its gradient is used as is.</typeparam>
public struct UnconstrainedProblem<TObjective> : IConstrainedProblem
    where TObjective : struct, IDifferentiableObjective
{
    /// <summary>The wrapped objective.</summary>
    public TObjective Objective;

    /// <summary>Wraps <paramref name="objective"/>.</summary>
    public UnconstrainedProblem(TObjective objective) => Objective = objective;

    /// <inheritdoc/>
    public static int Dimension => TObjective.Dimension;

    /// <summary>The wrapped objective's <see cref="IObjective.RequiresInstance"/>: build this wrapper from an instance of it.</summary>
    public static bool RequiresInstance => TObjective.RequiresInstance;

    /// <inheritdoc/>
    public static int EqualityCount => 0;

    /// <inheritdoc/>
    public static int InequalityCount => 0;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x) => Objective.Value(x);

    /// <inheritdoc/>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient) => Objective.ValueAndGradient(x, gradient);

    /// <inheritdoc/>
    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> equalities, Span<double> inequalities)
    {
    }

    /// <inheritdoc/>
    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> equalityJacobian, Span<double> inequalityJacobian)
    {
    }
}
