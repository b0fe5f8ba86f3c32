using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Sources whose names, helpers and attributes could trip the generated code: each compiles together with the
/// generated code without warnings (a build with warnings as errors passes), and the gradients are the true ones.
/// </summary>
public class GeneratedCodeTests
{
    private const string Header = """
        using System;
        using GenOpt;

        """;

    // ---- [Differentiable] helpers: one adjoint each ----

    [Fact]
    public void HelpersWhoseFullNamesDifferOnlyInUnderscoresAndDotsGetTheirOwnAdjoints()
    {
        // A.B_C and A_B.C: once mangled to the same adjoint name, the second call used the first helper's derivative.
        Assembly assembly = CompileClean(Header + """
            namespace Demo;

            public static class A
            {
                [Differentiable]
                public static double B_C(double t) => 1.3 * t * t;
            }

            public static class A_B
            {
                [Differentiable]
                public static double C(double t) => t * t * t + 2 * t;
            }

            internal static partial class F
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => A.B_C(x[0]) + A_B.C(x[1]);
            }
            """);
        double[] x = [0.7, 1.1];
        double[] gradient = Gradient(assembly, "Demo.F", x, out double value);
        AssertRelative(1.3 * 0.49 + 1.331 + 2.2, value);
        AssertRelative(2.6 * x[0], gradient[0]);
        AssertRelative(3 * x[1] * x[1] + 2, gradient[1]);
    }

    [Fact]
    public void HelpersOfANestedTypeAndOfAnUnderscoredTypeGetTheirOwnAdjoints()
    {
        Assembly assembly = CompileClean(Header + """
            namespace Demo;

            public static class Outer
            {
                public static class In
                {
                    [Differentiable]
                    public static double H(double t) => 1.3 * t * t;
                }
            }

            public static class Outer_In
            {
                [Differentiable]
                public static double H(double t) => t * t * t + 2 * t;
            }

            internal static partial class F
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => Outer.In.H(x[0]) * Outer_In.H(x[1]) + Outer_In.H(x[0]);
            }
            """);
        double[] x = [1.3, 0.9];
        double[] gradient = Gradient(assembly, "Demo.F", x, out double value);
        static double H1(double t) => 1.3 * t * t;
        static double H2(double t) => t * t * t + 2 * t;
        static double D1(double t) => 2.6 * t;
        static double D2(double t) => 3 * t * t + 2;
        AssertRelative(H1(x[0]) * H2(x[1]) + H2(x[0]), value);
        AssertRelative(D1(x[0]) * H2(x[1]) + D2(x[0]), gradient[0]);
        AssertRelative(H1(x[0]) * D2(x[1]), gradient[1]);
    }

    [Fact]
    public void HelpersWithUnderscoresAtTheEdgesOfTheirNamesGetTheirOwnAdjoints()
    {
        // "A._B.C" and "A_._B.C" and "A_.B_C": no escaping that merely doubles or drops underscores may collide.
        Assembly assembly = CompileClean(Header + """
            namespace Demo;

            public static class A
            {
                public static class _B { [Differentiable] public static double C(double t) => 2 * t * t; }
            }

            public static class A_
            {
                public static class _B { [Differentiable] public static double C(double t) => 5 * t; }

                [Differentiable] public static double B_C(double t) => t * t * t;
            }

            internal static partial class F
            {
                [Objective(Dimension = 3)]
                public static partial double Value(ReadOnlySpan<double> x) => A._B.C(x[0]) + A_._B.C(x[1]) + A_.B_C(x[2]);
            }
            """);
        double[] x = [0.4, -1.2, 2.5];
        double[] gradient = Gradient(assembly, "Demo.F", x, out _);
        AssertRelative(4 * x[0], gradient[0]);
        AssertRelative(5, gradient[1]);
        AssertRelative(3 * x[2] * x[2], gradient[2]);
    }

    [Fact]
    public void OverloadedHelpersAreDifferentiatedEachWithItsOwnAdjoint()
    {
        Assembly assembly = CompileClean(Header + """
            namespace Demo;

            public static class Helpers
            {
                [Differentiable]
                public static double H(double t) => t * t;

                [Differentiable]
                public static double H(double s, double t) => s * t * t;
            }

            internal static partial class F
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => Helpers.H(x[0]) + Helpers.H(x[0], x[1]);
            }
            """);
        double[] x = [1.5, -0.8];
        double[] gradient = Gradient(assembly, "Demo.F", x, out double value);
        AssertRelative(x[0] * x[0] + x[0] * x[1] * x[1], value);
        AssertRelative(2 * x[0] + x[1] * x[1], gradient[0]);
        AssertRelative(2 * x[0] * x[1], gradient[1]);
    }

    [Fact]
    public void OptionalHelperParametersTakeTheirDefaultsInTheAdjoint()
    {
        Assembly assembly = CompileClean(Header + """
            namespace Demo;

            public static class Helpers
            {
                [Differentiable]
                public static double Scaled(double t, double scale = 2.5, double shift = -0.5) => scale * t * t + shift * t;

                [Differentiable]
                public static double Odd(double t, double a = double.NaN, double b = default, double c = -0.0) => t * t * t + b + c;
            }

            internal static partial class F
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) =>
                    Helpers.Scaled(x[0]) + Helpers.Scaled(x[1], 3) + Helpers.Scaled(x[0], x[1], 4) + Helpers.Odd(x[1]);
            }
            """);
        double[] x = [0.6, 1.7];
        double[] gradient = Gradient(assembly, "Demo.F", x, out double value);
        AssertRelative(2.5 * 0.36 - 0.3 + 3 * 1.7 * 1.7 - 0.85 + 1.7 * 0.36 + 2.4 + 1.7 * 1.7 * 1.7, value);
        AssertRelative(5 * x[0] - 0.5 + 2 * x[1] * x[0] + 4, gradient[0]);
        AssertRelative(6 * x[1] - 0.5 + x[0] * x[0] + 3 * x[1] * x[1], gradient[1]);
    }

    [Fact]
    public void HelpersThatReturnConstantsOrTakeNoParametersCompileCleanly()
    {
        Assembly assembly = CompileClean(Header + """
            namespace Demo;

            public static class Helpers
            {
                [Differentiable]
                public static double One(double t) => 1;

                [Differentiable]
                public static double Half(double t)
                {
                    double h = 0.5;
                    return h;
                }

                [Differentiable]
                public static double Two() => 2;

                [Differentiable]
                public static double Unused(double t, double u) => 3 * t;
            }

            internal static partial class F
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) =>
                    Helpers.One(x[0]) * x[1] + Helpers.Half(x[1]) + Helpers.Two() * x[0] + Helpers.Unused(x[0], x[1]);
            }
            """);
        double[] x = [0.3, -2];
        double[] gradient = Gradient(assembly, "Demo.F", x, out double value);
        AssertRelative(x[1] + 0.5 + 2 * x[0] + 3 * x[0], value);
        AssertRelative(5, gradient[0]);
        AssertRelative(1, gradient[1]);
    }

    // ---- names the generated types take ----

    [Fact]
    public void GeneratedTypesThatHideInheritedMembersAreDeclaredNew()
    {
        // Before: CS0108 ('F.Objective' hides inherited member 'B.Objective') in the generated files.
        Assembly assembly = CompileClean(Header + """
            namespace Demo;

            internal class B
            {
                public int Objective = 1;
                public static int Problem() => 2;
                public string AsObjective = "";
                public void AsProblem() { }
                public int Total => Objective + Problem();
            }

            internal partial class F : B
            {
                [Objective(Dimension = 2)]
                public partial double Value(ReadOnlySpan<double> x) => x[0] * x[1];

                [InequalityConstraint]
                public partial double G(ReadOnlySpan<double> x) => 1 - x[0];
            }

            internal partial class S : B
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[1];

                [InequalityConstraint]
                public static partial double G(ReadOnlySpan<double> x) => 1 - x[0];
            }

            internal class C0
            {
                public class Objective<T> { }          // another name than Objective
            }

            internal class C : C0
            {
                private int Objective = 3;             // not accessible in G: not hidden ('new' would be warning CS0109)
                public int Read => Objective;
                public void AsObjective(int scale) { } // an overload of the generated AsObjective(), which it does not hide
            }

            internal partial class G : C
            {
                [Objective(Dimension = 1)]
                public partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];
            }
            """);
        double[] gradient = Gradient(assembly, "Demo.S", [2, 3], out double value);
        Assert.Equal(6, value);
        Assert.Equal([3.0, 2.0], gradient);
        Assert.NotNull(assembly.GetType("Demo.F+Problem", throwOnError: true));
        Assert.NotNull(assembly.GetType("Demo.S+Problem", throwOnError: true));
    }

    [Fact]
    public void TypesAndMembersNamedObjectiveOrProblemOutsideTheTypeDoNotConflict()
    {
        // The generated code names everything fully qualified, so outer types and members of these names do not matter.
        CompileClean(Header + """
            public class Objective { }
            public class Problem { }

            namespace Demo
            {
                public enum Objective { Minimize }
                public enum Problem { Small }

                internal partial class Outer
                {
                    public int Objective => 1;
                    public int Problem => 2;

                    internal static partial class F
                    {
                        [Objective(Dimension = 2)]
                        public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[1];

                        [InequalityConstraint]
                        public static partial double G(ReadOnlySpan<double> x) => 1 - x[0];
                    }
                }

                internal static class User
                {
                    public static double Use() => new Outer.F.Objective().Value([1, 2]) + (int)Demo.Objective.Minimize;
                }
            }
            """);
    }

    public static TheoryData<string, string> HiddenNames() => new()
    {
        {
            "namespace-level enum",
            """
            namespace Demo;
            public enum Objective { Minimize, Maximize }
            internal static partial class F
            {
                public static int Sense => (int)[|Objective|].Maximize;
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];
            }
            """
        },
        {
            "property of an enclosing type",
            """
            namespace Demo;
            internal partial class Outer
            {
                public static double Problem => 2;
                internal static partial class F
                {
                    [Objective(Dimension = 1)]
                    public static partial double Value(ReadOnlySpan<double> x) => [|Problem|] * x[0];
                    [InequalityConstraint]
                    public static partial double G(ReadOnlySpan<double> x) => 1 - x[0];
                }
            }
            """
        },
        {
            "base-class members",
            """
            namespace Demo;
            internal class B { public double Objective = 1; public int AsObjective() => 3; }
            internal partial class F : B
            {
                public double Scale => [|Objective|] + this.[|Objective|] + base.Objective + [|AsObjective|]();
                [Objective(Dimension = 1)]
                public partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """
        },
        {
            "namespace-level class in a nested type of the objective's type",
            """
            namespace Demo;
            public static class Objective { public static int Count => 2; }
            internal static partial class F
            {
                private static class Inner { public static int N => [|Objective|].Count; }
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(HiddenNames))]
    public void NamesTheGeneratedMembersWouldHideAreReported(string shape, string marked)
    {
        // Before: no GenOpt diagnostic, and the user's own code broke with CS0117/CS0119/CS1955 once the generated member
        // existed (the simple name found it instead).
        var expected = new System.Collections.Generic.List<int>();
        string source = Header + marked;
        for (int start; (start = source.IndexOf("[|", StringComparison.Ordinal)) >= 0;)
        {
            expected.Add(start);
            source = source.Remove(start, 2);
            source = source.Remove(source.IndexOf("|]", StringComparison.Ordinal), 2);
        }
        GeneratorRun run = GeneratorHarness.Run(source);
        Diagnostic[] reported = run.GeneratorDiagnostics.Where(static d => d.Id == DiagnosticDescriptors.HiddenNameId).ToArray();
        Assert.True(expected.Count == reported.Length, shape + ": " + GeneratorHarness.Format(run.GeneratorDiagnostics));
        Assert.Equal(expected, reported.Select(static d => d.Location.SourceSpan.Start).Order());
        Assert.All(reported, static d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.DoesNotContain(run.GeneratorProblems, static d => d.Id != DiagnosticDescriptors.HiddenNameId);
    }

    [Fact]
    public void QualifiedNamesAndTheGeneratedMembersThemselvesAreNotReported()
    {
        CompileClean(Header + """
            namespace Demo;
            public enum Objective { Minimize, Maximize }
            internal class B { public double Problem = 1; }
            internal partial class F : B
            {
                public static int Sense => (int)global::Demo.Objective.Maximize + (int)Demo.Objective.Minimize;
                public double Scale => base.Problem;
                public static string Name => nameof(Objective);
                public static int N => Objective.Dimension + Problem.Dimension;
                public Objective Wrap() => new Objective(this);
                [Objective(Dimension = 1)]
                public partial double Value(ReadOnlySpan<double> x) => x[0];
                [InequalityConstraint]
                public partial double G(ReadOnlySpan<double> x) => 1 - x[0];
            }
            """);
    }

    [Fact]
    public void MultiplierExtensionClassesHaveUniqueNames()
    {
        // Before: Outer.In and OuterIn both got 'OuterInProblemExtensions', and F's collided with the user's
        // FProblemExtensions (CS0101).
        Assembly assembly = CompileClean(Header + """
            namespace Demo;

            internal static class FProblemExtensions { }

            internal static partial class F
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[1];

                [InequalityConstraint]
                public static partial double G(ReadOnlySpan<double> x) => 1 - x[0];
            }

            internal static partial class Outer
            {
                internal static partial class In
                {
                    [Objective(Dimension = 2)]
                    public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[1];

                    [InequalityConstraint]
                    public static partial double G(ReadOnlySpan<double> x) => 1 - x[0];
                }
            }

            internal static partial class OuterIn
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[1];

                [InequalityConstraint]
                public static partial double G(ReadOnlySpan<double> x) => 1 - x[0];
            }
            """);
        foreach (string name in new[] { "Demo.FProblemExtensions2", "Demo.Outer_InProblemExtensions", "Demo.OuterInProblemExtensions" })
            Assert.NotNull(assembly.GetType(name, throwOnError: true));
    }

    // ---- [Obsolete] objectives and constraints ----

    [Fact]
    public void MembersOfAnObsoleteTypeCompile()
    {
        // Before: the namespace-level multiplier extension named the type marked [Obsolete(..., true)]: error CS0619.
        CompileClean(Header + """
            namespace Demo;

            [Obsolete("Old problem.", true)]
            internal partial class J
            {
                [Objective(Dimension = 2)]
                public partial double Value(ReadOnlySpan<double> x) => x[0] * x[1];

                [InequalityConstraint]
                public partial double G(ReadOnlySpan<double> x) => 1 - x[0];
            }
            """);
    }

    [Theory]
    [InlineData("[Obsolete]", "CS0612")]
    [InlineData("[Obsolete(\"Use V2.\")]", "CS0618")]
    [InlineData("[Obsolete(\"Use V2.\", true)]", "CS0619")]
    [InlineData("[Obsolete(\"Use V2.\", DiagnosticId = \"DEMO001\")]", "DEMO001")]
    public void ObsoleteObjectivesAndConstraintsMakeTheGeneratedMembersObsolete(string obsolete, string useDiagnostic)
    {
        // Before: the generated Value/ValueAndGradient/Problem called the obsolete methods (CS0612, CS0618, or error CS0619).
        string source = Header + $$"""
            namespace Demo;

            internal static partial class F
            {
                {{obsolete}}
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[1];
            }

            internal partial class I
            {
                [Objective(Dimension = 2)]
                public partial double Value(ReadOnlySpan<double> x) => x[0] + x[1];

                {{obsolete}}
                [InequalityConstraint]
                public partial double G(ReadOnlySpan<double> x) => 1 - x[0];

                [EqualityConstraint]
                public partial double H(ReadOnlySpan<double> x) => x[1] - 0.5;
            }

            internal partial class IO
            {
                {{obsolete}}
                [Objective(Dimension = 2)]
                public partial double Value(ReadOnlySpan<double> x) => x[0] - x[1];
            }
            """;
        Assembly assembly = CompileClean(source);
        Assert.NotNull(assembly.GetType("Demo.IO", throwOnError: true)!.GetMethod("AsObjective")!.GetCustomAttribute<ObsoleteAttribute>());
        Assert.NotNull(assembly.GetType("Demo.IO+Objective", throwOnError: true)!.GetCustomAttribute<ObsoleteAttribute>());
        double[] gradient = Gradient(assembly, "Demo.F", [2, 3], out double value);
        Assert.Equal(6, value);
        Assert.Equal([3.0, 2.0], gradient);
        foreach (string type in new[] { "Demo.F+Objective", "Demo.I+Problem" })
            Assert.NotNull(assembly.GetType(type, throwOnError: true)!.GetCustomAttribute<ObsoleteAttribute>());

        // Code that uses the generated members is told, like code that calls the methods.
        GeneratorRun run = GeneratorHarness.Run(source + """

            internal static class User
            {
                public static double Use() => new F.Objective().Value([1, 2]) + new I().AsProblem().Value([1, 2]);
            }
            """);
        Assert.Contains(run.OutputProblems, d => d.Id == useDiagnostic && d.Location.SourceTree?.FilePath == "Input0.cs");
        Assert.DoesNotContain(run.OutputProblems, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void AProblemWithSeveralObsoleteConstraintsCompiles()
    {
        Assembly assembly = CompileClean(Header + """
            namespace Demo;

            internal static partial class K
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0] + x[1];

                [Obsolete("Warns.")]
                [InequalityConstraint]
                public static partial double G(ReadOnlySpan<double> x) => 1 - x[0];

                [Obsolete("Fails.", true)]
                [EqualityConstraint]
                public static partial double H(ReadOnlySpan<double> x) => x[1] - 0.5;
            }
            """);
        Assert.NotNull(assembly.GetType("Demo.K+Problem", throwOnError: true)!.GetCustomAttribute<ObsoleteAttribute>());
    }

    [Fact]
    public void ObsoleteMembersThatABodyUsesRaiseNoWarningInTheGeneratedCode()
    {
        // The user's body reports (and here suppresses) its use of obsolete members; the generated code repeating it must not
        // raise the warnings again.
        Assembly assembly = CompileClean(Header + """
            namespace Demo;

            [Obsolete("Old data.")]
            internal static class Old
            {
                public static readonly double[] Weights = [2, 3];
            }

            internal static class Helpers
            {
                [Obsolete, Differentiable]
                public static double Square(double t) => t * t;
            }

            internal static partial class F
            {
            #pragma warning disable CS0612, CS0618
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) => Old.Weights[0] * Helpers.Square(x[0]) + Old.Weights[1] * x[1];

                [InequalityConstraint]
                public static partial double G(ReadOnlySpan<double> x) => Helpers.Square(x[1]) - x[0];
            #pragma warning restore CS0612, CS0618
            }
            """);
        double[] gradient = Gradient(assembly, "Demo.F", [0.5, 3], out double value);
        Assert.Equal(9.5, value);
        Assert.Equal([2.0, 3.0], gradient);
    }

    // ---- helpers ----

    /// <summary>Runs the generator; the output must compile without errors or warnings, with analytic gradients only.</summary>
    private static Assembly CompileClean(string source, bool analytic = true) =>
        GeneratorHarness.CompileAndLoad(GeneratorHarness.Run(source), analytic);

    private static double[] Gradient(Assembly assembly, string typeName, double[] x, out double value)
    {
        Type type = assembly.GetType(typeName + "+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        var gradient = new double[x.Length];
        value = objective.ValueAndGradient(x, gradient);
        Assert.Equal(objective.Value(x), value);
        return gradient;
    }

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
