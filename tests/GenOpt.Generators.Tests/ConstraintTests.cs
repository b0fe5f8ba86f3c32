using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using GenOpt.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Constrained problems: snapshots of the generated <c>Problem</c> struct for each shape (compiled without errors or
/// warnings), and every constraint diagnostic with a source that triggers it and the corrected source.
/// </summary>
public class ConstraintTests
{
    private const string Marker = "// here";

    [Fact]
    public void Hs071StaticProblem() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        /// <summary>Hock–Schittkowski problem 71.</summary>
        public static partial class Hs071
        {
            /// <summary>Cost.</summary>
            [Objective(Dimension = 4)]
            public static partial double Cost(ReadOnlySpan<double> x) => x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2];

            /// <summary>Product constraint.</summary>
            [InequalityConstraint]
            public static partial double Product(ReadOnlySpan<double> x) => x[0] * x[1] * x[2] * x[3] - 25;

            /// <summary>Norm constraint.</summary>
            [EqualityConstraint]
            public static partial double Norm(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 40;
        }
        """);

    [Fact]
    public void VectorConstraintsOfInstanceStruct() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        internal partial struct Chain
        {
            private readonly double _spacing;
            public Chain(double spacing) => _spacing = spacing;

            [Objective(Dimension = 5)]
            internal readonly partial double Length(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 5; i++) s += x[i] * x[i];
                return s;
            }

            [InequalityConstraint(Count = 4)]
            internal readonly partial void Ordered(ReadOnlySpan<double> x, Span<double> gaps)
            {
                for (int i = 0; i < 4; i++) gaps[i] = x[i + 1] - x[i] - _spacing;
            }

            [EqualityConstraint]
            internal static partial double Anchored(ReadOnlySpan<double> x) => x[0] - 1;

            [EqualityConstraint(Count = 2)]
            private static partial void Ends(ReadOnlySpan<double> point, Span<double> values)
            {
                values[0] = point[4] - 5;
                values[1] = point[3] + point[4] - 9;
            }
        }
        """);

    [Fact]
    public void ClassInstanceProblemBeforeCSharp14() => Verify("""
        using System;
        using GenOpt;

        namespace Demo
        {
            public partial class Outer
            {
                public sealed partial class Fit
                {
                    private readonly double[] _data = [1, 2];

                    /// <summary>Squared error.</summary>
                    [Objective(Dimension = 2)]
                    public partial double Loss(ReadOnlySpan<double> w) => (w[0] - _data[0]) * (w[0] - _data[0]) + (w[1] - _data[1]) * (w[1] - _data[1]);

                    /// <summary>Budget.</summary>
                    [InequalityConstraint]
                    public partial double Budget(ReadOnlySpan<double> w) => 1 - w[0] - w[1];
                }
            }
        }
        """, LanguageVersion.CSharp13);

    [Fact]
    public void PrivateProblemHasNoExtension() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        public static partial class Holder
        {
            private static partial class Hidden
            {
                [Objective(Dimension = 2)]
                private static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];

                [InequalityConstraint]
                private static partial double AboveLine(ReadOnlySpan<double> x) => x[0] + x[1] - 1;
            }
        }
        """);

    [Fact]
    public void ConstraintsInSeveralFilesAreOrderedByFileThenPosition() => Verify(
    [
        """
        using System;
        using GenOpt;

        namespace Demo;

        public static partial class Split
        {
            /// <summary>Doc.</summary>
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] + x[1] + x[2];

            /// <summary>Doc.</summary>
            [InequalityConstraint]
            public static partial double Second(ReadOnlySpan<double> x) => x[1];

            /// <summary>Doc.</summary>
            [InequalityConstraint]
            public static partial double First(ReadOnlySpan<double> x) => x[0];
        }
        """,
        """
        using System;
        using GenOpt;

        namespace Demo;

        public static partial class Split
        {
            /// <summary>Doc.</summary>
            [InequalityConstraint]
            public static partial double Third(ReadOnlySpan<double> x) => x[2];
        }
        """,
    ]);

    public static IEnumerable<object[]> Cases() =>
    [
        Case(DiagnosticDescriptors.ConstraintWithoutObjectiveId,
            """
            public static partial class C
            {
                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => x[0]; // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => x[0];
            }
            """),
        Case(DiagnosticDescriptors.ConstraintSignatureId,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [EqualityConstraint]
                public static partial double Fixed(double[] x) => x[0] - 1; // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [EqualityConstraint]
                public static partial double Fixed(ReadOnlySpan<double> x) => x[0] - 1;
            }
            """),
        Case(DiagnosticDescriptors.ConstraintSignatureId,
            """
            public static partial class C
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint(Count = 2)]
                public static partial void Both(ReadOnlySpan<double> x, double[] values) { values[0] = x[0]; values[1] = x[1]; } // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint(Count = 2)]
                public static partial void Both(ReadOnlySpan<double> x, Span<double> values) { values[0] = x[0]; values[1] = x[1]; }
            }
            """),
        Case(DiagnosticDescriptors.ConstraintSignatureId,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public static partial int Positive(ReadOnlySpan<double> x) => 1; // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => 1;
            }
            """),
        Case(DiagnosticDescriptors.ConstraintCountId,
            """
            public static partial class C
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint(Count = 2)] // here
                public static partial double Positive(ReadOnlySpan<double> x) => x[0];
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint(Count = 2)]
                public static partial void Positive(ReadOnlySpan<double> x, Span<double> values) { values[0] = x[0]; values[1] = x[1]; }
            }
            """),
        Case(DiagnosticDescriptors.ConstraintCountId,
            """
            public static partial class C
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint(Count = 0)] // here
                public static partial void None(ReadOnlySpan<double> x, Span<double> values) { }
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint(Count = 1)]
                public static partial void None(ReadOnlySpan<double> x, Span<double> values) { values[0] = 1; }
            }
            """),
        Case(DiagnosticDescriptors.TooManyEqualitiesId,
            """
            public static partial class C
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [EqualityConstraint(Count = 2)]
                public static partial void Pinned(ReadOnlySpan<double> x, Span<double> values) { values[0] = x[0]; values[1] = x[1]; } // here

                [EqualityConstraint]
                public static partial double Sum(ReadOnlySpan<double> x) => x[0] + x[1] - 1;
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [EqualityConstraint]
                public static partial double Pinned(ReadOnlySpan<double> x) => x[0];

                [EqualityConstraint]
                public static partial double Sum(ReadOnlySpan<double> x) => x[0] + x[1] - 1;
            }
            """),
        Case(DiagnosticDescriptors.InstanceConstraintId,
            """
            public partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public partial double Positive(ReadOnlySpan<double> x) => x[0]; // here
            }
            """,
            """
            public partial class C
            {
                [Objective(Dimension = 1)]
                public partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public partial double Positive(ReadOnlySpan<double> x) => x[0];
            }
            """),
        Case(DiagnosticDescriptors.NotPartialMethodId,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public static double Positive(ReadOnlySpan<double> x) => x[0]; // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => x[0];
            }
            """),
        Case(DiagnosticDescriptors.NameClashId,
            """
            public static partial class C
            {
                public static int Problem => 0;

                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => x[0]; // here
            }
            """,
            """
            public static partial class C
            {
                public static int Problems => 0;

                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => x[0];
            }
            """),
        Case(DiagnosticDescriptors.NameClashId,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public static partial double Multipliers(ReadOnlySpan<double> x) => x[0]; // here
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => x[0];
            }
            """),
        Case(DiagnosticDescriptors.NotPartialTypeId,
            """
            public static class C // here
            {
                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => x[0];
            }
            """,
            """
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => x[0];
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
        // No Problem struct is generated for a problem with an error.
        Assert.DoesNotContain(run.GeneratedSources, static s => s.SourceText.ToString().Contains("struct Problem", StringComparison.Ordinal));
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
        Assert.Contains(run.GeneratedSources, static s => s.SourceText.ToString().Contains("struct Problem : global::GenOpt.IConstrainedProblem", StringComparison.Ordinal));
        IEnumerable<Diagnostic> errors = run.Output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1591");
        Assert.True(!errors.Any(), GeneratorHarness.Format(errors));
    }

    [Fact]
    public void ConstraintWithoutObjective_StillGetsItsDeclaringHalf()
    {
        // The user's code keeps binding (no CS8795 / CS0759 cascade): only GENOPT010 explains what is wrong.
        GeneratorRun run = GeneratorHarness.Run(Wrap("""
            public static partial class C
            {
                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => x[0];
            }
            """));
        Assert.Equal(DiagnosticDescriptors.ConstraintWithoutObjectiveId, Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), static d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void ObjectiveWithErrors_DoesNotAlsoReportMissingObjective()
    {
        GeneratorRun run = GeneratorHarness.Run(Wrap("""
            public static partial class C
            {
                [Objective(Dimension = 0)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];

                [InequalityConstraint]
                public static partial double Positive(ReadOnlySpan<double> x) => x[0];
            }
            """));
        Assert.Equal(DiagnosticDescriptors.DimensionId, Assert.Single(run.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void MessagesNameTheProblem()
    {
        GeneratorRun run = GeneratorHarness.Run(Wrap("""
            public static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];

                [EqualityConstraint]
                public static partial double A(ReadOnlySpan<double> x) => x[0];

                [EqualityConstraint]
                public static partial double B(ReadOnlySpan<double> x) => x[0] - 1;
            }
            """));
        string message = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.TooManyEqualitiesId)
            .GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'Demo.C' has 2 equality constraints but only 1 variables", message, StringComparison.Ordinal);
    }

    private static string Wrap(string body) => "using System;\nusing GenOpt;\n\nnamespace Demo;\n\n" + body;

    private static object[] Case(string id, string bad, string good) => [id, bad, good];

    private static void Verify(string source, LanguageVersion version = LanguageVersion.Latest, [CallerMemberName] string testName = "") =>
        Verify([source], version, testName);

    private static void Verify(string[] sources, LanguageVersion version = LanguageVersion.Latest, [CallerMemberName] string testName = "")
    {
        GeneratorRun run = GeneratorHarness.Run(version, sources);

        Assert.Null(run.Result.Exception);
        Assert.True(!run.GeneratorProblems.Any(), GeneratorHarness.Format(run.GeneratorProblems));
        Assert.True(!run.OutputProblems.Any(), GeneratorHarness.Format(run.OutputProblems));
        Assert.Contains(run.GeneratedSources, static s => s.HintName.EndsWith(".Problem.g.cs", StringComparison.Ordinal));

        foreach (GeneratedSourceResult generated in run.GeneratedSources.OrderBy(static s => s.HintName, StringComparer.Ordinal))
        {
            if (generated.HintName.EndsWith(".Problem.g.cs", StringComparison.Ordinal))
                Snapshot.Verify(generated.SourceText.ToString(), testName, generated.HintName);
        }
    }
}
