using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenOpt.Generators.Tests;

/// <summary>The pipeline caches: edits elsewhere do not regenerate, and the model holds no compilation objects.</summary>
public class IncrementalTests
{
    private const string Objectives = """
        using System;
        using GenOpt;

        namespace Demo;

        public static partial class Sphere
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
        }

        public partial class Broken
        {
            [Objective(Dimension = 0)]
            public partial double Value(ReadOnlySpan<double> x) => x[0];
        }

        public static partial class Disk
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] + x[1];

            [InequalityConstraint]
            public static partial double Inside(ReadOnlySpan<double> x) => 1 - x[0] * x[0] - x[1] * x[1];

            [EqualityConstraint]
            public static partial double OnLine(ReadOnlySpan<double> x) => x[0] - x[1];
        }
        """;

    [Fact]
    public void AddingAnUnrelatedFileReusesEveryStep()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Objectives, "namespace Demo; public class Unrelated { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results[0];
        Assert.Equal(3, first.GeneratedSources.Length); // Sphere.Objective, Disk.Objective, Disk.Problem
        Assert.Contains(first.Diagnostics, static d => d.Id == DiagnosticDescriptors.DimensionId);

        CSharpCompilation edited = compilation
            .ReplaceSyntaxTree(
                compilation.SyntaxTrees.ElementAt(1),
                CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int Edited; }", GeneratorHarness.ParseOptions, path: "Input1.cs"))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; class Added { }", GeneratorHarness.ParseOptions, path: "Input2.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results[0];

        Assert.Equal(first.GeneratedSources.Select(static s => s.SourceText.ToString()), second.GeneratedSources.Select(static s => s.SourceText.ToString()));
        Assert.Equal(first.Diagnostics.Select(static d => d.ToString()), second.Diagnostics.Select(static d => d.ToString()));

        foreach (string name in TrackingNames.All)
        {
            Assert.True(second.TrackedSteps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> steps), $"step {name} was not tracked");
            AssertAllReused(name, steps);
        }
        Assert.True(second.TrackedOutputSteps.TryGetValue("SourceOutput", out ImmutableArray<IncrementalGeneratorRunStep> outputs));
        AssertAllReused("SourceOutput", outputs);
    }

    [Fact]
    public void EditingTheObjectiveRegenerates()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Objectives);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Objectives.Replace("Dimension = 3", "Dimension = 4"), GeneratorHarness.ParseOptions, path: "Input0.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results[0];

        Assert.Contains("public static int Dimension => 4;", second.GeneratedSources.Single(static s => s.HintName == "Demo.Sphere.Objective.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        Assert.Contains(
            second.TrackedSteps[TrackingNames.Specs].SelectMany(static s => s.Outputs),
            static output => output.Reason == IncrementalStepRunReason.Modified);
    }

    private const string Problems = """
        using System;
        using GenOpt;

        namespace Demo;

        public static partial class Disk
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1];

            [InequalityConstraint]
            public static partial double Inside(ReadOnlySpan<double> x) => 1 - x[0] * x[0] - x[1] * x[1];

            [EqualityConstraint]
            public static partial double OnLine(ReadOnlySpan<double> x) => x[0] - x[1];
        }

        public static partial class Orphan
        {
            [InequalityConstraint]
            public static partial double Alone(ReadOnlySpan<double> x) => x[0];
        }
        """;

    [Theory]
    [InlineData("\n\n\n", "namespace Demo;")] // blank lines above everything
    [InlineData("    // Keep the point inside the disk.\n    // (A second line.)\n\n", "    [InequalityConstraint]\n    public static partial double Inside")] // a comment above a constraint
    public void ShiftingLinesAboveAConstraintRegeneratesNothing(string inserted, string before)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Problems);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results[0];
        Assert.Equal(["Demo.Disk.Objective.g.cs", "Demo.Disk.Problem.g.cs", "Demo.Orphan.Problem.g.cs"], first.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
        Diagnostic orphan = Assert.Single(first.Diagnostics, static d => d.Id == DiagnosticDescriptors.ConstraintWithoutObjectiveId);

        string text = Problems.Replace("\r\n", "\n", StringComparison.Ordinal);
        int at = text.IndexOf(before, StringComparison.Ordinal);
        Assert.True(at >= 0);
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(text.Insert(at, inserted), GeneratorHarness.ParseOptions, path: "Input0.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results[0];

        // The constraints were parsed again and their locations moved (the diagnostics channel) ...
        int shift = inserted.Count(static c => c == '\n');
        Assert.Contains(second.TrackedSteps[TrackingNames.InequalityResults].SelectMany(static s => s.Outputs),
            static output => output.Reason == IncrementalStepRunReason.Modified);
        Diagnostic moved = Assert.Single(second.Diagnostics, static d => d.Id == DiagnosticDescriptors.ConstraintWithoutObjectiveId);
        Assert.Equal(orphan.GetMessage(System.Globalization.CultureInfo.InvariantCulture), moved.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(orphan.Location.GetLineSpan().StartLinePosition.Line + shift, moved.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(second.TrackedSteps[TrackingNames.ProblemDiagnostics].SelectMany(static s => s.Outputs),
            static output => output.Reason == IncrementalStepRunReason.Modified);

        // ... but no spec changed, so neither the objective's file nor the problems' files were written again.
        foreach (string name in new[] { TrackingNames.Specs, TrackingNames.ProblemObjectives, TrackingNames.Problems })
            AssertAllReused(name, second.TrackedSteps[name]);
        Assert.Equal(first.GeneratedSources.Select(static s => s.SourceText.ToString()), second.GeneratedSources.Select(static s => s.SourceText.ToString()));
    }

    [Fact]
    public void EditingTheObjectiveBodyKeepsTheProblem()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Problems);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results[0];

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Problems.Replace("x[0] * x[0] + x[1];", "x[0] * x[0] + 2 * x[1];", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: "Input0.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results[0];

        // The objective's gradient is written again; the problem, which calls it, is not.
        static string Source(GeneratorRunResult run, string hintName) => run.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
        Assert.NotEqual(Source(first, "Demo.Disk.Objective.g.cs"), Source(second, "Demo.Disk.Objective.g.cs"));
        Assert.Contains(second.TrackedSteps[TrackingNames.Specs].SelectMany(static s => s.Outputs),
            static output => output.Reason == IncrementalStepRunReason.Modified);
        AssertAllReused(TrackingNames.ProblemObjectives, second.TrackedSteps[TrackingNames.ProblemObjectives]);
        AssertAllReused(TrackingNames.Problems, second.TrackedSteps[TrackingNames.Problems]);
        Assert.Equal(Source(first, "Demo.Disk.Problem.g.cs"), Source(second, "Demo.Disk.Problem.g.cs"));
    }

    [Fact]
    public void FileNamesAreMadeUniqueIgnoringCase()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GenOpt;
            namespace Demo;
            internal static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => x[0]; }
            internal static partial class c { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => x[1]; }
            """);

        Assert.Equal(["Demo.C.Objective.g.cs", "Demo.c.Objective.2.g.cs"], run.GeneratedSources.Select(static s => s.HintName));
        Assert.DoesNotContain(run.Output.GetDiagnostics(), static d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void ModelTypesHoldNoCompilationObjects()
    {
        Type[] forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree)];
        var visited = new HashSet<Type>();
        List<string> problems = WalkModel(forbidden, visited, typeof(ObjectiveResult), typeof(ConstraintResult), typeof(ProblemResult));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Contains(typeof(ObjectiveSpec), visited);
        Assert.Contains(typeof(ConstraintSpec), visited);
        Assert.Contains(typeof(ProblemSpec), visited);
        Assert.Contains(typeof(ProblemObjectiveSpec), visited);
        Assert.Contains(typeof(ProblemFinding), visited);
        Assert.Contains(typeof(TypeSpec), visited);
        Assert.Contains(typeof(DiagnosticInfo), visited);
        Assert.Contains(typeof(LocationInfo), visited);
        Assert.Contains(typeof(ContainingTypeSpec), visited);
    }

    [Fact]
    public void SpecsHoldNoPositions()
    {
        // Positions live on the diagnostics channel (DiagnosticInfo, ConstraintResult.Location): a spec that held one would change,
        // and regenerate its file, whenever a line is added above its method.
        Type[] forbidden = [typeof(LocationInfo), typeof(DiagnosticInfo), typeof(Microsoft.CodeAnalysis.Text.TextSpan),
            typeof(Microsoft.CodeAnalysis.Text.LinePositionSpan), typeof(Microsoft.CodeAnalysis.Text.LinePosition), typeof(FileLinePositionSpan)];
        var visited = new HashSet<Type>();
        List<string> problems = WalkModel(forbidden, visited, typeof(ObjectiveSpec), typeof(ProblemSpec), typeof(ProblemFinding));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Contains(typeof(ConstraintSpec), visited);
        Assert.Contains(typeof(DerivativeModel), visited);

        // The guard sees a position where there is one.
        Assert.NotEmpty(WalkModel(forbidden, [], typeof(ConstraintResult)));
    }

    /// <summary>
    /// Walks the fields of <paramref name="roots"/> and the types they reach, and lists what a pipeline model must not
    /// hold: the <paramref name="forbidden"/> types, arrays outside <see cref="EquatableArray{T}"/>, types without value equality.
    /// </summary>
    private static List<string> WalkModel(Type[] forbidden, HashSet<Type> visited, params Type[] roots)
    {
        var problems = new List<string>();
        foreach (Type root in roots)
            Walk(root, root.Name);
        return problems;

        void Walk(Type type, string path)
        {
            if (!visited.Add(type))
                return;
            if (forbidden.Any(f => f.IsAssignableFrom(type)))
            {
                problems.Add($"{path}: {type} is not allowed in the pipeline model");
                return;
            }
            if (type.IsPrimitive || type.IsEnum || type == typeof(string))
                return;
            if (type.IsArray)
            {
                if (!path.EndsWith("._items", StringComparison.Ordinal)) // only inside EquatableArray
                    problems.Add($"{path}: arrays compare by reference; use EquatableArray<T>");
                Walk(type.GetElementType()!, path + "[]");
                return;
            }
            if (type.IsGenericType && type.GetGenericTypeDefinition() != typeof(EquatableArray<>)
                && type.GetGenericTypeDefinition() != typeof(Nullable<>))
            {
                problems.Add($"{path}: {type} may not compare by value; use EquatableArray<T> or a record");
            }
            if (!type.IsValueType && !type.IsSealed)
                problems.Add($"{path}: {type} should be sealed");
            if (!typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type))
                problems.Add($"{path}: {type} does not implement IEquatable<{type.Name}>");
            foreach (Type argument in type.GetGenericArguments())
                Walk(argument, $"{path}<{argument.Name}>");
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                Walk(field.FieldType, path + "." + field.Name);
        }
    }

    private static void AssertAllReused(string name, ImmutableArray<IncrementalGeneratorRunStep> steps)
    {
        foreach (IncrementalGeneratorRunStep step in steps)
        {
            foreach ((object value, IncrementalStepRunReason reason) in step.Outputs)
            {
                Assert.True(
                    reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {name} produced {value} with reason {reason}");
            }
        }
    }
}
