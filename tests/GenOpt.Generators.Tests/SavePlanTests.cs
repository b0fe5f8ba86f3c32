using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators.Tests;

/// <summary>
/// The analysis step decides once, on the model, what the forward sweep saves; the emitter prints it. A loop that only
/// accumulates into a local (the residual of a regression, <c>r += A[i * n + j] * x[j]</c>) needs none of that local's
/// old values: nothing is saved per iteration, and the gradient is still exact (compared with Richardson-extrapolated
/// central differences, the value with a hand-written copy bit for bit).
/// </summary>
public class SavePlanTests
{
    private const string Corpus = """
        using System;
        using GenOpt;

        namespace Plan;

        internal static partial class ElasticNet
        {
            private static readonly double[] A = Data(24, 1);
            private static readonly double[] B = Data(6, 2);

            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double loss = 0;
                for (int i = 0; i < 6; i++)
                {
                    double r = -B[i];
                    for (int j = 0; j < 4; j++)
                        r += A[i * 4 + j] * x[j];
                    loss += r * r;
                }
                double penalty = 0;
                for (int j = 0; j < 4; j++)
                    penalty += 0.1 * Math.Abs(x[j]) + 0.05 * x[j] * x[j];
                return loss / 12 + penalty;
            }

            internal static double[] Data(int n, int seed)
            {
                var values = new double[n];
                for (int i = 0; i < n; i++)
                    values[i] = Math.Sin(seed * 12.9898 + i * 78.233);
                return values;
            }
        }

        // The accumulator is read between its loops: the inner loop saves it once, around the loop, not per step.
        internal static partial class ReadBetween
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double total = 0;
                for (int i = 0; i < 3; i++)
                {
                    double r = x[i];
                    total += r * r;
                    for (int j = 0; j < 3; j++)
                        r -= x[j] * (i + 1);
                    total += r * r * x[i];
                }
                return total;
            }
        }

        // Two accumulators, one of them read inside the loop (saved each step), the other not (saved around the loop).
        internal static partial class TwoAccumulators
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double total = 0, s = 1, p = 0;
                for (int i = 0; i < 3; i++)
                {
                    total += s * p;
                    for (int j = 0; j < 3; j++)
                    {
                        p += x[j] * x[i];
                        s = s * x[j] + 0.5;
                    }
                    total += s * s + p * p;
                }
                return total;
            }
        }

        // Residuals accumulated as in ElasticNet, kept in a stackalloc span: the accumulator is saved once per row, and
        // of the span's element writes only the one that overwrites an element its own reverse reads is saved.
        internal static partial class SpanResiduals
        {
            private static readonly double[] A = ElasticNet.Data(12, 3);

            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                Span<double> res = stackalloc double[4];
                for (int i = 0; i < 4; i++)
                {
                    double r = 0.5 * i;
                    for (int j = 0; j < 3; j++)
                        r += A[i * 3 + j] * x[j];
                    res[i] = r * r;
                    res[i] = Math.Tanh(res[i]);
                }
                double total = 0;
                for (int i = 0; i < 4; i++)
                    total += res[i] * res[i] * (i + 1);
                return total;
            }
        }
        """;

    private static readonly Dictionary<string, Func<double[], double>> s_copies = new()
    {
        ["ElasticNet"] = static x =>
        {
            double[] a = Data(24, 1), b = Data(6, 2);
            double loss = 0;
            for (int i = 0; i < 6; i++)
            {
                double r = -b[i];
                for (int j = 0; j < 4; j++)
                    r += a[i * 4 + j] * x[j];
                loss += r * r;
            }
            double penalty = 0;
            for (int j = 0; j < 4; j++)
                penalty += 0.1 * Math.Abs(x[j]) + 0.05 * x[j] * x[j];
            return loss / 12 + penalty;
        },
        ["ReadBetween"] = static x =>
        {
            double total = 0;
            for (int i = 0; i < 3; i++)
            {
                double r = x[i];
                total += r * r;
                for (int j = 0; j < 3; j++)
                    r -= x[j] * (i + 1);
                total += r * r * x[i];
            }
            return total;
        },
        ["TwoAccumulators"] = static x =>
        {
            double total = 0, s = 1, p = 0;
            for (int i = 0; i < 3; i++)
            {
                total += s * p;
                for (int j = 0; j < 3; j++)
                {
                    p += x[j] * x[i];
                    s = s * x[j] + 0.5;
                }
                total += s * s + p * p;
            }
            return total;
        },
        ["SpanResiduals"] = static x =>
        {
            double[] a = Data(12, 3);
            Span<double> res = stackalloc double[4];
            for (int i = 0; i < 4; i++)
            {
                double r = 0.5 * i;
                for (int j = 0; j < 3; j++)
                    r += a[i * 3 + j] * x[j];
                res[i] = r * r;
                res[i] = Math.Tanh(res[i]);
            }
            double total = 0;
            for (int i = 0; i < 4; i++)
                total += res[i] * res[i] * (i + 1);
            return total;
        },
    };

    private static double[] Data(int n, int seed)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++)
            values[i] = Math.Sin(seed * 12.9898 + i * 78.233);
        return values;
    }

    private static readonly Lazy<(GeneratorRun Run, Assembly Assembly)> s_corpus = new(static () =>
    {
        GeneratorRun run = GeneratorHarness.Run(Corpus);
        return (run, GeneratorHarness.CompileAndLoad(run, analytic: true));
    });

    public static IEnumerable<object[]> Objectives() => s_copies.Keys.Select(static name => new object[] { name });

    private static string Generated(string name) =>
        s_corpus.Value.Run.GeneratedSources.Single(s => s.HintName == $"Plan.{name}.Objective.g.cs").SourceText.ToString();

    /// <summary>The analysed model of a corpus objective, as the pipeline hands it to the emitter.</summary>
    private static FunctionModel Model(string name)
    {
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Corpus);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        ObjectiveSpec spec = driver.GetRunResult().Results[0].TrackedSteps[TrackingNames.Specs]
            .SelectMany(static step => step.Outputs).Select(static output => output.Value).OfType<ObjectiveSpec>()
            .Single(spec => spec.HintName == $"Plan.{name}.Objective.g.cs");
        return spec.Derivative!.Function;
    }

    private static IEnumerable<StatementNode> All(IEnumerable<StatementNode> statements) =>
        statements.SelectMany(static s => new[] { s }.Concat(All(s.Body)).Concat(All(s.Else)));

    [Fact]
    public void EveryObjectiveIsDifferentiatedAnalytically()
    {
        GeneratorHarness.AssertAnalytic(s_corpus.Value.Run);
    }

    [Fact]
    public void TheElasticNetResidualIsSavedOncePerRowAndNeverInTheInnerLoop()
    {
        FunctionModel function = Model("ElasticNet");
        Assert.NotNull(function.Facts);
        StatementNode rows = function.Body.Single(static s => s.Kind == StatementKind.For && s.Body.Any(static b => b.Target == "r"));
        StatementNode inner = rows.Body.Single(static s => s.Kind == StatementKind.For);
        // Nothing in the inner loop saves, and the loop saves nothing around itself: the declaration just before it
        // restores the previous row's residual.
        Assert.DoesNotContain(All(inner.Body), static s => s.Facts!.Saves);
        Assert.Empty(inner.Facts!.SavedAround);
        Assert.True(rows.Body.Single(static s => s.Kind == StatementKind.Declare && s.Target == "r").Facts!.Saves);
        // One value per row (6 rows), where each inner step used to save one too (6 + 6 * 4).
        Assert.Equal(6, function.Facts!.SavedValues);
        Assert.Contains("stackalloc double[6]", Generated("ElasticNet"), StringComparison.Ordinal);
    }

    [Fact]
    public void ALoopThatOnlyAccumulatesIntoALocalReadBeforeItSavesItOnceAroundTheLoop()
    {
        FunctionModel function = Model("ReadBetween");
        StatementNode outer = function.Body.Single(static s => s.Kind == StatementKind.For);
        StatementNode inner = outer.Body.Single(static s => s.Kind == StatementKind.For);
        Assert.Equal(["r"], inner.Facts!.SavedAround);
        Assert.DoesNotContain(All(inner.Body), static s => s.Facts!.Saves);
        // Per row: the declaration of r, and r once around the inner loop.
        Assert.Equal(6, function.Facts!.SavedValues);
    }

    [Fact]
    public void ALocalReadInsideTheLoopIsStillSavedAtEachStep()
    {
        FunctionModel function = Model("TwoAccumulators");
        StatementNode outer = function.Body.Single(static s => s.Kind == StatementKind.For);
        StatementNode inner = outer.Body.Single(static s => s.Kind == StatementKind.For);
        Assert.Equal(["p"], inner.Facts!.SavedAround);
        Assert.True(inner.Body.Single(static s => s.Target == "s").Facts!.Saves);
        Assert.False(inner.Body.Single(static s => s.Target == "p").Facts!.Saves);
        // 3 rows of (p around the loop + 3 saves of s).
        Assert.Equal(12, function.Facts!.SavedValues);
    }

    [Fact]
    public void SpanElementWritesAreSavedByTheSameAnalysisAsTheAccumulatorAroundItsLoop()
    {
        FunctionModel function = Model("SpanResiduals");
        StatementNode rows = function.Body.Single(static s => s.Kind == StatementKind.For && s.Body.Any(static b => b.Target == "r"));
        StatementNode inner = rows.Body.Single(static s => s.Kind == StatementKind.For);
        Assert.DoesNotContain(All(inner.Body), static s => s.Facts!.Saves);
        Assert.Empty(inner.Facts!.SavedAround);
        Assert.True(rows.Body.Single(static s => s.Kind == StatementKind.Declare && s.Target == "r").Facts!.Saves);
        StatementNode[] writes = [.. rows.Body.Where(static s => s.WritesElement)];
        Assert.Equal(2, writes.Length);
        // res[i] = r * r: no reverse reads the element it overwrites (the next write restores it itself).
        Assert.False(writes[0].Facts!.Saves);
        // res[i] = Math.Tanh(res[i]) overwrites the value its own reverse reads.
        Assert.True(writes[1].Facts!.Saves);
        Assert.Contains("res", function.Facts!.Adjointed);
        // Per row: the declaration of r and the element before the tanh.
        Assert.Equal(8, function.Facts.SavedValues);
        Assert.Matches(@"res\[i\] = \w+\[--\w+\];", Generated("SpanResiduals"));
    }

    [Fact]
    public void AnalysingTheSameBodyTwiceGivesEqualModels()
    {
        Assert.Equal(Model("TwoAccumulators"), Model("TwoAccumulators"));
        Assert.NotEqual(Model("TwoAccumulators"), Model("ReadBetween"));
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void GradientMatchesDifferencesAndValueMatchesTheMethodBitForBit(string name)
    {
        Type type = s_corpus.Value.Assembly.GetType($"Plan.{name}+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        int n = (int)type.GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        Func<double[], double> copy = s_copies[name];
        var random = new Random(name.Length * 7919 + name[0]);
        for (int trial = 0; trial < 8; trial++)
        {
            double[] x = Enumerable.Range(0, n).Select(_ => 0.3 + 1.1 * random.NextDouble() * (random.Next(2) == 0 ? -1 : 1)).ToArray();
            var gradient = new double[n];
            double value = objective.ValueAndGradient(x, gradient);
            Assert.Equal(BitConverter.DoubleToInt64Bits(copy(x)), BitConverter.DoubleToInt64Bits(value));
            for (int j = 0; j < n; j++)
            {
                double reference = ControlFlowGradientTests.Richardson(objective, x, j);
                Assert.True(Math.Abs(gradient[j] - reference) <= 1e-7 * Math.Max(1, Math.Abs(reference)),
                    $"{name}: d/dx[{j}] at [{string.Join(", ", x)}]: generated {gradient[j]:R}, reference {reference:R}");
            }
        }
    }
}
