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
