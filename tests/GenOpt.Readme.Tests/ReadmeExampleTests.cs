using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace GenOpt.Readme.Tests;

/// <summary>
/// Every <c>```csharp</c> block of README.md compiles as a user's project would compile it (generator, analyzers,
/// nullable, implicit usings, warnings as errors) and, when it is a program, runs to the end within the time limit
/// without an exception (exit code 0). The rules for blocks are in <see cref="ReadmeExamples"/> and in README's
/// "Working on GenOpt".
/// </summary>
public sealed class ReadmeExampleTests(ITestOutputHelper output)
{
    /// <summary>Generous for examples that take milliseconds, on a shared 2-core machine.</summary>
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(120);

    public static IEnumerable<object[]> Examples() => ReadmeExamples.All.Select(static e => new object[] { e.Name });

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task ExampleCompilesAndRuns(string example)
    {
        ReadmeExample e = ReadmeExamples.Get(example);
        ExampleOutcome outcome = await ExampleCompiler.CompileAndRunAsync([.. e.Chain.Select(static c => c.Code)], TimeLimit);
        Assert.True(outcome.Compiled,
            $"{e.Name} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, outcome.Problems)}{Environment.NewLine}{Numbered(e)}");
        if (!outcome.IsProgram)
        {
            output.WriteLine($"{e.Name}: declarations only; compiled, not run.");
            return;
        }
        output.WriteLine(outcome.Output);
        Assert.False(outcome.TimedOut, $"{e.Name} did not finish within {TimeLimit.TotalSeconds} s. Output:{Environment.NewLine}{outcome.Output}");
        Assert.True(outcome.ExitCode == 0, $"{e.Name} exited with {outcome.ExitCode}. Output:{Environment.NewLine}{outcome.Output}");
    }

    /// <summary>Every C# fence of README.md is an example the theory above runs: none is skipped by the extraction.</summary>
    [Fact]
    public void EveryCSharpBlockOfTheReadmeIsAnExample()
    {
        string readme = File.ReadAllText(ReadmeExamples.ReadmePath);
        int fences = Regex.Matches(readme, @"^\s*```csharp\s*$", RegexOptions.Multiline).Count;
        Assert.True(fences > 0, "README.md has no ```csharp block.");
        Assert.Equal(fences, ReadmeExamples.All.Count);
        Assert.Equal(ReadmeExamples.All.Count, ReadmeExamples.All.Select(static e => e.Name).Distinct().Count());
    }

    [Fact]
    public void ParseFindsBlocksHeadingsAndContinuations()
    {
        IReadOnlyList<ReadmeExample> examples = ReadmeExamples.Parse("""
            # Title
            ```csharp
            public static class A { }
            ```
            ## Section
            ```sh
            echo "not C#"
            ```
            <!-- example: continues -->
            ```csharp
            System.Console.WriteLine(typeof(A));
            ```
            """);
        Assert.Equal(2, examples.Count);
        Assert.Equal("README.md:2 # Title", examples[0].Name);
        Assert.Null(examples[0].Continues);
        Assert.Equal("README.md:10 ## Section", examples[1].Name);
        Assert.Same(examples[0], examples[1].Continues);
        Assert.Equal([examples[0], examples[1]], examples[1].Chain);
        Assert.Equal("System.Console.WriteLine(typeof(A));\n", examples[1].Code);
    }

    [Theory]
    [InlineData("```cs\nint x = 1;\n```\n", "tagged 'cs'")]
    [InlineData("```c#\nint x = 1;\n```\n", "tagged 'c#'")]
    [InlineData("```csharp-fragment\nint x = 1;\n```\n", "tagged 'csharp-fragment'")]
    [InlineData("```csharp\nint x = 1;\n", "never closed")]
    [InlineData("```csharp\n\n```\n", "empty")]
    [InlineData("<!-- example: continues -->\n```csharp\nint x = 1;\n```\n", "nothing to continue")]
    [InlineData("```csharp\nint x = 1;\n```\n<!-- example: continues -->\nSome text.\n```csharp\nint y = 2;\n```\n", "last non-blank line")]
    [InlineData("```csharp\nint x = 1;\n```\n<!-- example: continues -->\n```sh\nls\n```\n", "right before a ```csharp block")]
    [InlineData("```csharp\nint x = 1;\n```\n<!-- example: continues -->\n", "not followed")]
    [InlineData("<!-- example: fragment -->\n```csharp\nint x = 1;\n```\n", "unknown example directive")]
    public void MalformedExamplesAreRejected(string markdown, string reason)
    {
        var e = Assert.Throws<FormatException>(() => ReadmeExamples.Parse(markdown));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWarningFailsTheCompilation()
    {
        ExampleOutcome outcome = await ExampleCompiler.CompileAndRunAsync(["int unused;\nConsole.WriteLine(\"x\");\n"], TimeLimit);
        Assert.Contains(outcome.Problems, static p => p.Contains("CS0168", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAnalyzerWarningFailsTheCompilation()
    {
        // new CmaEs<T>(options) for an instance objective is GENOPT026 (an error by default).
        ExampleOutcome outcome = await ExampleCompiler.CompileAndRunAsync(["""
            using GenOpt;

            var cma = new CmaEs<Data.Objective>(new CmaEsOptions { Sigma0 = 0.5 });

            public readonly partial struct Data(double scale)
            {
                private readonly double _scale = scale;

                [Objective(Dimension = 2)]
                public partial double Value(ReadOnlySpan<double> x) => _scale * (x[0] * x[0] + x[1] * x[1]);
            }
            """], TimeLimit);
        Assert.Contains(outcome.Problems, static p => p.Contains("GENOPT026", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGeneratedObjectiveCompilesAndRuns()
    {
        ExampleOutcome outcome = await ExampleCompiler.CompileAndRunAsync(["""
            using GenOpt;

            var x = new double[2];
            Console.WriteLine($"f = {Bowl.Value(x)}, dimension {Bowl.Objective.Dimension}");

            public static partial class Bowl
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => (x[0] - 1) * (x[0] - 1) + x[1] * x[1];
            }
            """], TimeLimit);
        Assert.True(outcome.Compiled, string.Join(Environment.NewLine, outcome.Problems));
        Assert.True(outcome.IsProgram);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("f = 1, dimension 2", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExceptionFailsTheRun()
    {
        ExampleOutcome outcome = await ExampleCompiler.CompileAndRunAsync(["throw new InvalidOperationException(\"example failed\");\n"], TimeLimit);
        Assert.True(outcome.Compiled, string.Join(Environment.NewLine, outcome.Problems));
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("example failed", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProgramThatDoesNotEndIsStoppedAtTheTimeLimit()
    {
        ExampleOutcome outcome = await ExampleCompiler.CompileAndRunAsync(["while (true) Thread.Sleep(100);\n"], TimeSpan.FromSeconds(3));
        Assert.True(outcome.Compiled, string.Join(Environment.NewLine, outcome.Problems));
        Assert.True(outcome.TimedOut);
        Assert.Null(outcome.ExitCode);
    }

    [Fact]
    public async Task AContinuationSeesTheDeclarationsButNotTheStatementsOfTheBlockBefore()
    {
        ExampleOutcome outcome = await ExampleCompiler.CompileAndRunAsync([
            "Console.WriteLine(\"first block\");\npublic static class Shared { public const int Answer = 42; }\n",
            "Console.WriteLine($\"answer {Shared.Answer}\");\n"], TimeLimit);
        Assert.True(outcome.Compiled, string.Join(Environment.NewLine, outcome.Problems));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("answer 42", outcome.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("first block", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclarationsAloneCompileAsALibrary()
    {
        ExampleOutcome outcome = await ExampleCompiler.CompileAndRunAsync(["public static class OnlyTypes { public static int Two() => 2; }\n"], TimeLimit);
        Assert.True(outcome.Compiled, string.Join(Environment.NewLine, outcome.Problems));
        Assert.False(outcome.IsProgram);
        Assert.Null(outcome.ExitCode);
    }

    private static string Numbered(ReadmeExample e)
    {
        string[] lines = e.Code.Split('\n');
        return string.Join(Environment.NewLine, lines.Select((l, i) => $"{e.Line + 1 + i,5}: {l}"));
    }
}
