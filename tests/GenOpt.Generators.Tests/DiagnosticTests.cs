using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using GenOpt.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Each diagnostic: a source that triggers it (on the line marked <c>// here</c>) and the corrected source that does not.
/// </summary>
public class DiagnosticTests
{
    private const string Marker = "// here";

    public static IEnumerable<object[]> Cases() =>
    [
        Case(DiagnosticDescriptors.NotPartialMethodId,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static double Value(ReadOnlySpan<double> x) => x[0]; // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """),
        Case(DiagnosticDescriptors.NotPartialMethodId,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x); // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) { return x[0]; }
            }
            """),
        Case(DiagnosticDescriptors.NotPartialTypeId,
            """
            public static class Outer // here
            {
                public static partial class C
                {
                    [Objective(Dimension = 1)]
                    public static partial double Value(ReadOnlySpan<double> x) => x[0];
                }
            }
            """,
            """
            public static partial class Outer
            {
                public static partial class C
                {
                    [Objective(Dimension = 1)]
                    public static partial double Value(ReadOnlySpan<double> x) => x[0];
                }
            }
            """),
        Case(DiagnosticDescriptors.ReturnTypeId,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial float Value(ReadOnlySpan<double> x) => (float)x[0]; // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => (float)x[0];
            }
            """),
        Case(DiagnosticDescriptors.ParametersId,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(in ReadOnlySpan<double> x) => x[0]; // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """),
        Case(DiagnosticDescriptors.DimensionId,
            """
            public static partial class C
            {
                [Objective(Dimension = 0)] // here
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """),
        Case(DiagnosticDescriptors.GenericId,
            """
            public partial class C<T> // here
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """,
            """
            public partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """),
        Case(DiagnosticDescriptors.DuplicateId,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double First(ReadOnlySpan<double> x) => x[0];

                [Objective(Dimension = 2)]
                public static partial double Second(ReadOnlySpan<double> x) => x[1]; // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double First(ReadOnlySpan<double> x) => x[0];
            }

            public static partial class D
            {
                [Objective(Dimension = 2)]
                public static partial double Second(ReadOnlySpan<double> x) => x[1];
            }
            """),
        Case(DiagnosticDescriptors.UnsupportedDeclarationId,
            """
            public ref partial struct S
            {
                [Objective(Dimension = 1)]
                public partial double Value(ReadOnlySpan<double> x) => x[0]; // here
            }
            """,
            """
            public ref partial struct S
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """),
        Case(DiagnosticDescriptors.NameClashId,
            """
            public partial class C
            {
                public class Objective { }

                [Objective(Dimension = 1)]
                public partial double Value(ReadOnlySpan<double> x) => x[0]; // here
            }
            """,
            """
            public partial class C
            {
                public class Problem { }

                [Objective(Dimension = 1)]
                public partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void DiagnosticIsReportedOnTheMarkedLine(string id, string bad, string good)
    {
        _ = good;
        string source = Wrap(bad);
        int expectedLine = Array.FindIndex(source.Split('\n'), static l => l.Contains(Marker, StringComparison.Ordinal));
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Null(run.Result.Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(expectedLine, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("Input0.cs", diagnostic.Location.GetLineSpan().Path);
        if (id == DiagnosticDescriptors.DuplicateId)
            Assert.Single(run.GeneratedSources); // the first objective of the type is still generated
        else
            Assert.Empty(run.GeneratedSources);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CorrectedSourceHasNoDiagnostic(string id, string bad, string good)
    {
        _ = bad;
        GeneratorRun run = GeneratorHarness.Run(Wrap(good));

        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.True(!run.GeneratorProblems.Any(), GeneratorHarness.Format(run.GeneratorProblems));
        Assert.NotEmpty(run.GeneratedSources);
        IEnumerable<Diagnostic> errors = run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(!errors.Any(), GeneratorHarness.Format(errors));
    }

    [Fact]
    public void MessagesNameTheProblem()
    {
        GeneratorRun run = GeneratorHarness.Run(Wrap("""
            public static class Plain
            {
                public partial class C
                {
                    [Objective(Dimension = -3)]
                    public partial int Value(double[] x) => 0;
                }
            }
            """));
        string[] messages = run.GeneratorDiagnostics.Select(static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Contains(messages, static m => m.Contains("'Demo.Plain' must be declared 'partial'", StringComparison.Ordinal));
        Assert.Contains(messages, static m => m.Contains("returns 'int'", StringComparison.Ordinal));
        Assert.Contains(messages, static m => m.Contains("'x' is a 'double[]'", StringComparison.Ordinal));
        Assert.Contains(messages, static m => m.Contains("has Dimension -3", StringComparison.Ordinal));
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void FiniteDifferenceFallbackIsAWarningAtTheMethodAndTheConstruct()
    {
        string source = Wrap("""
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) // here
                {
                    double s = 0;
                    while (s < 1) { s += x[0] * x[0] + 1; if (s > 0.5) throw new InvalidOperationException(); } // blocked
                    return s;
                }
            }
            """);
        string[] lines = source.Split('\n');
        int methodLine = Array.FindIndex(lines, static l => l.Contains(Marker, StringComparison.Ordinal));
        int blockedLine = Array.FindIndex(lines, static l => l.Contains("// blocked", StringComparison.Ordinal));
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);

        Assert.Equal(2, diagnostics.Length);
        Diagnostic note = Assert.Single(diagnostics, static d => d.Id == DiagnosticDescriptors.FiniteDifferenceGradientId);
        Assert.Equal(DiagnosticSeverity.Warning, note.Severity);
        Assert.Equal(methodLine, note.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("'C.Value'", note.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("a throw statement is not differentiable", note.GetMessage(), StringComparison.Ordinal);

        Diagnostic blocker = Assert.Single(diagnostics, static d => d.Id == DiagnosticDescriptors.NotDifferentiableId);
        Assert.Equal(DiagnosticSeverity.Warning, blocker.Severity);
        Assert.Equal(blockedLine, blocker.Location.GetLineSpan().StartLinePosition.Line);
        Assert.StartsWith("'throw new InvalidOperationException();' blocks the analytic derivative of 'C.Value'", blocker.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(output.GetDiagnostics(), static d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS1591");
        Assert.Contains("FiniteDifference.CentralGradient", output.SyntaxTrees.Last().ToString(), StringComparison.Ordinal);

        // Warnings as errors (as in this repository's builds) turn both into errors: the fallback must be accepted explicitly.
        compilation = compilation.WithOptions(compilation.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out diagnostics);
        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, static d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    private const string BlockedObjective = """
        internal static partial class C
        {
            [Objective(Dimension = 1, AcceptFiniteDifferences = true)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                while (s < 1) { s += x[0] * x[0] + 1; if (s > 0.5) throw new InvalidOperationException(); }
                return s;
            }
        }
        """;

    [Theory]
    [InlineData("AcceptFiniteDifferences = true", true)]
    [InlineData("AcceptFiniteDifferences = false", false)]
    [InlineData("AcceptFiniteDifferences = !true", false)]
    public void AcceptFiniteDifferencesSilencesTheFallbackWarnings(string argument, bool silent)
    {
        GeneratorRun run = GeneratorHarness.Run(Wrap(BlockedObjective.Replace("AcceptFiniteDifferences = true", argument, StringComparison.Ordinal)));

        Assert.Null(run.Result.Exception);
        if (silent)
            Assert.Empty(run.GeneratorDiagnostics);
        else
        {
            Assert.Equal(2, run.GeneratorDiagnostics.Length);
            Assert.All(run.GeneratorDiagnostics, static d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        }
        // The generated gradient is the same finite-difference one either way.
        Assert.Contains("FiniteDifference.CentralGradient", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
        Assert.True(!run.OutputProblems.Any(), GeneratorHarness.Format(run.OutputProblems));
    }

    [Fact]
    public void AcceptFiniteDifferencesOnAConstraintSilencesItsWarningsOnly()
    {
        GeneratorRun run = GeneratorHarness.Run(Wrap("""
            internal static partial class P
            {
                [Objective(Dimension = 2)]
                public static partial double Cost(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];

                [InequalityConstraint(AcceptFiniteDifferences = true)]
                public static partial double Accepted(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    while (s < 1) { s += x[0] * x[0] + 1; if (s > 0.5) throw new InvalidOperationException(); }
                    return s - x[1];
                }

                [EqualityConstraint]
                public static partial double Reported(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    while (s < 1) { s += x[1] * x[1] + 1; if (s > 0.5) throw new InvalidOperationException(); }
                    return s - x[0];
                }
            }
            """));

        Assert.Null(run.Result.Exception);
        Assert.Equal(2, run.GeneratorDiagnostics.Length);
        Assert.All(run.GeneratorDiagnostics, static d => Assert.Contains("'P.Reported'", d.GetMessage(), StringComparison.Ordinal));
        Assert.True(!run.OutputProblems.Any(), GeneratorHarness.Format(run.OutputProblems));
    }

    [Fact]
    public void PragmaAroundTheObjectiveDoesNotSilenceTheFallbackWarnings()
    {
        // What docs/diagnostics.md says: the generator reports its diagnostics at file locations (the incremental
        // pipeline keeps no syntax trees), and the compiler checks '#pragma warning' only for locations in a syntax
        // tree, so a pragma around the objective does not silence GENOPT100/GENOPT101 (a 'dotnet build' shows the same).
        // AcceptFiniteDifferences, NoWarn and .editorconfig do.
        string blocked = """
            internal static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    while (s < 1) { s += x[0] * x[0] + 1; if (s > 0.5) throw new InvalidOperationException(); }
                    return s;
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(Wrap("#pragma warning disable GENOPT100, GENOPT101\n" + blocked + "\n#pragma warning restore GENOPT100, GENOPT101\n"));
        Assert.Equal(2, run.GeneratorDiagnostics.Length);
        Assert.All(run.GeneratorDiagnostics, static d => Assert.False(d.IsSuppressed));
        Assert.All(run.GeneratorDiagnostics, static d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void EditorConfigSeverityNoneSilencesTheFallbackWarnings()
    {
        string source = Wrap(BlockedObjective.Replace(", AcceptFiniteDifferences = true", "", StringComparison.Ordinal));
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            [DiagnosticDescriptors.FiniteDifferenceGradientId] = ReportDiagnostic.Suppress,
            [DiagnosticDescriptors.NotDifferentiableId] = ReportDiagnostic.Suppress,
        }));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out ImmutableArray<Diagnostic> diagnostics);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void DifferentiableObjectiveHasNoFiniteDifferenceNote()
    {
        GeneratorRun run = GeneratorHarness.Run(Wrap("""
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];
            }
            """));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain("FiniteDifference", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DescriptorsAreConsistent()
    {
        string releases = File.ReadAllText(Path.Combine(RepoRoot(), "src", "Generators", "AnalyzerReleases.Unshipped.md"));
        string docs = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "diagnostics.md"));
        var ids = new HashSet<string>();
        foreach (DiagnosticDescriptor descriptor in DiagnosticDescriptors.All)
        {
            Assert.True(ids.Add(descriptor.Id), $"duplicate id {descriptor.Id}");
            Assert.Matches("^GENOPT[0-9]{3}$", descriptor.Id);
            Assert.Equal(DiagnosticDescriptors.Category, descriptor.Category);
            // No help link (GenOpt has no web site; the old one pointed at a repository that does not exist): the
            // description names the section of docs/diagnostics.md, which the package ships.
            Assert.True(string.IsNullOrEmpty(descriptor.HelpLinkUri), $"{descriptor.Id}: help link {descriptor.HelpLinkUri}");
            Assert.EndsWith($" Documentation: docs/diagnostics.md#{descriptor.Id.ToLowerInvariant()}, in the GenOpt package and the GenOpt sources.",
                descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.Equal(
                descriptor.Id is DiagnosticDescriptors.FiniteDifferenceGradientId or DiagnosticDescriptors.NotDifferentiableId ? DiagnosticSeverity.Warning
                    : descriptor.Id == DiagnosticDescriptors.NoBatchId ? DiagnosticSeverity.Info : DiagnosticSeverity.Error,
                descriptor.DefaultSeverity);
            Assert.Same(descriptor, DiagnosticDescriptors.ById(descriptor.Id));
            Assert.Contains(descriptor.Id + " |", releases, StringComparison.Ordinal);
            Assert.Contains("\n## " + descriptor.Id + "\n", docs, StringComparison.Ordinal);   // the help link's anchor
            if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
                Assert.Contains(WellKnownDiagnosticTags.NotConfigurable, descriptor.CustomTags);
        }
    }

    private static string RepoRoot() => TestPaths.RepositoryRoot;

    private static string Wrap(string body) => "using System;\nusing GenOpt;\n\nnamespace Demo;\n\n" + body;

    private static object[] Case(string id, string bad, string good) => [id, bad, good];
}
