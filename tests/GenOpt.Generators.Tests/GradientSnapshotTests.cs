using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators.Tests;

/// <summary>
/// The emitted derivative code for representative body shapes (see also the objective and problem snapshots of
/// <see cref="SnapshotTests"/> and <see cref="ConstraintTests"/>, which cover loops, expression bodies, data fields and
/// vector constraints). The files are what users step through in a debugger: reviewed, then accepted.
/// </summary>
public class GradientSnapshotTests
{
    [Fact]
    public void PiecewiseFunctionsAndBranches() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        internal static partial class Piecewise
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double hinge = Math.Max(0, x[0] - x[1]);
                double y = x[2] > 1 ? 2 * x[2] - 1 : x[2] * x[2];
                if (hinge > 0.5)
                    y += Math.Abs(x[0]) * hinge;
                else
                    y -= Math.Min(x[1], x[2]);
                return y + Math.Sqrt(1 + hinge * hinge);
            }
        }
        """);

    [Fact]
    public void LoopCarriedValuesAndBranchesInALoop() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        internal static partial class Recurrence
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 1;
                for (int i = 0; i < x.Length; i++)
                {
                    if (s > 2)
                        s = Math.Log(s) + x[i];
                    else
                        s *= 1 + x[i] * x[i];
                }
                return s;
            }
        }
        """);

    [Fact]
    public void DifferentiableHelpers() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        internal static partial class Losses
        {
            [Differentiable]
            public static double Huber(double r, double delta)
            {
                double a = Math.Abs(r);
                return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
            }

            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => Huber(x[0] - 1, 0.5) + Huber(x[0] * x[1], 1);
        }
        """);

    [Fact]
    public void NestedLoopsOverDataWithTanh() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        internal sealed partial class Network
        {
            private readonly double[] _inputs;
            private readonly double[] _targets;

            public Network(double[] inputs, double[] targets)
            {
                _inputs = inputs;
                _targets = targets;
            }

            [Objective(Dimension = 7)]
            public partial double Loss(ReadOnlySpan<double> w)
            {
                double loss = 0;
                for (int k = 0; k < _targets.Length; k++)
                {
                    double output = w[6];
                    for (int h = 0; h < 3; h++)
                        output += w[3 + h] * Math.Tanh(w[h] * _inputs[k]);
                    double error = output - _targets[k];
                    loss += error * error;
                }
                return loss / _targets.Length;
            }
        }
        """);

    [Fact]
    public void StackallocHiddenLayer() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        internal sealed partial class Perceptron
        {
            private readonly double[] _w = { 0.4, -0.7, 0.2, 0.9, -0.3, 0.5 };
            private readonly double[] _v = { 1.2, -0.8, 0.6 };

            [Objective(Dimension = 2)]
            public partial double Output(ReadOnlySpan<double> x)
            {
                Span<double> h = stackalloc double[3];
                for (int j = 0; j < h.Length; j++)
                {
                    h[j] = 0.1;
                    for (int i = 0; i < x.Length; i++)
                        h[j] += _w[j * 2 + i] * x[i];
                    h[j] = Math.Tanh(h[j]);
                }
                double y = 0;
                for (int j = 0; j < 3; j++)
                    y += _v[j] * h[j];
                return y * y;
            }
        }
        """);

    [Fact]
    public void EarlyReturns() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        internal static partial class Guarded
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                if (x[0] < 0)
                    return 1e10;
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += x[i] * x[i];
                    if (s > 4)
                        return s * x[0];
                }
                return Math.Sqrt(s);
            }
        }
        """);

    [Fact]
    public void BreakContinueAndCounterWhile() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        internal static partial class Stepping
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    if (x[i] < 0)
                        continue;
                    s += x[i] * x[i];
                }
                double y = x[0];
                while (y < 10)
                {
                    y = y * 2 + s;
                    if (y > x[1])
                        break;
                }
                int k = 0;
                while (k < x.Length)
                {
                    y += x[k] * k;
                    k++;
                }
                return y;
            }
        }
        """);

    [Fact]
    public void SwitchStatementAndExpression() => Verify("""
        using System;
        using GenOpt;

        namespace Demo;

        internal static partial class Cases
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    switch (i % 3)
                    {
                        case 0:
                            s += x[i] * x[i];
                            break;
                        case 1 or 2 when i > 1:
                            s *= x[i];
                            break;
                        default:
                            s -= x[i];
                            break;
                    }
                }
                double scale = x[0] switch { < 0 => -1, < 1 => x[0] * x[0], _ => 2 * x[0] - 1 };
                return s * scale;
            }
        }
        """);

    private static void Verify(string source, [CallerMemberName] string testName = "")
    {
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Null(run.Result.Exception);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics)); // analytic: no GENOPT100
        Assert.True(!run.OutputProblems.Any(), GeneratorHarness.Format(run.OutputProblems));
        foreach (GeneratedSourceResult generated in run.GeneratedSources.OrderBy(static s => s.HintName, System.StringComparer.Ordinal))
            Snapshot.Verify(generated.SourceText.ToString(), testName, generated.HintName);
    }
}
