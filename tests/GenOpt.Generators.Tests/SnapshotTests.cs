using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators.Tests;

/// <summary>
/// One test per input shape: the generated files must match their snapshots, and the input plus the
/// generated code must compile against GenOpt.Runtime without errors or warnings.
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void StaticClassInFileScopedNamespace() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        /// <summary>The Rosenbrock valley.</summary>
        public static partial class Rosenbrock
        {
            /// <summary>Sum of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2.</summary>
            [Objective(Dimension = 10)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    double a = x[i + 1] - x[i] * x[i];
                    double b = 1 - x[i];
                    sum += 100 * a * a + b * b;
                }
                return sum;
            }
        }
        """);

    [Fact]
    public void StaticClassInBlockNamespace() => Verify("""
        using System;

        namespace Demo.Functions
        {
            namespace Smooth
            {
                using GenOpt;

                internal static partial class Sphere
                {
                    [Objective(Dimension = 3)]
                    internal static partial double Evaluate(ReadOnlySpan<double> point)
                    {
                        double sum = 0;
                        foreach (double v in point)
                            sum += v * v;
                        return sum;
                    }
                }
            }
        }
        """);

    [Fact]
    public void GlobalNamespace() => Verify("""
        using System;
        using GenOpt;

        /// <summary>Booth's function.</summary>
        public static partial class Booth
        {
            /// <summary>(x + 2y - 7)^2 + (2x + y - 5)^2.</summary>
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) =>
                (x[0] + 2 * x[1] - 7) * (x[0] + 2 * x[1] - 7) + (2 * x[0] + x[1] - 5) * (2 * x[0] + x[1] - 5);
        }
        """);

    [Fact]
    public void NestedPartialTypes() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        /// <summary>Outer.</summary>
        public static partial class Problems
        {
            /// <summary>An objective in the outer type; its Objective struct must not hide the attribute below.</summary>
            [Objective(Dimension = 1)]
            public static partial double Outer(ReadOnlySpan<double> x) => x[0] * x[0];

            /// <summary>Middle.</summary>
            public partial struct Middle
            {
                /// <summary>Inner.</summary>
                public sealed partial record Inner
                {
                    /// <summary>Shifted sphere.</summary>
                    [Objective(Dimension = 2)]
                    public static partial double Shifted(ReadOnlySpan<double> x) =>
                        (x[0] - 1) * (x[0] - 1) + (x[1] + 1) * (x[1] + 1);
                }
            }
        }
        """);

    [Fact]
    public void InstanceMethodOfPartialStruct() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        /// <summary>Least squares on a data set held in the struct.</summary>
        public partial struct LinearFit
        {
            private readonly double[] _xs;
            private readonly double[] _ys;

            /// <summary>Creates the fit.</summary>
            public LinearFit(double[] xs, double[] ys)
            {
                _xs = xs;
                _ys = ys;
            }

            /// <summary>Squared error of the line w[0] + w[1] x.</summary>
            [Objective(Dimension = 2)]
            public readonly partial double Loss(ReadOnlySpan<double> w)
            {
                double sum = 0;
                for (int i = 0; i < _xs.Length; i++)
                {
                    double r = w[0] + w[1] * _xs[i] - _ys[i];
                    sum += r * r;
                }
                return sum;
            }
        }
        """);

    [Fact]
    public void InstanceMethodOfPartialClass() => Verify("""
        using System;
        using GenOpt;

        namespace Demo.Training;

        /// <summary>A model with its training set.</summary>
        public sealed partial class Regression
        {
            private readonly double[] _targets;

            /// <summary>Creates the model.</summary>
            public Regression(double[] targets) => _targets = targets;

            /// <summary>Number of evaluations so far.</summary>
            public int Evaluations { get; private set; }

            /// <summary>Mean squared error.</summary>
            [Objective(Dimension = 4)]
            public partial double Loss(ReadOnlySpan<double> weights)
            {
                Evaluations++;
                double sum = 0;
                for (int i = 0; i < weights.Length; i++)
                    sum += (weights[i] - _targets[i]) * (weights[i] - _targets[i]);
                return sum / weights.Length;
            }
        }
        """);

    [Fact]
    public void RecordClassInstanceMethod() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        /// <summary>A quadratic bowl centered at C.</summary>
        /// <param name="C">The center.</param>
        public partial record Bowl(double C)
        {
            /// <summary>(x - C)^2.</summary>
            [Objective(Dimension = 1)]
            public partial double Value(ReadOnlySpan<double> x) => (x[0] - C) * (x[0] - C);
        }
        """);

    [Fact]
    public void ReadOnlyRecordStructInstanceMethod() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        /// <summary>A scaled sphere.</summary>
        /// <param name="Scale">The scale.</param>
        public readonly partial record struct Scaled(double Scale)
        {
            /// <summary>Scale times the squared norm.</summary>
            [Objective(Dimension = 3)]
            public partial double Value(ReadOnlySpan<double> x) => Scale * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
        }
        """);

    [Fact]
    public void PrivateAndInternalMethods() => Verify(
        [
        """
        using System;
        using GenOpt;

        namespace Demo;

        internal static partial class Hidden
        {
            [Objective(Dimension = 2)]
            private static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];

            internal static double Probe() => new Objective().Value(new double[] { 1, 2 });
        }
        """,
        """
        using System;
        using GenOpt;

        namespace Demo;

        internal partial class Internal
        {
            [Objective(Dimension = 1)]
            internal partial double Value(ReadOnlySpan<double> x) => x[0];
        }
        """,
        ]);

    [Fact]
    public void RefStructStaticMethodAndKeywordNames() => Verify("""
        using System;
        using GenOpt;

        namespace Demo.@event;

        internal ref partial struct @struct
        {
            [Objective(Dimension = 1)]
            public static partial double @double(scoped ReadOnlySpan<double> @in) => @in[0];
        }
        """);

    [Fact]
    public void UserWroteBothHalves() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        internal static partial class BothHalves
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x);

            public static partial double Value(ReadOnlySpan<double> x) => x[0];
        }
        """);

    private static void Verify(string source, [CallerMemberName] string testName = "") => Verify([source], testName);

    private static void Verify(string[] sources, [CallerMemberName] string testName = "")
    {
        GeneratorRun run = GeneratorHarness.Run(sources);

        Assert.Null(run.Result.Exception);
        Assert.True(!run.GeneratorProblems.Any(), GeneratorHarness.Format(run.GeneratorProblems));
        Assert.True(!run.OutputProblems.Any(), GeneratorHarness.Format(run.OutputProblems));
        Assert.NotEmpty(run.GeneratedSources);
        Assert.All(run.GeneratorDiagnostics, static d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));

        foreach (GeneratedSourceResult generated in run.GeneratedSources.OrderBy(static s => s.HintName, System.StringComparer.Ordinal))
            Snapshot.Verify(generated.SourceText.ToString(), testName, generated.HintName);
    }
}
