using System;
using GenOpt;

namespace CmaBbob;

/// <summary>A dimension chosen by a type argument (the objective's <see cref="IObjective.Dimension"/> is static).</summary>
public interface IBbobDimension { static abstract int N { get; } }
/// <summary>n = 10.</summary>
public struct Dim10 : IBbobDimension { public static int N => 10; }
/// <summary>n = 20.</summary>
public struct Dim20 : IBbobDimension { public static int N => 20; }

/// <summary>
/// The BBOB legacy random numbers and instance data (Hansen, Finck, Ros, Auger, "Real-Parameter Black-Box Optimization
/// Benchmarking 2009: Noiseless Functions Definitions", INRIA RR-6829), computed the way pycma's
/// cma/bbobbenchmarks.py (cma 4.4.0) computes them, so that a GenOpt run and a pycma run see the same instance.
/// </summary>
public static class BbobInstance
{
    /// <summary>The BBOB uniform generator: a 32-entry shuffled Park-Miller (16807) sequence started from <paramref name="seed"/>.</summary>
    public static double[] Uniform(int count, double seed)
    {
        seed = Math.Abs(seed);
        if (seed < 1) seed = 1;
        var table = new double[32];
        double state = seed;
        for (int i = 39; i >= 0; i--)
        {
            state = Next(state);
            if (i < 32) table[i] = state;
        }
        double current = table[0];
        var r = new double[count];
        for (int i = 0; i < count; i++)
        {
            state = Next(state);
            int slot = (int)Math.Floor(current / 67108865.0);
            current = table[slot];
            table[slot] = state;
            r[i] = current / 2.147483647e9;
            if (r[i] == 0) r[i] = 1e-99;
        }
        return r;

        static double Next(double s)
        {
            double q = Math.Floor(s / 127773.0);
            s = 16807.0 * (s - q * 127773.0) - 2836.0 * q;
            return s < 0 ? s + 2147483647.0 : s;
        }
    }

    /// <summary>Standard normal numbers by Box-Muller from <see cref="Uniform"/> (2 count numbers).</summary>
    public static double[] Gauss(int count, double seed)
    {
        double[] u = Uniform(2 * count, seed);
        var g = new double[count];
        for (int i = 0; i < count; i++)
        {
            g[i] = Math.Sqrt(-2 * Math.Log(u[i])) * Math.Cos(2 * Math.PI * u[count + i]);
            if (g[i] == 0) g[i] = 1e-99;
        }
        return g;
    }

    /// <summary>An orthogonal n x n matrix (row-major): Gram-Schmidt on the rows of a Gaussian matrix.</summary>
    public static double[] Rotation(int n, double seed)
    {
        double[] b = Gauss(n * n, seed);
        for (int i = 0; i < n; i++)
        {
            Span<double> bi = b.AsSpan(i * n, n);
            for (int j = 0; j < i; j++)
            {
                ReadOnlySpan<double> bj = b.AsSpan(j * n, n);
                double dot = 0;
                for (int k = 0; k < n; k++) dot += bi[k] * bj[k];
                for (int k = 0; k < n; k++) bi[k] -= dot * bj[k];
            }
            double norm2 = 0;
            for (int k = 0; k < n; k++) norm2 += bi[k] * bi[k];
            double norm = Math.Sqrt(norm2);
            for (int k = 0; k < n; k++) bi[k] /= norm;
        }
        return b;
    }

    /// <summary>The optimum x_opt: uniform in [-4, 4], rounded to four decimals, never zero.</summary>
    public static double[] XOpt(int n, double seed)
    {
        double[] u = Uniform(n, seed);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = 8 * Math.Floor(1e4 * u[i]) / 1e4 - 4;
            if (x[i] == 0) x[i] = -1e-5;
        }
        return x;
    }

    /// <summary>
    /// The optimal value f_opt of the instance with seed <paramref name="seed"/>: 10^4 g1 / g2 rounded (half to even) to
    /// an integer and divided by 100, clipped to [-1000, 1000], with g1, g2 the first <see cref="Gauss"/> numbers of
    /// seeds seed and seed + 1 (the BBOB legacy rule, as in pycma's bbobbenchmarks).
    /// </summary>
    public static double FOpt(double seed) =>
        Math.Min(1000, Math.Max(-1000, Math.Round(100 * 100 * Gauss(1, seed)[0] / Gauss(1, seed + 1)[0]) / 100));

    /// <summary>The start point GenOpt's and pycma's comparison runs use: 8 u - 4 with u = <see cref="Uniform"/>(n, 1000 + run).</summary>
    public static double[] StartPoint(int n, int run)
    {
        double[] u = Uniform(n, 1000 + run);
        for (int i = 0; i < n; i++) u[i] = 8 * u[i] - 4;
        return u;
    }
}

/// <summary>
/// BBOB f23, the Katsuura function, returning f - f_opt:
/// 10/n^2 prod_i (1 + i sum_{j=1}^{32} |2^j z_i - round(2^j z_i)| / 2^j)^(10/n^1.2) - 10/n^2 + f_pen(x),
/// z = (x - x_opt) R diag(10^(i/(n-1))) Q (row vector times matrices, as pycma), f_pen = sum max(0, |x_i| - 5)^2.
/// Highly rugged, with a global minimum 0 at x_opt. Evaluating allocates nothing.
/// </summary>
public readonly struct Katsuura<TDim> : IObjective where TDim : IBbobDimension
{
    private readonly double[] _xopt;
    private readonly double[] _transform;   // n x n, row-major: z_j = sum_i (x_i - xopt_i) M_ij
    private readonly double[] _shifted;

    /// <summary>The BBOB instance <paramref name="instance"/> (pycma's F23(iinstance=instance)).</summary>
    public Katsuura(int instance)
    {
        int n = TDim.N;
        double seed = 23 + 1e4 * instance;
        _xopt = BbobInstance.XOpt(n, seed);
        double[] r = BbobInstance.Rotation(n, seed);
        double[] q = BbobInstance.Rotation(n, seed + 1e6);
        _transform = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
            {
                double rs = r[i * n + k] * Math.Pow(10, k / (double)(n - 1));   // (R diag(sqrt(100)^(k/(n-1))))_ik
                for (int j = 0; j < n; j++)
                    _transform[i * n + j] += rs * q[k * n + j];
            }
        _shifted = new double[n];
    }

    /// <inheritdoc/>
    public static int Dimension => TDim.N;

    /// <summary>The global minimizer.</summary>
    public ReadOnlySpan<double> XOpt => _xopt;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x)
    {
        int n = TDim.N;
        double penalty = 0;
        for (int i = 0; i < n; i++)
        {
            double outside = Math.Max(0, Math.Abs(x[i]) - 5);
            penalty += outside * outside;
            _shifted[i] = x[i] - _xopt[i];
        }
        double product = 1;
        for (int j = 0; j < n; j++)
        {
            double z = 0;
            for (int i = 0; i < n; i++) z += _shifted[i] * _transform[i * n + j];
            double sum = 0, power = 1;
            for (int k = 1; k <= 32; k++)
            {
                power *= 2;
                double t = power * z;
                sum += Math.Abs(t - Math.Round(t)) / power;
            }
            product *= 1 + (j + 1) * sum;
        }
        double scale = 10.0 / (n * n);
        return scale * Math.Pow(product, 10 / Math.Pow(n, 1.2)) - scale + penalty;
    }
}

/// <summary>BBOB f1, the sphere, returning f - f_opt = ||x - x_opt||^2 (pycma's F1(iinstance=instance)).</summary>
public readonly struct BbobSphere<TDim> : IObjective where TDim : IBbobDimension
{
    private readonly double[] _xopt;

    /// <summary>The BBOB instance <paramref name="instance"/>.</summary>
    public BbobSphere(int instance) => _xopt = BbobInstance.XOpt(TDim.N, 1 + 1e4 * instance);

    /// <inheritdoc/>
    public static int Dimension => TDim.N;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - _xopt[i];
            s += d * d;
        }
        return s;
    }
}

/// <summary>
/// BBOB f8, the original Rosenbrock function, returning f - f_opt: z = max(1, sqrt(n) / 8) (x - x_opt) + 1,
/// sum 100 (z_i^2 - z_{i+1})^2 + (z_i - 1)^2, with x_opt = 0.75 times the usual BBOB optimum (pycma's F8).
/// </summary>
public readonly struct BbobRosenbrock<TDim> : IObjective where TDim : IBbobDimension
{
    private readonly double[] _xopt;
    private readonly double[] _z;

    /// <summary>The BBOB instance <paramref name="instance"/>.</summary>
    public BbobRosenbrock(int instance)
    {
        _xopt = BbobInstance.XOpt(TDim.N, 8 + 1e4 * instance);
        for (int i = 0; i < _xopt.Length; i++) _xopt[i] *= 0.75;
        _z = new double[TDim.N];
    }

    /// <inheritdoc/>
    public static int Dimension => TDim.N;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double scale = Math.Max(1, Math.Sqrt(n) / 8);
        for (int i = 0; i < n; i++) _z[i] = scale * (x[i] - _xopt[i]) + 1;
        double a = 0, b = 0;
        for (int i = 0; i + 1 < n; i++)
        {
            double t = _z[i] * _z[i] - _z[i + 1];
            a += t * t;
            double u = _z[i] - 1;
            b += u * u;
        }
        return 100 * a + b;
    }
}
