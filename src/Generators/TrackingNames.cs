namespace GenOpt.Generators;

/// <summary>Names of the incremental pipeline steps, for tests that check caching.</summary>
internal static class TrackingNames
{
    /// <summary>The parse result (spec and diagnostics) of each method marked [Objective].</summary>
    public const string ObjectiveResults = nameof(ObjectiveResults);

    /// <summary>The diagnostics of all parse results, flattened.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>The specs that parsed without errors, with file names made unique; one generated file each.</summary>
    public const string Specs = nameof(Specs);

    /// <summary>The parse result of each method marked [EqualityConstraint].</summary>
    public const string EqualityResults = nameof(EqualityResults);

    /// <summary>The parse result of each method marked [InequalityConstraint].</summary>
    public const string InequalityResults = nameof(InequalityResults);

    /// <summary>The fields of each valid objective that its type's constrained problem uses.</summary>
    public const string ProblemObjectives = nameof(ProblemObjectives);

    /// <summary>The constrained problems, one per type with constraints; one generated file each. Hold no positions.</summary>
    public const string Problems = nameof(Problems);

    /// <summary>The diagnostics about whole problems, located at their constraints (the diagnostics channel).</summary>
    public const string ProblemDiagnostics = nameof(ProblemDiagnostics);

    /// <summary>All names above, in pipeline order.</summary>
    public static readonly string[] All = [ObjectiveResults, Diagnostics, Specs, EqualityResults, InequalityResults, ProblemObjectives, Problems, ProblemDiagnostics];
}
