namespace GenOpt.Generators.Model;

/// <summary>
/// A containing type and where it lives: the same record for an objective and the constraints of its type.
/// </summary>
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

/// <summary>One type in the chain of partial declarations that encloses the objective or constraint.</summary>
/// <param name="Modifiers">Modifiers every part must repeat, each followed by a space: only <c>ref </c>. The others
/// (<c>static</c>, <c>readonly</c>, <c>sealed</c>, accessibility) carry over from the user's part and are not repeated.</param>
/// <param name="Keyword">The declaration keyword(s): <c>class</c>, <c>struct</c>, <c>record</c> or <c>record struct</c>.</param>
/// <param name="Name">The type's name (escaped if a keyword).</param>
internal sealed record ContainingTypeSpec(string Modifiers, string Keyword, string Name);
