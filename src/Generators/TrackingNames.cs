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

    /// <summary>All names above, in pipeline order.</summary>
    public static readonly string[] All = [ObjectiveResults, Diagnostics, Specs];
}
