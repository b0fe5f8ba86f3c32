using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using GenOpt.Analyzers;
using GenOpt.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenOpt.Readme.Tests;

/// <summary>What compiling (and, for a program, running) an example gave.</summary>
/// <param name="Problems">Errors and warnings (warnings are errors, as in GenOpt's own projects); empty when it compiled.</param>
/// <param name="IsProgram">Whether the example has top-level statements or a <c>Main</c> and was run.</param>
/// <param name="ExitCode">The program's exit code (null when it was not run, or did not finish in time).</param>
/// <param name="TimedOut">Whether the program was stopped at the time limit.</param>
/// <param name="Output">The program's standard output and standard error.</param>
internal sealed record ExampleOutcome(IReadOnlyList<string> Problems, bool IsProgram, int? ExitCode, bool TimedOut, string Output)
{
    public bool Compiled => Problems.Count == 0;
}

/// <summary>
/// Compiles C# sources the way a user's console project (<c>dotnet new console</c>: nullable and implicit usings
/// enabled, Debug configuration) that references the GenOpt package compiles them, with warnings as errors: the
/// generator and GenOpt's analyzers run, and GenOpt.Runtime is referenced. A program is then run in its own process
/// under the .NET runtime that runs the tests.
/// </summary>
internal static class ExampleCompiler
{
    /// <summary>The global usings of a .NET SDK console project with <c>ImplicitUsings</c> enabled.</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        [.. typeof(ObjectiveBodyAnalyzer).Assembly.GetTypes()
            .Where(static t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(static t => t.FullName, StringComparer.Ordinal)
            .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(static p =>
            {
                string name = Path.GetFileNameWithoutExtension(p);
                return name is "mscorlib" or "netstandard" || name.StartsWith("System", StringComparison.Ordinal)
                    || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal) || name == "Microsoft.VisualBasic";
            })
            .Append(typeof(IObjective).Assembly.Location)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    /// <summary>
    /// Compiles <paramref name="sources"/> (one file each; only declarations are kept from all but the last) and runs
    /// the result if it is a program, stopping it after <paramref name="timeLimit"/>.
    /// </summary>
    public static async Task<ExampleOutcome> CompileAndRunAsync(IReadOnlyList<string> sources, TimeSpan timeLimit)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "GlobalUsings.g.cs") };
        for (int i = 0; i < sources.Count; i++)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(sources[i], ParseOptions, path: $"Example{i}.cs");
            if (i < sources.Count - 1)
            {
                // An earlier block of a chain contributes its declarations; its own statements are its own program.
                var unit = (CompilationUnitSyntax)tree.GetRoot();
                tree = tree.WithRootAndOptions(
                    unit.WithMembers(SyntaxFactory.List(unit.Members.Where(static m => m is not GlobalStatementSyntax))), ParseOptions);
            }
            trees.Add(tree);
        }
        bool isProgram = trees.Any(static t => t.GetRoot().DescendantNodes(static n => n is not BaseMethodDeclarationSyntax and not StatementSyntax)
            .Any(static n => n is GlobalStatementSyntax
                || (n is MethodDeclarationSyntax m && m.Identifier.Text == "Main" && m.Modifiers.Any(SyntaxKind.StaticKeyword))));

        var options = new CSharpCompilationOptions(
                isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Debug)
            .WithWarningLevel(9999)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error);
        CSharpCompilation input = CSharpCompilation.Create("ReadmeExample", trees, References, options);
        CSharpGeneratorDriver.Create([new ObjectiveGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        ImmutableArray<Diagnostic> diagnostics = await output
            .WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAllDiagnosticsAsync();
        var problems = generatorDiagnostics.Concat(diagnostics)
            .Where(static d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError)
            .Select(static d => d.ToString())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (problems.Count > 0)
            return new ExampleOutcome(problems, isProgram, null, false, "");

        string directory = Path.Combine(Path.GetTempPath(), "genopt-readme-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string assembly = Path.Combine(directory, "ReadmeExample.dll");
            Microsoft.CodeAnalysis.Emit.EmitResult emitted;
            using (FileStream stream = File.Create(assembly))
                emitted = output.Emit(stream);
            if (!emitted.Success)
                return new ExampleOutcome([.. emitted.Diagnostics.Select(static d => d.ToString())], isProgram, null, false, "");
            if (!isProgram)
                return new ExampleOutcome([], false, null, false, "");

            File.Copy(typeof(IObjective).Assembly.Location, Path.Combine(directory, Path.GetFileName(typeof(IObjective).Assembly.Location)));
            Version runtime = Environment.Version;
            File.WriteAllText(Path.Combine(directory, "ReadmeExample.runtimeconfig.json"), $$"""
                { "runtimeOptions": { "tfm": "net{{runtime.Major}}.{{runtime.Minor}}",
                  "framework": { "name": "Microsoft.NETCore.App", "version": "{{runtime.Major}}.{{runtime.Minor}}.0" } } }
                """);
            return await RunAsync(assembly, timeLimit);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<ExampleOutcome> RunAsync(string assembly, TimeSpan timeLimit)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeLimit);
        bool timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        string output = await stdout + await stderr;
        return new ExampleOutcome([], true, timedOut ? null : process.ExitCode, timedOut, output);
    }

    /// <summary>The <c>dotnet</c> host of the runtime that runs the tests.</summary>
    private static string DotnetHost()
    {
        string executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
            return host;
        // <root>/shared/Microsoft.NETCore.App/<version>/ holds the runtime; <root>/dotnet is the host.
        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string candidate = Path.Combine(root, executable);
        return File.Exists(candidate) ? candidate : executable;
    }
}
