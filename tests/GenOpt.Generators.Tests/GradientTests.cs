using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Generated analytic gradients, compiled and run in memory, against a high-accuracy finite-difference reference
/// (Richardson extrapolation of central differences) at random points; and the finite-difference fallback.
/// </summary>
public class GradientTests
{
    /// <summary>Objectives: each type <c>Corpus.Name</c> has one, and a comment giving its points' range.</summary>
    private const string Corpus = """
        using System;
        using GenOpt;

        namespace Corpus;

        public static partial class Sphere
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

        public static partial class Rosenbrock
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

        public static partial class Rastrigin
        {
            [Objective(Dimension = 6)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 10.0 * x.Length;
                for (int i = 0; i < x.Length; i++)
                    sum += x[i] * x[i] - 10 * Math.Cos(2 * Math.PI * x[i]);
                return sum;
            }
        }

        public static partial class Ackley
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

        public static partial class Griewank
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0, product = 1;
                for (int i = 0; i < 5; i++)
                {
                    sum += x[i] * x[i] / 4000;
                    product *= Math.Cos(x[i] / Math.Sqrt(i + 1));
                }
                return 1 + sum - product;
            }
        }

        public static partial class StyblinskiTang
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                    s += Math.Pow(x[i], 4) - 16 * Math.Pow(x[i], 2) + 5 * x[i];
                return s / 2;
            }
        }

        public static partial class Product
        {
            [Objective(Dimension = 6)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double p = 1;
                for (int i = 0; i < x.Length; i++)
                    p = p * x[i];
                return p;
            }
        }

        public static partial class Piecewise
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) =>
                Math.Abs(x[0] - 1) + Math.Max(0, x[1] - x[2]) + Math.Min(x[0] * x[1], x[2]) + Math.Abs(x[2] - 1.1);
        }

        public static partial class Clamps
        {
            // On the test points (x_i in [0.3, 1.4]) each Clamp takes each of its branches at some point, and the
            // bounds never cross (Math.Clamp would throw).
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x) =>
                Math.Clamp(x[0] * x[1], 0.4, 1.2)
                + Math.Clamp(x[2], 0.6 * x[0] - 0.2, 0.5 * x[1] + 0.65) * x[3]
                + Math.Clamp(0.7, x[3] * x[3] - 0.5, x[3] + 0.3) * x[0];
        }

        public static partial class Ternary
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double a = x[0] > 0.9 ? x[0] * x[1] : -x[0] / x[1];
                return a < 0.5 && x[1] > 0.2 ? a * a : Math.Sin(a);
            }
        }

        public static partial class BranchInLoop
        {
            [Objective(Dimension = 6)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0.5;
                for (int i = 0; i < 6; i++)
                {
                    if (s > 1.2)
                        s = s * 0.5 + x[i];
                    else if (s < 0.7)
                    {
                        s += x[i] * x[i];
                    }
                    else
                        s = Math.Sqrt(s) * x[i] + 0.3;
                }
                return s * s;
            }
        }

        public static partial class Pairwise
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double e = 0;
                for (int i = 0; i < x.Length; i++)
                    for (int j = i + 1; j < x.Length; j++)
                    {
                        double d = x[i] - x[j];
                        e += 1 / (0.5 + d * d);
                    }
                return e;
            }
        }

        public static partial class QuadraticForm
        {
            private static readonly double[,] A = { { 2, 0.5, 0 }, { 0.5, 3, -1 }, { 0, -1, 4 } };
            private const double Scale = 0.5;

            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        s += A[i, j] * x[i] * x[j];
                return Scale * s;
            }
        }

        public static partial class Functions1
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x) =>
                Math.Sqrt(x[0]) + Math.Exp(x[1]) + Math.Log(x[2]) + Math.Log10(x[3]) + Math.Log2(x[0] + x[1]);
        }

        public static partial class Functions2
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) =>
                Math.Sin(x[0]) * Math.Cos(x[1]) + Math.Tan(x[2]) + Math.Atan(x[0] * x[1]) + Math.Atan2(x[1], x[2]);
        }

        public static partial class Functions3
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) =>
                Math.Tanh(x[0]) + Math.Sinh(x[1]) * Math.Cosh(x[2]) + Math.Cbrt(x[0] + x[2]) + double.Hypot(x[1], x[2]);
        }

        public static partial class Functions4
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) =>
                Math.Asin(x[0] / 2) + Math.Acos(x[1] / 2) + Math.FusedMultiplyAdd(x[0], x[1], x[2]) + Math.Floor(x[2] * 10) + double.Sqrt(x[1]);
        }

        public static partial class PowVariable
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Pow(x[0], x[1]) + Math.Pow(x[1], 2.5) + Math.Pow(2, x[0]);
        }

        public static partial class Quotients
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] / x[1] - (x[1] + x[2]) / (x[0] * x[2]) / 3 + 1 / x[2];
        }

        public static partial class CompoundAssignments
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double t = x[0];
                t *= x[1];
                t /= x[2];
                t -= x[0] * 0.25;
                t++;
                t += t * x[1];
                t = t * t + x[2];
                t--;
                return -(-t);
            }
        }

        public static partial class Steps
        {
            [Objective(Dimension = 8)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                const int half = 4;
                int quarter = Math.Max(x.Length / 4, 1);
                double even = 0, odd = 0;
                for (int i = 0; i < x.Length; i += 2)
                    even += x[i] * x[i + 1];
                for (int i = x.Length - 1; i >= half; i--)
                    odd = odd * 0.5 + Math.Sin(x[i]);
                return even * odd + quarter * Math.Pow(2, quarter) * x[0];
            }
        }

        public static partial class Helpers
        {
            [Differentiable]
            public static double Softplus(double a) => Math.Log(1 + Math.Exp(a));

            [Differentiable]
            public static double Smooth(double a, double b)
            {
                double m = Softplus(a - b);
                double r = m * m;
                r += b;
                return r / (1 + a * a);
            }

            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                    s += Smooth(x[i], x[i + 1]) + Softplus(x[i]);
                return s;
            }
        }

        public static partial class NeuralNetwork
        {
            // 2 inputs, 3 tanh hidden units, 1 linear output: 3*2 + 3 + 3 + 1 = 13 weights.
            private static readonly double[] Inputs = { 0.1, 0.9, -0.4, 0.3, 0.8, -0.7, -0.2, -0.5 };
            private static readonly double[] Targets = { 0.5, -0.1, 0.7, 0.2 };

            [Objective(Dimension = 13)]
            public static partial double Loss(ReadOnlySpan<double> w)
            {
                double loss = 0;
                for (int k = 0; k < 4; k++)
                {
                    double output = w[12];
                    for (int h = 0; h < 3; h++)
                    {
                        double activation = Math.Tanh(w[2 * h] * Inputs[2 * k] + w[2 * h + 1] * Inputs[2 * k + 1] + w[6 + h]);
                        output += w[9 + h] * activation;
                    }
                    double error = output - Targets[k];
                    loss += error * error;
                }
                return loss / 4;
            }
        }

        public static partial class RuntimeNetwork
        {
            private static readonly double[] Inputs = { 0.1, 0.9, -0.4, 0.3, 0.8 };
            private static readonly double[] Targets = { 0.5, -0.1, 0.7, 0.2, -0.3 };

            [Objective(Dimension = 7)]
            public static partial double Loss(ReadOnlySpan<double> w)
            {
                double loss = 0;
                for (int k = 0; k < Targets.Length; k++)
                {
                    double output = w[6];
                    double gain = 1;
                    for (int h = 0; h < 3; h++)
                    {
                        output += w[3 + h] * Math.Tanh(w[h] * Inputs[k]);
                        gain *= 1 + 0.1 * w[h];
                    }
                    if (output > 0.5)
                        output = 0.5 + gain * (output - 0.5);
                    double error = output - Targets[k];
                    loss += error * error;
                }
                return loss / Targets.Length;
            }
        }

        public static partial class RerunReadsOuter
        {
            private static readonly double[] Data = { 0.5, -1, 2 };

            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double scale = x[0] * 2;
                double loss = 0;
                for (int k = 0; k < Data.Length; k++)
                {
                    double t = scale + x[1] * Data[k];
                    loss += t * t;
                }
                scale = 7 + x[1] * x[1];
                return loss + scale;
            }
        }

        public sealed partial class DataFit
        {
            private readonly double[] _xs;
            private readonly double[] _ys;
            public DataFit(double[] xs, double[] ys) { _xs = xs; _ys = ys; }

            [Objective(Dimension = 3)]
            public partial double Loss(ReadOnlySpan<double> p)
            {
                double sum = 0;
                for (int i = 0; i < _xs.Length; i++)
                {
                    double r = p[0] * Math.Exp(p[1] * _xs[i]) + p[2] - this._ys[i];
                    sum += r * r;
                }
                return sum;
            }
        }

        public partial struct Weighted
        {
            public double[] Weights;

            [Objective(Dimension = 3)]
            public readonly partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                    s += Weights[i] * Math.Pow(x[i] - i, 2);
                return s;
            }
        }

        public static partial class Keywords
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> @event)
            {
                double x = @event[0], gradient = @event[1], value = x * gradient;
                double xBar = value * value + x;
                return xBar + gradient;
            }
        }

        public static partial class Disk
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[1] * x[2];

            [InequalityConstraint]
            public static partial double Inside(ReadOnlySpan<double> x) => 4 - x[0] * x[0] - Math.Pow(x[1], 2) - Math.Exp(x[2]);

            [EqualityConstraint(Count = 2)]
            public static partial void Lines(ReadOnlySpan<double> x, Span<double> values)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                    s += x[i] * (i + 1);
                values[0] = s * s - 1;
                values[1] = Math.Sin(x[0]) * x[2];
            }
        }

        public static partial class Schwefel
        {
            // z = ±500 (x - 0.2) covers both signs of Abs, away from its kink and the Sqrt singularity.
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 418.9828872724338 * x.Length;
                for (int i = 0; i < x.Length; i++)
                {
                    double z = 500 * (x[i] - 0.2) * (i % 2 == 0 ? 1 : -1);
                    s -= z * Math.Sin(Math.Sqrt(Math.Abs(z)));
                }
                return s;
            }
        }

        public static partial class Levy
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                int n = x.Length;
                double w0 = 1 + (x[0] - 1) / 4, wn = 1 + (x[n - 1] - 1) / 4;
                double s = Math.Pow(Math.Sin(Math.PI * w0), 2);
                for (int i = 0; i < n - 1; i++)
                {
                    double w = 1 + (x[i] - 1) / 4;
                    double sine = Math.Sin(Math.PI * w + 1);
                    s += (w - 1) * (w - 1) * (1 + 10 * sine * sine);
                }
                double last = Math.Sin(2 * Math.PI * wn);
                return s + (wn - 1) * (wn - 1) * (1 + last * last);
            }
        }

        public static partial class Michalewicz
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                    s -= Math.Sin(x[i]) * Math.Pow(Math.Sin((i + 1) * x[i] * x[i] / Math.PI), 20);
                return s;
            }
        }

        public static partial class Eggholder
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double a = x[0], b = x[1] + 47;
                return -b * Math.Sin(Math.Sqrt(Math.Abs(b + a / 2))) - a * Math.Sin(Math.Sqrt(Math.Abs(a - b)));
            }
        }

        public static partial class LogSumExp
        {
            private static readonly double[] Slopes = { 1.5, -2, 0.5, 3, -1 };

            // Stable log-sum-exp (the maximum is subtracted) plus softplus terms.
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double m = x[0];
                for (int i = 1; i < x.Length; i++)
                    m = Math.Max(m, x[i]);
                double sum = 0, softplus = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    sum += Math.Exp(x[i] - m);
                    softplus += Math.Log(1 + Math.Exp(Slopes[i] * x[i]));
                }
                return m + Math.Log(sum) + 0.5 * softplus;
            }
        }

        public static partial class Huber
        {
            private static readonly double[] Data = { 0.5, 4, 2.2, -0.5, 1.9, 3.1 };
            private const double Delta = 1;

            // Residuals 3 x - data fall on both sides of the threshold.
            [Objective(Dimension = 6)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double loss = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double r = 3 * x[i] - Data[i];
                    if (Math.Abs(r) <= Delta)
                        loss += 0.5 * r * r;
                    else
                        loss += Delta * (Math.Abs(r) - 0.5 * Delta);
                }
                return loss;
            }
        }

        public static partial class MatrixVector
        {
            // M is 3 x 4, row-major: f = |M x - b|^2 weighted, an inner accumulator per row.
            private static readonly double[] M = { 1, 2, -1, 0.5, 0, -3, 1, 2, 4, 0.5, 0.25, -1 };
            private static readonly double[] B = { 1, -2, 0.5 };
            private static readonly double[] W = { 1, 0.5, 2 };

            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                {
                    double row = -B[i];
                    for (int j = 0; j < x.Length; j++)
                        row += M[i * x.Length + j] * x[j];
                    s += W[i] * row * row;
                }
                return s;
            }
        }

        public static partial class KernelSum
        {
            private static readonly double[] Centres = { 0.2, 0.7, 1.1, 1.6 };
            private static readonly double[] Widths = { 0.5, 0.3, 0.8, 0.4 };

            [Differentiable]
            public static double Bump(double a, double centre, double width)
            {
                double d = a - centre;
                return Math.Exp(-d * d / width);
            }

            [Differentiable]
            public static double Hinge(double a) => a > 0 ? a * a : 0.1 * a;

            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int k = 0; k < Centres.Length; k++)
                    for (int i = 0; i < x.Length; i++)
                        s += (k + 1) * Bump(x[i], Centres[k], Widths[k]) + Hinge(x[i] - Centres[k]) * x[(i + k) % x.Length];
                return s;
            }
        }

        public static partial class Beale
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double a = 1.5 - x[0] + x[0] * x[1];
                double b = 2.25 - x[0] + x[0] * x[1] * x[1];
                double c = 2.625 - x[0] + x[0] * Math.Pow(x[1], 3);
                return a * a + b * b + c * c;
            }
        }

        public static partial class GoldsteinPrice
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double u = x[0] - 0.5, v = x[1] - 0.5;
                double a = 1 + Math.Pow(u + v + 1, 2) * (19 - 14 * u + 3 * u * u - 14 * v + 6 * u * v + 3 * v * v);
                double b = 30 + Math.Pow(2 * u - 3 * v, 2) * (18 - 32 * u + 12 * u * u + 48 * v - 36 * u * v + 27 * v * v);
                return a * b;
            }
        }

        public static partial class Zakharov
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double squares = 0, weighted = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    squares += x[i] * x[i];
                    weighted += 0.5 * (i + 1) * x[i];
                }
                return squares + Math.Pow(weighted, 2) + Math.Pow(weighted, 4);
            }
        }

        public static partial class DixonPrice
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double s = (x[0] - 1) * (x[0] - 1);
                for (int i = 1; i < x.Length; i++)
                {
                    double t = 2 * x[i] * x[i] - x[i - 1];
                    s += (i + 1) * t * t;
                }
                return s;
            }
        }

        // Hock–Schittkowski problems (tests/testproblems/constrained.json): equalities == 0, inequalities >= 0.
        public static partial class HS6
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Pow(1 - x[0], 2);

            [EqualityConstraint]
            public static partial double Curve(ReadOnlySpan<double> x) => 10 * (x[1] - x[0] * x[0]);
        }

        public static partial class HS7
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Log(1 + x[0] * x[0]) - x[1];

            [EqualityConstraint]
            public static partial double Curve(ReadOnlySpan<double> x) => Math.Pow(1 + x[0] * x[0], 2) + x[1] * x[1] - 4;
        }

        public static partial class HS14
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Pow(x[0] - 2, 2) + Math.Pow(x[1] - 1, 2);

            [EqualityConstraint]
            public static partial double Line(ReadOnlySpan<double> x) => x[0] - 2 * x[1] + 1;

            [InequalityConstraint]
            public static partial double Ellipse(ReadOnlySpan<double> x) => -0.25 * x[0] * x[0] - x[1] * x[1] + 1;
        }

        public static partial class HS21
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => 0.01 * x[0] * x[0] + x[1] * x[1] - 100;

            [InequalityConstraint]
            public static partial double Line(ReadOnlySpan<double> x) => 10 * x[0] - x[1] - 10;
        }

        public static partial class HS28
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) => Math.Pow(x[0] + x[1], 2) + Math.Pow(x[1] + x[2], 2);

            [EqualityConstraint]
            public static partial double Plane(ReadOnlySpan<double> x) => x[0] + 2 * x[1] + 3 * x[2] - 1;
        }

        public static partial class HS35
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) =>
                9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0] * x[0] + 2 * x[1] * x[1] + x[2] * x[2] + 2 * x[0] * x[1] + 2 * x[0] * x[2];

            [InequalityConstraint]
            public static partial double Plane(ReadOnlySpan<double> x) => 3 - x[0] - x[1] - 2 * x[2];
        }

        public static partial class HS48
        {
            [Objective(Dimension = 5)]
            public static partial double Value(ReadOnlySpan<double> x) =>
                Math.Pow(x[0] - 1, 2) + Math.Pow(x[1] - x[2], 2) + Math.Pow(x[3] - x[4], 2);

            [EqualityConstraint(Count = 2)]
            public static partial void Planes(ReadOnlySpan<double> x, Span<double> values)
            {
                double sum = 0;
                for (int i = 0; i < 5; i++)
                    sum += x[i];
                values[0] = sum - 5;
                values[1] = x[2] - 2 * (x[3] + x[4]) + 3;
            }
        }

        public static partial class HS71
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2];

            [EqualityConstraint]
            public static partial double Sphere(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 40;

            [InequalityConstraint]
            public static partial double Product(ReadOnlySpan<double> x) => x[0] * x[1] * x[2] * x[3] - 25;
        }
        """;

    private static readonly string[] s_objectives =
    [
        "Sphere", "Rosenbrock", "Rastrigin", "Ackley", "Griewank", "StyblinskiTang", "Product", "Piecewise", "Clamps", "Ternary",
        "BranchInLoop", "Pairwise", "QuadraticForm", "Functions1", "Functions2", "Functions3", "Functions4", "PowVariable",
        "Quotients", "CompoundAssignments", "Steps", "Helpers", "NeuralNetwork", "RuntimeNetwork", "RerunReadsOuter", "Keywords", "Disk",
        "Schwefel", "Levy", "Michalewicz", "Eggholder", "LogSumExp", "Huber", "MatrixVector", "KernelSum", "Beale",
        "GoldsteinPrice", "Zakharov", "DixonPrice", "HS6", "HS7", "HS14", "HS21", "HS28", "HS35", "HS48", "HS71",
    ];

    /// <summary>Corpus types with constraints: each has a generated <c>Problem</c>.</summary>
    private static readonly string[] s_problems = ["Disk", "HS6", "HS7", "HS14", "HS21", "HS28", "HS35", "HS48", "HS71"];

    private static readonly Lazy<(GeneratorRun Run, Assembly Assembly)> s_corpus = new(static () => Compile(Corpus));

    [Fact]
    public void EveryCorpusObjectiveGetsAnAnalyticGradient()
    {
        GeneratorRun run = s_corpus.Value.Run;
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics));
        foreach (GeneratedSourceResult source in run.GeneratedSources)
            Assert.DoesNotContain("FiniteDifference", source.SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CorpusGeneratedCodeHasNoWarnings()
    {
        GeneratorRun run = s_corpus.Value.Run;
        Assert.True(!run.GeneratedFileProblems.Any(), GeneratorHarness.Format(run.GeneratedFileProblems));
    }

    public static IEnumerable<object[]> Objectives() => s_objectives.Select(static name => new object[] { name });

    [Theory]
    [MemberData(nameof(Objectives))]
    public void GradientMatchesRichardsonDifferences(string name)
    {
        Type type = s_corpus.Value.Assembly.GetType($"Corpus.{name}+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        CheckAtRandomPoints(objective, name);
    }

    /// <summary>
    /// The rounding functions of the subset (Floor is in Functions4): piecewise constant, so their derivative is 0
    /// wherever it exists; the rest of the gradient is exact and the value is the method's bit for bit.
    /// </summary>
    [Fact]
    public void RoundingFunctionsHaveZeroDerivatives()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GenOpt;
            namespace Rounding;
            internal static partial class Steps
            {
                [Objective(Dimension = 3)]
                public static partial double Value(ReadOnlySpan<double> x) =>
                    Math.Ceiling(x[0] * 3) + Math.Round(x[1] * 7) + Math.Truncate(x[2] * 5) + x[0] * x[1] * x[2];
            }
            """);
        Assembly assembly = GeneratorHarness.CompileAndLoad(run, analytic: true);
        var objective = (IDifferentiableObjective)Activator.CreateInstance(assembly.GetType("Rounding.Steps+Objective", throwOnError: true)!)!;
        double[] x = [0.37, -0.81, 1.23];
        var gradient = new double[3];
        double value = objective.ValueAndGradient(x, gradient);
        Assert.Equal(Math.Ceiling(x[0] * 3) + Math.Round(x[1] * 7) + Math.Truncate(x[2] * 5) + x[0] * x[1] * x[2], value);
        double[] expected = [x[1] * x[2], x[0] * x[2], x[0] * x[1]];
        for (int j = 0; j < 3; j++)
            Assert.True(Math.Abs(gradient[j] - expected[j]) <= 1e-15 * Math.Abs(expected[j]), $"d/dx[{j}]: {gradient[j]:R}, expected {expected[j]:R}");
    }

    [Fact]
    public void InstanceObjectivesDifferentiateWithRespectToTheParametersOnly()
    {
        Assembly assembly = s_corpus.Value.Assembly;
        Type fitType = assembly.GetType("Corpus.DataFit", throwOnError: true)!;
        double[] xs = [0, 0.25, 0.5, 0.75, 1, 1.5];
        double[] ys = xs.Select(static t => 2 * Math.Exp(-t) + 0.5).ToArray();
        object fit = Activator.CreateInstance(fitType, [xs, ys])!;
        var objective = (IDifferentiableObjective)fitType.GetMethod("AsObjective")!.Invoke(fit, null)!;
        CheckAtRandomPoints(objective, "DataFit");

        Type weightedType = assembly.GetType("Corpus.Weighted", throwOnError: true)!;
        object weighted = Activator.CreateInstance(weightedType)!;
        weightedType.GetField("Weights")!.SetValue(weighted, new[] { 1.0, 2.5, 0.5 });
        var weightedObjective = (IDifferentiableObjective)weightedType.GetMethod("AsObjective")!.Invoke(weighted, null)!;
        CheckAtRandomPoints(weightedObjective, "Weighted");
    }

    public static IEnumerable<object[]> Problems() => s_problems.Select(static name => new object[] { name });

    [Theory]
    [MemberData(nameof(Problems))]
    public void ConstraintJacobiansMatchRichardsonDifferences(string name)
    {
        Type type = s_corpus.Value.Assembly.GetType($"Corpus.{name}+Problem", throwOnError: true)!;
        var problem = (IConstrainedProblem)Activator.CreateInstance(type)!;
        int n = StaticCount(type, "Dimension"), me = StaticCount(type, "EqualityCount"), mi = StaticCount(type, "InequalityCount");
        var random = new Random(name.Length * 7919 + name[^1]);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] x = Enumerable.Range(0, n).Select(_ => 0.3 + random.NextDouble()).ToArray();
            var eq = new double[me * n];
            var ineq = new double[mi * n];
            problem.ConstraintJacobians(x, eq, ineq);
            for (int j = 0; j < n; j++)
            {
                double[] reference = Richardson(x, j, me + mi, point =>
                {
                    var values = new double[me + mi];
                    problem.Constraints(point, values.AsSpan(0, me), values.AsSpan(me));
                    return values;
                });
                for (int r = 0; r < me; r++)
                    AssertClose(reference[r], eq[r * n + j], $"{name} equality row {r}, column {j}");
                for (int r = 0; r < mi; r++)
                    AssertClose(reference[me + r], ineq[r * n + j], $"{name} inequality row {r}, column {j}");
            }
        }
    }

    private static int StaticCount(Type type, string property) =>
        (int)type.GetProperty(property, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    [Fact]
    public void LongLoopsAreCountedWithoutRunningThem()
    {
        (GeneratorRun run, Assembly assembly) = Compile("""
            using System;
            using GenOpt;
            namespace Long;
            public static partial class Sum
            {
                [Objective(Dimension = 3)]
                public static partial double Value(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; i < 3000000; i += 3)
                        s += x[i % 3] * 1e-6;
                    for (int i = 3000000; i >= 1; i--)
                        s += Math.Sin(x[0]) * 1e-6;
                    return s * s;
                }
            }
            """);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics));
        var objective = (IDifferentiableObjective)Activator.CreateInstance(assembly.GetType("Long.Sum+Objective", throwOnError: true)!)!;
        var g = new double[3];
        double[] x = [0.5, 1, 2];
        double value = objective.ValueAndGradient(x, g);
        double s = 0.5 + Math.Sin(0.5) * 3; // i % 3 is always 0: x[0] a million times, sin(x[0]) three million, times 1e-6
        Assert.Equal(s * s, value, 6);
        Assert.Equal(2 * s * (1 + 3 * Math.Cos(0.5)), g[0], 6);
        Assert.Equal(0, g[1]);
        Assert.Equal(0, g[2]);
        Assert.DoesNotContain("stackalloc", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal); // s is only read after the loops
    }

    [Fact]
    public void LengthsAreChecked()
    {
        Type type = s_corpus.Value.Assembly.GetType("Corpus.Rosenbrock+Objective", throwOnError: true)!;
        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        Assert.Throws<ArgumentException>(() => objective.ValueAndGradient(new double[9], new double[10]));
        Assert.Throws<ArgumentException>(() => objective.ValueAndGradient(new double[10], new double[11]));
    }

    private static void CheckAtRandomPoints(IDifferentiableObjective objective, string name)
    {
        int n = (int)objective.GetType().GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var random = new Random(name.Length * 7919 + name[0]);
        for (int trial = 0; trial < 6; trial++)
        {
            // Positive, away from 0 and 1.5: inside the domains of Log, Sqrt, Asin(x/2), Pow(x, y).
            double[] x = Enumerable.Range(0, n).Select(_ => 0.3 + 1.1 * random.NextDouble()).ToArray();
            var gradient = new double[n];
            double value = objective.ValueAndGradient(x, gradient);
            Assert.Equal(objective.Value(x), value); // the forward sweep repeats the body exactly
            for (int j = 0; j < n; j++)
            {
                double reference = Richardson(x, j, 1, point => [objective.Value(point)])[0];
                AssertClose(reference, gradient[j], $"{name}: d/dx[{j}] at [{string.Join(", ", x)}]");
            }
        }
    }

    /// <summary>Richardson extrapolation of central differences with steps h and h/2: error O(h^4).</summary>
    private static double[] Richardson(double[] x, int j, int outputs, Func<double[], double[]> f)
    {
        double h = 1e-3 * Math.Max(1, Math.Abs(x[j]));
        double[] Central(double step)
        {
            double[] up = (double[])x.Clone(), down = (double[])x.Clone();
            up[j] += step;
            down[j] -= step;
            double[] fu = f(up), fd = f(down);
            return Enumerable.Range(0, outputs).Select(k => (fu[k] - fd[k]) / (up[j] - down[j])).ToArray();
        }
        double[] coarse = Central(h), fine = Central(h / 2);
        return Enumerable.Range(0, outputs).Select(k => (4 * fine[k] - coarse[k]) / 3).ToArray();
    }

    private static void AssertClose(double reference, double actual, string what) =>
        Assert.True(Math.Abs(actual - reference) <= 1e-7 * Math.Max(1, Math.Abs(reference)), $"{what}: generated {actual:R}, reference {reference:R}");

    private static (GeneratorRun, Assembly) Compile(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        using var stream = new MemoryStream();
        EmitResult result = run.Output.Emit(stream);
        Assert.True(result.Success, GeneratorHarness.Format(result.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext(nameof(GradientTests) + Guid.NewGuid().ToString("N"), isCollectible: true);
        return (run, context.LoadFromStream(stream));
    }
}

