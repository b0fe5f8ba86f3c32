using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Source paths for tests that read or write files next to their sources. Deterministic CI builds map the
/// repository root to <c>/_/</c> in <c>[CallerFilePath]</c>; the project directory recorded at build time
/// turns such a path back into a real one.
/// </summary>
internal static class TestPaths
{
    /// <summary>The directory of this test project, as MSBuild saw it.</summary>
    public static string ProjectDirectory { get; } =
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GenOptTestProjectDirectory").Value!;

    /// <summary>The repository root (two levels above the project).</summary>
    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(ProjectDirectory, "..", ".."));

    /// <summary>A <c>[CallerFilePath]</c> value made real: path-mapped (<c>/_/...</c>) paths are resolved against the repository root.</summary>
    public static string Resolve(string callerFilePath) =>
        callerFilePath.StartsWith("/_/", StringComparison.Ordinal)
            ? Path.Combine(RepositoryRoot, callerFilePath["/_/".Length..])
            : callerFilePath;
}
