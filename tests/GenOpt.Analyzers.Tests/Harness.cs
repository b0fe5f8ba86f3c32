using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GenOpt.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GenOpt.Analyzers.Tests;

/// <summary>
/// Compiles test sources against GenOpt.Runtime, runs the GenOpt generator (so that partial objectives are
/// complete), then the analyzers or a code fix. Expected diagnostics are marked in the source as
/// <c>{|GENOPT020:x[3]|}</c>: the id and the exact span.
/// </summary>
internal static class Harness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithAllowUnsafe(true);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string runtime = typeof(GenOpt.IObjective).Assembly.Location;
        IEnumerable<string> paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
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

    private static readonly DiagnosticAnalyzer[] Analyzers = [new ObjectiveBodyAnalyzer(), new OptimizerUsageAnalyzer()];

    /// <summary>Checks that the analyzers report exactly the GENOPT02x diagnostics marked in <paramref name="markup"/>.</summary>
    public static async Task VerifyAsync(string markup)
    {
        (string source, List<(string Id, TextSpan Span)> expected) = ParseMarkup(markup);
        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(source);
        List<(string Id, TextSpan Span)> actual = diagnostics
            .Where(static d => d.Id.StartsWith("GENOPT02", StringComparison.Ordinal))
            .Select(static d => (d.Id, d.Location.SourceSpan))
            .OrderBy(static d => d.SourceSpan.Start).ThenBy(static d => d.SourceSpan.End).ThenBy(static d => d.Id, StringComparer.Ordinal)
            .ToList();
        expected = [.. expected.OrderBy(static d => d.Span.Start).ThenBy(static d => d.Span.End).ThenBy(static d => d.Id, StringComparer.Ordinal)];
        if (!actual.SequenceEqual(expected))
        {
            string Show(IEnumerable<(string Id, TextSpan Span)> list) =>
                string.Join(Environment.NewLine, list.Select(d => $"  {d.Id} '{source.Substring(d.Span.Start, d.Span.Length)}' {d.Span}"));
            Assert.Fail($"Expected:{Environment.NewLine}{Show(expected)}{Environment.NewLine}Actual:{Environment.NewLine}{Show(actual)}"
                + $"{Environment.NewLine}Messages:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics.Select(static d => "  " + d))}");
        }
    }

    /// <summary>The analyzer diagnostics of <paramref name="source"/> after generation; fails on compiler errors or analyzer exceptions.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source)
    {
        CSharpCompilation input = CSharpCompilation.Create("AnalyzerTestInput",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Input0.cs")], References, CompilationOptions);
        CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Diagnostic[] errors = [.. output.GetDiagnostics().Concat(generatorDiagnostics).Where(static d => d.Severity == DiagnosticSeverity.Error)];
        Assert.True(errors.Length == 0, "The test source does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(static d => d.ToString())));

        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await output.WithAnalyzers([.. Analyzers], options).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        return diagnostics;
    }

    private static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create([new ObjectiveGenerator().AsSourceGenerator()], parseOptions: ParseOptions);

    private static (string Source, List<(string Id, TextSpan Span)> Expected) ParseMarkup(string markup)
    {
        var source = new StringBuilder();
        var expected = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        for (int i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i);
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count != 0)
            {
                (string id, int start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }
        Assert.Empty(open);
        return (source.ToString(), expected);
    }

    /// <summary>
    /// Runs the generator over <paramref name="source"/> in a workspace and applies <paramref name="fix"/> to the
    /// first generator diagnostic <paramref name="id"/>. Returns the fixed source, or null when the provider
    /// offers no fix. Fails if the generator does not report <paramref name="id"/>.
    /// </summary>
    public static async Task<string?> ApplyFixAsync(string source, string id, CodeFixProvider fix)
    {
        Assert.Contains(id, fix.FixableDiagnosticIds);
        using var workspace = new AdhocWorkspace();
        ProjectId projectId = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
                compilationOptions: CompilationOptions, parseOptions: ParseOptions, metadataReferences: References));
        DocumentId documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(DocumentInfo.Create(documentId, "Input0.cs",
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(source), VersionStamp.Default)), filePath: "Input0.cs"));
        Assert.True(workspace.TryApplyChanges(solution));
        Document document = workspace.CurrentSolution.GetDocument(documentId)!;

        Diagnostic diagnostic = Assert.Single(await GeneratorDiagnosticsAsync(document), d => d.Id == id);
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fix.RegisterCodeFixesAsync(context);
        if (actions.Count == 0)
            return null;
        CodeAction chosen = Assert.Single(actions);
        ImmutableArray<CodeActionOperation> operations = await chosen.GetOperationsAsync(CancellationToken.None);
        Solution changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        return (await changed.GetDocument(documentId)!.GetTextAsync()).ToString();
    }

    /// <summary>The generator's diagnostics for <paramref name="source"/> alone (no workspace).</summary>
    public static ImmutableArray<Diagnostic> GeneratorDiagnostics(string source)
    {
        CSharpCompilation input = CSharpCompilation.Create("AnalyzerTestInput",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Input0.cs")], References, CompilationOptions);
        CreateDriver().RunGeneratorsAndUpdateCompilation(input, out _, out ImmutableArray<Diagnostic> diagnostics);
        return diagnostics;
    }

    private static async Task<ImmutableArray<Diagnostic>> GeneratorDiagnosticsAsync(Document document)
    {
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out ImmutableArray<Diagnostic> diagnostics);
        return diagnostics;
    }
}
