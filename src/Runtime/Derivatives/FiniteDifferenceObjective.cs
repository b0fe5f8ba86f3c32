using System;

namespace GenOpt;

/// <summary>
/// Gives a plain <see cref="IObjective"/> a gradient by central finite differences
/// (<see cref="FiniteDifference.CentralGradient"/>, <c>2n + 1</c> evaluations per gradient), so that it can
/// be used with the gradient-based optimizers (<see cref="Lbfgsb{TObjective}"/>, the local search of
/// <see cref="DualAnnealing{TObjective}"/>). Objectives completed by the generator already implement
/// <see cref="IDifferentiableObjective"/> and do not need it.
/// </summary>
/// <remarks>The probes <c>x ± h e_i</c> may lie up to <c>h = cbrt(eps)·max(1, |x_i|)</c> outside a box the optimizer respects.</remarks>
/// <typeparam name="TObjective">The wrapped objective.</typeparam>
public struct FiniteDifferenceObjective<TObjective> : IDifferentiableObjective where TObjective : struct, IObjective
{
    /// <summary>The wrapped objective (a field, so that objectives with state are reached by reference).</summary>
    public TObjective Inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public FiniteDifferenceObjective(TObjective inner) => Inner = inner;

    /// <inheritdoc/>
    public static int Dimension => TObjective.Dimension;

    /// <summary>The wrapped objective's <see cref="IObjective.RequiresInstance"/>: build this wrapper from an instance of it.</summary>
    public static bool RequiresInstance => TObjective.RequiresInstance;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x) => Inner.Value(x);

    /// <inheritdoc/>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient) =>
        FiniteDifference.CentralGradient(ref Inner, x, gradient);
}
