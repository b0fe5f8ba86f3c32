namespace GenOpt.Generators.Model;

/// <summary>Equality <c>h(x) = 0</c> or inequality <c>g(x) &gt;= 0</c>.</summary>
internal enum ConstraintKind
{
    Equality,
    Inequality,
}

/// <summary>What the parser found for one method marked [EqualityConstraint] or [InequalityConstraint].</summary>
/// <param name="Spec">The constraint, or <see langword="null"/> if the method has errors.</param>
/// <param name="Location">Where the constraint's name is, for the diagnostics that only the whole problem shows (kept
/// out of <paramref name="Spec"/>, so that moving the method does not regenerate the problem).</param>
/// <param name="Diagnostics">Errors to report for the method.</param>
internal sealed record ConstraintResult(ConstraintSpec? Spec, LocationInfo? Location, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One constraint method. Only strings, numbers and flags.</summary>
/// <param name="Type">The containing type: where the defining declaration and the <c>Problem</c> struct go.</param>
/// <param name="Kind">Equality or inequality.</param>
/// <param name="MethodName">Name of the method (escaped if a keyword).</param>
/// <param name="DisplayName">The method as users read it in messages, e.g. <c>Hs071.Norm</c>.</param>
/// <param name="MethodModifiers">Modifiers of the user's declaration except <c>partial</c>, in the user's order.</param>
/// <param name="ParameterModifiers">Modifiers to repeat on the point parameter (<c>scoped</c>, <c>this</c>), each followed by a space.</param>
/// <param name="ParameterName">Name of the point parameter (escaped if a keyword).</param>
/// <param name="ValuesParameterName">Name of the values parameter of a vector constraint (escaped), or <see langword="null"/> for a scalar one.</param>
/// <param name="Count">Number of scalar components (1 for a scalar constraint).</param>
/// <param name="IsStatic">Whether the method is static.</param>
/// <param name="EmitDefiningDeclaration">False when the user wrote both halves of the partial method.</param>
/// <param name="SourceOrder">The rank of the constraint among the constraints of its type in source order (by file
/// path, then position): orders the problem's constraints without holding a position, so that lines added above a
/// constraint change nothing here. With the type, names the constraint in a <see cref="ProblemFinding"/>.</param>
/// <param name="TypeHasObjective">True when the containing type has a method marked [Objective] (valid or not).</param>
/// <param name="ExtensionMembersAvailable">True when the language version (C# 14 or later) allows extension members.</param>
/// <param name="Derivative">The body translated for an analytic Jacobian row, or <see langword="null"/> for finite differences.</param>
/// <param name="Obsolete">The method's <c>[Obsolete]</c> attribute as C# text, or <see langword="null"/>.</param>
/// <param name="ExtensionClassName">Name of the namespace-level class holding the C# 14 <c>Multipliers</c> extension:
/// the type's path with '_' written "_0" and '.' written "_" (so nested types never share it), then
/// <c>ProblemExtensions</c>, numbered when the namespace already has a type of that name.</param>
/// <param name="TypeObsolete">The <c>[Obsolete]</c> of the containing type or an enclosing type, as C# text, or
/// <see langword="null"/>: namespace-level generated code naming the type repeats it.</param>
internal sealed record ConstraintSpec(
    TypeSpec Type,
    ConstraintKind Kind,
    string MethodName,
    string DisplayName,
    string MethodModifiers,
    string ParameterModifiers,
    string ParameterName,
    string? ValuesParameterName,
    int Count,
    bool IsStatic,
    bool EmitDefiningDeclaration,
    int SourceOrder,
    bool TypeHasObjective,
    bool ExtensionMembersAvailable,
    DerivativeModel? Derivative = null,
    string? Obsolete = null,
    string ExtensionClassName = "",
    string? TypeObsolete = null);

/// <summary>The constrained problem of one type: its objective and its constraints, in source order.</summary>
/// <param name="HintName">File name of the generated source, e.g. <c>Demo.Hs071.Problem.g.cs</c>.</param>
/// <param name="Type">The containing type.</param>
/// <param name="Objective">The fields of the objective the problem uses, or <see langword="null"/> when the problem has
/// errors (then only the constraints' defining declarations are written, so that the user's code still binds).</param>
/// <param name="Equalities">Equality constraints in source order.</param>
/// <param name="Inequalities">Inequality constraints in source order.</param>
/// <param name="EmitMultiplierExtension">Whether to write the C# 14 extension property <c>Multipliers</c> on <c>SlsqpResult&lt;Problem&gt;</c>.</param>
internal sealed record ProblemSpec(
    string HintName,
    TypeSpec Type,
    ProblemObjectiveSpec? Objective,
    EquatableArray<ConstraintSpec> Equalities,
    EquatableArray<ConstraintSpec> Inequalities,
    bool EmitMultiplierExtension);

/// <summary>A problem to emit and what only the whole problem shows, without positions.</summary>
/// <param name="Spec">The problem's file.</param>
/// <param name="Findings">The diagnostics about the whole problem, each naming the constraint it is reported at; the
/// diagnostics channel adds the location (<see cref="ConstraintResult.Location"/>).</param>
internal sealed record ProblemResult(ProblemSpec Spec, EquatableArray<ProblemFinding> Findings);

/// <summary>A diagnostic about a whole problem, reported at one of its constraints.</summary>
/// <param name="DescriptorId">The diagnostic's id.</param>
/// <param name="TypeFullName">The containing type of the constraint.</param>
/// <param name="SourceOrder">The constraint's <see cref="ConstraintSpec.SourceOrder"/>.</param>
/// <param name="MessageArgs">The message's arguments.</param>
internal sealed record ProblemFinding(string DescriptorId, string TypeFullName, int SourceOrder, EquatableArray<string> MessageArgs);
