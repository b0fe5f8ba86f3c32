namespace GenOpt.Generators.Model;

/// <summary>What the parser found for one method marked [Objective].</summary>
/// <param name="Spec">The objective to generate, or <see langword="null"/> if the method has errors.</param>
/// <param name="Diagnostics">Errors and the informational notes to report for the method.</param>
internal sealed record ObjectiveResult(ObjectiveSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>How the generated <c>Objective</c> struct reaches the user's method.</summary>
internal enum TargetKind
{
    /// <summary>The method is static; the struct is empty.</summary>
    Static,

    /// <summary>Instance method of a struct; the struct holds a copy of it.</summary>
    Struct,

    /// <summary>Instance method of a class; the struct holds a reference to it.</summary>
    Class,
}

/// <summary>How the generated types name the user's instance.</summary>
internal static class TargetReceiver
{
    /// <summary>
    /// The C# expression that reaches the user's instance (or, for a static method, its type) inside the generated
    /// <c>Objective</c> and <c>Problem</c> structs and their helper methods: the struct's copy <c>_target</c>, or the
    /// <c>Target</c> property of a class's reference (which throws if the struct was default-constructed). The
    /// differentiator writes instance members with it, so the model's C# text is final and the emitter only prints.
    /// </summary>
    public static string Of(TargetKind kind, string typeFullName) => kind switch
    {
        TargetKind.Static => typeFullName,
        TargetKind.Struct => "_target",
        _ => "Target",
    };
}

/// <summary>Everything the emitter needs to write one generated file. Only strings, numbers and flags.</summary>
/// <param name="HintName">File name of the generated source, e.g. <c>Demo.Rosenbrock.Objective.g.cs</c>.</param>
/// <param name="Type">The containing type (the same record a constraint of the type has).</param>
/// <param name="MethodName">Name of the objective method (escaped if a keyword).</param>
/// <param name="MethodModifiers">Modifiers of the user's declaration except <c>partial</c>, in the user's order, e.g. <c>public static</c>.</param>
/// <param name="Accessibility">Accessibility keywords of the method, e.g. <c>internal</c>; the generated struct gets the same.</param>
/// <param name="ParameterModifiers">Modifiers of the parameter to repeat (<c>scoped</c>, <c>this</c>), each followed by a space.</param>
/// <param name="ParameterName">Name of the user's parameter (escaped if a keyword).</param>
/// <param name="Target">Static method, or instance method of a struct or a class.</param>
/// <param name="Dimension">Number of decision variables, at least 1.</param>
/// <param name="EmitDefiningDeclaration">False when the user wrote both halves of the partial method.</param>
/// <param name="Derivative">The body translated for the analytic gradient, or <see langword="null"/> for finite differences.</param>
/// <param name="Obsolete">The method's <c>[Obsolete]</c> attribute as C# text, repeated on the generated members that call
/// it, or <see langword="null"/>.</param>
/// <param name="HidesInherited">The generated member names (<c>Objective</c>, <c>AsObjective</c>, <c>Problem</c>,
/// <c>AsProblem</c>) that hide an accessible inherited member, and so are declared <c>new</c>.</param>
internal sealed record ObjectiveSpec(
    string HintName,
    TypeSpec Type,
    string MethodName,
    string MethodModifiers,
    string Accessibility,
    string ParameterModifiers,
    string ParameterName,
    TargetKind Target,
    int Dimension,
    bool EmitDefiningDeclaration,
    DerivativeModel? Derivative = null,
    string? Obsolete = null,
    EquatableArray<string> HidesInherited = default);

/// <summary>
/// The objective as the generated <c>Problem</c> of its type uses it: no body, no derivative model, so an edit of the
/// objective's body that keeps it analytic (or keeps it on finite differences) leaves the problem's file as it is.
/// </summary>
/// <param name="TypeFullName">Fully qualified name of the containing type: the problem of that type uses this objective.</param>
/// <param name="MethodName">Name of the objective method (escaped if a keyword).</param>
/// <param name="Accessibility">Accessibility keywords of the method; the generated <c>Problem</c> gets the same.</param>
/// <param name="Target">Static method, or instance method of a struct or a class.</param>
/// <param name="Dimension">Number of decision variables, at least 1.</param>
/// <param name="HasAnalyticGradient">Whether the generated <c>Objective</c> has the analytic gradient (the problem's
/// <c>ValueAndGradient</c> then calls it; otherwise finite differences).</param>
/// <param name="DerivativeUsesObsolete">Whether the objective's differentiated body uses obsolete members.</param>
/// <param name="Obsolete">The method's <c>[Obsolete]</c> attribute as C# text, or <see langword="null"/>.</param>
/// <param name="HidesInherited">The generated member names that hide an accessible inherited member (declared <c>new</c>).</param>
internal sealed record ProblemObjectiveSpec(
    string TypeFullName,
    string MethodName,
    string Accessibility,
    TargetKind Target,
    int Dimension,
    bool HasAnalyticGradient,
    bool DerivativeUsesObsolete,
    string? Obsolete,
    EquatableArray<string> HidesInherited)
{
    /// <summary>The fields of <paramref name="spec"/> that the problem's file uses.</summary>
    public static ProblemObjectiveSpec From(ObjectiveSpec spec) =>
        new(spec.Type.FullName, spec.MethodName, spec.Accessibility, spec.Target, spec.Dimension,
            HasAnalyticGradient: spec.Derivative is not null,
            DerivativeUsesObsolete: spec.Derivative?.UsesObsolete == true,
            spec.Obsolete, spec.HidesInherited);
}
