using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using GenOpt.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenOpt.Generators.Tests;

/// <summary>The result of running the generator over some sources.</summary>
/// <remarks><see cref="GeneratorDiagnostics"/> leaves out the GENOPT102 notes (no batch evaluation), which
/// <see cref="BatchNotes"/> holds.</remarks>
internal sealed record GeneratorRun(
    CSharpCompilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    GeneratorDriverRunResult RunResult,
    ImmutableArray<Diagnostic> BatchNotes = default)
{
    public GeneratorRunResult Result => RunResult.Results[0];

    public ImmutableArray<GeneratedSourceResult> GeneratedSources => Result.GeneratedSources;

    /// <summary>Generator diagnostics other than the GENOPT100 and GENOPT101 notes (finite-difference fallback).</summary>
    public IEnumerable<Diagnostic> GeneratorProblems =>
        GeneratorDiagnostics.Where(static d => d.Id != DiagnosticDescriptors.FiniteDifferenceGradientId && d.Id != DiagnosticDescriptors.NotDifferentiableId);

    /// <summary>
    /// Errors and warnings of the compilation that includes the generated code. Missing XML docs (CS1591)
    /// count only in generated files: the test inputs do not document their own members.
    /// </summary>
    public IEnumerable<Diagnostic> OutputProblems =>
        Output.GetDiagnostics().Where(d =>
            d.Severity >= DiagnosticSeverity.Warning
            && !(d.Id == "CS1591" && !IsGenerated(d.Location.SourceTree)));

    /// <summary>
    /// Errors and warnings located in generated files, except CS1591 at the generated declaring half of an undocumented
    /// public objective (documented behaviour: the user documents the implementing half).
    /// </summary>
    public IEnumerable<Diagnostic> GeneratedFileProblems =>
        Output.GetDiagnostics().Where(static d =>
            d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1591" && IsGenerated(d.Location.SourceTree));

    private static bool IsGenerated(SyntaxTree? tree) =>
        tree is not null && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal);
}

internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static readonly CSharpCompilationOptions CompilationOptions =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithWarningLevel(9999)
            .WithAllowUnsafe(true);

    /// <summary>The platform assemblies the test runs on, plus GenOpt.Runtime.</summary>
    public static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string runtime = typeof(GenOpt.IObjective).Assembly.Location;
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(static p =>
            {
                string name = Path.GetFileNameWithoutExtension(p);
                return name is "mscorlib" or "netstandard" || name.StartsWith("System", StringComparison.Ordinal);
            })
            .Append(runtime)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "GenOptTestInput",
            sources.Select(static (source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Input{i}.cs")),
            References,
            CompilationOptions);

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new ObjectiveGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static GeneratorRun Run(params string[] sources) => Run(LanguageVersion.Latest, sources);

    /// <summary>Runs the generator with the sources parsed as <paramref name="version"/>.</summary>
    public static GeneratorRun Run(LanguageVersion version, params string[] sources)
    {
        CSharpParseOptions options = ParseOptions.WithLanguageVersion(version);
        CSharpCompilation input = CSharpCompilation.Create(
            "GenOptTestInput",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, options, path: $"Input{i}.cs")),
            References,
            CompilationOptions);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
                [new ObjectiveGenerator().AsSourceGenerator()],
                parseOptions: options,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false))
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorRun(input, output, diagnostics.RemoveAll(static d => d.Id == DiagnosticDescriptors.NoBatchId), driver.GetRunResult(),
            diagnostics.RemoveAll(static d => d.Id != DiagnosticDescriptors.NoBatchId));
    }

    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(static d => d.ToString()));

    /// <summary>
    /// Asserts that every objective of <paramref name="run"/> is differentiated analytically: no generator diagnostic,
    /// no problem in the generated files, no finite-difference gradient.
    /// </summary>
    public static void AssertAnalytic(GeneratorRun run)
    {
        Xunit.Assert.True(run.GeneratorDiagnostics.IsEmpty, Format(run.GeneratorDiagnostics));
        Xunit.Assert.True(!run.GeneratedFileProblems.Any(), Format(run.GeneratedFileProblems));
        foreach (GeneratedSourceResult source in run.GeneratedSources)
            Xunit.Assert.DoesNotContain("FiniteDifference", source.SourceText.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Loads the compiled output of <paramref name="run"/> into a collectible context. The generator must report no
    /// problem and the output must compile without errors or warnings; with <paramref name="analytic"/>, no diagnostic
    /// at all and no finite-difference gradient either.
    /// </summary>
    public static System.Reflection.Assembly CompileAndLoad(GeneratorRun run, bool analytic)
    {
        string generated = string.Join(Environment.NewLine, run.GeneratedSources.Select(static s => s.HintName + ":" + Environment.NewLine + s.SourceText));
        Xunit.Assert.True(!run.GeneratorProblems.Any(), Format(run.GeneratorDiagnostics));
        Xunit.Assert.True(!run.OutputProblems.Any(), Format(run.OutputProblems) + Environment.NewLine + generated);
        if (analytic)
            AssertAnalytic(run);
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = run.Output.Emit(stream);
        Xunit.Assert.True(result.Success, Format(result.Diagnostics));
        stream.Position = 0;
        var context = new System.Runtime.Loader.AssemblyLoadContext("GenOpt.Generated." + Guid.NewGuid().ToString("N"), isCollectible: true);
        return context.LoadFromStream(stream);
    }
}
