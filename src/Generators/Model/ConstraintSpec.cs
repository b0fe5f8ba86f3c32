using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GenOpt.Generators.Model;

/// <summary>Equality <c>h(x) = 0</c> or inequality <c>g(x) &gt;= 0</c>.</summary>
internal enum ConstraintKind
{
    Equality,
    Inequality,
}

/// <summary>What the parser found for one method marked [EqualityConstraint] or [InequalityConstraint].</summary>
/// <param name="Spec">The constraint, or <see langword="null"/> if the method has errors.</param>
/// <param name="Diagnostics">Errors to report for the method.</param>
internal sealed record ConstraintResult(ConstraintSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A source location as plain values (a <see cref="Location"/> would hold on to its syntax tree).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location location) =>
        location.Kind == LocationKind.SourceFile
            ? new LocationInfo(location.GetLineSpan().Path, location.SourceSpan, location.GetLineSpan().Span)
            : null;

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}

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
/// <param name="Location">The method's name, for diagnostics that need the whole problem (e.g. too many equalities).</param>
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
    LocationInfo? Location,
    bool TypeHasObjective,
    bool ExtensionMembersAvailable,
    DerivativeModel? Derivative = null,
    string? Obsolete = null,
    string ExtensionClassName = "",
    string? TypeObsolete = null);

/// <summary>A containing type and where it lives.</summary>
/// <param name="Namespace">Containing namespace as written in C# (keywords escaped), or <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">The type and its enclosing types, outermost first.</param>
/// <param name="FullName">Fully qualified name, e.g. <c>global::Demo.Hs071</c>.</param>
/// <param name="DisplayName">The type as users read it, e.g. <c>Demo.Hs071</c>.</param>
/// <param name="IsNamespaceAccessible">True when the type and every enclosing type is public or internal, so a
/// top-level class of the same assembly can name it.</param>
/// <param name="IsPublicChain">True when the type and every enclosing type is public.</param>
internal sealed record TypeSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string FullName,
    string DisplayName,
    bool IsNamespaceAccessible,
    bool IsPublicChain);

/// <summary>The constrained problem of one type: its objective and its constraints, in source order.</summary>
/// <param name="HintName">File name of the generated source, e.g. <c>Demo.Hs071.Problem.g.cs</c>.</param>
/// <param name="Type">The containing type.</param>
/// <param name="Objective">The objective, or <see langword="null"/> when the problem has errors (then only the
/// constraints' defining declarations are written, so that the user's code still binds).</param>
/// <param name="Equalities">Equality constraints in source order.</param>
/// <param name="Inequalities">Inequality constraints in source order.</param>
/// <param name="EmitMultiplierExtension">Whether to write the C# 14 extension property <c>Multipliers</c> on <c>SlsqpResult&lt;Problem&gt;</c>.</param>
internal sealed record ProblemSpec(
    string HintName,
    TypeSpec Type,
    ObjectiveSpec? Objective,
    EquatableArray<ConstraintSpec> Equalities,
    EquatableArray<ConstraintSpec> Inequalities,
    bool EmitMultiplierExtension);

/// <summary>A problem to emit and the diagnostics that concern the whole problem.</summary>
internal sealed record ProblemResult(ProblemSpec Spec, EquatableArray<DiagnosticInfo> Diagnostics);
