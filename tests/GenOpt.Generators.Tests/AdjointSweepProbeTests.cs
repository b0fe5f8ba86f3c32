using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Probes of the adjoint sweep's shortcuts at their edges: loops left by <c>break</c> inside while loops and other
/// loops, trip counts with steps and run-time bounds, gradient sums next to aliasing indices and converted while loops,
/// values read back from their targets (span elements, overwritten targets, Exp/Sqrt/Tanh/Tan/Cbrt/Pow) and quotients
/// inside functions. Each value must be bit for bit the user's method's, each gradient within 1e-7 of
/// Richardson-extrapolated central differences, and the generated code must compile with warnings as errors: T2 (a
/// loop left by <c>break</c> inside a while loop) declared a branch buffer it never used (CS0219) before the fix.
/// </summary>
public class AdjointSweepProbeTests
{
    private const string Source = """
        using System;
        using GenOpt;

        namespace Rev;

        internal static partial class K1
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double t = 0.5;
                for (int i = 0; i < 4; i++)
                {
                    t = Math.Exp(0.3 * x[0] * t);
                    t += x[1];
                }
                return t * x[2];
            }
        }

        internal static partial class K2
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double t = 0.5;
                for (int i = 0; i < 4; i++)
                {
                    t = Math.Exp(x[0] / (x[1] + t * t));
                }
                return t;
            }
        }

        internal static partial class K3
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double t = 1;
                for (int i = 0; i < 4; i++)
                {
                    t = Math.Sqrt(t + x[0] * x[0]);
                    if (t > x[1])
                        t = t * 0.5;
                }
                return t;
            }
        }

        internal static partial class K4
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double t = 1;
                double u = 0;
                for (int i = 0; i < 4; i++)
                {
                    t = (x[0] + t) / (x[1] + t * t);
                    u += t;
                    t = Math.Tanh(t * u);
                    u = u * t;
                }
                return t + u;
            }
        }

        internal static partial class G1
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                {
                    int k = 0;
                    while (k < 3)
                    {
                        s += x[k] * x[i] * (k + 1);
                        k++;
                    }
                }
                return s;
            }
        }

        internal static partial class G4
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 6; i++)
                {
                    s += x[0] * x[i % 3] * x[2];
                    if (s > x[1])
                        break;
                }
                return s;
            }
        }

        internal static partial class G6
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                int k = 0;
                double s = 0;
                while (k < 3)
                {
                    for (int i = 0; i < 3; i++)
                        s += x[k] * x[i] * (i + 1);
                    k++;
                }
                return s;
            }
        }

        internal static partial class G7
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        double p = x[j] * x[i];
                        for (int m = 0; m < 3; m++)
                        {
                            p = p * 0.5 + x[i] * x[m];
                            if (p > x[3])
                                break;
                        }
                        s += p * x[j];
                    }
                }
                return s;
            }
        }

        internal static partial class G8
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                Span<double> a = stackalloc double[3];
                double s = 0;
                for (int i = 0; i < 3; i++)
                {
                    a[i] = Math.Exp(x[i] * x[0]);
                    a[i] = a[i] / (1 + x[1] * a[i]);
                }
                for (int i = 0; i < 3; i++)
                    s += a[i] * x[2] * a[2 - i];
                return s;
            }
        }
        internal static partial class T1
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 6; i++)
                {
                    if (s > x[2])
                        break;
                    double w = x[0] * i + 1;
                    double e = Math.Exp(0.1 * x[0] * i);
                    s += w * w * x[1] + e * x[1];
                }
                return s;
            }
        }

        internal static partial class T4
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 8; i++)
                {
                    if (i % 2 == 0)
                        continue;
                    s += x[0] * x[i % 3] * s + x[2];
                    if (s > x[1])
                        break;
                }
                return s;
            }
        }

        internal static partial class T5
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                Span<double> a = stackalloc double[4];
                for (int i = 0; i < 4; i++)
                    a[i] = 1;
                for (int r = 0; r < 3; r++)
                {
                    for (int i = 0; i < 4; i++)
                        a[i] = Math.Sqrt(a[i] + x[i % 3] * x[0]);
                }
                return a[0] + a[1] * a[2] + a[3];
            }
        }

        internal static partial class T6
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double t = 1;
                for (int i = 0; i < 5; i++)
                {
                    t = x[0] / (x[1] + t);
                    if (i == 2)
                    {
                        t = x[1];
                    }
                    t = t * x[0];
                }
                return t;
            }
        }

        internal static partial class T8
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                Span<double> a = stackalloc double[3];
                for (int i = 0; i < 3; i++)
                    a[i] = x[i];
                for (int r = 0; r < 3; r++)
                {
                    for (int i = 0; i < 3; i++)
                        a[i] = a[i] / (x[0] + a[i] * a[i]);
                }
                return a[0] + a[1] * a[2];
            }
        }

        internal static partial class T9
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double t = 0.3;
                for (int i = 0; i < 4; i++)
                {
                    t = Math.Tanh(x[0] / (t * t + x[1]));
                    t = t + Math.Exp(x[0] * t) / (1 + t * t);
                }
                return t;
            }
        }

        internal static partial class T10
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                double u = 1;
                for (int i = 0; i < 4; i++)
                {
                    u = Math.Sqrt(u + x[0] * x[0]);
                    if (u > x[2])
                        u = x[1] * u;
                    s += u;
                    u = Math.Exp(-u * x[1]);
                }
                return s + u;
            }
        }
        internal static partial class T2
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                double t = x[0];
                while (t < 3)
                {
                    for (int i = 0; i < 5; i++)
                    {
                        s += t * x[1] * x[i % 3];
                        if (s > x[2])
                            break;
                    }
                    t += 0.7;
                }
                return s;
            }
        }

        internal static partial class R4
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int k = 0; k < x.Length; k++)
                {
                    double p = x[k];
                    for (int m = 0; m < 4; m++)
                    {
                        p = p * p * 0.5 + x[0];
                        if (p > 2)
                            break;
                    }
                    s += p;
                }
                return s;
            }
        }

        internal static partial class K5
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                Span<double> a = stackalloc double[3];
                for (int i = 0; i < 3; i++)
                    a[i] = 1 + x[i] * x[i];
                for (int r = 0; r < 2; r++)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        a[i] = Math.Sqrt(a[i] + x[0]);
                        a[2 - i] = a[2 - i] * x[1] + 0.1;
                    }
                }
                return a[0] + a[1] * a[2];
            }
        }

        internal static partial class K6
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double t = 0.5;
                for (int i = 0; i < 3; i++)
                {
                    t = Math.Pow(x[0] + 1, t * x[1]);
                    t = Math.Cbrt(t + x[0]);
                    t = Math.Tan(t * x[1]) + Math.Exp(t) / (t + 2);
                }
                return t;
            }
        }

        internal static partial class K7
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double t = 0.5;
                double u = 1;
                for (int i = 0; i < 4; i++)
                {
                    t = Math.Exp(x[0] * u);
                    u = t;
                    t = x[1] * 0.5;
                    u = u * t + x[0];
                }
                return u + t;
            }
        }

        internal static partial class R1
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 1; i <= x.Length - 1; i++)
                {
                    s += x[i] * x[i - 1] + s * 0.1 * x[0];
                    if (s > x[0] + 1)
                        break;
                }
                return s;
            }
        }

        internal static partial class R2
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = x.Length - 1; i >= 0; i--)
                {
                    s += x[i] * x[0] + s * 0.1 * x[1];
                    if (s > x[2] + 1)
                        break;
                }
                return s;
            }
        }

        internal static partial class R3
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int k = 0; k < 3; k++)
                {
                    double q = 0;
                    for (int i = 0; i < x.Length; i++)
                        q += x[k] * Math.Exp(x[i] * x[k]);
                    s += q * q;
                }
                return s;
            }
        }
        """;

    private static readonly Lazy<GeneratorRun> s_run = new(static () => GeneratorHarness.Run(Source));

    private static readonly Lazy<Assembly> s_assembly = new(static () => GeneratorHarness.CompileAndLoad(s_run.Value, analytic: true));

    [Theory]
    [InlineData("K1", new[] { 0.3, 0.8, 1.0 })]
    [InlineData("K2", new[] { 0.3, 0.8 })]
    [InlineData("K3", new[] { 0.9, 1.1 })]
    [InlineData("K3", new[] { 0.2, 0.5 })]
    [InlineData("K4", new[] { 0.7, 1.3 })]
    [InlineData("G1", new[] { 0.4, -0.7, 1.2 })]
    [InlineData("G4", new[] { 0.4, 0.9, 1.2 })]
    [InlineData("G4", new[] { 0.4, 100, 1.2 })]
    [InlineData("G6", new[] { 0.4, -0.7, 1.2 })]
    [InlineData("G6", new[] { 3, 2, 1.2 })]
    [InlineData("G7", new[] { 0.251, -0.869, -0.974, 0.519 })]
    [InlineData("G7", new[] { 0.27, 0.736, 0.046, 0.471 })]
    [InlineData("G7", new[] { -0.524, 0.088, -0.26, 0.402 })]
    [InlineData("G8", new[] { 0.4, -0.7, 1.2 })]
    [InlineData("T1", new[] { 0.3, 0.8, 1.0 })]
    [InlineData("T1", new[] { 0.3, 0.8, 100 })]
    [InlineData("T4", new[] { 0.4, 0.9, 0.2 })]
    [InlineData("T4", new[] { 0.4, 100, 0.2 })]
    [InlineData("T5", new[] { 0.4, 0.7, 1.2 })]
    [InlineData("T6", new[] { 0.9, 1.3 })]
    [InlineData("T8", new[] { 0.9, 0.6, 1.1 })]
    [InlineData("T9", new[] { 0.7, 1.3 })]
    [InlineData("T10", new[] { 0.7, 1.3, 0.9 })]
    [InlineData("T10", new[] { 0.7, 1.3, 1.5 })]
    [InlineData("R1", new[] { 0.3, 0.8, 1.0, 0.4 })]
    [InlineData("R1", new[] { 3, 0.8, 1.0, 0.4 })]
    [InlineData("R2", new[] { 0.3, 0.8, 1.0, 0.4 })]
    [InlineData("R2", new[] { 0.3, 0.8, -1.0, 1.4 })]
    [InlineData("R3", new[] { 0.3, 0.8, -1.0, 1.4 })]
    [InlineData("T2", new[] { 0.4, 0.9, 1.7 })]
    [InlineData("T2", new[] { 0.4, 0.9, 100 })]
    [InlineData("R4", new[] { 0.3, 0.8, 1.0, 0.4 })]
    [InlineData("R4", new[] { 0.9, 0.8, 1.3, -0.4 })]
    [InlineData("K5", new[] { 0.3, 0.8, 1.0 })]
    [InlineData("K6", new[] { 0.3, 0.4 })]
    [InlineData("K7", new[] { 0.3, 0.4 })]
    public void GradientMatchesDifferencesAndValueIsTheMethods(string name, double[] x) =>
        LoopTripAndGradientSumTests.AssertValueAndGradient(s_assembly.Value, "Rev", name, x);
}
