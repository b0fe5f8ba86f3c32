using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

using static GenOpt.TestSources.ScaleSources;

namespace GenOpt.Benchmarks;

/// <summary>
/// How long the source generator takes on large objective bodies, and how much code it writes:
/// <c>dotnet run -c Release --project tests/GenOpt.Benchmarks -- --generator [filter]</c>.
/// Each body is generated from scratch by a new <see cref="CSharpGeneratorDriver"/> (parse, translate, emit);
/// the figure is the fastest of a few runs, after one warm-up run of a small body.
/// </summary>
public static class GeneratorTiming
{
    /// <summary>The shapes measured: name, source.</summary>
    public static (string Name, Func<string> Source)[] Cases() =>
    [
        ("sum 1000", () => SumExpression(1_000)),
        ("sum 2000", () => SumExpression(2_000)),
        ("sum 5000", () => SumExpression(5_000)),
        ("sum 10000", () => SumExpression(10_000)),
        ("statements 1000", () => SumStatements(1_000)),
        ("statements 2000", () => SumStatements(2_000)),
        ("statements 5000", () => SumStatements(5_000)),
        ("statements 10000", () => SumStatements(10_000)),
        ("ternary 100", () => NestedTernary(100)),
        ("ternary 200", () => NestedTernary(200)),
        ("ternary 500", () => NestedTernary(500)),
    ];

    /// <summary>Runs the cases whose names contain <paramref name="filter"/> (all when empty).</summary>
    public static void Run(string filter)
    {
        Generate(SumExpression(10)); // warm-up: JIT of Roslyn and the generator
        Console.WriteLine($"{"body",-18} {"time (ms)",10} {"generated (bytes)",18} {"diagnostics",12}");
        foreach ((string name, Func<string> source) in Cases())
        {
            if (!name.Contains(filter, StringComparison.Ordinal))
                continue;
            string text = source();
            double best = double.MaxValue;
            int size = 0;
            string diagnostics = "";
            int runs = 3;
            for (int r = 0; r < runs; r++)
            {
                long start = Stopwatch.GetTimestamp();
                (size, diagnostics) = Generate(text);
                double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                best = Math.Min(best, elapsed);
                if (elapsed > 20_000)
                    break; // slow enough that one run says it
            }
            Console.WriteLine($"{name,-18} {best,10:F0} {size,18} {diagnostics,12}");
        }
    }

    /// <summary>Runs the generator once on <paramref name="source"/>; returns the generated size and the diagnostic ids.</summary>
    public static (int Size, string Diagnostics) Generate(string source)
    {
        CSharpParseOptions options = new(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "GeneratorTiming",
            [CSharpSyntaxTree.ParseText(source, options)],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new GenOpt.Generators.ObjectiveGenerator().AsSourceGenerator()], parseOptions: options)
            .RunGenerators(compilation);
        GeneratorRunResult result = driver.GetRunResult().Results[0];
        if (Environment.GetEnvironmentVariable("GENOPT_DUMP") is { Length: > 0 } dump)
            File.WriteAllText(dump, string.Concat(result.GeneratedSources.Select(static s => s.SourceText.ToString())));
        int size = result.GeneratedSources.Sum(static s => s.SourceText.Length);
        string ids = string.Join(",", result.Diagnostics.Select(static d => d.Id).Distinct());
        return (size, ids.Length == 0 ? "-" : ids);
    }

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(static () =>
    {
        string runtime = typeof(IObjective).Assembly.Location;
        return [.. ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(static p => Path.GetFileNameWithoutExtension(p) is var name && (name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal)))
            .Append(runtime)
            .Distinct(StringComparer.Ordinal)
            .Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });
}
