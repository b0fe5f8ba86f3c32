using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Sources as an editor sees them mid-keystroke, and declarations the generator does not support.
/// The generator must never throw, and must answer each with nothing, a generated file, or a specific diagnostic.
/// </summary>
public class RobustnessTests
{
    /// <summary>Generates nothing and reports no GenOpt error (the compiler reports the problem).</summary>
    private const string Nothing = "nothing";

    /// <summary>Generates a file and reports no GenOpt error.</summary>
    private const string Output = "output";

    /// <summary>Only the global rules apply (no exception, generated code parses).</summary>
    private const string Anything = "anything";

    private const string Header = "using System;\nusing GenOpt;\nnamespace Demo;\n";

    public static IEnumerable<object[]> Cases() =>
    [
        // Half-typed attributes
        Case("attribute argument missing", Header + "public static partial class C { [Objective(Dimension = ] public static partial double V(ReadOnlySpan<double> x) => 0; }", Nothing),
        Case("attribute unterminated", Header + "public static partial class C { [Objective(Dimension = 1 public static partial double V(ReadOnlySpan<double> x) => 0; }", Anything),
        Case("attribute bracket unterminated", Header + "public static partial class C { [Objective(Dimension = 1) public static partial double V(ReadOnlySpan<double> x) => 0; }", Anything),
        Case("attribute name only", Header + "public static partial class C { [Objective public static partial double V(ReadOnlySpan<double> x) => 0; }", Anything),
        Case("attribute alone at end of file", Header + "public static partial class C { [Objective(Dimension = 1)]", Anything),
        Case("attribute alone in type", Header + "public static partial class C { [Objective(Dimension = 1)] }", Anything),
        Case("dimension is a string", Header + "public static partial class C { [Objective(Dimension = \"a\")] public static partial double V(ReadOnlySpan<double> x) => 0; }", Nothing),
        Case("dimension is a double", Header + "public static partial class C { [Objective(Dimension = 2.5)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Nothing),
        Case("dimension is an unknown name", Header + "public static partial class C { [Objective(Dimension = Unknown)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Nothing),
        Case("positional argument", Header + "public static partial class C { [Objective(3)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Nothing),
        Case("unknown named argument", Header + "public static partial class C { [Objective(Size = 3)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Nothing),
        Case("dimension set twice", Header + "public static partial class C { [Objective(Dimension = 1, Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Anything),
        Case("dimension negative", Header + "public static partial class C { [Objective(Dimension = -3)] public static partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT005"),
        Case("dimension zero", Header + "public static partial class C { [Objective(Dimension = 0)] public static partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT005"),
        Case("dimension missing", Header + "public static partial class C { [Objective] public static partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT005"),
        Case("dimension missing, empty parentheses", Header + "public static partial class C { [Objective()] public static partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT005"),
        Case("dimension int.MaxValue is accepted", Header + "public static partial class C { [Objective(Dimension = int.MaxValue)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Output),
        Case("dimension from a constant", Header + "public static partial class C { const int N = 5; [Objective(Dimension = N * 2)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Output),
        Case("attribute not imported", "using System;\nnamespace Demo;\npublic static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Nothing),
        Case("qualified attribute name", "using System;\nnamespace Demo;\npublic static partial class C { [global::GenOpt.ObjectiveAttribute(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Output),

        // Half-typed methods
        Case("method without body", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x); }", "GENOPT001"),
        Case("method without return type", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial V(ReadOnlySpan<double> x) => 0; }", Anything),
        Case("parameter list unterminated", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> }", Anything),
        Case("parameter list unterminated at end of file", Header + "public static partial class C { [Objective(Dimension = 1)] partial double V(ReadOnlySpan<double>", Anything),
        Case("expression body unterminated", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => }", Anything),
        Case("body unterminated", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) { return x[0];", Anything),
        Case("parameter without name", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double>) => 0; }", Anything),
        Case("no accessibility", Header + "public static partial class C { [Objective(Dimension = 1)] static partial double V(ReadOnlySpan<double> x) => 0; }", Anything),
        Case("unknown return type", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial Foo V(ReadOnlySpan<double> x) => default; }", Nothing),
        Case("unknown parameter type", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(Foo x) => 0; }", Nothing),
        Case("method at namespace level", Header + "[Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0;", Anything),
        Case("type name missing", Header + "public static partial class { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Anything),
        Case("instance method in a static class", Header + "public static partial class C { [Objective(Dimension = 1)] public partial double V(ReadOnlySpan<double> x) => 0; }", Nothing),

        // Unsupported declarations
        Case("non-partial method", Header + "public static partial class C { [Objective(Dimension = 1)] public static double V(ReadOnlySpan<double> x) => 0; }", "GENOPT001"),
        Case("non-partial type", Header + "public static class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT002"),
        Case("non-partial enclosing type", Header + "public static class O { public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; } }", "GENOPT002"),
        Case("returns float", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial float V(ReadOnlySpan<double> x) => 0; }", "GENOPT003"),
        Case("returns ref double", Header + "public static partial class C { static double s; [Objective(Dimension = 1)] public static partial ref double V(ReadOnlySpan<double> x) => ref s; }", "GENOPT003"),
        Case("returns void", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial void V(ReadOnlySpan<double> x) { } }", "GENOPT003"),
        Case("no parameters", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V() => 0; }", "GENOPT004"),
        Case("two parameters", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x, int y) => 0; }", "GENOPT004"),
        Case("array parameter", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(double[] x) => 0; }", "GENOPT004"),
        Case("span parameter", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(Span<double> x) => 0; }", "GENOPT004"),
        Case("span of int", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<int> x) => 0; }", "GENOPT004"),
        Case("in parameter", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(in ReadOnlySpan<double> x) => 0; }", "GENOPT004"),
        Case("ref parameter", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ref ReadOnlySpan<double> x) => 0; }", "GENOPT004"),
        Case("params parameter", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(params ReadOnlySpan<double> x) => 0; }", "GENOPT004"),
        Case("generic type", Header + "public static partial class C<T> { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT006"),
        Case("generic enclosing type", Header + "public partial class O<T> { public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; } }", "GENOPT006"),
        Case("generic method", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V<T>(ReadOnlySpan<double> x) => 0; }", "GENOPT006"),
        Case("two objectives in a type", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; [Objective(Dimension = 2)] public static partial double W(ReadOnlySpan<double> x) => 0; }", "GENOPT007"),
        Case("two objectives in two parts of a type", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; } public static partial class C { [Objective(Dimension = 2)] public static partial double W(ReadOnlySpan<double> x) => 0; }", "GENOPT007"),
        Case("local function", Header + "public static class C { public static void M() { [Objective(Dimension = 1)] static double V(ReadOnlySpan<double> x) => 0; } }", "GENOPT008"),
        Case("top-level local function", "using System;\nusing GenOpt;\n[Objective(Dimension = 1)] static double V(ReadOnlySpan<double> x) => 0;", "GENOPT008"),
        Case("property", Header + "public partial class C { [Objective(Dimension = 1)] public double P => 0; }", Nothing),
        Case("field", Header + "public partial class C { [Objective(Dimension = 1)] public double F; }", Nothing),
        Case("class", Header + "[Objective(Dimension = 1)] public partial class C { }", Nothing),
        Case("interface", Header + "public partial interface I { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT008"),
        Case("instance method of a ref struct", Header + "public ref partial struct S { [Objective(Dimension = 1)] public partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT008"),
        Case("file-local type", Header + "file static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT008"),
        Case("type already has an Objective member", Header + "public static partial class C { public static int Objective; [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT009"),
        Case("method named Objective", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double Objective(ReadOnlySpan<double> x) => 0; }", "GENOPT009"),
        Case("type named Objective", Header + "public static partial class Objective { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT009"),
        Case("type already has AsObjective", Header + "public partial class C { public void AsObjective() { } [Objective(Dimension = 1)] public partial double V(ReadOnlySpan<double> x) => 0; }", "GENOPT009"),

        // Valid but unusual
        Case("abstract class instance method", Header + "public abstract partial class C { [Objective(Dimension = 1)] public virtual partial double V(ReadOnlySpan<double> x) => 0; }", Output),
        Case("extension method", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(this ReadOnlySpan<double> x) => 0; }", Output),
        Case("unsafe method", Header + "public static partial class C { [Objective(Dimension = 1)] public static unsafe partial double V(ReadOnlySpan<double> x) => 0; }", Output),
        Case("new modifier in derived class", Header + "public partial class B { public double V(ReadOnlySpan<double> x) => 1; } public partial class C : B { [Objective(Dimension = 1)] public new partial double V(ReadOnlySpan<double> x) => 0; }", Output),
        Case("both halves written, attribute on the declaring half", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x); public static partial double V(ReadOnlySpan<double> x) => 0; }", Output),
        Case("both halves written, attribute on both", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x); [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Anything),
        Case("both halves written, no body anywhere", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x); public static partial double V(ReadOnlySpan<double> x); }", Anything),
        Case("type names that differ only in case", Header + "public static partial class C { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; } public static partial class c { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; }", Output),
        Case("record class keyword", Header + "public partial record class R(double A) { [Objective(Dimension = 1)] public partial double V(ReadOnlySpan<double> x) => A; }", Output),
        Case("objective in a struct nested in a static class", Header + "public static partial class O { public partial struct S { [Objective(Dimension = 1)] public partial double V(ReadOnlySpan<double> x) => 0; } }", Output),
        Case("empty file", "", Nothing),

        // Constraints
        Case("constraint count half-typed", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; [InequalityConstraint(Count = )] public static partial void G(ReadOnlySpan<double> x, Span<double> v) { } }", Anything),
        Case("constraint count is a string", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; [InequalityConstraint(Count = \"a\")] public static partial void G(ReadOnlySpan<double> x, Span<double> v) { } }", Anything),
        Case("constraint count int.MaxValue on an equality", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; [EqualityConstraint(Count = int.MaxValue)] public static partial void H(ReadOnlySpan<double> x, Span<double> v) { } }", "GENOPT012"),
        Case("more equality components than variables", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; [EqualityConstraint(Count = 3)] public static partial void H(ReadOnlySpan<double> x, Span<double> v) { } }", "GENOPT013"),
        Case("constraint count overflowing the sum", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; [InequalityConstraint(Count = int.MaxValue)] public static partial void G(ReadOnlySpan<double> x, Span<double> v) { } [InequalityConstraint(Count = int.MaxValue)] public static partial void K(ReadOnlySpan<double> x, Span<double> v) { } }", Anything),
        Case("constraint without parameters", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; [InequalityConstraint] public static partial double G() => 0; }", "GENOPT011"),
        Case("constraint parameter type missing", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; [InequalityConstraint] public static partial double G(Missing x) => 0; }", Anything),
        Case("constraint on a local function", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; static void M() { [InequalityConstraint] static double G(ReadOnlySpan<double> x) => 0; } }", Anything),
        Case("constraint in a generic type", Header + "public static partial class C<T> { [Objective(Dimension = 1)] public static partial double V(ReadOnlySpan<double> x) => 0; [InequalityConstraint] public static partial double G(ReadOnlySpan<double> x) => 0; }", Anything),
        Case("constraint alone at end of file", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; [EqualityConstraint]", Anything),
        Case("both constraint attributes on one method", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; [EqualityConstraint, InequalityConstraint] public static partial double G(ReadOnlySpan<double> x) => 0; }", Anything),
        Case("constraint with both halves written", Header + "public static partial class C { [Objective(Dimension = 2)] public static partial double V(ReadOnlySpan<double> x) => 0; [InequalityConstraint] public static partial double G(ReadOnlySpan<double> x); public static partial double G(ReadOnlySpan<double> x) => 0; }", Output),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void GeneratorAnswersSensibly(string name, string source, string expected)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        GeneratorRunResult result = run.Result;
        string report = $"{name}:{System.Environment.NewLine}{GeneratorHarness.Format(run.GeneratorDiagnostics)}";

        Assert.Null(result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.GeneratorFailureId);
        foreach (GeneratedSourceResult generated in result.GeneratedSources)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(generated.SourceText, GeneratorHarness.ParseOptions);
            Assert.Empty(tree.GetDiagnostics());
        }

        IEnumerable<Diagnostic> errors = run.GeneratorDiagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error);
        switch (expected)
        {
            case Nothing:
                Assert.True(result.GeneratedSources.IsEmpty, report);
                Assert.True(!errors.Any(), report);
                break;
            case Output:
                Assert.True(!errors.Any(), report);
                Assert.False(result.GeneratedSources.IsEmpty, report);
                Assert.True(!run.Output.GetDiagnostics().Any(static d => d.Severity == DiagnosticSeverity.Error),
                    GeneratorHarness.Format(run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error)));
                Assert.True(!run.GeneratedFileProblems.Any(), GeneratorHarness.Format(run.GeneratedFileProblems));
                break;
            case Anything:
                break;
            default:
                Assert.True(errors.Any(d => d.Id == expected), report);
                break;
        }
    }

    [Fact]
    public void ThereAreEnoughCases() => Assert.True(Cases().Count() >= 30);

    private static object[] Case(string name, string source, string expected) => [name, source, expected];
}
