using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

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
        Case("triangular loop over data holding a while loop", "double s = x[0]; for (int i = 0; i < 3; i++) for (int j = 0; j < D[i]; j++) while (s < 9) s = s * 2 + 1; return s;", "for (int j = 0; j < D[i]; j++) while (s < 9) s = s * 2 + 1;", "a for loop whose bound ('global::Demo.C.D[i]') is known only at run time, and whose body holds a while loop", "static readonly int[] D = { 1, 2, 3 };"),
        Case("switch expression without a discard arm", "return x[0] switch { > 1 => x[0], <= 1 => -x[0] };", "x[0] switch { > 1 => x[0], <= 1 => -x[0] }", "a switch expression whose last arm is not '_ => ...' is not differentiable (it throws when no arm matches)"),
        Case("continue skipping a while loop's step", "int i = 0; double s = 0; while (i < 3) { if (x[i] > 1) continue; s += x[i]; i++; } return s;", "continue;", "a continue statement in a while loop stepped by its last statement ('i++') skips the step"),
        Case("break out of a switch from a nested if", "double s = 0; switch (x.Length) { case 3: if (x[0] > 1) { if (x[1] > 1) break; s += 1; } s += x[0]; break; } return s;", "break;", "a break that leaves a switch section from inside another statement is not differentiable"),
        Case("declaration pattern", "double s = 0; switch (x.Length) { case int n when n > 2: s = x[0]; break; } return s;", "int n", "the pattern 'int n' is not differentiable; compare with constants"),
        Case("second while loop stepping one counter", "int i = 0; double s = 0; while (i < 2) { s += x[i]; i++; } while (i < 3) { s *= x[i]; i++; } return s;", "while (i < 3) { s *= x[i]; i++; }", "a second while loop stepping the 'int' counter 'i' is not differentiable"),
        Case("unknown call", "return Helper(x[0]);", "Helper(x[0])", "a call to 'C.Helper', which is not a static 'double' function of 'double' and 'int' values, is not differentiable", "static float Helper(double a) => (float)a;"),
        Case("field assignment", "Count++; return x[0];", "Count", "an assignment to the field 'Count' (a side effect) is not differentiable", "static int Count;"),
        Case("float arithmetic", "return MathF.Sqrt((float)x[0]);", "(float)x[0]", "a conversion to 'float' is not differentiable; compute in 'double'"),
        Case("ref local", "ref readonly double r = ref x[0]; return r;", "ref readonly double r = ref x[0];", "a ref local ('r') is not differentiable"),
        Case("index from the point", "return x[(int)x[0]];", "(int)x[0]", "a conversion to 'int' of a value that depends on the point is not differentiable"),
        Case("span passed whole", "return Sum(x);", "x", "used as a whole", "static double Sum(ReadOnlySpan<double> v) => v[0];"),
        Case("integer reassigned", "int k = 0; k = 1; return x[k];", "k", "an assignment to the integer 'k' is not differentiable"),
        // The counter keeps its count from one outer iteration to the next: not the counted loop restarting at 0.
        Case("while counter declared outside an enclosing loop", "int i = 0; double s = 0; for (int r = 0; r < 2; r++) { while (i < 3) { s += x[i] * r; i++; } } return s;", "i", "an assignment to the integer 'i' is not differentiable"),
        // An 'int' counter next to a condition on the point stays analytic only while it is just compared with a bound.
        Case("counting integer read outside its loop's condition", "double p = x[0]; int n = 0; while (p < 3 && n < 40) { p = p * 1.1 + x[1]; n++; } return p + n;", "n", "an assignment to the integer 'n' is not differentiable"),
        Case("counting integer with a bound that does not stop it", "double p = x[0]; int n = 0; while (p < 3 && n > -5) { p = p * 1.1 + x[1]; n++; } return p;", "n", "an assignment to the integer 'n' is not differentiable"),
        Case("do-while double counter whose condition fails at the start", "double s = 0, k = 5; do { s += x[(int)k - 3]; k += 1; } while (k < 3); return s;", "(int)k", "a conversion to 'int' of the 'double' local 'k' is not differentiable"),
        Case("loop too long to count", "double s = 0; for (int i = 0; 2000000 > i; i++) s += x[0]; return s;", "for (int i = 0; 2000000 > i; i++) s += x[0];", "more than 1000000"),
        Case("remainder of a value", "return x[0] % 2;", "x[0] % 2", "remainder"),
        Case("throw", "if (x[0] < 0) throw new ArgumentException(); return x[0];", "throw new ArgumentException();", "a throw statement is not differentiable"),
        Case("recursive helper", "return H(x[0]);", "H(a - 1)", "a recursive call to 'C.H' is not differentiable; rewrite the recursion as a for loop", "[Differentiable] static double H(double a) => a > 5 ? a : H(a - 1);"),
        Case("helper with a loop over data of unknown length holding a while loop", "return H(x[0]);", "for (int i = 0; i < D.Length; i++) while (s < 9) s += a;", "in the helper 'H', a for loop whose bound ('global::Demo.C.D.Length') is known only at run time, and whose body holds a while loop", "static readonly double[] D = { 1, 2 }; [Differentiable] static double H(double a) { double s = D[0]; for (int i = 0; i < D.Length; i++) while (s < 9) s += a; return s; }"),
    ];

    [Theory]
    [MemberData(nameof(BlockedCases))]
    public void BlockingConstructIsNamedAtItsLocation(string name, string body, string construct, string reason, string members)
    {
        string source = Objective(body, members);
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Null(run.Result.Exception);
        Diagnostic note = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.FiniteDifferenceGradientId);
        Assert.Contains(reason, note.GetMessage(), StringComparison.Ordinal);
        Diagnostic blocker = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.NotDifferentiableId);
        Assert.Equal(DiagnosticSeverity.Warning, blocker.Severity);
        Assert.Equal(construct, source.Substring(blocker.Location.SourceSpan.Start, blocker.Location.SourceSpan.Length));
        Assert.StartsWith($"'{construct}' blocks the analytic derivative of 'C.V'", blocker.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(reason, blocker.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("FiniteDifference.CentralGradient", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
        Assert.True(!run.OutputProblems.Any(static d => d.Severity == DiagnosticSeverity.Error), $"{name}: " + GeneratorHarness.Format(run.OutputProblems));
        Assert.True(!run.GeneratedFileProblems.Any(), $"{name}: " + GeneratorHarness.Format(run.GeneratedFileProblems));
    }

    private const string Here = "/*here*/";

    /// <summary>Bodies with <see cref="Here"/> written just before the construct that blocks the derivative.</summary>
    public static IEnumerable<object[]> LocatedCases() =>
    [
        [Located("return L(x[0]);\nstatic double L(double a) => a > 5 ? a : " + Here + "L(a + 1);"),
            "a recursive call to 'L' is not differentiable; rewrite the recursion as a for loop"],
        [Located("double s = x[0] * x[0];\nreturn L(x[1]);\ndouble L(double a) => a * " + Here + "s;"),
            "the local function 'L' reads 's' of the enclosing method, which is not a constant or an 'int' fixed before any loop; pass it as an argument"],
        [Located("double s = 0;\nwhile (s < 1)\n{\n    s += x[0] * x[0] + 1;\n    " + Here + "Total = s;\n}\nreturn s;", "static double Total;"),
            "an assignment to the field 'Total' (a side effect) is not differentiable"],
        [Located("int i = 0;\ndouble s = 0;\nwhile (i < 3)\n{\n    if (x[i] > 1)\n        " + Here + "continue;\n    s += x[i];\n    i++;\n}\nreturn s;"),
            "a continue statement in a while loop stepped by its last statement ('i++') skips the step; guard the rest of the body with 'if' instead"],
        [Located("double s = 1;\nreturn s * " + Here + "x.Length switch { 3 => x[0], 2 => x[1] };"),
            "a switch expression whose last arm is not '_ => ...' is not differentiable (it throws when no arm matches); end it with a '_' arm"],
        [Located("Span<double> h = stackalloc double[2];\nh[0] = x[0] * x[1];\nh[1] = h[0] * x[2];\nreturn Sum(" + Here + "h);", "static double Sum(Span<double> v) => v[0] + v[1];"),
            "passing the span 'h' to a method is not differentiable; pass its elements ('h[i]') as 'double' arguments"],
        [Located(Here + "Span<float> h = stackalloc float[2];\nreturn x[0];"),
            "a stackalloc span of 'float' ('h') is not differentiable; only 'Span<double>' spans are"],
        [Located(Here + "double[] h = new double[3];\nreturn x[0];"),
            "an array made with 'new' ('h') is not differentiable (and allocates on every call); hold the values in 'Span<double> h = stackalloc double[n]'"],
        [Located(Here + "ReadOnlySpan<double> y = x.Slice(1);\nreturn y[0];"),
            "a span alias of the point ('y') is not differentiable; index the point 'x' directly"],
        [Located("Span<double> h = stackalloc double[3];\nh[0] = x[0];\ndouble s = 0;\nfor (int i = 0; i < 2; i++) s += " + Here + "h.Slice(1)[i];\nreturn s;"),
            "slicing the span 'h' is not differentiable"],
        [Located("Span<double> h = stackalloc double[3];\nh[0] = x[0];\nreturn " + Here + "h[1..][0];"),
            "slicing the span 'h' with a range is not differentiable"],
        [Located("double s = 0;\nfor (int i = 0; i < 3; i++)\n{\n    " + Here + "Span<double> h = stackalloc double[2];\n    h[0] = x[i];\n    s += h[0] * h[0];\n}\nreturn s;"),
            "a stackalloc span ('h') declared inside a loop is not differentiable; declare it once, before the loop"],
        [Located(Here + "Span<double> h = stackalloc double[9000];\nh[0] = x[0];\nreturn h[0];"),
            "the stackalloc spans hold 9000 values, more than the 8192"],
        // k is stepped twice, so it is not a passive counter (declared with an integer, stepped only at the end of its loop).
        [Located("double s = 0, k = 0;\nwhile (k < 2)\n{\n    s += x[" + Here + "(int)k] * x[0];\n    k += 0.5;\n    k += 0.5;\n}\nreturn s;"),
            "a conversion to 'int' of the 'double' local 'k' is not differentiable ('double' locals count as depending on the point, except a counter declared with an integer constant and stepped by an integer constant only at the end of the while or do loop that tests it); count with an 'int' local instead"],
        [Located("return 2 * " + Here + "Convert.ToDouble(x[0]);"),
            "a call to 'Convert.ToDouble', which has no source in this compilation, is not differentiable"],
        [Located("return " + Here + "Math.BitIncrement(x[0]);"),
            "a call to 'Math.BitIncrement', which GenOpt has no derivative for, is not differentiable"],
        [Located("return Square(x[0]);", "static double Square(double a) { double s = 0; while (s < a) s += 1 + 0 * " + Here + "Convert.ToDouble(a); return s * a; }"),
            "in the helper 'Square', a call to 'Convert.ToDouble', which has no source in this compilation, is not differentiable"],
        [Located(Here + "Total = x[0];\nreturn x[0];", "static double Total;"),
            "an assignment to the field 'Total' (a side effect) is not differentiable"],
        [Located("double s = 0;\nforeach (double v in x) s += v;\n" + Here + "foreach (double d in D) s += d * x[0];\nreturn s;", "static readonly double[] D = { 1, 2 };"),
            "a foreach loop over anything but the point is not differentiable"],
        [Located("double s = 0;\n" + Here + "for (int i = 0; i < D.Length; i++)\n{\n    double t = x[0];\n    while (t < 2)\n        t = t * 1.5 + D[i];\n    s = s * 0.5 + t;\n}\nreturn s;", "static readonly double[] D = { 1, 2 };"),
            "a for loop whose bound ('global::Demo.C.D.Length') is known only at run time, and whose body holds a while loop"],
    ];

    [Theory]
    [MemberData(nameof(LocatedCases))]
    public void BlockingConstructIsReportedAtItsLineAndColumnInWordsAUserKnows(string source, string reason)
    {
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Null(run.Result.Exception);
        int at = source.IndexOf(Here, StringComparison.Ordinal) + Here.Length;
        string[] before = source.Substring(0, at).Split('\n');
        var expected = new LinePosition(before.Length - 1, before[^1].Length);
        int methodLine = Array.FindIndex(source.Split('\n'), static l => l.Contains("partial double V(", StringComparison.Ordinal));

        Diagnostic blocker = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.NotDifferentiableId);
        Assert.Equal(expected, blocker.Location.GetLineSpan().StartLinePosition);
        Assert.NotEqual(methodLine, expected.Line);
        string message = blocker.GetMessage();
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotContain("statement is not", message, StringComparison.Ordinal);
        Assert.DoesNotContain("this expression", message, StringComparison.Ordinal);

        Diagnostic note = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.FiniteDifferenceGradientId);
        Assert.Equal(methodLine, note.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(reason, note.GetMessage(), StringComparison.Ordinal);
        Assert.Contains($"line {expected.Line + 1})", note.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("FiniteDifference.CentralGradient", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
        Assert.True(!run.OutputProblems.Any(static d => d.Severity == DiagnosticSeverity.Error), GeneratorHarness.Format(run.OutputProblems));
    }

    private static string Located(string body, string members = "") => Objective(body, members);

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

    private static object[] Case(string name, string body, string construct, string reason, string members = "") =>
        [name, body, construct, reason, members];
}
