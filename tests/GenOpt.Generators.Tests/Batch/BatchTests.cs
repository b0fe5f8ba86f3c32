using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Intrinsics;
using GenOpt.Tests;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators.Tests.Batch;

/// <summary>
/// The generated lane-parallel <c>ValueBatch</c> (GenOpt.IBatchObjective): equal to the scalar <c>Value</c> of every
/// candidate, bit for bit where the body uses no vector transcendental function (and within
/// <see cref="TranscendentalTolerance"/> where it does), the same bits for a candidate wherever it is in a batch of any
/// size, in both vector widths; branches on the point computed as masks that let no NaN into a selected lane; no
/// allocation; GENOPT102 at the construct that keeps an objective out.
/// </summary>
public class BatchTests
{
    /// <summary>
    /// Relative difference allowed between a batch value and the scalar value of an objective that calls Exp, Log, Sin or
    /// Cos: the vector functions may differ from System.Math in the last bits (see <see cref="VectorFunctionsStayWithinTheirUlpBounds"/>
    /// and docs/batch-objectives.md), and a sum of such terms carries the difference to its value.
    /// </summary>
    internal const double TranscendentalTolerance = 1e-12;

    /// <summary>Test functions (Surjanovic and Bingham's virtual library of simulation experiments), and bodies with branches on the point.</summary>
    private const string Source = """
        using System;
        using GenOpt;

        namespace Batch;

        internal static partial class Sphere
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0;
                foreach (double v in x)
                    sum += v * v;
                return sum;
            }
        }

        internal static partial class Rosenbrock
        {
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

        internal static partial class Rastrigin
        {
            [Objective(Dimension = 10)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 10.0 * x.Length;
                for (int i = 0; i < x.Length; i++)
                    sum += x[i] * x[i] - 10 * Math.Cos(2 * Math.PI * x[i]);
                return sum;
            }
        }

        internal static partial class Ackley
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double squares = 0, cosines = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    squares += x[i] * x[i];
                    cosines += Math.Cos(2 * Math.PI * x[i]);
                }
                int n = x.Length;
                return -20 * Math.Exp(-0.2 * Math.Sqrt(squares / n)) - Math.Exp(cosines / n) + 20 + Math.E;
            }
        }

        internal static partial class Griewank
        {
            [Objective(Dimension = 6)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0, product = 1;
                for (int i = 0; i < 6; i++)
                {
                    sum += x[i] * x[i] / 4000;
                    product *= Math.Cos(x[i] / Math.Sqrt(i + 1));
                }
                return sum - product + 1;
            }
        }

        internal static partial class Schwefel
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 418.9829 * 5;
                for (int i = 0; i < 5; i++)
                    sum -= x[i] * Math.Sin(Math.Sqrt(Math.Abs(x[i])));
                return sum;
            }
        }

        internal static partial class StyblinskiTang
        {
            [Objective(Dimension = 7)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double s = x[i] * x[i];
                    sum += s * s - 16 * s + 5 * x[i];
                }
                return sum / 2;
            }
        }

        internal static partial class Zakharov
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double squares = 0, weighted = 0;
                for (int i = 0; i < 5; i++)
                {
                    squares += x[i] * x[i];
                    weighted += 0.5 * (i + 1) * x[i];
                }
                return squares + weighted * weighted + weighted * weighted * weighted * weighted;
            }
        }

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
                return y + Math.Sqrt(1 + hinge * hinge) - -Math.Floor(x[0]) + Math.Clamp(x[1], -0.5, 0.5) + Math.Round(x[2] * 3) + (x[0] > 1 ? 0.25 : 0.2);
            }
        }

        /// <summary>Branches on the point whose untaken side would compute NaN or infinity.</summary>
        internal static partial class Guarded
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = x[0] > 0 ? Math.Log(x[0]) : -x[0];
                if (x[1] != 0)
                    s += 1 / x[1];
                else
                    s += 5;
                if (x[2] >= 0 && x[0] < 2)
                    s += Math.Sqrt(x[2]) / (x[2] + 1);
                return s;
            }
        }

        /// <summary>Math functions without a vector counterpart, computed lane by lane; under a mask, lanes left out compute NaN.</summary>
        internal static partial class ScalarMath
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = Math.Pow(x[0], 2) + Math.Tanh(x[1]) + Math.Atan(x[2]) + Math.Cbrt(x[0] * x[1]) + Math.Pow(1.5, x[1]);
                s += double.Hypot(x[0], x[2]) + Math.Atan2(x[1], x[2]) + double.Sinh(x[2]) + Math.Log10(1 + x[0] * x[0]);
                double t = x[1] < 1 ? Math.Acos(x[1] / 2) : Math.Cosh(x[1]);
                if (x[0] > 0)
                    s += Math.Pow(x[0], 0.5) + Math.Log2(x[0]) * t;
                return s;
            }
        }

        /// <summary>Helpers and a local function, with branches, an int parameter, a nested call and a call under a mask
        /// whose left-out lanes would divide by zero and take Log and Pow of negative numbers.</summary>
        internal static partial class Helpers
        {
            [Differentiable]
            private static double Huber(double r, double delta)
            {
                double a = Math.Abs(r);
                return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
            }

            private static double LogRatio(double a, double b, int k) => Math.Log(a / b) * k + Math.Pow(a, 0.5) + 1 / Math.Sqrt(b);

            private static double Nested(double v) => Huber(v, 1) + Math.Tanh(v) - Huber(2 * v, 0.25);

            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = Huber(x[0] - 1, 0.5) + Nested(x[1]);
                if (x[0] > 0 && x[2] != 0)
                    s += LogRatio(x[0], x[2] * x[2], 2);
                else
                    s -= Nested(x[0] * x[2]);
                return s + Square(x[2]);

                static double Square(double v) => v * v;
            }
        }

        /// <summary>A stackalloc span written in a loop, under a mask and with +=, read back (a span of vectors in the batch).</summary>
        internal static partial class Spans
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                Span<double> h = stackalloc double[3];
                double s = 0;
                for (int k = 0; k < 3; k++)
                {
                    h[k] = x[k] * x[k + 1] - 0.5 * k;
                    if (h[k] > 0)
                        h[k] += Math.Sqrt(h[k]);
                    else
                        h[k] = h[k] / (x[3] * x[3] + 1);
                }
                for (int k = 0; k < 3; k++)
                    s += h[k] * h[2 - k] + (k > 0 ? h[k - 1] : x[0]);
                return s;
            }
        }

        /// <summary>One vector transcendental function of one coordinate: the batch's value is the function's lane.</summary>
        internal static partial class SinOf
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Sin(x[0]);
        }

        internal static partial class CosOf
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Cos(x[0]);
        }

        internal static partial class ExpOf
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Exp(x[0]);
        }

        internal static partial class LogOf
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Log(x[0]);
        }

        /// <summary>Switch statements and expressions on counters, data and constants (scalar switches around vector
        /// bodies): constant, relational, or/and/not patterns, a when clause, fall-through labels, a branch on the point
        /// and a guarded division inside a section.</summary>
        internal static partial class Switches
        {
            private static readonly int[] Kind = [2, 0, 1, 3, 2];

            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < 5; i++)
                {
                    double term;
                    switch (i % 4)
                    {
                        case 0: term = x[i] + 10 * x[(i + 1) % 5]; term *= term; break;
                        case 1:
                        case 2 when Kind[i] > 0:
                            term = x[i] > 0.5 ? x[i] / (x[i] - 0.5) : x[i] * x[i];
                            break;
                        case > 2 and not 5: term = Math.Abs(x[i] - x[0]); break;
                        default:
                            term = 3 * x[i];
                            if (x[i] < 0)
                                term = term / x[(i + 2) % 5];
                            break;
                    }
                    sum += term;
                    sum += Kind[i] switch { 0 or 1 => x[i] * 0.5, 2 => x[(i + 3) % 5] - x[i], < 10 => -x[i], _ => 1.0 };
                    sum -= (i switch { >= 3 => 2.0, _ => 0.25 }) * x[i];
                }
                return sum;
            }
        }

        /// <summary>While and do loops on the point (masked loops: each lane iterates as often as its own candidate
        /// needs), with counting integers, a break, guarded divisions and Sqrt in the body, and a loop in a
        /// helper called under a mask.</summary>
        internal static partial class Loops
        {
            private static double Halve(double v)
            {
                double h = Math.Abs(v) + 0.1;
                while (h < 64)
                    h = h * 1.5 + 1 / h;
                return h;
            }

            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                const double dt = 0.05;
                double vx = 2 + x[0], vy = 3 * x[1] + 4, px = 0, py = 0;
                int steps = 0;
                while (py >= 0 && steps < 400)
                {
                    double v = Math.Sqrt(vx * vx + vy * vy);
                    vx -= dt * 0.1 * v * vx;
                    vy -= dt * (9.81 + 0.1 * v * vy);
                    px += dt * vx;
                    py += dt * vy;
                    steps++;
                }
                double s = x[2] * x[2] * 40 + 1.5;
                int halvings = 0;
                do
                {
                    s = s / 2 + 1 / (s - 1);
                    if (s < 3)
                        s += 0.25 / s;
                    else
                        s -= Math.Sqrt(s - 2) * 0.01;
                    if (s > 1e300)
                        break;
                    halvings++;
                }
                while (s > 2.5 && halvings < 30);
                double t = x[0] > 0 ? Halve(x[0] * x[1]) : x[2];
                return -px + s + t;
            }
        }

        /// <summary>The loop of a scalar-written loss that halves until small, then a Tanh.</summary>
        internal static partial class Halving
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 2; i++)
                    s += 10 * x[i] * x[i];
                while (s > 10)
                    s /= 2;
                return Math.Tanh(s);
            }
        }

        /// <summary>An early return on the point, a loop over data and counters in conditions.</summary>
        internal partial class Weighted
        {
            public double[] Weights = [1.0, 2.5, 0.5, 3.0];

            [Objective(Dimension = 4)]
            public partial double Loss(ReadOnlySpan<double> x)
            {
                if (x[0] > 1.5)
                    return 100 + x[0];
                double sum = 0;
                for (int i = 0; i < Weights.Length; i++)
                {
                    double r = x[i] - Weights[i] / 4;
                    sum += i % 2 == 0 ? Weights[i] * r * r : Math.Abs(r);
                    if (i > 1 && r < 0)
                        sum -= r * 0.25;
                }
                return sum;
            }
        }
        """;

    /// <summary>Each type of <see cref="Source"/>, whether it calls a vector transcendental function.</summary>
    private static readonly (string Type, bool Transcendental)[] s_objectives =
    [
        ("Sphere", false), ("Rosenbrock", false), ("Rastrigin", true), ("Ackley", true), ("Griewank", true), ("Schwefel", true),
        ("StyblinskiTang", false), ("Zakharov", false), ("Piecewise", false), ("Guarded", true), ("Weighted", false),
        ("ScalarMath", false), ("Helpers", true), ("Spans", false), ("Switches", false), ("Loops", false), ("Halving", false),
    ];

    /// <summary>The types of <see cref="Source"/> whose value is one vector transcendental function of x[0], with the function.</summary>
    private static readonly (string Type, Func<double, double> Scalar)[] s_single =
    [
        ("SinOf", Math.Sin), ("CosOf", Math.Cos), ("ExpOf", Math.Exp), ("LogOf", Math.Log),
    ];

    private static readonly int[] s_sizes = [1, 3, 4, 5, 7, 8, 9, 17, 40];

    /// <summary>Calls of the generated members with arrays (a span cannot go through reflection): per type,
    /// <c>Value</c>, <c>ValueBatch</c> and the two per-width methods.</summary>
    private static string Probes()
    {
        var text = new System.Text.StringBuilder("namespace Batch;\ninternal static class Probe\n{\n");
        foreach (string type in s_objectives.Select(static o => o.Type).Concat(s_single.Select(static o => o.Type)))
        {
            string make = type == "Weighted" ? "new Weighted().AsObjective()" : $"new {type}.Objective()";
            text.Append($"    public static double Value_{type}(double[] x) => {make}.Value(x);\n");
            text.Append($"    public static void Batch_{type}(double[] c, double[] v) => {make}.ValueBatch(c, v);\n");
            text.Append($"    public static void Batch256_{type}(double[] c, double[] v) => {make}.ValueBatchVector256(c, v);\n");
            text.Append($"    public static void Batch512_{type}(double[] c, double[] v) => {make}.ValueBatchVector512(c, v);\n");
            text.Append($"    public static GenOpt.IBatchObjective Make_{type}() => {make};\n");
        }
        return text.Append("}\n").ToString();
    }

    private static readonly Lazy<(GeneratorRun Run, Assembly Assembly)> s_compiled = new(static () =>
    {
        GeneratorRun run = GeneratorHarness.Run(Source, Probes());
        return (run, GeneratorHarness.CompileAndLoad(run, analytic: true));
    });

    private static Func<double[], double> Value(string type) =>
        (Func<double[], double>)Probe("Value_" + type).CreateDelegate(typeof(Func<double[], double>));

    private static Action<double[], double[]> Batch(string prefix, string type) =>
        (Action<double[], double[]>)Probe(prefix + "_" + type).CreateDelegate(typeof(Action<double[], double[]>));

    private static MethodInfo Probe(string name) =>
        s_compiled.Value.Assembly.GetType("Batch.Probe", throwOnError: true)!.GetMethod(name)!;

    private static int Dimension(string type) =>
        (int)s_compiled.Value.Assembly.GetType($"Batch.{type}+Objective", throwOnError: true)!
            .GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    /// <summary>A population of <paramref name="count"/> candidates in [-2.5, 2.5), some coordinates exactly 0 or negative zero.</summary>
    internal static double[] Population(int count, int n, int seed)
    {
        var random = new Random(seed);
        var candidates = new double[count * n];
        for (int i = 0; i < candidates.Length; i++)
        {
            candidates[i] = random.Next(10) switch
            {
                0 => 0.0,
                1 => -0.0,
                _ => -2.5 + 5 * random.NextDouble(),
            };
        }
        return candidates;
    }

    public static IEnumerable<object[]> Objectives() =>
        s_objectives.SelectMany(static o => new[] { "Batch", "Batch256", "Batch512" }.Select(p => new object[] { o.Type, p }));

    [Theory]
    [MemberData(nameof(Objectives))]
    public void BatchValuesEqualScalarValues(string type, string entry)
    {
        bool transcendental = s_objectives.Single(o => o.Type == type).Transcendental;
        int n = Dimension(type);
        Func<double[], double> value = Value(type);
        Action<double[], double[]> batch = Batch(entry, type);
        foreach (int size in s_sizes)
        {
            double[] candidates = Population(size, n, size * 31 + type.Length);
            var values = new double[size];
            batch(candidates, values);
            for (int k = 0; k < size; k++)
            {
                double expected = value(candidates[(k * n)..((k + 1) * n)]);
                if (transcendental)
                {
                    Assert.True(Math.Abs(values[k] - expected) <= TranscendentalTolerance * Math.Max(1, Math.Abs(expected))
                        || (double.IsNaN(expected) && double.IsNaN(values[k])),
                        $"{type} {entry}, size {size}, candidate {k}: batch {values[k]:R}, scalar {expected:R}");
                }
                else
                {
                    Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(values[k]),
                        $"{type} {entry}, size {size}, candidate {k}: batch {values[k]:R}, scalar {expected:R}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void CandidateValueDoesNotDependOnItsPositionOrTheBatchSize(string type, string entry)
    {
        int n = Dimension(type);
        Action<double[], double[]> batch = Batch(entry, type);
        double[] all = Population(40, n, 7 + type.Length);
        var reference = new double[40];
        batch(all, reference);
        foreach (int size in s_sizes)
        {
            // The last 'size' candidates, so each sits at another position (and in the tail of another vector).
            int offset = 40 - size;
            var values = new double[size];
            batch(all[(offset * n)..], values);
            for (int k = 0; k < size; k++)
            {
                Assert.True(BitConverter.DoubleToInt64Bits(reference[offset + k]) == BitConverter.DoubleToInt64Bits(values[k]),
                    $"{type} {entry}: candidate {offset + k} alone in a batch of {size} gave {values[k]:R}, in the batch of 40 {reference[offset + k]:R}");
            }
        }
    }

    /// <summary>
    /// The largest difference, in units in the last place, between each vector function as the batch computes it
    /// (<see cref="ALanesValueDependsOnItsOwnArgumentOnly"/>) and System.Math on this runtime, measured over 200,000
    /// arguments per function in batches of eight (docs/batch-objectives.md has the figures). Sqrt, Abs, Min, Max,
    /// Floor, Ceiling, Round, Truncate and FusedMultiplyAdd are exact in both, so equal bit for bit.
    /// </summary>
    private static readonly (string Type, double Lo, double Hi, long MaxUlp)[] s_ulpRanges =
    [
        ("SinOf", -100, 100, SinUlp), ("CosOf", -100, 100, CosUlp), ("ExpOf", -700, 700, ExpUlp), ("LogOf", 1e-300, 1e300, LogUlp),
    ];

    internal const long SinUlp = 1, CosUlp = 1, ExpUlp = 2, LogUlp = 2;

    [Fact]
    public void VectorFunctionsStayWithinTheirUlpBounds()
    {
        var random = new Random(20261205);
        foreach ((string type, double lo, double hi, long bound) in s_ulpRanges)
        {
            Func<double, double> scalar = s_single.Single(o => o.Type == type).Scalar;
            Action<double[], double[]> batch256 = Batch("Batch256", type), batch512 = Batch("Batch512", type);
            long worst256 = 0, worst512 = 0;
            var arguments = new double[8];
            var values256 = new double[8];
            var values512 = new double[8];
            for (int i = 0; i < 200_000; i += 8)
            {
                for (int j = 0; j < 8; j++)
                {
                    // Log: log-uniform over its range; the others uniform, half of them within [-4, 4].
                    arguments[j] = type == "LogOf" ? Math.Exp(Math.Log(lo) + (Math.Log(hi) - Math.Log(lo)) * random.NextDouble())
                        : (i & 8) == 0 ? -4 + 8 * random.NextDouble() : lo + (hi - lo) * random.NextDouble();
                }
                batch256(arguments, values256);
                batch512(arguments, values512);
                for (int j = 0; j < 8; j++)
                {
                    double expected = scalar(arguments[j]);
                    worst256 = Math.Max(worst256, Ulps(expected, values256[j]));
                    worst512 = Math.Max(worst512, Ulps(expected, values512[j]));
                }
            }
            Assert.True(worst256 <= bound && worst512 <= bound, $"{type}: {worst256} ulp (Vector256), {worst512} ulp (Vector512); documented bound {bound}");
        }
    }

    /// <summary>Arguments at and around the limits where .NET's vector Sin, Cos, Exp and Log change their code path, and special values.</summary>
    private static readonly double[] s_edgeArguments =
    [
        0.0, -0.0, double.Epsilon, -double.Epsilon, 1e-310, 1e-300, 1e-20, Math.ScaleB(1, -27), Math.BitDecrement(Math.ScaleB(1, -27)),
        1e-5, Math.ScaleB(1, -13), Math.BitDecrement(Math.ScaleB(1, -13)), -Math.ScaleB(1, -13), 0.3, -0.5, Math.PI / 4,
        Math.BitIncrement(Math.PI / 4), -Math.PI / 4, 1.0, -3.0, 100, 1e5, 1e6, -1e6, 4.9e6, Math.BitDecrement(5e6), 5e6, -5e6, 1e10,
        700, 708, Math.BitIncrement(708), -708, -Math.BitIncrement(708), 709, 710, 750, -750, -1, 1e300, double.MaxValue,
        -double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
    ];

    /// <summary>An argument of any class: small, near 0, within a few periods, large, huge, or one of <see cref="s_edgeArguments"/>.</summary>
    private static double Argument(Random random) => random.Next(8) switch
    {
        0 => -1 + 2 * random.NextDouble(),
        1 => -32 + 64 * random.NextDouble(),
        2 => (-1 + 2 * random.NextDouble()) * 1e-3,
        3 => (-1 + 2 * random.NextDouble()) * 1e-7,
        4 => s_edgeArguments[random.Next(s_edgeArguments.Length)],
        5 => (-1 + 2 * random.NextDouble()) * 1e7,
        6 => (-1 + 2 * random.NextDouble()) * 1500,
        _ => 100 * random.NextDouble(),
    };

    public static IEnumerable<object[]> SingleFunctions() =>
        s_single.SelectMany(static o => new[] { "Batch256", "Batch512" }.Select(p => new object[] { o.Type, p }));

    /// <summary>
    /// .NET's vector Sin and Cos choose their code path from all lanes at once (a neighbour beyond pi/4, or at 5e6 and
    /// beyond, changes a lane's bits), Exp falls back to System.Math for all lanes when one is beyond 708: the batch
    /// computes them so that a candidate's bits depend on its own argument only, next to any neighbour, at the first or
    /// the last lane, and in vectors of mixed arguments; and the two widths give the same bits.
    /// </summary>
    [Theory]
    [MemberData(nameof(SingleFunctions))]
    public void ALanesValueDependsOnItsOwnArgumentOnly(string type, string entry)
    {
        Action<double[], double[]> batch = Batch(entry, type), other = Batch(entry == "Batch256" ? "Batch512" : "Batch256", type);
        int width = entry == "Batch256" ? 4 : 8;
        var random = new Random(20261206 + type.Length);
        var alone = new double[1];
        var otherAlone = new double[1];
        var candidates = new double[width];
        var values = new double[width];
        void Check(double argument, Func<string> where)
        {
            batch([argument], alone);
            other([argument], otherAlone);
            Assert.True(Bits(alone[0]) == Bits(otherAlone[0]), $"{type}({argument:R}): {alone[0]:R} in {entry}, {otherAlone[0]:R} in the other width");
            batch(candidates, values);
            for (int j = 0; j < width; j++)
            {
                if (Bits(candidates[j]) == Bits(argument) && Bits(alone[0]) != Bits(values[j]))
                    Assert.Fail($"{type}({argument:R}) {entry}: {alone[0]:R} alone, {values[j]:R} {where()}");
            }
        }
        for (int t = 0; t < 600; t++)
        {
            double argument = Argument(random);
            foreach (double neighbour in s_edgeArguments)
            {
                Array.Fill(candidates, neighbour);
                candidates[t % 2 == 0 ? 0 : width - 1] = argument;
                Check(argument, () => $"next to {neighbour:R}");
            }
        }
        for (int t = 0; t < 20_000; t++)
        {
            for (int j = 0; j < width; j++)
                candidates[j] = Argument(random);
            for (int j = 0; j < width; j++)
                Check(candidates[j], () => $"in [{string.Join(", ", candidates.Select(static c => c.ToString("R")))}]");
        }
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    private static long Ulps(double a, double b)
    {
        long x = BitConverter.DoubleToInt64Bits(a), y = BitConverter.DoubleToInt64Bits(b);
        // Ordered integer representation: negative doubles mirror below zero.
        x = x < 0 ? long.MinValue - x : x;
        y = y < 0 ? long.MinValue - y : y;
        return Math.Abs(x - y);
    }

    /// <summary>
    /// Masked while and do loops: lanes needing from one to over a hundred iterations (vy from -2 to 10, s from 1.5 to
    /// 251) in one vector, in both widths and in the tail, give the scalar values bit for bit, all finite; the body of a
    /// loop on the point runs under the lanes still looping, with its Sqrt and divisions guarded in the lanes that stopped
    /// (where <c>Sqrt(s - 2)</c> would be NaN).
    /// </summary>
    [Fact]
    public void MaskedLoopsRunEachLanesOwnIterations()
    {
        double[][] points =
        [
            [0, -2, 0], [1, 2, 2.5], [-0.0, 2.5, 0.1], [0.5, -1.3, -2.5], [2.5, 0, 1], [-1, 1, 0], [1, -2, 2], [0.25, 2.4, -0.0], [2, -0.5, 1.7],
        ];
        Func<double[], double> value = Value("Loops");
        foreach (string entry in new[] { "Batch", "Batch256", "Batch512" })
        {
            Action<double[], double[]> batch = Batch(entry, "Loops");
            foreach (int size in new[] { 1, 3, 4, 5, 7, 8, 9 })
            {
                double[] candidates = points.Take(size).SelectMany(static p => p).ToArray();
                var values = new double[size];
                batch(candidates, values);
                for (int k = 0; k < size; k++)
                {
                    double expected = value(points[k]);
                    Assert.False(double.IsNaN(values[k]) || double.IsInfinity(values[k]), $"{entry}: candidate {k} gave {values[k]}");
                    Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(values[k]), $"{entry}, size {size}, candidate {k}: {values[k]:R} vs {expected:R}");
                }
            }
        }
        string generated = s_compiled.Value.Run.GeneratedSources.Single(static s => s.HintName == "Batch.Loops.Objective.g.cs").SourceText.ToString();
        string method = generated[generated.IndexOf("void ValueBatchVector256(", StringComparison.Ordinal)..generated.IndexOf("void ValueBatchVector512(", StringComparison.Ordinal)];
        // The two loops of the body, and the one of Halve's masked copy (written after the width's method).
        Assert.Equal(3, method.Split("while (true)").Length - 1);
        Assert.Contains("_Batch256Masked(global::System.Runtime.Intrinsics.Vector256<double> mask, ", method, StringComparison.Ordinal);
        Assert.Contains("Vector256.Sqrt(global::System.Runtime.Intrinsics.Vector256.ConditionalSelect(running", method, StringComparison.Ordinal);
        Assert.Contains("/ global::System.Runtime.Intrinsics.Vector256.ConditionalSelect(running", method, StringComparison.Ordinal);
    }

    [Fact]
    public void MaskedBranchesNeverLeakNaN()
    {
        // Every candidate takes one side of each branch; the other side computes Log or Sqrt of a negative number or
        // divides by zero in the scalar code it does not run. The batch must give the scalar values, all finite.
        double[][] points =
        [
            [-1, 0, -4], [2, 0, 4], [-0.0, 3, 0], [0.5, -2, -1], [3, 1e-300, 9], [-3, -0.0, 2], [1, 2, -0.0],
        ];
        Func<double[], double> value = Value("Guarded");
        foreach (string entry in new[] { "Batch", "Batch256", "Batch512" })
        {
            Action<double[], double[]> batch = Batch(entry, "Guarded");
            double[] candidates = points.SelectMany(static p => p).ToArray();
            var values = new double[points.Length];
            batch(candidates, values);
            for (int k = 0; k < points.Length; k++)
            {
                double expected = value(points[k]);
                Assert.False(double.IsNaN(values[k]) || double.IsInfinity(values[k]), $"{entry}: candidate {k} gave {values[k]}");
                Assert.True(Math.Abs(values[k] - expected) <= TranscendentalTolerance * Math.Max(1, Math.Abs(expected)), $"{entry}: candidate {k}: {values[k]:R} vs {expected:R}");
            }
        }
        // The guards themselves: operands of divisions, Log and Sqrt in masked code are 1 in the lanes left out.
        string generated = s_compiled.Value.Run.GeneratedSources.Single(static s => s.HintName.Contains("Guarded", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("Vector256.Log(global::System.Runtime.Intrinsics.Vector256.ConditionalSelect(", generated, StringComparison.Ordinal);
        Assert.Contains("Vector256.Sqrt(global::System.Runtime.Intrinsics.Vector256.ConditionalSelect(", generated, StringComparison.Ordinal);
        Assert.Contains("/ global::System.Runtime.Intrinsics.Vector256.ConditionalSelect(", generated, StringComparison.Ordinal);

        // A helper called under a mask gets a masked copy whose Log, Sqrt and divisions are guarded the same way; its
        // values (LogRatio's left-out lanes divide by zero, take Log and Pow of negative numbers) are checked in
        // BatchValuesEqualScalarValues.
        string helpers = s_compiled.Value.Run.GeneratedSources.Single(static s => s.HintName.Contains("Helpers", StringComparison.Ordinal)).SourceText.ToString();
        int masked = helpers.IndexOf("_Batch256Masked(global::System.Runtime.Intrinsics.Vector256<double> mask, global::System.Runtime.Intrinsics.Vector256<double> a,", StringComparison.Ordinal);
        Assert.True(masked > 0, "no masked copy of LogRatio");
        string body = helpers[masked..helpers.IndexOf("return result;", masked, StringComparison.Ordinal)];
        Assert.Contains("Vector256.Log(global::System.Runtime.Intrinsics.Vector256.ConditionalSelect(mask, ", body, StringComparison.Ordinal);
        Assert.Contains("Vector256.Sqrt(global::System.Runtime.Intrinsics.Vector256.ConditionalSelect(mask, ", body, StringComparison.Ordinal);
        Assert.Contains("/ global::System.Runtime.Intrinsics.Vector256.ConditionalSelect(mask, ", body, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryObjectiveHereIsABatchObjective()
    {
        Assert.True(s_compiled.Value.Run.BatchNotes.IsEmpty, GeneratorHarness.Format(s_compiled.Value.Run.BatchNotes));
        foreach ((string type, _) in s_objectives)
            Assert.NotNull(Probe("Make_" + type).Invoke(null, null) as IBatchObjective);
    }

    [Fact]
    public void LengthsAreChecked()
    {
        Action<double[], double[]> batch = Batch("Batch", "Sphere");
        Assert.Throws<ArgumentException>(() => batch(new double[9], new double[2]));
        Assert.Throws<ArgumentException>(() => batch(new double[11], new double[2]));
        batch([], []); // no candidates: nothing to do
    }

    [Fact]
    public void ValueBatchDoesNotAllocate()
    {
        foreach ((string type, _) in s_objectives)
        {
            var objective = (IBatchObjective)Probe("Make_" + type).Invoke(null, null)!;
            int n = Dimension(type);
            double[] candidates = Population(17, n, 3);
            var values = new double[17];
            objective.ValueBatch(candidates, values); // JIT
            Allocations.AssertNone($"{type}.ValueBatch", () => objective.ValueBatch(candidates, values));
        }
    }

    [Fact]
    public void ObjectiveOutsideTheSubsetGetsANoteAtTheConstruct()
    {
        const string source = """
            using System;
            using GenOpt;
            namespace Notes;
            public static partial class Switching
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; i < 2; i++)
                    {
                        switch (i)
                        {
                            case 0: s += x[0] * x[0]; break;
                            default: s += Math.Tanh(x[1]); break;
                        }
                    }
                    switch (x[1])
                    {
                        case < 0: s -= x[1]; break;
                        default: s += x[1]; break;
                    }
                    return s;
                }
            }
            public static partial class SwitchingExpression
            {
                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x) =>
                    (x.Length switch { 2 => x[0], _ => x[1] }) + x[0] switch { > 1 => x[1], _ => -x[1] };
            }
            public static partial class Sized
            {
                private static readonly double[] W = [1.0, 2.0];

                [Objective(Dimension = 2)]
                public static partial double Value(ReadOnlySpan<double> x)
                {
                    Span<double> h = stackalloc double[W.Length];
                    for (int i = 0; i < W.Length; i++)
                        h[i] = W[i] * x[i];
                    return h[0] * h[1];
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics));
        Diagnostic[] notes = [.. run.BatchNotes.OrderBy(static d => d.Location.SourceSpan.Start)];
        Assert.Equal(3, notes.Length);

        // The switch on a counter is evaluated as a scalar switch; the one on the point keeps the objective out.
        Assert.Equal(DiagnosticDescriptors.NoBatchId, notes[0].Id);
        Assert.Equal(DiagnosticSeverity.Info, notes[0].Severity);
        Assert.Equal(source.IndexOf("switch (x[1])", StringComparison.Ordinal), notes[0].Location.SourceSpan.Start);
        Assert.Equal("switch".Length, notes[0].Location.SourceSpan.Length);
        Assert.Equal("'Switching.Value' gets no batch (lane-parallel) evaluation: a switch whose governing value depends on the point", notes[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(source.IndexOf("x[0] switch", StringComparison.Ordinal) + "x[0] ".Length, notes[1].Location.SourceSpan.Start);
        Assert.Equal("'SwitchingExpression.Value' gets no batch (lane-parallel) evaluation: a switch expression whose governing value depends on the point", notes[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(source.IndexOf("stackalloc double[W.Length]", StringComparison.Ordinal), notes[2].Location.SourceSpan.Start);
        Assert.Equal("'Sized.Value' gets no batch (lane-parallel) evaluation: a stackalloc span local whose length is not a compile-time constant", notes[2].GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        foreach (GeneratedSourceResult generated in run.GeneratedSources)
            Assert.DoesNotContain("ValueBatch", generated.SourceText.ToString(), StringComparison.Ordinal);
    }
}
