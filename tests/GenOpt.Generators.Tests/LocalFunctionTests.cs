using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Local functions of an objective, and static helpers of the compilation without [Differentiable], are differentiated
/// like [Differentiable] helpers: the generated code compiles without warnings, the gradient is analytic and matches
/// closed forms and central differences. Recursion and captured point-dependent locals keep finite differences.
/// </summary>
public class LocalFunctionTests
{
    private const string Header = """
        using System;
        using GenOpt;
        namespace Demo;

        """;

    [Fact]
    public void StaticLocalFunctionsDifferentiate()
    {
        Assembly assembly = CompileAnalytic(Header + """
            internal static partial class F
            {
                [Objective(Dimension = 3)]
                public static partial double Value(ReadOnlySpan<double> x)
                {
                    double s = Square(x[0] - 1) + 3 * Square(x[1] * x[2]);
                    return s + Smooth(x[2]);

                    static double Square(double t) => t * t;

                    static double Smooth(double t)
                    {
                        double e = Math.Exp(-t);
                        return Math.Log(1 + e) + t;
                    }
                }
            }
            """);
        IDifferentiableObjective objective = Static(assembly, "Demo.F");
        foreach (double[] x in Points(3))
        {
            double[] gradient = CheckAgainstDifferences(objective, x);
            double e = Math.Exp(-x[2]);
            AssertRelative(2 * (x[0] - 1), gradient[0]);
            AssertRelative(6 * x[1] * x[2] * x[2], gradient[1]);
            AssertRelative(6 * x[1] * x[1] * x[2] - e / (1 + e) + 1, gradient[2]);
        }
    }

    [Fact]
    public void LocalFunctionsReadingFieldsOfAnInstanceObjectiveDifferentiate()
    {
        Assembly assembly = CompileAnalytic(Header + """
            internal sealed partial class Fit
            {
                private readonly double[] _targets;
                private readonly double _scale;
                public Fit(double[] targets, double scale) { _targets = targets; _scale = scale; }

                [Objective(Dimension = 3)]
                public partial double Loss(ReadOnlySpan<double> x)
                {
                    double sum = 0;
                    for (int i = 0; i < 3; i++)
                        sum += Residual(x[i], _targets[i]) * (i + 1);
                    return sum;

                    double Residual(double v, double target)
                    {
                        double r = _scale * v - target;
                        return r * r;
                    }
                }
            }

            internal partial class Damped
            {
                public double Weight = 1;

                [Objective(Dimension = 2)]
                public partial double Loss(ReadOnlySpan<double> x)
                {
                    return Term(x[0]) + Term(x[1] * x[0]);

                    double Term(double t) => Weight * Math.Sin(t) * t;
                }
            }
            """);
        double[] targets = [0.5, -1, 2];
        object fit = Activator.CreateInstance(assembly.GetType("Demo.Fit", throwOnError: true)!, [targets, 1.5])!;
        var objective = (IDifferentiableObjective)fit.GetType().GetMethod("AsObjective")!.Invoke(fit, null)!;
        foreach (double[] x in Points(3))
        {
            double[] gradient = CheckAgainstDifferences(objective, x);
            for (int i = 0; i < 3; i++)
                AssertRelative(2 * (1.5 * x[i] - targets[i]) * 1.5 * (i + 1), gradient[i]);
        }

        Type dampedType = assembly.GetType("Demo.Damped", throwOnError: true)!;
        object damped = Activator.CreateInstance(dampedType)!;
        dampedType.GetField("Weight")!.SetValue(damped, 2.5);
        var dampedObjective = (IDifferentiableObjective)dampedType.GetMethod("AsObjective")!.Invoke(damped, null)!;
        foreach (double[] x in Points(2))
        {
            double[] gradient = CheckAgainstDifferences(dampedObjective, x);
            double u = x[1] * x[0];
            double du = 2.5 * (Math.Cos(u) * u + Math.Sin(u));
            AssertRelative(2.5 * (Math.Cos(x[0]) * x[0] + Math.Sin(x[0])) + du * x[1], gradient[0]);
            AssertRelative(du * x[0], gradient[1]);
        }
    }

    [Fact]
    public void LocalFunctionWithALoopReadingAnOuterIntegerDifferentiates()
    {
        Assembly assembly = CompileAnalytic(Header + """
            internal static partial class F
            {
                private static readonly double[] Coefficients = { 1, -0.5, 0.25, 2 };

                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x)
                {
                    int degree = 3;
                    int terms = Coefficients.Length;
                    return Polynomial(x[0]) * Polynomial(x[1]) + Polynomial(x[0] * x[1]);

                    double Polynomial(double t)
                    {
                        double p = 0;
                        for (int k = degree; k >= 0; k--)
                            p = p * t + Coefficients[k];
                        double q = 0;
                        for (int k = 0; k < terms; k++)
                            q += t / (k + 1);
                        return p + q;
                    }
                }
            }
            """);
        static double P(double t) => ((2 * t + 0.25) * t - 0.5) * t + 1 + t * (1 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4);
        static double D(double t) => (6 * t + 0.5) * t - 0.5 + (1 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4);
        IDifferentiableObjective objective = Static(assembly, "Demo.F");
        foreach (double[] x in Points(2))
        {
            double[] gradient = CheckAgainstDifferences(objective, x);
            double u = x[0] * x[1];
            AssertRelative(D(x[0]) * P(x[1]) + D(u) * x[1], gradient[0]);
            AssertRelative(P(x[0]) * D(x[1]) + D(u) * x[0], gradient[1]);
        }
    }

    [Fact]
    public void UnmarkedHelpersCallingUnmarkedHelpersDifferentiate()
    {
        Assembly assembly = CompileAnalytic(Header + """
            internal static class Losses
            {
                public static double Huber(double r, double delta = 1.0) => Math.Abs(r) <= delta ? 0.5 * Square(r) : delta * (Math.Abs(r) - 0.5 * delta);
                public static double Square(double t) => Scaled(t, t);
                internal static double Scaled(double a, double b) { double p = a * b; return p; }
            }

            internal static partial class F
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => Losses.Huber(x[0] - 1) + Losses.Square(x[1]) * Losses.Huber(x[0], 0.5);
            }
            """);
        static double H(double r, double d) => Math.Abs(r) <= d ? 0.5 * r * r : d * (Math.Abs(r) - 0.5 * d);
        static double DH(double r, double d) => Math.Abs(r) <= d ? r : d * Math.Sign(r);
        IDifferentiableObjective objective = Static(assembly, "Demo.F");
        foreach (double[] x in new[] { new[] { 0.3, 0.7 }, new[] { 1.4, -0.2 }, new[] { 2.5, 1.3 }, new[] { -0.9, 0.4 } })
        {
            double[] gradient = Gradient(objective, x, out double value);
            AssertRelative(H(x[0] - 1, 1) + x[1] * x[1] * H(x[0], 0.5), value);
            AssertRelative(DH(x[0] - 1, 1) + x[1] * x[1] * DH(x[0], 0.5), gradient[0]);
            AssertRelative(2 * x[1] * H(x[0], 0.5), gradient[1]);
        }
    }

    [Fact]
    public void HelperInAnotherPartialFileDifferentiates()
    {
        Assembly assembly = CompileAnalytic(
            Header + """
            internal static partial class F
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => Bump(x[0]) * x[1] + Bump(x[1]);
            }
            """,
            Header + """
            internal static partial class F
            {
                private static double Bump(double t)
                {
                    double d = t - 0.5;
                    return Math.Exp(-d * d);
                }
            }
            """);
        static double B(double t) => Math.Exp(-(t - 0.5) * (t - 0.5));
        static double DB(double t) => -2 * (t - 0.5) * B(t);
        IDifferentiableObjective objective = Static(assembly, "Demo.F");
        foreach (double[] x in Points(2))
        {
            double[] gradient = CheckAgainstDifferences(objective, x);
            AssertRelative(DB(x[0]) * x[1], gradient[0]);
            AssertRelative(B(x[0]) + DB(x[1]), gradient[1]);
        }
    }

    [Fact]
    public void LocalFunctionsWithOneNameInSiblingBlocksGetTheirOwnAdjoints()
    {
        Assembly assembly = CompileAnalytic(Header + """
            internal static partial class F
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    if (x.Length > 1)
                    {
                        s += G(x[0]);
                        static double G(double t) => t * t * t;
                    }
                    if (x.Length > 0)
                    {
                        s += G(x[1]);
                        static double G(double t) => 5 * t;
                    }
                    return s;
                }
            }
            """);
        IDifferentiableObjective objective = Static(assembly, "Demo.F");
        foreach (double[] x in Points(2))
        {
            double[] gradient = CheckAgainstDifferences(objective, x);
            AssertRelative(3 * x[0] * x[0], gradient[0]);
            AssertRelative(5, gradient[1]);
        }
    }

    [Fact]
    public void LocalFunctionInAConstraintDifferentiates()
    {
        GeneratorRun run = GeneratorHarness.Run(Header + """
            internal sealed partial class P
            {
                public double Radius = 2;

                [Objective(Dimension = 2)]
                public partial double V(ReadOnlySpan<double> x) => x[0] + x[1];

                [InequalityConstraint]
                public partial double Disk(ReadOnlySpan<double> x)
                {
                    return Square(x[0]) + Square(x[1]) - Square(Radius);

                    static double Square(double t) => t * t;
                }

                [EqualityConstraint(Count = 1)]
                public partial void Line(ReadOnlySpan<double> x, Span<double> values)
                {
                    values[0] = Scaled(x[0]) - x[1];

                    double Scaled(double t) => Radius * t;
                }
            }
            """);
        Assembly assembly = Load(run, analytic: true);
        object p = Activator.CreateInstance(assembly.GetType("Demo.P", throwOnError: true)!)!;
        var problem = (IConstrainedProblem)p.GetType().GetMethod("AsProblem")!.Invoke(p, null)!;
        double[] x = [0.7, -1.3];
        var eq = new double[2];
        var ineq = new double[2];
        problem.ConstraintJacobians(x, eq, ineq);
        Assert.Equal([2.0, -1.0], eq);
        AssertRelative(2 * x[0], ineq[0]);
        AssertRelative(2 * x[1], ineq[1]);
    }

    /// <summary>
    /// 'int' parameters of helpers and local functions are passive values passed through (a count, an index, a power):
    /// the adjoint takes them as they are. Covers an unmarked static helper, a [Differentiable] one with an optional
    /// 'int' left out (used as a power), and a local function indexing data with its 'int' parameter inside a loop.
    /// </summary>
    [Fact]
    public void HelpersAndLocalFunctionsWithIntParametersDifferentiate()
    {
        Assembly assembly = CompileAnalytic(Header + """
            internal static partial class F
            {
                private static readonly double[] Weights = { 0.5, 1.5, -0.75 };

                private static double Mean(double squares, int n) => Math.Sqrt(squares / n);

                [Differentiable]
                private static double Power(double t, int k = 3) => Math.Pow(t, k);

                [Objective(Dimension = 3)]
                public static partial double Value(ReadOnlySpan<double> x)
                {
                    double squares = 0, weighted = 0;
                    for (int i = 0; i < 3; i++)
                    {
                        squares += x[i] * x[i];
                        weighted += Weighted(x[i], i);
                    }
                    return Mean(squares, 3) + weighted + Power(x[0]) + Power(x[1], 2);

                    static double Weighted(double v, int index) => Weights[index] * Math.Sin(v);
                }
            }
            """);
        IDifferentiableObjective objective = Static(assembly, "Demo.F");
        double[] w = [0.5, 1.5, -0.75];
        foreach (double[] x in Points(3))
        {
            double[] gradient = CheckAgainstDifferences(objective, x);
            double root = Math.Sqrt((x[0] * x[0] + x[1] * x[1] + x[2] * x[2]) / 3);
            AssertRelative(x[0] / (3 * root) + w[0] * Math.Cos(x[0]) + 3 * x[0] * x[0], gradient[0]);
            AssertRelative(x[1] / (3 * root) + w[1] * Math.Cos(x[1]) + 2 * x[1], gradient[1]);
            AssertRelative(x[2] / (3 * root) + w[2] * Math.Cos(x[2]), gradient[2]);
        }
    }

    [Theory]
    [InlineData("recursive helper", "return H(x[0]);", "static double H(double a) => a > 5 ? a : H(a + 1);", "H(a + 1)", "the helper 'H' is recursive")]
    [InlineData("mutually recursive helpers", "return H(x[0]);", "static double H(double a) => a > 5 ? a : G(a + 1); static double G(double a) => H(2 * a);", "H(2 * a)", "the helper 'H' is recursive")]
    [InlineData("recursive local function", "return L(x[0]); static double L(double a) => a > 5 ? a : L(a + 1);", "", "L(a + 1)", "the local function 'L' is recursive")]
    [InlineData("local function reading a point-dependent local", "double s = x[0] * x[1]; return L(x[2]); double L(double a) => a * s;", "", "s", "the local function 'L' reads 's' of the enclosing method")]
    [InlineData("local function reading a loop counter", "double s = 0; for (int i = 0; i < 3; i++) { s += L(x[i]); double L(double a) => a * i; } return s;", "", "i", "the local function 'L' reads 'i' of the enclosing method")]
    [InlineData("int argument from the point", "int k = 2; return H(x[1], k) + H(x[2], (int)x[0]);", "static double H(double a, int k) => a * k;", "(int)x[0]", "a conversion to 'int' of a value that depends on the point")]
    [InlineData("overloads differing in int and double", "return H(x[0], 2) + H(x[1], 2.5);", "static double H(double a, int k) => a * k; static double H(double a, double b) => a * b;", "H(x[1], 2.5)", "overloads of 'C.H' with 2 parameters that differ in their 'int' and 'double' parameters")]
    [InlineData("helper outside the subset", "return H(x[0]);", "static double H(double a) { double s = 0; while (s < a) { s += 1; if (s > 9) throw new System.Exception(); } return s; }", "throw new System.Exception();", "in the helper 'H', a throw statement is not differentiable")]
    public void HelpersThatCannotBeDifferentiatedFallBackWithAReasonNamingThem(string name, string body, string members, string construct, string reason)
    {
        string source = Header + "internal static partial class C\n{\n" + members + "\n[Objective(Dimension = 3)]\npublic static partial double V(ReadOnlySpan<double> x)\n{\n" + body + "\n}\n}\n";
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Null(run.Result.Exception);
        Diagnostic blocker = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.NotDifferentiableId);
        Assert.Equal(construct, source.Substring(blocker.Location.SourceSpan.Start, blocker.Location.SourceSpan.Length));
        Assert.Contains(reason, blocker.GetMessage(), StringComparison.Ordinal);
        Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.FiniteDifferenceGradientId);
        Assert.Contains("FiniteDifference.CentralGradient", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
        Assert.True(!run.OutputProblems.Any(), $"{name}: " + GeneratorHarness.Format(run.OutputProblems));
    }

    [Fact]
    public void HelperOfAFileLocalTypeFallsBackWithAReason()
    {
        // The generated code is in another file: it cannot name a file-local type.
        string source = Header + """
            file static class Util
            {
                public static double H(double a) => a * a;
            }

            internal static partial class C
            {
                [Objective(Dimension = 1)]
                public static partial double V(ReadOnlySpan<double> x) => Util.H(x[0]);
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Diagnostic blocker = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.NotDifferentiableId);
        Assert.Contains("the helper 'H' is in the file-local type 'Util'", blocker.GetMessage(), StringComparison.Ordinal);
        Assert.True(!run.OutputProblems.Any(), GeneratorHarness.Format(run.OutputProblems));
    }

    [Fact]
    public void LocalFunctionWithBranchesInALoopDifferentiates()
    {
        Assembly assembly = CompileAnalytic(Header + """
            internal static partial class F
            {
                [Objective(Dimension = 3)]
                public static partial double Value(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                        s += Ramp(x[i]) * x[(i + 1) % x.Length];
                    return s;

                    static double Ramp(double t)
                    {
                        double r = t;
                        for (int k = 0; k < 3; k++)
                        {
                            // Pieces that meet with equal slopes at 0.5: central differences stay accurate near it.
                            if (r > 0.5)
                                r = r * r + 0.25;
                            else
                                r = 0.5 + (r - 0.5) * Math.Exp(r - 0.5);
                        }
                        return r;
                    }
                }
            }
            """);
        IDifferentiableObjective objective = Static(assembly, "Demo.F");
        foreach (double[] x in Points(3))
            CheckAgainstDifferences(objective, x);
    }

    [Fact]
    public void LocalFunctionReadingALoopInvariantIntegerOfAnotherLocalFunctionDifferentiates()
    {
        // Reads through two levels of local functions; the integer is fixed before any loop.
        Assembly assembly = CompileAnalytic(Header + """
            internal static partial class F
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x)
                {
                    int n = x.Length;
                    return Outer(x[0]) + Outer(x[1]);

                    double Outer(double t)
                    {
                        return Inner(t) * n;
                        double Inner(double u) => u * u * n;
                    }
                }
            }
            """);
        IDifferentiableObjective objective = Static(assembly, "Demo.F");
        foreach (double[] x in Points(2))
        {
            double[] gradient = CheckAgainstDifferences(objective, x);
            AssertRelative(8 * x[0], gradient[0]);
            AssertRelative(8 * x[1], gradient[1]);
        }
    }

    [Fact]
    public void EditingAnUnmarkedHelperInAnotherFileRegeneratesTheGradient()
    {
        string objective = Header + """
            internal static partial class Uses
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => Shapes.Bump(x[0]) + x[1];
            }
            """;
        string helper = Header + """
            internal static class Shapes
            {
                public static double Bump(double a) => a * a;
            }
            """;
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.CreateCompilation(objective, helper);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        string first = driver.GetRunResult().Results[0].GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("Demo_Shapes_Bump_Adjoint1", first, StringComparison.Ordinal);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.ElementAt(1),
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(helper.Replace("a * a", "Math.Sin(a)"), GeneratorHarness.ParseOptions, path: "Input1.cs"));
        string regenerated = driver.RunGenerators(edited).GetRunResult().Results[0].GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("global::System.Math.Cos(a)", regenerated, StringComparison.Ordinal);
        Assert.DoesNotContain("global::System.Math.Cos(a)", first, StringComparison.Ordinal);
    }

    // ---- helpers ----

    private static double[][] Points(int n)
    {
        var random = new Random(12345 + n);
        return Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, n).Select(_ => -1.5 + 3 * random.NextDouble()).ToArray()).ToArray();
    }

    /// <summary>Runs the generator; the output compiles without warnings and every gradient is analytic.</summary>
    private static Assembly CompileAnalytic(params string[] sources) => Load(GeneratorHarness.Run(sources), analytic: true);

    private static Assembly Load(GeneratorRun run, bool analytic) => GeneratorHarness.CompileAndLoad(run, analytic);

    private static IDifferentiableObjective Static(Assembly assembly, string typeName) =>
        (IDifferentiableObjective)Activator.CreateInstance(assembly.GetType(typeName + "+Objective", throwOnError: true)!)!;

    private static double[] Gradient(IDifferentiableObjective objective, double[] x, out double value)
    {
        var gradient = new double[x.Length];
        value = objective.ValueAndGradient(x, gradient);
        Assert.Equal(objective.Value(x), value); // the forward sweep (and the value methods of local functions) repeat the body exactly
        return gradient;
    }

    /// <summary>The gradient at <paramref name="x"/>, checked against central differences (Richardson-extrapolated).</summary>
    private static double[] CheckAgainstDifferences(IDifferentiableObjective objective, double[] x)
    {
        double[] gradient = Gradient(objective, x, out _);
        for (int j = 0; j < x.Length; j++)
        {
            double h = 1e-3 * Math.Max(1, Math.Abs(x[j]));
            double Central(double step)
            {
                double[] up = (double[])x.Clone(), down = (double[])x.Clone();
                up[j] += step;
                down[j] -= step;
                return (objective.Value(up) - objective.Value(down)) / (up[j] - down[j]);
            }
            double reference = (4 * Central(h / 2) - Central(h)) / 3;
            Assert.True(Math.Abs(gradient[j] - reference) <= 1e-7 * Math.Max(1, Math.Abs(reference)),
                $"d/dx[{j}] at [{string.Join(", ", x)}]: generated {gradient[j]:R}, differences {reference:R}");
        }
        return gradient;
    }

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
