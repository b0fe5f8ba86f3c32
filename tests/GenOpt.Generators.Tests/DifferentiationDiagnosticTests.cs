using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Bodies outside the differentiable subset: the gradient falls back to finite differences, GENOPT101 names the
/// construct where it is and GENOPT100 says why; malformed bodies never make the generator throw.
/// </summary>
public class DifferentiationDiagnosticTests
{
    private const string Header = "using System;\nusing GenOpt;\nnamespace Demo;\n";

    private static string Objective(string body, string members = "") =>
        Header + "public static partial class C\n{\n" + members + "\n[Objective(Dimension = 3)]\npublic static partial double V(ReadOnlySpan<double> x)\n{\n" + body + "\n}\n}\n";

    public static IEnumerable<object[]> BlockedCases() =>
    [
        Case("while loop", "double s = 0; while (s < 1) s += x[0] * x[0] + 1; return s;", "while (s < 1) s += x[0] * x[0] + 1;", "'while' statement"),
        Case("do loop", "double s = 0; do { s += x[0]; } while (s < 1); return s;", "do { s += x[0]; } while (s < 1);", "'do' statement"),
        Case("unknown call", "return Helper(x[0]);", "Helper(x[0])", "not a differentiable function", "static float Helper(double a) => (float)a;"),
        Case("field assignment", "Count++; return x[0];", "Count", "side effect", "static int Count;"),
        Case("early return", "if (x[0] > 0) return x[0]; return -x[0];", "return x[0];", "'return' before the end"),
        Case("float arithmetic", "return MathF.Sqrt((float)x[0]);", "(float)x[0]", "conversions to 'double'"),
        Case("switch", "switch (x.Length) { default: return x[0]; }", "switch (x.Length) { default: return x[0]; }", "'switch' statement"),
        Case("ref local", "ref readonly double r = ref x[0]; return r;", "ref readonly double r = ref x[0];", "ref locals"),
        Case("index from the point", "return x[(int)x[0]];", "(int)x[0]", "conversions to 'double'"),
        Case("span passed whole", "return Sum(x);", "x", "used as a whole", "static double Sum(ReadOnlySpan<double> v) => v[0];"),
        Case("integer reassigned", "int k = 0; k = 1; return x[k];", "k", "integer 'k' is assigned"),
        Case("loop too long to count", "double s = 0; for (int i = 0; 2000000 > i; i++) s += x[0]; return s;", "for (int i = 0; 2000000 > i; i++) s += x[0];", "more than 1000000"),
        Case("loop with break", "double s = 0; for (int i = 0; i < 3; i++) { if (x[i] > 1) break; s += x[i]; } return s;", "break;", "'break' statement"),
        Case("remainder of a value", "return x[0] % 2;", "x[0] % 2", "remainder"),
        Case("throw", "if (x[0] < 0) throw new ArgumentException(); return x[0];", "throw new ArgumentException();", "'throw' statement"),
        Case("recursive helper", "return H(x[0]);", "H(a - 1)", "recursive", "[Differentiable] static double H(double a) => a > 5 ? a : H(a - 1);"),
        Case("helper with a loop over data of unknown length", "return H(x[0]);", "for (int i = 0; i < D.Length; i++) { s = s * a + D[i]; }", "known only at run time", "static readonly double[] D = { 1, 2 }; [Differentiable] static double H(double a) { double s = 0; for (int i = 0; i < D.Length; i++) { s = s * a + D[i]; } return s; }", blockedAtMethod: true),
    ];

    [Theory]
    [MemberData(nameof(BlockedCases))]
    public void BlockingConstructIsNamedAtItsLocation(string name, string body, string construct, string reason, string members, bool blockedAtMethod)
    {
        string source = Objective(body, members);
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Null(run.Result.Exception);
        Diagnostic note = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.FiniteDifferenceGradientId);
        Assert.Contains(reason, note.GetMessage(), StringComparison.Ordinal);
        if (!blockedAtMethod)
        {
            Diagnostic blocker = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.NotDifferentiableId);
            Assert.Equal(DiagnosticSeverity.Info, blocker.Severity);
            Assert.Equal(construct, source.Substring(blocker.Location.SourceSpan.Start, blocker.Location.SourceSpan.Length));
            Assert.StartsWith($"'{construct}' blocks the analytic derivative of 'C.V'", blocker.GetMessage(), StringComparison.Ordinal);
            Assert.Contains(reason, blocker.GetMessage(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(construct.Split(' ')[0], source, StringComparison.Ordinal);
        }
        Assert.Contains("FiniteDifference.CentralGradient", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
        Assert.True(!run.OutputProblems.Any(static d => d.Severity == DiagnosticSeverity.Error), $"{name}: " + GeneratorHarness.Format(run.OutputProblems));
        Assert.True(!run.GeneratedFileProblems.Any(), $"{name}: " + GeneratorHarness.Format(run.GeneratedFileProblems));
    }

    [Fact]
    public void ConstraintThatCannotBeDifferentiatedKeepsFiniteDifferenceJacobiansForTheProblem()
    {
        GeneratorRun run = GeneratorHarness.Run(Header + """
            public static partial class P
            {
                [Objective(Dimension = 2)]
                public static partial double V(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];

                [InequalityConstraint]
                public static partial double Smooth(ReadOnlySpan<double> x) => 1 - x[0];

                [EqualityConstraint(Count = 2)]
                public static partial void Rough(ReadOnlySpan<double> x, Span<double> values)
                {
                    values[0] = x[0] - x[1];
                    values[1] = values[0] * 2;
                }
            }
            """);
        Diagnostic blocker = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.NotDifferentiableId);
        Assert.Contains("reading 'values' back", blocker.GetMessage(), StringComparison.Ordinal);
        Diagnostic note = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.FiniteDifferenceGradientId);
        Assert.StartsWith("The Jacobian of 'P.Rough'", note.GetMessage(), StringComparison.Ordinal);
        string problem = run.GeneratedSources.Single(static s => s.HintName.EndsWith("Problem.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("FiniteDifference.CentralConstraintJacobians", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("FiniteDifference.CentralGradient", problem, StringComparison.Ordinal); // the objective is still exact
        Assert.True(!run.OutputProblems.Any(static d => d.Severity == DiagnosticSeverity.Error), GeneratorHarness.Format(run.OutputProblems));
    }

    public static IEnumerable<object[]> MalformedBodies() =>
    [
        [Objective("return x[0]")],
        [Objective("return x[;")],
        [Objective("double s = ; return s;")],
        [Objective("for (int i = 0; i < ; i++) { } return 0;")],
        [Objective("for (;;) { } return 0;")],
        [Objective("for (int i = 0, j = 0; i < 3; i++, j++) { } return x[0];")],
        [Objective("for (int i = 3; i > 0; i += 0) { } return x[0];")],
        [Objective("for (int i = int.MaxValue - 1; i > 0; i++) { } return x[0];")],
        [Objective("for (int i = 0; i < 3; i /= 2) { } return x[0];")],
        [Objective("return Math.Sqrt(;")],
        [Objective("return Math.Log(x[0], 2);")],
        [Objective("return Unknown(x[0]);")],
        [Objective("return x[0] ? 1 : 2;")],
        [Objective("double a = x[0]; return a +;")],
        [Objective("if (x[0] > ) return 1; return 0;")],
        [Objective("return H(x[0]);", "[Differentiable] static double H(double a) { return a +; }")],
        [Objective("return H(x[0]);", "[Differentiable] static double H(double a);")],
        [Objective("return H(x[0], 2);", "[Differentiable] static double H(double a, int k) => a * k;")],
        [Objective("return H(x[0]);", "[Differentiable] double H(double a) => a;")],
        [Objective("return H(x[0]);", "[Differentiable] static double H(double a) => G(a); [Differentiable] static double G(double a) => H(a);")],
        [Objective("const double c = 1e308 * 10; return c * x[0];")],
        [Objective("double v = double.NaN; return v + x[0];")],
        [Objective("return x[0] / 0;")],
        [Objective("int n = x.Length / 0; return x[0];")],
        [Objective("return x[3];")],
        [Objective("double[] a = { x[0] }; return a[0];")],
        [Objective("var t = (x[0], x[1]); return t.Item1;")],
        [Objective("return checked(x[0] + 1);")],
        [Objective("return default;")],
        [Objective("return x[0] is > 0 ? x[0] : 0;")],
        [Objective("double s = 0; foreach (var v in x) s += v; foreach (var w in new[] { 1.0 }) s += w; return s;")],
        [Objective("return (x[0] switch { > 0 => 1.0, _ => x[1] });")],
        [Objective("double Local(double a) => a * a; return Local(x[0]);")],
    ];

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void MalformedOrUnusualBodiesNeverMakeTheGeneratorThrow(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.GeneratorFailureId);
        Assert.DoesNotContain(run.GeneratorDiagnostics, static d => d.GetMessage().Contains("differentiator failed", StringComparison.Ordinal));
        foreach (GeneratedSourceResult generated in run.GeneratedSources)
            Assert.Empty(CSharpSyntaxTree.ParseText(generated.SourceText, GeneratorHarness.ParseOptions).GetDiagnostics());
        // When the user's code compiles, so does the generated code.
        if (!run.Input.GetDiagnostics().Any(static d => d.Severity == DiagnosticSeverity.Error && d.Id is not ("CS8795" or "CS0759")))
        {
            Assert.True(!run.Output.GetDiagnostics().Any(static d => d.Severity == DiagnosticSeverity.Error),
                GeneratorHarness.Format(run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error)));
        }
    }

    private static object[] Case(string name, string body, string construct, string reason, string members = "", bool blockedAtMethod = false) =>
        [name, body, construct, reason, members, blockedAtMethod];
}
