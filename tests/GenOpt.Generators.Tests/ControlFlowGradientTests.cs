using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Control flow beyond counted 'for' loops and if/else, written the way users write it: triangular loops, while and
/// do-while loops (with break and continue, or stepping an 'int' counter, or a 'double' counter read as '(int)k', or an
/// 'int' counter next to a condition on the point), loops over data (bound known only at run time) that overwrite a
/// local or stop at a break, early returns (guard clauses, in both
/// branches, inside loops), break and continue in 'for' loops, switch statements and expressions on counters and on
/// the point. Each objective must get an analytic gradient (no
/// GENOPT101, no finite differences) that matches Richardson-extrapolated central differences at random points, and a
/// value bit-identical to a hand-written copy of the method (<see cref="s_copies"/>).
/// </summary>
public class ControlFlowGradientTests
{
    private const string Corpus = """
        using System;
        using GenOpt;

        namespace Flow;

        internal static partial class Triangle
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                    for (int j = 0; j < i; j++)
                        s += x[i] * x[j];
                return s * s;
            }
        }

        internal static partial class TriangleCarried
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double t = 0;
                    for (int j = 0; j <= i; j++)
                        t = t * 0.5 + x[j] * x[i];
                    s += t * t;
                }
                return s;
            }
        }

        internal static partial class TriangleBranch
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 1;
                for (int i = 1; i < x.Length; i++)
                {
                    int m = i + 1;
                    for (int j = 1; j < m; j++)
                    {
                        if (x[i] > x[j - 1])
                            s += (x[i] - x[j - 1]) * x[j];
                        else
                            s *= 0.9 + 0.1 * x[j];
                    }
                }
                return s;
            }
        }

        internal static partial class Tetrahedron
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double p = 1;
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < i; j++)
                        for (int k = j; k <= i; k++)
                            p = p * (1 + 0.1 * x[k]) + x[j] * x[i] * 0.01;
                return p;
            }
        }
        internal static partial class EulerUntil
        {
            // Integrates y' = a y - 0.1 y^2 from 0 to (about) 3 x[0] with a fixed step: the trip count depends on the point.
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                const double h = 0.25;
                double t = 0, y = x[1];
                while (t < 3 * x[0])
                {
                    y += h * (x[2] * y - 0.1 * y * y);
                    t += h;
                }
                return y * y + t;
            }
        }

        internal static partial class FixedPointDo
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double r = x[0] + 1, k = 0;
                do
                {
                    r = 0.5 * (r + x[0] / r) + 0.01 * x[1];
                    k += 1;
                }
                while (k < 6);
                return r * x[1];
            }
        }

        internal static partial class WhileInFor
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double p = x[i];
                    double c = 0;
                    while (c < i + 2)
                    {
                        double w = x[(i + 1) % 5];
                        if (p > 0.9)
                            p -= 0.1 * w * p;
                        else
                            p = p * 0.8 + Math.Sin(p) * w;
                        c += 1;
                    }
                    s += p * p;
                }
                return s;
            }
        }

        internal static partial class LongWhile
        {
            // 500 iterations: the buffers outgrow the stack and move to rented arrays (the branch on the clock 't' is recorded).
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double y = x[0], t = 0;
                while (t < 500)
                {
                    if (t < 200)
                        y -= 0.002 * (y * y - x[1]);
                    else
                        y += 0.001 * x[0] * y;
                    t += 1;
                }
                return y;
            }
        }
        internal static partial class WhileInHelper
        {
            private static double Cube(double a)
            {
                double p = 1, k = 0;
                while (k < 3)
                {
                    p *= a;
                    k += 1;
                }
                return p;
            }

            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => Cube(x[0]) + x[1] * Cube(x[1] - x[0]);
        }

        internal static partial class GuardClauses
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                if (x[0] > 1.0)
                    return 1e3 * x[1];
                double s = x[0] * x[1];
                if (s > 1.1)
                    return s * s * x[2];
                return s + Math.Sin(x[2]);
            }
        }

        internal static partial class ReturnsInBothBranches
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                if (x[0] > x[1])
                {
                    double d = x[0] - x[1];
                    return d * d * x[2] + x[1];
                }
                else
                    return Math.Sin(x[1]) * x[0];
            }
        }

        internal static partial class NestedGuard
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = x[0];
                if (x[1] > 0.6)
                {
                    if (x[2] > 1.0)
                        return s * x[2];
                    s *= x[1];
                }
                s += x[2] * x[2];
                return s * x[0];
            }
        }

        internal static partial class ReturnInLoop
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += x[i] * x[i];
                    if (s > 2.5)
                        return s * x[0];
                }
                return -s;
            }
        }

        internal static partial class ReturnInNestedLoops
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double p = 1;
                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < i; j++)
                    {
                        p *= 1 + 0.3 * x[j];
                        if (x[i] * x[j] > 1.3)
                            return p + i + x[j];
                    }
                }
                return 0.5 * x[0] * p;
            }
        }

        internal static partial class ForBreak
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double p = 1;
                for (int i = 0; i < 6; i++)
                {
                    if (p > 3)
                        break;
                    p *= 1 + x[i % 3];
                }
                return p * x[0];
            }
        }

        internal static partial class ForContinue
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    if (x[i] < 0.8)
                        continue;
                    s += x[i] * x[(i + 1) % 4];
                }
                return s + x[0];
            }
        }

        internal static partial class ForBreakInBranch
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 8; i++)
                {
                    if (s > 0.5)
                    {
                        s += x[1];
                        if (s > 2)
                            break;
                        s *= 0.9;
                    }
                    s += x[i % 3] * x[0];
                }
                return s;
            }
        }

        internal static partial class WhileBreak
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double y = x[0], t = 0;
                while (t < 20)
                {
                    y = y * 0.9 + x[1];
                    t += 1;
                    if (y > 2.5)
                        break;
                }
                return y * t;
            }
        }

        internal static partial class DoContinue
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0, k = 0;
                do
                {
                    k += 1;
                    if (k == 2)
                        continue;
                    s += Math.Exp(0.1 * k * x[0]) * x[1];
                }
                while (k < 5);
                return s;
            }
        }

        internal static partial class WhileTrueBreak
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double y = x[0] + 1, n = 0;
                while (true)
                {
                    y = 0.5 * (y + x[1] / y);
                    n += 1;
                    if (n >= 6)
                        break;
                }
                return y;
            }
        }

        internal static partial class CounterWhile
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                int i = 0;
                double s = 0;
                while (i < x.Length)
                {
                    s += x[i] * x[i] * (i + 1);
                    i++;
                }
                return s * s + i;
            }
        }

        internal static partial class CounterWhileOverData
        {
            private static readonly double[] W = { 0.5, -1.25, 2.0, 0.75, 1.5 };

            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                int j = 0;
                double s = 0;
                while (j < W.Length)
                {
                    s += W[j] * x[j % 3] * x[(j + 1) % 3];
                    j += 1;
                }
                return s + j;
            }
        }

        internal static partial class CounterWhileBreak
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                int i = 0;
                double s = 0;
                while (i < 10)
                {
                    s += x[i % 2] * x[(i + 1) % 2];
                    if (s > 3)
                        break;
                    i += 1;
                }
                return s;
            }
        }

        internal static partial class SwitchOnCounter
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 7; i++)
                {
                    switch (i % 4)
                    {
                        case 0:
                            s += x[0] * x[i % 2];
                            break;
                        case 1:
                        case 2 when i > 3:
                            s *= 1 + 0.1 * x[1];
                            break;
                        case 2:
                            if (s > 1)
                                break;
                            s -= x[2];
                            break;
                        default:
                            s += Math.Sqrt(x[2]);
                            break;
                    }
                }
                return s;
            }
        }

        internal static partial class SwitchExpressionOnCounter
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 5; i++)
                {
                    double w = i switch { 0 => 2.0, 1 or 2 => x[1], > 3 => Math.Cos(x[2]), _ => 0.5 };
                    s += w * x[i % 3];
                }
                return s;
            }
        }

        internal static partial class SwitchExpressionOnPoint
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double r = x[0] switch
                {
                    < 0.6 => x[1] * x[1],
                    >= 0.6 and < 1.0 => x[1] + x[0],
                    _ => Math.Log(x[0]) * x[1],
                };
                return r * x[0];
            }
        }

        internal static partial class SwitchOnPointWithReturn
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = x[0];
                switch (x[1] * x[2])
                {
                    case > 1.2:
                        return s * x[1] * x[2];
                    case > 0.6:
                        s += x[2];
                        break;
                    default:
                        s -= x[1] * x[1];
                        break;
                }
                return s * s;
            }
        }

        internal static partial class HelperWithGuard
        {
            private static double Soft(double a)
            {
                if (a > 1)
                    return a - 0.5;
                return 0.5 * a * a;
            }

            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => Soft(x[0] * x[1]) + Soft(x[1]);
        }
        internal static partial class DoubleCounterWhile
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0, k = 0;
                while (k < 4)
                {
                    double v = x[(int)k];
                    s += v * v * (k + 0.5) / 2;
                    k += 1;
                }
                return s * s + k / 3;
            }
        }

        internal static partial class DoubleCounterDo
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 1;
                double k = 4;
                do
                {
                    s = s * 0.5 + Math.Sin(x[(int)k]) * k;
                    k -= 2;
                }
                while (k >= 0);
                return s * x[1];
            }
        }

        internal static partial class CountingWhileOnPoint
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double p = x[0];
                int n = 0;
                while (p < 3 && (n < 40))
                {
                    p = p * 1.1 + x[1] * x[1] * 0.1;
                    n++;
                }
                return p * x[2];
            }
        }

        internal static partial class RuntimeForBreak
        {
            private static readonly double[] D = { 0.5, 1.5, 0.25, 2.0, 0.75, 1.25 };

            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < D.Length; i++)
                {
                    if (s > 2.5)
                        break;
                    s += D[i] * x[i % 3] * x[(i + 1) % 3];
                }
                return s * x[0];
            }
        }

        internal static partial class RuntimeForHorner
        {
            private static readonly double[] D = { 0.5, -1.5, 0.25, 2.0, -0.75 };
            private static readonly int[] Counts = { 1, 3, 2 };

            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 1;
                for (int i = 0; i < D.Length; i++)
                    s = s * x[i % 3] + D[i];
                double t = 0;
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < Counts[i]; j++)
                        t = t * x[i] + 1;
                return s + t;
            }
        }

        internal static partial class RuntimeForLong
        {
            private static readonly double[] D = Make();

            private static double[] Make()
            {
                var d = new double[300];
                for (int i = 0; i < d.Length; i++)
                    d[i] = 0.01 * ((i * 37) % 11 - 5);
                return d;
            }

            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = x[0];
                for (int i = 0; i < D.Length; i++)
                    s = Math.Sin(s) + D[i] * x[i % 2];
                return s;
            }
        }

        internal static partial class FixedBranches
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                if (x.Length == 0)
                    return 0;
                int n = 3;
                double s = x[0] * x[1];
                if (n > 5)
                    s += 1;
                else
                    s -= x[0];
                switch (x.Length)
                {
                    case 1:
                        s *= 2;
                        break;
                    case 2:
                        s += x[1] * x[1];
                        break;
                    default:
                        s -= 1;
                        break;
                }
                return s;
            }
        }
        """;

    /// <summary>Hand-written copies of the corpus methods, to check that the generated forward sweep gives the same bits.</summary>
    private static readonly Dictionary<string, Func<double[], double>> s_copies = new()
    {
        ["Triangle"] = static x =>
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
                for (int j = 0; j < i; j++)
                    s += x[i] * x[j];
            return s * s;
        },
        ["TriangleCarried"] = static x =>
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double t = 0;
                for (int j = 0; j <= i; j++)
                    t = t * 0.5 + x[j] * x[i];
                s += t * t;
            }
            return s;
        },
        ["TriangleBranch"] = static x =>
        {
            double s = 1;
            for (int i = 1; i < x.Length; i++)
            {
                int m = i + 1;
                for (int j = 1; j < m; j++)
                {
                    if (x[i] > x[j - 1])
                        s += (x[i] - x[j - 1]) * x[j];
                    else
                        s *= 0.9 + 0.1 * x[j];
                }
            }
            return s;
        },
        ["Tetrahedron"] = static x =>
        {
            double p = 1;
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < i; j++)
                    for (int k = j; k <= i; k++)
                        p = p * (1 + 0.1 * x[k]) + x[j] * x[i] * 0.01;
            return p;
        },
        ["EulerUntil"] = static x =>
        {
            const double h = 0.25;
            double t = 0, y = x[1];
            while (t < 3 * x[0])
            {
                y += h * (x[2] * y - 0.1 * y * y);
                t += h;
            }
            return y * y + t;
        },
        ["FixedPointDo"] = static x =>
        {
            double r = x[0] + 1, k = 0;
            do
            {
                r = 0.5 * (r + x[0] / r) + 0.01 * x[1];
                k += 1;
            }
            while (k < 6);
            return r * x[1];
        },
        ["WhileInFor"] = static x =>
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double p = x[i];
                double c = 0;
                while (c < i + 2)
                {
                    double w = x[(i + 1) % 5];
                    if (p > 0.9)
                        p -= 0.1 * w * p;
                    else
                        p = p * 0.8 + Math.Sin(p) * w;
                    c += 1;
                }
                s += p * p;
            }
            return s;
        },
        ["LongWhile"] = static x =>
        {
            double y = x[0], t = 0;
            while (t < 500)
            {
                if (t < 200)
                    y -= 0.002 * (y * y - x[1]);
                else
                    y += 0.001 * x[0] * y;
                t += 1;
            }
            return y;
        },
        ["WhileInHelper"] = static x =>
        {
            static double Cube(double a)
            {
                double p = 1, k = 0;
                while (k < 3)
                {
                    p *= a;
                    k += 1;
                }
                return p;
            }
            return Cube(x[0]) + x[1] * Cube(x[1] - x[0]);
        },
        ["GuardClauses"] = static x =>
        {
        if (x[0] > 1.0)
            return 1e3 * x[1];
        double s = x[0] * x[1];
        if (s > 1.1)
            return s * s * x[2];
        return s + Math.Sin(x[2]);
        },
        ["ReturnsInBothBranches"] = static x =>
        {
        if (x[0] > x[1])
        {
            double d = x[0] - x[1];
            return d * d * x[2] + x[1];
        }
        else
            return Math.Sin(x[1]) * x[0];
        },
        ["NestedGuard"] = static x =>
        {
        double s = x[0];
        if (x[1] > 0.6)
        {
            if (x[2] > 1.0)
                return s * x[2];
            s *= x[1];
        }
        s += x[2] * x[2];
        return s * x[0];
        },
        ["ReturnInLoop"] = static x =>
        {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
            if (s > 2.5)
                return s * x[0];
        }
        return -s;
        },
        ["ReturnInNestedLoops"] = static x =>
        {
        double p = 1;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < i; j++)
            {
                p *= 1 + 0.3 * x[j];
                if (x[i] * x[j] > 1.3)
                    return p + i + x[j];
            }
        }
        return 0.5 * x[0] * p;
        },
        ["ForBreak"] = static x =>
        {
        double p = 1;
        for (int i = 0; i < 6; i++)
        {
            if (p > 3)
                break;
            p *= 1 + x[i % 3];
        }
        return p * x[0];
        },
        ["ForContinue"] = static x =>
        {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0.8)
                continue;
            s += x[i] * x[(i + 1) % 4];
        }
        return s + x[0];
        },
        ["ForBreakInBranch"] = static x =>
        {
        double s = 0;
        for (int i = 0; i < 8; i++)
        {
            if (s > 0.5)
            {
                s += x[1];
                if (s > 2)
                    break;
                s *= 0.9;
            }
            s += x[i % 3] * x[0];
        }
        return s;
        },
        ["WhileBreak"] = static x =>
        {
        double y = x[0], t = 0;
        while (t < 20)
        {
            y = y * 0.9 + x[1];
            t += 1;
            if (y > 2.5)
                break;
        }
        return y * t;
        },
        ["DoContinue"] = static x =>
        {
        double s = 0, k = 0;
        do
        {
            k += 1;
            if (k == 2)
                continue;
            s += Math.Exp(0.1 * k * x[0]) * x[1];
        }
        while (k < 5);
        return s;
        },
        ["WhileTrueBreak"] = static x =>
        {
        double y = x[0] + 1, n = 0;
        while (true)
        {
            y = 0.5 * (y + x[1] / y);
            n += 1;
            if (n >= 6)
                break;
        }
        return y;
        },
        ["CounterWhile"] = static x =>
        {
        int i = 0;
        double s = 0;
        while (i < x.Length)
        {
            s += x[i] * x[i] * (i + 1);
            i++;
        }
        return s * s + i;
        },
        ["CounterWhileOverData"] = static x =>
        {
            double[] W = { 0.5, -1.25, 2.0, 0.75, 1.5 };
        int j = 0;
        double s = 0;
        while (j < W.Length)
        {
            s += W[j] * x[j % 3] * x[(j + 1) % 3];
            j += 1;
        }
        return s + j;
        },
        ["CounterWhileBreak"] = static x =>
        {
        int i = 0;
        double s = 0;
        while (i < 10)
        {
            s += x[i % 2] * x[(i + 1) % 2];
            if (s > 3)
                break;
            i += 1;
        }
        return s;
        },
        ["SwitchOnCounter"] = static x =>
        {
        double s = 0;
        for (int i = 0; i < 7; i++)
        {
            switch (i % 4)
            {
                case 0:
                    s += x[0] * x[i % 2];
                    break;
                case 1:
                case 2 when i > 3:
                    s *= 1 + 0.1 * x[1];
                    break;
                case 2:
                    if (s > 1)
                        break;
                    s -= x[2];
                    break;
                default:
                    s += Math.Sqrt(x[2]);
                    break;
            }
        }
        return s;
        },
        ["SwitchExpressionOnCounter"] = static x =>
        {
        double s = 0;
        for (int i = 0; i < 5; i++)
        {
            double w = i switch { 0 => 2.0, 1 or 2 => x[1], > 3 => Math.Cos(x[2]), _ => 0.5 };
            s += w * x[i % 3];
        }
        return s;
        },
        ["SwitchExpressionOnPoint"] = static x =>
        {
        double r = x[0] switch
        {
            < 0.6 => x[1] * x[1],
            >= 0.6 and < 1.0 => x[1] + x[0],
            _ => Math.Log(x[0]) * x[1],
        };
        return r * x[0];
        },
        ["SwitchOnPointWithReturn"] = static x =>
        {
        double s = x[0];
        switch (x[1] * x[2])
        {
            case > 1.2:
                return s * x[1] * x[2];
            case > 0.6:
                s += x[2];
                break;
            default:
                s -= x[1] * x[1];
                break;
        }
        return s * s;
        },
        ["FixedBranches"] = static x =>
        {
            if (x.Length == 0)
                return 0;
            int n = 3;
            double s = x[0] * x[1];
            if (n > 5)
                s += 1;
            else
                s -= x[0];
            switch (x.Length)
            {
                case 1:
                    s *= 2;
                    break;
                case 2:
                    s += x[1] * x[1];
                    break;
                default:
                    s -= 1;
                    break;
            }
            return s;
        },
        ["DoubleCounterWhile"] = static x =>
        {
            double s = 0, k = 0;
            while (k < 4)
            {
                double v = x[(int)k];
                s += v * v * (k + 0.5) / 2;
                k += 1;
            }
            return s * s + k / 3;
        },
        ["DoubleCounterDo"] = static x =>
        {
            double s = 1;
            double k = 4;
            do
            {
                s = s * 0.5 + Math.Sin(x[(int)k]) * k;
                k -= 2;
            }
            while (k >= 0);
            return s * x[1];
        },
        ["CountingWhileOnPoint"] = static x =>
        {
            double p = x[0];
            int n = 0;
            while (p < 3 && (n < 40))
            {
                p = p * 1.1 + x[1] * x[1] * 0.1;
                n++;
            }
            return p * x[2];
        },
        ["RuntimeForBreak"] = static x =>
        {
            double[] D = { 0.5, 1.5, 0.25, 2.0, 0.75, 1.25 };
            double s = 0;
            for (int i = 0; i < D.Length; i++)
            {
                if (s > 2.5)
                    break;
                s += D[i] * x[i % 3] * x[(i + 1) % 3];
            }
            return s * x[0];
        },
        ["RuntimeForHorner"] = static x =>
        {
            double[] D = { 0.5, -1.5, 0.25, 2.0, -0.75 };
            int[] Counts = { 1, 3, 2 };
            double s = 1;
            for (int i = 0; i < D.Length; i++)
                s = s * x[i % 3] + D[i];
            double t = 0;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < Counts[i]; j++)
                    t = t * x[i] + 1;
            return s + t;
        },
        ["RuntimeForLong"] = static x =>
        {
            var D = new double[300];
            for (int i = 0; i < D.Length; i++)
                D[i] = 0.01 * ((i * 37) % 11 - 5);
            double s = x[0];
            for (int i = 0; i < D.Length; i++)
                s = Math.Sin(s) + D[i] * x[i % 2];
            return s;
        },
        ["HelperWithGuard"] = static x =>
        {
            static double Soft(double a)
            {
                if (a > 1)
                    return a - 0.5;
                return 0.5 * a * a;
            }
            return Soft(x[0] * x[1]) + Soft(x[1]);
        },
    };

    private static readonly Lazy<(GeneratorRun Run, Assembly Assembly)> s_corpus = new(static () =>
    {
        GeneratorRun run = GeneratorHarness.Run(Corpus);
        return (run, GeneratorHarness.CompileAndLoad(run, analytic: true));
    });

    public static IEnumerable<object[]> Objectives() => s_copies.Keys.Select(static name => new object[] { name });

    [Fact]
    public void EveryObjectiveIsDifferentiatedAnalytically()
    {
        GeneratorHarness.AssertAnalytic(s_corpus.Value.Run);
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void GradientMatchesDifferencesAndValueMatchesTheMethodBitForBit(string name)
    {
        Type type = s_corpus.Value.Assembly.GetType($"Flow.{name}+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        int n = (int)type.GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        Func<double[], double> copy = s_copies[name];
        var random = new Random(name.Length * 7919 + name[0]);
        for (int trial = 0; trial < 8; trial++)
            CheckAt(objective, copy, name, Enumerable.Range(0, n).Select(_ => 0.3 + 1.1 * random.NextDouble()).ToArray());
    }

    /// <summary>Points chosen to take each way out of the early returns, breaks, continues and switch arms.</summary>
    [Theory]
    [InlineData("GuardClauses", new[] { 1.2, 0.7, 0.9 })] // first guard
    [InlineData("GuardClauses", new[] { 0.9, 1.3, 0.9 })] // second guard
    [InlineData("GuardClauses", new[] { 0.5, 0.7, 0.9 })] // the last return
    [InlineData("ReturnsInBothBranches", new[] { 1.2, 0.7, 0.9 })]
    [InlineData("ReturnsInBothBranches", new[] { 0.6, 0.7, 0.9 })]
    [InlineData("NestedGuard", new[] { 0.8, 0.9, 1.2 })] // the nested return
    [InlineData("NestedGuard", new[] { 0.8, 0.9, 0.7 })] // through the nested if
    [InlineData("NestedGuard", new[] { 0.8, 0.4, 1.2 })] // around it
    [InlineData("ReturnInLoop", new[] { 1.3, 0.4, 0.9, 1.0 })] // returns at i = 2
    [InlineData("ReturnInLoop", new[] { 0.4, 0.5, 0.6, 0.7 })] // runs to the end
    [InlineData("ReturnInNestedLoops", new[] { 1.2, 1.3, 0.5, 0.5 })]
    [InlineData("ReturnInNestedLoops", new[] { 0.5, 0.6, 0.7, 0.8 })]
    [InlineData("ForBreak", new[] { 1.2, 0.9, 0.7 })] // breaks
    [InlineData("ForBreak", new[] { 0.05, 0.1, 0.1 })] // runs to the end
    [InlineData("ForContinue", new[] { 0.5, 0.9, 1.2, 0.6 })]
    [InlineData("ForBreakInBranch", new[] { 1.2, 1.1, 0.9 })]
    [InlineData("ForBreakInBranch", new[] { 0.3, 0.1, 0.2 })]
    [InlineData("WhileBreak", new[] { 0.5, 1.2 })] // breaks
    [InlineData("WhileBreak", new[] { 0.1, 0.05 })] // ends by its condition
    [InlineData("DoContinue", new[] { 0.7, 0.9 })]
    [InlineData("CounterWhileBreak", new[] { 1.3, 1.2 })] // breaks
    [InlineData("CounterWhileBreak", new[] { 0.3, 0.4 })] // runs to the end
    [InlineData("SwitchExpressionOnPoint", new[] { 0.4, 0.9 })]
    [InlineData("SwitchExpressionOnPoint", new[] { 0.8, 0.9 })]
    [InlineData("SwitchExpressionOnPoint", new[] { 1.3, 0.9 })]
    [InlineData("SwitchOnPointWithReturn", new[] { 0.5, 1.2, 1.3 })] // returns
    [InlineData("SwitchOnPointWithReturn", new[] { 0.5, 0.9, 0.9 })] // second case
    [InlineData("SwitchOnPointWithReturn", new[] { 0.5, 0.4, 0.9 })] // default
    [InlineData("CountingWhileOnPoint", new[] { 2.9, 0.5, 0.7 })] // one iteration: stops on the point
    [InlineData("CountingWhileOnPoint", new[] { 0.01, 0.05, 0.7 })] // stops on the count (40)
    [InlineData("RuntimeForBreak", new[] { 1.3, 1.4, 1.2 })] // breaks early
    [InlineData("RuntimeForBreak", new[] { 0.3, 0.4, 0.35 })] // runs over all the data
    [InlineData("HelperWithGuard", new[] { 1.2, 1.1 })]
    [InlineData("HelperWithGuard", new[] { 0.5, 0.6 })]
    public void GradientMatchesDifferencesOnEachPath(string name, double[] x)
    {
        Type type = s_corpus.Value.Assembly.GetType($"Flow.{name}+Objective", throwOnError: true)!;
        CheckAt((IDifferentiableObjective)Activator.CreateInstance(type)!, s_copies[name], name, x);
    }

    private static void CheckAt(IDifferentiableObjective objective, Func<double[], double> copy, string name, double[] x)
    {
        int n = x.Length;
        var gradient = new double[n];
        double value = objective.ValueAndGradient(x, gradient);
        Assert.Equal(BitConverter.DoubleToInt64Bits(copy(x)), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(objective.Value(x)), BitConverter.DoubleToInt64Bits(value));
        for (int j = 0; j < n; j++)
        {
            double reference = Richardson(objective, x, j);
            Assert.True(Math.Abs(gradient[j] - reference) <= 1e-7 * Math.Max(1, Math.Abs(reference)),
                $"{name}: d/dx[{j}] at [{string.Join(", ", x)}]: generated {gradient[j]:R}, reference {reference:R}");
        }
    }

    [Theory]
    [InlineData("LongWhile")]
    [InlineData("WhileBreak")]
    [InlineData("ReturnInNestedLoops")]
    [InlineData("SwitchOnPointWithReturn")]
    [InlineData("CounterWhileBreak")]
    [InlineData("RuntimeForLong")]
    [InlineData("RuntimeForBreak")]
    [InlineData("CountingWhileOnPoint")]
    public void BuffersAndWhileLoopsThatOutgrowTheStackAllocateNothingOnceWarm(string name)
    {
        Type type = s_corpus.Value.Assembly.GetType($"Flow.{name}+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        int n = (int)type.GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        double[] x = Enumerable.Range(0, n).Select(static i => 0.7 + 0.2 * i).ToArray();
        var gradient = new double[n];
        objective.ValueAndGradient(x, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            objective.ValueAndGradient(x, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Richardson extrapolation of central differences with steps h and h/2: error O(h^4).</summary>
    internal static double Richardson(IDifferentiableObjective objective, double[] x, int j)
    {
        double h = 1e-3 * Math.Max(1, Math.Abs(x[j]));
        double Central(double step)
        {
            double[] up = (double[])x.Clone(), down = (double[])x.Clone();
            up[j] += step;
            down[j] -= step;
            return (objective.Value(up) - objective.Value(down)) / (up[j] - down[j]);
        }
        return (4 * Central(h / 2) - Central(h)) / 3;
    }
}
