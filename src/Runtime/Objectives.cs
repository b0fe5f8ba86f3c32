using System;

namespace GenOpt;

/// <summary>
/// A function <c>f: R^n -&gt; R</c> to minimize, with its dimension <c>n</c> known from the type.
/// </summary>
/// <remarks>
/// Optimizers are generic over <c>TObjective : struct, IObjective</c>: each objective type gets
/// its own specialized optimizer code in which <see cref="Dimension"/> is a constant and calls to
/// <see cref="Value"/> are direct (and usually inlined). The GenOpt generator implements this
/// interface for methods marked <see cref="ObjectiveAttribute"/>; it may also be implemented by hand.
/// </remarks>
public interface IObjective
{
    /// <summary>Number of decision variables.</summary>
    static abstract int Dimension { get; }

    /// <summary>Evaluates the objective at <paramref name="x"/> (length <see cref="Dimension"/>).</summary>
    double Value(ReadOnlySpan<double> x);
}

/// <summary>An objective that also provides its gradient.</summary>
public interface IDifferentiableObjective : IObjective
{
    /// <summary>
    /// Evaluates the objective at <paramref name="x"/>, writes its gradient to
    /// <paramref name="gradient"/> (both of length <see cref="IObjective.Dimension"/>) and returns the value.
    /// </summary>
    double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient);
}
