// Objectives of the large-scale CMA-ES tests and benchmarks (tests/GenOpt.Runtime.Tests/CmaEs/CmaEsLargeScaleTests.cs,
// tests/GenOpt.Benchmarks --quick LargeScaleCounts); docs/reference/cma_large_scale.py defines the same functions for pycma.
using System;

namespace GenOpt.Tests;

public struct D1000 : IDim { public static int N => 1000; }

/// <summary>Separable ellipsoid f(x) = sum 10^(6 i / (n - 1)) x_i^2 (condition 1e6) with its coefficients computed once.</summary>
public struct FastEllipsoid<TDim> : IObjective where TDim : IDim
{
    private static readonly double[] A = Coefficients(TDim.N);
    public static int Dimension => TDim.N;

    internal static double[] Coefficients(int n)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++)
            a[i] = Math.Pow(1e6, i / (n - 1.0));
        return a;
    }

    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            s += A[i] * x[i] * x[i];
        return s;
    }
}

/// <summary>
/// Permuted block-rotated ellipsoid (after the bbob-largescale suite's block-diagonal rotations): f(x) = sum_i a_pi(i) (Q x)_i^2
/// with Q block-diagonal, orthogonal 20 x 20 blocks (modified Gram-Schmidt of a matrix filled by a 64-bit LCG), and
/// coordinate r of block b weighted a_(r n / 20 + b), so that every block spans the whole condition 1e6. The same
/// function as docs/reference/cma_large_scale.py's 'rotellipsoid'. f* = 0 at 0; n must be a multiple of 20.
/// </summary>
public struct RotatedEllipsoid<TDim> : IObjective where TDim : IDim
{
    private const int Block = 20;
    private static readonly double[] Q = Rotations(TDim.N);
    private static readonly double[] W = Weights(TDim.N);
    public static int Dimension => TDim.N;

    private static double[] Rotations(int n)
    {
        int blocks = n / Block;
        var q = new double[blocks * Block * Block];
        ulong state = 0x9E3779B97F4A7C15UL;
        for (int k = 0; k < q.Length; k++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            q[k] = (state >> 11) * (1.0 / (1UL << 53)) - 0.5;
        }
        for (int b = 0; b < blocks; b++)
        {
            Span<double> m = q.AsSpan(b * Block * Block, Block * Block);
            for (int r = 0; r < Block; r++)
            {
                Span<double> row = m.Slice(r * Block, Block);
                for (int p = 0; p < r; p++)
                {
                    Span<double> other = m.Slice(p * Block, Block);
                    double d = 0;
                    for (int c = 0; c < Block; c++) d += row[c] * other[c];
                    for (int c = 0; c < Block; c++) row[c] -= d * other[c];
                }
                double norm = 0;
                for (int c = 0; c < Block; c++) norm += row[c] * row[c];
                norm = Math.Sqrt(norm);
                for (int c = 0; c < Block; c++) row[c] /= norm;
            }
        }
        return q;
    }

    private static double[] Weights(int n)
    {
        double[] a = FastEllipsoid<TDim>.Coefficients(n);
        int blocks = n / Block;
        var w = new double[n];
        for (int b = 0; b < blocks; b++)
            for (int r = 0; r < Block; r++)
                w[b * Block + r] = a[r * blocks + b];
        return w;
    }

    public readonly double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int b = 0; b < x.Length / Block; b++)
        {
            ReadOnlySpan<double> xb = x.Slice(b * Block, Block);
            for (int r = 0; r < Block; r++)
            {
                ReadOnlySpan<double> row = Q.AsSpan((b * Block + r) * Block, Block);
                double z = 0;
                for (int c = 0; c < Block; c++) z += row[c] * xb[c];
                s += W[b * Block + r] * z * z;
            }
        }
        return s;
    }
}
