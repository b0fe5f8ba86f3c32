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

    /// <summary>
    /// True when a value of the type is only meaningful when built from an instance (an objective that evaluates an
    /// instance method on the instance's data, such as the <c>Objective</c> struct generated for an instance
    /// <see cref="ObjectiveAttribute"/> method); false (the default) when <c>default</c> of the type is a valid
    /// objective. Optimizers read it once, in their constructors: the constructors without an objective argument
    /// would evaluate <c>default</c> of the type, and throw <see cref="ArgumentException"/> for such types instead.
    /// Wrappers such as <see cref="UnconstrainedProblem{TObjective}"/> forward the value of the type they wrap.
    /// </summary>
    static virtual bool RequiresInstance => false;

    /// <summary>Evaluates the objective at <paramref name="x"/> (length <see cref="Dimension"/>).</summary>
    double Value(ReadOnlySpan<double> x);
}

/// <summary>
/// An objective that can also evaluate several candidates at once, lane-parallel (the GenOpt generator emits it from
/// the scalar method body when the body is inside the vectorizable subset).
/// </summary>
/// <remarks>
/// Population optimizers call <see cref="ValueBatch"/> for a whole population when the objective type implements
/// this interface (each optimizer's options can switch that off), and <see cref="IObjective.Value"/> per candidate
/// otherwise. For every candidate the batch value equals <see cref="IObjective.Value"/> of that candidate bit for bit,
/// except where the vector math functions round differently from <see cref="System.Math"/> (documented per function).
/// </remarks>
public interface IBatchObjective : IObjective
{
    /// <summary>
    /// Evaluates <c>values.Length</c> candidates laid out one after another in <paramref name="candidates"/>
    /// (candidate <c>k</c> is <c>candidates[(k * n)..((k + 1) * n)]</c>, <c>n</c> = <see cref="IObjective.Dimension"/>,
    /// so <c>candidates.Length == values.Length * n</c>) and writes candidate <c>k</c>'s value to <c>values[k]</c>.
    /// Any count is accepted, including counts that are not a multiple of the vector width. CmaEs and Pso (Minimize and
    /// Resume) and the silos of GenOpt.Orleans set every entry of <paramref name="values"/> to NaN before the call, so an
    /// entry left unwritten counts as a non-finite value.
    /// </summary>
    void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values);
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

/// <summary>The check behind the optimizers' constructors that take no objective.</summary>
internal static class InstanceObjective
{
    /// <summary>
    /// <c>default(<typeparamref name="T"/>)</c>, the objective of a constructor that received none, after checking
    /// that <typeparamref name="T"/> does not <see cref="IObjective.RequiresInstance">require an instance</see>.
    /// </summary>
    /// <param name="optimizer">The optimizer's name without its type argument, for the message.</param>
    /// <param name="typeParameter">The optimizer's type parameter (<c>TObjective</c>, <c>TProblem</c>), the exception's parameter name.</param>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> requires an instance.</exception>
    internal static T DefaultOrThrow<T>(string optimizer, string typeParameter) where T : struct, IObjective
    {
        if (T.RequiresInstance)
            throw new ArgumentException(Message(typeof(T), optimizer), typeParameter);
        return default;
    }

    private static string Message(Type type, string optimizer)
    {
        string name = DisplayName(type);
        string construction = Construction(type, out Type? owner);
        string source = owner is null ? "the data it was built from" : $"the {DisplayName(owner)} instance it was built from";
        return $"{optimizer}<{name}> was created without an objective, but {name} evaluates an instance method and needs "
            + $"{source}; default({name}) has none and would fail or give wrong values. Pass the objective to the "
            + $"constructor that takes it: new {optimizer}<{name}>({construction}, options)"
            + (owner is null ? "." : $", where instance is the {DisplayName(owner)} whose data the objective uses.");
    }

    /// <summary>How to build a value of <paramref name="type"/> from an instance, as C# for the message.</summary>
    private static string Construction(Type type, out Type? owner)
    {
        owner = null;
        if (type.IsGenericType && type.GetGenericArguments() is [Type inner]
            && (type.GetGenericTypeDefinition() == typeof(UnconstrainedProblem<>) || type.GetGenericTypeDefinition() == typeof(FiniteDifferenceObjective<>)))
        {
            return $"new {DisplayName(type)}({Construction(inner, out owner)})";
        }
        if (type.DeclaringType is { } declaring && type.Name is "Objective" or "Problem")
        {
            owner = declaring;
            return "instance.As" + type.Name + "()";
        }
        return $"new {DisplayName(type)}(...)";
    }

    /// <summary>The C# name of <paramref name="type"/> with its containing types and type arguments, without namespace.</summary>
    private static string DisplayName(Type type)
    {
        string name = type.Name;
        int tick = name.IndexOf('`');
        if (tick >= 0)
            name = name[..tick];
        if (type.IsGenericType)
        {
            Type[] arguments = type.GetGenericArguments();
            var names = new string[arguments.Length];
            for (int i = 0; i < arguments.Length; i++)
                names[i] = DisplayName(arguments[i]);
            name += "<" + string.Join(", ", names) + ">";
        }
        return type.DeclaringType is { } declaring && !type.IsGenericParameter ? DisplayName(declaring) + "." + name : name;
    }
}
