using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenOpt.Generators.Tests;

/// <summary>The derivative follows edits of the [Differentiable] helpers it calls, even in other files.</summary>
public class GradientIncrementalTests
{
    private const string ObjectiveSource = """
        using System;
        using GenOpt;

        namespace Demo;

        public static partial class Uses
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => Shapes.Bump(x[0]) + x[1];
        }
        """;

    private const string HelperSource = """
        using System;
        using GenOpt;

        namespace Demo;

        public static class Shapes
        {
            [Differentiable]
            public static double Bump(double a) => a * a;
        }
        """;

    [Fact]
    public void EditingAHelperInAnotherFileRegeneratesTheGradient()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(ObjectiveSource, HelperSource);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        string first = driver.GetRunResult().Results[0].GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("Demo_Shapes_Bump_Adjoint", first, StringComparison.Ordinal);

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.ElementAt(1),
            CSharpSyntaxTree.ParseText(HelperSource.Replace("a * a", "Math.Sin(a)"), GeneratorHarness.ParseOptions, path: "Input1.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results[0];
        string regenerated = second.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("global::System.Math.Cos(a)", regenerated, StringComparison.Ordinal);
        Assert.DoesNotContain("global::System.Math.Cos(a)", first, StringComparison.Ordinal);
    }
}

/// <summary>The first-call gradient check is written into builds that are not optimized only.</summary>
public class GradientCheckOptionTests
{
    private const string Source = """
        using System;
        using GenOpt;
        namespace Demo;
        internal static partial class P
        {
            [Objective(Dimension = 2)]
            internal static partial double V(ReadOnlySpan<double> x) => x[0] * x[1];

            [InequalityConstraint]
            internal static partial double G(ReadOnlySpan<double> x) => 1 - x[0];
        }
        """;

    [Theory]
    [InlineData(OptimizationLevel.Debug, true)]
    [InlineData(OptimizationLevel.Release, false)]
    public void CheckFollowsTheOptimizationLevel(OptimizationLevel level, bool expected)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        compilation = compilation.WithOptions(compilation.Options.WithOptimizationLevel(level));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        string generated = string.Concat(output.SyntaxTrees.Skip(1).Select(static t => t.ToString()));
        Assert.Equal(expected, generated.Contains("GradientCheck.Verify(ref this", StringComparison.Ordinal));
        Assert.Equal(expected, generated.Contains("GradientCheck.VerifyJacobians(ref this", StringComparison.Ordinal));
        Assert.DoesNotContain(output.GetDiagnostics(), static d => d.Severity == DiagnosticSeverity.Error);
    }
}
