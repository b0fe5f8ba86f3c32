using System;

namespace GenOpt.Tests;

/// <summary>A dimension chosen by a type argument, so one hand-written objective serves several n.</summary>
public interface IDim { static abstract int N { get; } }
public struct D1 : IDim { public static int N => 1; }
public struct D2 : IDim { public static int N => 2; }
public struct D10 : IDim { public static int N => 10; }
public struct D20 : IDim { public static int N => 20; }
public struct D100 : IDim { public static int N => 100; }

/// <summary>f(x) = sum x_i^2; f* = 0 at 0.</summary>
public struct Sphere<TDim> : IObjective where TDim : IDim
{
    public static int Dimension => TDim.N;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        return s;
    }
}

/// <summary>Separable ellipsoid f(x) = sum 10^(6 (i-1)/(n-1)) x_i^2 (condition 1e6); f* = 0 at 0.</summary>
public struct Ellipsoid<TDim> : IObjective where TDim : IDim
{
    public static int Dimension => TDim.N;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.Pow(1e6, i / (double)(n - 1)) * x[i] * x[i];
        return s;
    }
}

/// <summary>Rosenbrock f(x) = sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2; f* = 0 at (1, ..., 1).</summary>
public struct Rosenbrock<TDim> : IObjective where TDim : IDim
{
    public static int Dimension => TDim.N;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            s += 100 * a * a + b * b;
        }
        return s;
    }
}

/// <summary>Rastrigin f(x) = 10 n + sum (x_i^2 - 10 cos(2 pi x_i)); f* = 0 at 0, domain [-5.12, 5.12]^n.</summary>
public struct Rastrigin<TDim> : IObjective where TDim : IDim
{
    public static int Dimension => TDim.N;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 10.0 * x.Length;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i] - 10 * Math.Cos(2 * Math.PI * x[i]);
        return s;
    }
}

/// <summary>Sphere centred at -2 in the first coordinate: with bounds [0, 5] the constrained optimum is x = 0 (f = 4).</summary>
public struct ShiftedSphere2 : IObjective
{
    public static int Dimension => 2;
    public readonly double Value(ReadOnlySpan<double> x) => (x[0] + 2) * (x[0] + 2) + (x[1] - 1) * (x[1] - 1);
}

/// <summary>Sphere that returns NaN when x_0 &lt; -1 (a model that fails to evaluate there).</summary>
public struct PartlyNaNSphere : IObjective
{
    public static int Dimension => 4;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        if (x[0] < -1) return double.NaN;
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        return s;
    }
}

/// <summary>Always NaN.</summary>
public struct AlwaysNaN : IObjective
{
    public static int Dimension => 3;
    public readonly double Value(ReadOnlySpan<double> x) => double.NaN;
}

/// <summary>Counts its evaluations in a field: shows the optimizer calls the instance it holds, by reference.</summary>
public struct CountingSphere : IObjective
{
    public long Calls;
    public static int Dimension => 3;
    public double Value(ReadOnlySpan<double> x)
    {
        Calls++;
        return x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
    }
}

/// <summary>10-D sphere that is undefined (NaN) where x_0 + x_1 &lt; 0.5: constrained optimum 0.125 at x_0 = x_1 = 0.25.</summary>
public struct SphereWithNaNHalfSpace : IObjective
{
    public static int Dimension => 10;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        if (x[0] + x[1] < 0.5) return double.NaN;
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        return s;
    }
}

/// <summary>Sphere centred at 10 in every coordinate (2-D).</summary>
public struct FarSphere2 : IObjective
{
    public static int Dimension => 2;
    public readonly double Value(ReadOnlySpan<double> x) => (x[0] - 10) * (x[0] - 10) + (x[1] - 10) * (x[1] - 10);
}

/// <summary>Sphere centred at 1e6 in every coordinate (2-D): far from x0 = 0.</summary>
public struct VeryFarSphere2 : IObjective
{
    public static int Dimension => 2;
    public readonly double Value(ReadOnlySpan<double> x) => (x[0] - 1e6) * (x[0] - 1e6) + (x[1] - 1e6) * (x[1] - 1e6);
}

// ---- Classic multimodal test functions (formulas, domains and optima from the Virtual Library of
// Simulation Experiments, Surjanovic & Bingham, and scipy's benchmark suite; copied in tests/testproblems) ----

/// <summary>Ackley: -20 exp(-0.2 sqrt(mean x_i^2)) - exp(mean cos(2 pi x_i)) + 20 + e; f* = 0 at 0, domain [-32.768, 32.768]^n.</summary>
public struct Ackley<TDim> : IObjective where TDim : IDim
{
    public static int Dimension => TDim.N;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double sq = 0, cs = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sq += x[i] * x[i];
            cs += Math.Cos(2 * Math.PI * x[i]);
        }
        int n = x.Length;
        return -20 * Math.Exp(-0.2 * Math.Sqrt(sq / n)) - Math.Exp(cs / n) + 20 + Math.E;
    }
}

/// <summary>Griewank: 1 + sum x_i^2 / 4000 - prod cos(x_i / sqrt(i)); f* = 0 at 0, domain [-600, 600]^n.</summary>
public struct Griewank<TDim> : IObjective where TDim : IDim
{
    public static int Dimension => TDim.N;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0, p = 1;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
            p *= Math.Cos(x[i] / Math.Sqrt(i + 1));
        }
        return 1 + s / 4000 - p;
    }
}

/// <summary>Schwefel 2.26: 418.9828872724339 n - sum x_i sin(sqrt|x_i|); f* = 0 at x_i = 420.9687463600, domain [-500, 500]^n.</summary>
public struct Schwefel<TDim> : IObjective where TDim : IDim
{
    public static int Dimension => TDim.N;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 418.9828872724339 * x.Length;
        for (int i = 0; i < x.Length; i++) s -= x[i] * Math.Sin(Math.Sqrt(Math.Abs(x[i])));
        return s;
    }
}

/// <summary>
/// Levy: w_i = 1 + (x_i - 1)/4; sin^2(pi w_1) + sum_{i&lt;n} (w_i - 1)^2 (1 + 10 sin^2(pi w_i + 1)) + (w_n - 1)^2 (1 + sin^2(2 pi w_n));
/// f* = 0 at 1, domain [-10, 10]^n.
/// </summary>
public struct Levy<TDim> : IObjective where TDim : IDim
{
    public static int Dimension => TDim.N;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double w1 = 1 + (x[0] - 1) / 4;
        double s1 = Math.Sin(Math.PI * w1);
        double f = s1 * s1;
        for (int i = 0; i < n - 1; i++)
        {
            double w = 1 + (x[i] - 1) / 4;
            double si = Math.Sin(Math.PI * w + 1);
            f += (w - 1) * (w - 1) * (1 + 10 * si * si);
        }
        double wn = 1 + (x[n - 1] - 1) / 4;
        double sn = Math.Sin(2 * Math.PI * wn);
        return f + (wn - 1) * (wn - 1) * (1 + sn * sn);
    }
}

/// <summary>
/// Eggholder (2-D): -(x_2 + 47) sin(sqrt|x_2 + x_1/2 + 47|) - x_1 sin(sqrt|x_1 - (x_2 + 47)|);
/// f* = -959.6406627208507 at (512, 404.2318051372554), on the boundary of the domain [-512, 512]^2.
/// </summary>
public struct Eggholder : IObjective
{
    public static int Dimension => 2;
    public readonly double Value(ReadOnlySpan<double> x)
    {
        double a = x[1] + 47;
        return -a * Math.Sin(Math.Sqrt(Math.Abs(a + x[0] / 2))) - x[0] * Math.Sin(Math.Sqrt(Math.Abs(x[0] - a)));
    }
}
