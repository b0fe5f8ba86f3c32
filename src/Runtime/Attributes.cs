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
}
