using System;

namespace GenOpt;

/// <summary>
/// Marks a <c>partial</c> method <c>double M(ReadOnlySpan&lt;double&gt; x)</c> as an objective to minimize.
/// The GenOpt source generator writes the method's defining declaration and a nested struct
/// <c>Objective</c> in the containing type that implements <see cref="IDifferentiableObjective"/>
/// with <see cref="IObjective.Dimension"/> fixed at compile time.
/// </summary>
/// <remarks>
/// The method may be <c>static</c> (the objective is a pure function of <c>x</c>) or an instance
/// method of a partial struct or class (the objective reads data held by the instance; the generated
/// <c>Objective</c> struct then wraps that instance).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ObjectiveAttribute : Attribute
{
    /// <summary>Number of decision variables, the length of <c>x</c>. Must be at least 1.</summary>
    public int Dimension { get; set; }

    /// <summary>
    /// True when a gradient by finite differences is intended for this objective: if its body is outside the subset
    /// GenOpt differentiates, the generated gradient still falls back to central finite differences, but without the
    /// GENOPT100 and GENOPT101 warnings. It changes nothing when the body differentiates. Default false.
    /// </summary>
    public bool AcceptFiniteDifferences { get; set; }
}

/// <summary>
/// Marks a <c>partial</c> method as an equality constraint <c>h(x) = 0</c> of the <see cref="ObjectiveAttribute"/>
/// objective declared in the same partial type. The generator then emits a nested <c>Problem</c> struct
/// implementing <see cref="IConstrainedProblem"/>.
/// </summary>
/// <remarks>
/// A scalar constraint is <c>double M(ReadOnlySpan&lt;double&gt; x)</c>. A vector constraint of
/// <see cref="Count"/> components is <c>void M(ReadOnlySpan&lt;double&gt; x, Span&lt;double&gt; values)</c>
/// and writes its <see cref="Count"/> values.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class EqualityConstraintAttribute : Attribute
{
    /// <summary>Number of components of a vector constraint; leave unset (or 1) for a scalar constraint.</summary>
    public int Count { get; set; } = 1;

    /// <summary>
    /// True when a Jacobian by finite differences is intended for this constraint: if its body is outside the subset
    /// GenOpt differentiates, the problem's Jacobians still fall back to central finite differences, but without the
    /// GENOPT100 and GENOPT101 warnings at this constraint. Default false.
    /// </summary>
    public bool AcceptFiniteDifferences { get; set; }
}

/// <summary>
/// Marks a <c>partial</c> method as an inequality constraint <c>g(x) &gt;= 0</c> (scipy's convention) of the
/// <see cref="ObjectiveAttribute"/> objective declared in the same partial type. See
/// <see cref="EqualityConstraintAttribute"/> for the scalar and vector signatures.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class InequalityConstraintAttribute : Attribute
{
    /// <summary>Number of components of a vector constraint; leave unset (or 1) for a scalar constraint.</summary>
    public int Count { get; set; } = 1;

    /// <summary>
    /// True when a Jacobian by finite differences is intended for this constraint: if its body is outside the subset
    /// GenOpt differentiates, the problem's Jacobians still fall back to central finite differences, but without the
    /// GENOPT100 and GENOPT101 warnings at this constraint. Default false.
    /// </summary>
    public bool AcceptFiniteDifferences { get; set; }
}

/// <summary>
/// Marks a static helper method <c>double M(double a, double b, ...)</c> whose body GenOpt may differentiate when an
/// objective or constraint calls it. The generator writes an adjoint of the helper next to the generated gradient;
/// the helper's body must itself be in the differentiable subset (see docs/diagnostics.md, GENOPT101).
/// Static helpers whose source is in the same compilation, and local functions, are differentiated without it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
