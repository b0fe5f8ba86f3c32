using System;
using GenOpt;

namespace Corpus;

// Classic test functions (Jamil and Yang 2013; Surjanovic and Bingham's virtual library), written in varied styles.

/// <summary>Rosenbrock with a while loop over an int index.</summary>
public static partial class RosenbrockWhile
{
    [Objective(Dimension = 6)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int i = 0;
        while (i < x.Length - 1)
        {
            sum += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
            i++;
        }
        return sum;
    }
}

/// <summary>Rastrigin with its term in a static local function.</summary>
public static partial class RastriginLocal
{
    [Objective(Dimension = 5)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 10 * x.Length;
        foreach (double v in x)
            sum += Term(v);
        return sum;

        static double Term(double v) => v * v - 10 * Math.Cos(2 * Math.PI * v);
    }
}

/// <summary>Ackley with the exponential terms in unmarked static helpers.</summary>
public static partial class AckleyHelpers
{
    private static double RadialTerm(double squares, int n) => -20 * Math.Exp(-0.2 * Math.Sqrt(squares / n));

    private static double CosineTerm(double cosines, int n) => -Math.Exp(cosines / n);

    [Objective(Dimension = 4)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double squares = 0, cosines = 0;
        for (int i = 0; i < 4; i++)
        {
            squares += x[i] * x[i];
            cosines += Math.Cos(2 * Math.PI * x[i]);
        }
        return RadialTerm(squares, 4) + CosineTerm(cosines, 4) + 20 + Math.E;
    }
}

/// <summary>Levy function with a guard that returns early for an empty point.</summary>
public static partial class LevyGuarded
{
    [Objective(Dimension = 4)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        if (x.Length == 0)
            return 0;
        double w0 = 1 + (x[0] - 1) / 4;
        double sum = Math.Pow(Math.Sin(Math.PI * w0), 2);
        for (int i = 0; i < x.Length - 1; i++)
        {
            double w = 1 + (x[i] - 1) / 4;
            sum += (w - 1) * (w - 1) * (1 + 10 * Math.Pow(Math.Sin(Math.PI * w + 1), 2));
        }
        double wn = 1 + (x[x.Length - 1] - 1) / 4;
        return sum + (wn - 1) * (wn - 1) * (1 + Math.Pow(Math.Sin(2 * Math.PI * wn), 2));
    }
}

/// <summary>Schwefel 2.26 on a clamped domain (points scaled by 100).</summary>
public static partial class SchwefelClamped
{
    [Objective(Dimension = 3)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 3; i++)
        {
            double v = Math.Clamp(100 * x[i], -500, 500);
            sum += v * Math.Sin(Math.Sqrt(Math.Abs(v)));
        }
        return 418.9829 * 3 - sum;
    }
}

/// <summary>Trid function with per-coordinate weights from a switch expression on the index.</summary>
public static partial class TridWeighted
{
    [Objective(Dimension = 4)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 4; i++)
        {
            double weight = i switch { 0 => 1.0, 1 => 1.5, 2 => 2.0, _ => 3.0 };
            sum += weight * (x[i] - 1) * (x[i] - 1);
            if (i > 0)
                sum -= x[i] * x[i - 1];
        }
        return sum;
    }
}

/// <summary>Powell's singular function, the four terms of each block chosen with a switch statement.</summary>
public static partial class PowellSingular
{
    [Objective(Dimension = 8)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 8; i++)
        {
            int b = i - i % 4;
            double term;
            switch (i % 4)
            {
                case 0: term = x[b] + 10 * x[b + 1]; term *= term; break;
                case 1: term = Math.Sqrt(5) * (x[b + 2] - x[b + 3]); term *= term; break;
                case 2: term = Math.Pow(x[b + 1] - 2 * x[b + 2], 4); break;
                default: term = Math.Sqrt(10) * Math.Pow(x[b] - x[b + 3], 2); term *= term; break;
            }
            sum += term;
        }
        return sum;
    }
}

/// <summary>Booth function as one expression-bodied member.</summary>
public static partial class Booth
{
    [Objective(Dimension = 2)]
    public static partial double Value(ReadOnlySpan<double> x) =>
        (x[0] + 2 * x[1] - 7) * (x[0] + 2 * x[1] - 7) + (2 * x[0] + x[1] - 5) * (2 * x[0] + x[1] - 5);
}

/// <summary>Himmelblau with a non-static local function that reads a field of the type.</summary>
public static partial class HimmelblauShifted
{
    private static readonly double Shift = 0.25;

    [Objective(Dimension = 2)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        return Square(x[0] * x[0] + x[1] - 11) + Square(x[0] + x[1] * x[1] - 7);

        double Square(double v) => (v + Shift) * (v + Shift);
    }
}

/// <summary>Sum of different powers, |x_i|^(i+2).</summary>
public static partial class SumOfDifferentPowers
{
    [Objective(Dimension = 5)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
            sum += Math.Pow(Math.Abs(x[i]), i + 2);
        return sum;
    }
}

/// <summary>Rotated hyper-ellipsoid (Schwefel 1.2): an inner loop bounded by the outer counter adds to the outer accumulator.</summary>
public static partial class RotatedHyperEllipsoid
{
    [Objective(Dimension = 6)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double total = 0;
        for (int i = 0; i < 6; i++)
            for (int j = 0; j <= i; j++)
                total += x[j] * x[j];
        return total;
    }
}

/// <summary>Schwefel 1.2 proper: the partial sums squared, the inner loop bounded by the outer counter.</summary>
public static partial class SchwefelPartialSums
{
    [Objective(Dimension = 5)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double partial = 0;
            for (int j = 0; j <= i; j++)
                partial += x[j];
            total += partial * partial;
        }
        return total;
    }
}

/// <summary>Shubert function in 2-D: product over coordinates of a sum over j = 1..5.</summary>
public static partial class Shubert
{
    [Objective(Dimension = 2)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double product = 1;
        for (int i = 0; i < 2; i++)
        {
            double sum = 0;
            for (int j = 1; j <= 5; j++)
                sum += j * Math.Cos((j + 1) * x[i] + j);
            product *= sum;
        }
        return product;
    }
}

/// <summary>Perm function 0, d, beta (d = 4, beta = 10).</summary>
public static partial class Perm
{
    [Objective(Dimension = 4)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        const double beta = 10;
        double outer = 0;
        for (int i = 1; i <= 4; i++)
        {
            double inner = 0;
            for (int j = 1; j <= 4; j++)
                inner += (j + beta) * (Math.Pow(x[j - 1], i) - 1 / Math.Pow(j, i));
            outer += inner * inner;
        }
        return outer;
    }
}

/// <summary>Easom function (shifted so the optimum lies inside the test range).</summary>
public static partial class Easom
{
    [Objective(Dimension = 2)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double u = 3 * x[0], v = 3 * x[1];
        return -Math.Cos(u) * Math.Cos(v) * Math.Exp(-((u - Math.PI) * (u - Math.PI) + (v - Math.PI) * (v - Math.PI)));
    }
}

/// <summary>Six-hump camel, with locals per power.</summary>
public static partial class SixHumpCamel
{
    [Objective(Dimension = 2)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double x1 = x[0], x2 = x[1];
        double x1Squared = x1 * x1, x2Squared = x2 * x2;
        return (4 - 2.1 * x1Squared + x1Squared * x1Squared / 3) * x1Squared + x1 * x2 + (-4 + 4 * x2Squared) * x2Squared;
    }
}

/// <summary>Bohachevsky 1 through a [Differentiable] helper.</summary>
public static partial class Bohachevsky
{
    [Differentiable]
    public static double Wave(double a, double b) => 0.3 * Math.Cos(3 * Math.PI * a) + 0.4 * Math.Cos(4 * Math.PI * b);

    [Objective(Dimension = 2)]
    public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0] + 2 * x[1] * x[1] - Wave(x[0], x[1]) + 0.7;
}

/// <summary>Colville function.</summary>
public static partial class Colville
{
    [Objective(Dimension = 4)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double a = x[0] * x[0] - x[1], b = x[2] * x[2] - x[3];
        return 100 * a * a + (x[0] - 1) * (x[0] - 1) + (x[2] - 1) * (x[2] - 1) + 90 * b * b
            + 10.1 * ((x[1] - 1) * (x[1] - 1) + (x[3] - 1) * (x[3] - 1)) + 19.8 * (x[1] - 1) * (x[3] - 1);
    }
}

/// <summary>Hartmann 3-D (Dixon and Szego 1978), constants from the virtual library of simulation experiments.</summary>
public static partial class Hartmann3
{
    private static readonly double[] Alpha = { 1.0, 1.2, 3.0, 3.2 };
    private static readonly double[,] A = { { 3.0, 10, 30 }, { 0.1, 10, 35 }, { 3.0, 10, 30 }, { 0.1, 10, 35 } };
    private static readonly double[,] P =
    {
        { 0.3689, 0.1170, 0.2673 }, { 0.4699, 0.4387, 0.7470 }, { 0.1091, 0.8732, 0.5547 }, { 0.0381, 0.5743, 0.8828 },
    };

    [Objective(Dimension = 3)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double outer = 0;
        for (int i = 0; i < 4; i++)
        {
            double inner = 0;
            for (int j = 0; j < 3; j++)
                inner += A[i, j] * (x[j] - P[i, j]) * (x[j] - P[i, j]);
            outer += Alpha[i] * Math.Exp(-inner);
        }
        return -outer;
    }
}

/// <summary>Shekel function (m = 5) in 4-D, scaled to the test range.</summary>
public static partial class Shekel
{
    private static readonly double[] Beta = { 0.1, 0.2, 0.2, 0.4, 0.4 };
    private static readonly double[] C =
    {
        4, 4, 4, 4,  1, 1, 1, 1,  8, 8, 8, 8,  6, 6, 6, 6,  3, 7, 3, 7,
    };

    [Objective(Dimension = 4)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 5; i++)
        {
            double d = Beta[i];
            for (int j = 0; j < 4; j++)
            {
                double t = 5 * x[j] - C[4 * i + j];
                d += t * t;
            }
            sum -= 1 / d;
        }
        return sum;
    }
}

/// <summary>Brown function: (x_i^2)^(x_{i+1}^2 + 1) + (x_{i+1}^2)^(x_i^2 + 1).</summary>
public static partial class Brown
{
    [Objective(Dimension = 4)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 3; i++)
        {
            double a = x[i] * x[i], b = x[i + 1] * x[i + 1];
            sum += Math.Pow(a, b + 1) + Math.Pow(b, a + 1);
        }
        return sum;
    }
}

/// <summary>Exponential function with a guard that returns a penalty early when the point leaves the ball of radius 2.</summary>
public static partial class ExponentialGuarded
{
    [Objective(Dimension = 3)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double squares = 0;
        foreach (double v in x)
            squares += v * v;
        if (squares > 4)
            return 10 + squares;
        return -Math.Exp(-0.5 * squares);
    }
}

/// <summary>Styblinski-Tang accumulated in a do-while loop over a double counter.</summary>
public static partial class StyblinskiTangDo
{
    [Objective(Dimension = 4)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0, k = 0;
        do
        {
            double v = 4 * x[(int)k] - 3;
            sum += v * v * v * v - 16 * v * v + 5 * v;
            k += 1;
        }
        while (k < 4);
        return sum / 2;
    }
}

/// <summary>Zettl function, the quartic written with a ternary-selected weight and Math.Max on a soft floor.</summary>
public static partial class ZettlFloor
{
    [Objective(Dimension = 2)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double q = x[0] * x[0] + x[1] * x[1] - 2 * x[0];
        double weight = x[0] > 1 ? 0.25 : 0.2;
        return Math.Max(-1, q * q) + weight * x[0];
    }
}

/// <summary>Trigonometric sum with the angles kept in a stackalloc span (filled, then read).</summary>
public static partial class TrigonometricStack
{
    [Objective(Dimension = 4)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        Span<double> c = stackalloc double[4];
        double cosines = 0;
        for (int i = 0; i < 4; i++)
        {
            c[i] = Math.Cos(x[i]);
            cosines += c[i];
        }
        double sum = 0;
        for (int i = 0; i < 4; i++)
        {
            double t = 4 - cosines + (i + 1) * (1 - c[i]) - Math.Sin(x[i]);
            sum += t * t;
        }
        return sum;
    }
}

/// <summary>Michalewicz with the index loop skipping nothing but the guard written with continue on negative coordinates.</summary>
public static partial class MichalewiczSkipping
{
    [Objective(Dimension = 3)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 3; i++)
        {
            if (x[i] < 0)
                continue;
            double s = Math.Sin((i + 1) * x[i] * x[i] / Math.PI);
            sum -= Math.Sin(x[i]) * Math.Pow(s, 20);
        }
        return sum;
    }
}
