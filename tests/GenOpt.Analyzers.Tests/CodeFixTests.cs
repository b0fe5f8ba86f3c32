using System.Linq;
using System.Threading.Tasks;
using GenOpt.CodeFixes;

namespace GenOpt.Analyzers.Tests;

/// <summary>
/// The code fixes for the generator's GENOPT001–005: each test gives the source, the generator diagnostic to fix and
/// the exact fixed source; the fixed source must then be free of that diagnostic.
/// </summary>
public sealed class CodeFixTests
{
    private static async Task VerifyFixAsync(string source, string id, Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider fix, string expected)
    {
        string? fixedSource = await Harness.ApplyFixAsync(source, id, fix);
        Assert.NotNull(fixedSource);
        Assert.Equal(expected.ReplaceLineEndings("\n"), fixedSource!.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(Harness.GeneratorDiagnostics(fixedSource), d => d.Id == id);
    }

    private static async Task VerifyNoFixAsync(string source, string id, Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider fix) =>
        Assert.Null(await Harness.ApplyFixAsync(source, id, fix));

    // GENOPT001

    [Fact]
    public Task MethodGetsPartialAfterItsModifiers() => VerifyFixAsync("""
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static double Value(ReadOnlySpan<double> x) => x[0] * x[0];
        }
        """, "GENOPT001", new AddPartialCodeFix(), """
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];
        }
        """);

    [Fact]
    public Task MethodWithoutModifiersGetsPartial() => VerifyFixAsync("""
        using System;
        using GenOpt;
        public partial struct S
        {
            [Objective(Dimension = 1)]
            double Value(ReadOnlySpan<double> x) { return x[0]; }
        }
        """, "GENOPT001", new AddPartialCodeFix(), """
        using System;
        using GenOpt;
        public partial struct S
        {
            [Objective(Dimension = 1)]
            partial double Value(ReadOnlySpan<double> x) { return x[0]; }
        }
        """);

    [Fact]
    public Task PartialMethodWithoutBodyGetsNoFix() => VerifyNoFixAsync("""
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x);
        }
        """, "GENOPT001", new AddPartialCodeFix());

    // GENOPT002

    [Fact]
    public Task ContainingTypeGetsPartial() => VerifyFixAsync("""
        using System;
        using GenOpt;
        public static class F
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0];
        }
        """, "GENOPT002", new AddPartialCodeFix(), """
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0];
        }
        """);

    [Fact]
    public Task EnclosingTypeWithoutModifiersGetsPartial() => VerifyFixAsync("""
        using System;
        using GenOpt;
        class Outer
        {
            public partial record struct Inner
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
        }
        """, "GENOPT002", new AddPartialCodeFix(), """
        using System;
        using GenOpt;
        partial class Outer
        {
            public partial record struct Inner
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
        }
        """);

    [Fact]
    public Task RefStructGetsPartialAfterRef() => VerifyFixAsync("""
        using System;
        using GenOpt;
        public readonly ref struct Window
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0];
        }
        """, "GENOPT002", new AddPartialCodeFix(), """
        using System;
        using GenOpt;
        public readonly ref partial struct Window
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0];
        }
        """);

    [Fact]
    public void PartialTypesHaveNothingToFix() =>
        Assert.DoesNotContain(Harness.GeneratorDiagnostics("""
            using System;
            using GenOpt;
            public static partial class F
            {
                [Objective(Dimension = 1)]
                public static partial double Value(ReadOnlySpan<double> x) => x[0];
            }
            """), d => d.Id is "GENOPT001" or "GENOPT002" or "GENOPT003" or "GENOPT004" or "GENOPT005");

    // GENOPT003

    [Fact]
    public Task ReturnTypeBecomesDouble() => VerifyFixAsync("""
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static partial float Value(ReadOnlySpan<double> x) => (float)x[0];
        }
        """, "GENOPT003", new FixSignatureCodeFix(), """
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => (float)x[0];
        }
        """);

    // GENOPT004

    [Fact]
    public Task ArrayParameterBecomesReadOnlySpanKeepingItsName() => VerifyFixAsync("""
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 2)]
            public static partial double Value(double[] point, int unused) => point[0] + point[1];
        }
        """, "GENOPT004", new FixSignatureCodeFix(), """
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> point) => point[0] + point[1];
        }
        """);

    [Fact]
    public Task MissingParameterBecomesX() => VerifyFixAsync("""
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static partial double Value() => 1.0;
        }
        """, "GENOPT004", new FixSignatureCodeFix(), """
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => 1.0;
        }
        """);

    [Fact]
    public Task RefParameterLosesRefAndNeedsNoUsing() => VerifyFixAsync("""
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ref System.ReadOnlySpan<double> y) => y[0];
        }
        """, "GENOPT004", new FixSignatureCodeFix(), """
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static partial double Value(System.ReadOnlySpan<double> y) => y[0];
        }
        """);

    // GENOPT005

    [Fact]
    public Task DimensionIsInferredFromTheHighestConstantIndex() => VerifyFixAsync("""
        using System;
        using GenOpt;
        public static partial class Booth
        {
            [Objective]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double a = x[0] + 2 * x[1] - 7, b = 2 * x[0] + x[1] - 5;
                return a * a + b * b;
            }
        }
        """, "GENOPT005", new AddDimensionCodeFix(), """
        using System;
        using GenOpt;
        public static partial class Booth
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double a = x[0] + 2 * x[1] - 7, b = 2 * x[0] + x[1] - 5;
                return a * a + b * b;
            }
        }
        """);

    [Fact]
    public Task DimensionIsInferredFromABoundedLoop() => VerifyFixAsync("""
        using System;
        using GenOpt;
        public static partial class Chain
        {
            [Objective()]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < 5; i++)
                    sum += x[i + 1] - x[i];
                return sum + x[2];
            }
        }
        """, "GENOPT005", new AddDimensionCodeFix(), """
        using System;
        using GenOpt;
        public static partial class Chain
        {
            [Objective(Dimension = 6)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < 5; i++)
                    sum += x[i + 1] - x[i];
                return sum + x[2];
            }
        }
        """);

    [Fact]
    public Task NoIndexMeansNoInferredDimension() => VerifyNoFixAsync("""
        using System;
        using GenOpt;
        public static partial class Sphere
        {
            [Objective]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                    sum += x[i] * x[i];
                return sum;
            }
        }
        """, "GENOPT005", new AddDimensionCodeFix());

    [Fact]
    public Task ExplicitNonPositiveDimensionIsNotOverwritten() => VerifyNoFixAsync("""
        using System;
        using GenOpt;
        public static partial class F
        {
            [Objective(Dimension = 0)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0];
        }
        """, "GENOPT005", new AddDimensionCodeFix());

    [Fact]
    public void EveryProviderHasAFixAllProvider()
    {
        Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider[] providers = [new AddPartialCodeFix(), new FixSignatureCodeFix(), new AddDimensionCodeFix()];
        Assert.All(providers, static p => Assert.NotNull(p.GetFixAllProvider()));
        Assert.Equal(["GENOPT001", "GENOPT002", "GENOPT003", "GENOPT004", "GENOPT005"],
            providers.SelectMany(static p => p.FixableDiagnosticIds).Order().ToArray());
    }
}
