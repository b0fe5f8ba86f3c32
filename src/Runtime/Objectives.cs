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

/// <summary>
/// A constrained minimization problem: minimize <c>f(x)</c> subject to <c>h(x) = 0</c> (equalities) and
/// <c>g(x) &gt;= 0</c> (inequalities, scipy's convention), with the gradient of <c>f</c> and the Jacobians
/// of <c>h</c> and <c>g</c>.
/// </summary>
/// <remarks>
/// The generator implements this interface as a nested <c>Problem</c> struct for every partial type that
/// declares an <see cref="ObjectiveAttribute"/> method together with constraint methods. Jacobians are
/// row-major: entry <c>(i, j)</c>, the derivative of constraint <c>i</c> with respect to <c>x_j</c>, is at
/// index <c>i * Dimension + j</c>.
/// </remarks>
public interface IConstrainedProblem : IDifferentiableObjective
{
    /// <summary>Number of equality constraints (scalar components).</summary>
    static abstract int EqualityCount { get; }

    /// <summary>Number of inequality constraints (scalar components).</summary>
    static abstract int InequalityCount { get; }

    /// <summary>
    /// Evaluates all constraints at <paramref name="x"/>: <paramref name="equalities"/> (length
    /// <see cref="EqualityCount"/>) receives <c>h(x)</c>, <paramref name="inequalities"/> (length
    /// <see cref="InequalityCount"/>) receives <c>g(x)</c>.
    /// </summary>
    void Constraints(ReadOnlySpan<double> x, Span<double> equalities, Span<double> inequalities);

    /// <summary>
    /// Writes the Jacobians of the equality constraints (<c>EqualityCount x Dimension</c>) and of the
    /// inequality constraints (<c>InequalityCount x Dimension</c>) at <paramref name="x"/>, row-major.
    /// </summary>
    void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> equalityJacobian, Span<double> inequalityJacobian);
}
