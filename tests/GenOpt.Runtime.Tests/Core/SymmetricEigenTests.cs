using System;
using GenOpt.LinearAlgebra;

namespace GenOpt.Tests;

public class SymmetricEigenTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(17)]
    [InlineData(40)]
    public void RandomSymmetric_IsReconstructedByOrthonormalEigenvectors(int n)
    {
        var rng = new RandomSource((ulong)n);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                a[i * n + j] = a[j * n + i] = rng.NextGaussian();
        var d = new double[n];
        var v = new double[n * n];
        Assert.True(SymmetricEigen.Decompose(a, n, d, v, new double[SymmetricEigen.WorkspaceLength(n)]));
        AssertDecomposition(a, n, d, v, 1e-12);
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-170)]
    [InlineData(1e160)]
    [InlineData(1e300)]
    public void ExtremeScales_AreDecomposedAccurately(double factor)
    {
        foreach (int n in new[] { 2, 3, 7, 33 })
        {
            var rng = new RandomSource((ulong)n + 100);
            var a = new double[n * n];
            var unit = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    double g = rng.NextGaussian();
                    unit[i * n + j] = unit[j * n + i] = g;
                    a[i * n + j] = a[j * n + i] = g * factor;
                }
            var d = new double[n];
            var v = new double[n * n];
            Assert.True(SymmetricEigen.Decompose(a, n, d, v, new double[SymmetricEigen.WorkspaceLength(n)]));
            // Same eigenvectors as the unit-scale matrix: check V^T V = I and V D V^T = A / factor.
            var dUnit = new double[n];
            for (int k = 0; k < n; k++) dUnit[k] = d[k] / factor;
            AssertDecomposition(unit, n, dUnit, v, 1e-12);
        }
    }

    [Fact]
    public void NonFiniteInput_ReturnsFalse()
    {
        double[] a = [1, double.NaN, double.NaN, 1];
        Assert.False(SymmetricEigen.Decompose(a, 2, new double[2], new double[4], new double[8]));
    }

    [Fact]
    public void Diagonal_And_RepeatedEigenvalues()
    {
        const int n = 4;
        double[] a = [3, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
        var d = new double[n];
        var v = new double[n * n];
        Assert.True(SymmetricEigen.Decompose(a, n, d, v, new double[SymmetricEigen.WorkspaceLength(n)]));
        Assert.Equal([1, 1, 2, 3], d);
        AssertDecomposition(a, n, d, v, 1e-14);
    }

    [Fact]
    public void IllConditionedCovariance_KeepsSmallEigenvaluesAccurate()
    {
        // C = Q diag(1e-8 .. 1e4) Q^T with a known rotation: eigenvalues spread over 12 decades.
        const int n = 6;
        var rng = new RandomSource(99);
        var q = new double[n * n];
        var x = new double[n * n];
        for (int i = 0; i < n * n; i++) x[i] = rng.NextGaussian();
        Assert.True(SymmetricEigen.Decompose(Symmetrize(x, n), n, new double[n], q, new double[4 * n]));
        double[] lambda = [1e-8, 1e-5, 1e-2, 1, 1e2, 1e4];
        var c = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++)
                    c[i * n + j] += q[i * n + k] * lambda[k] * q[j * n + k];
        var d = new double[n];
        var v = new double[n * n];
        Assert.True(SymmetricEigen.Decompose(c, n, d, v, new double[4 * n]));
        for (int k = 0; k < n; k++)
            Assert.True(Math.Abs(d[k] - lambda[k]) <= 1e-15 * 1e4 * 10 + 1e-9 * lambda[k], $"eigenvalue {k}: {d[k]} vs {lambda[k]}");
    }

    private static double[] Symmetrize(double[] x, int n)
    {
        var s = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                s[i * n + j] = x[i * n + j] + x[j * n + i];
        return s;
    }

    private static void AssertDecomposition(double[] a, int n, double[] d, double[] v, double tol)
    {
        double scale = 0;
        foreach (double e in a) scale = Math.Max(scale, Math.Abs(e));
        scale = Math.Max(scale, 1);
        for (int k = 1; k < n; k++)
            Assert.True(d[k - 1] <= d[k], "eigenvalues ascending");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double vtv = 0, recon = 0;
                for (int k = 0; k < n; k++)
                {
                    vtv += v[k * n + i] * v[k * n + j];
                    recon += v[i * n + k] * d[k] * v[j * n + k];
                }
                Assert.True(Math.Abs(vtv - (i == j ? 1 : 0)) < tol * n * 10, $"V^T V[{i},{j}] = {vtv}");
                Assert.True(Math.Abs(recon - a[i * n + j]) < tol * n * 10 * scale, $"V D V^T[{i},{j}] = {recon} vs {a[i * n + j]}");
            }
    }
}

public class BlasTests
{
    [Fact]
    public void Dot_UsesTheDocumentedSummationOrder()
    {
        // Values chosen so that a different association of the partial sums would round differently.
        double[] x = [1e16, 1, -1e16, 1, 3, 1e-3, 7, -5, 0.1, 0.2, 0.3];
        double[] y = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i + 4 <= 8; i += 4)
        {
            s0 += x[i] * y[i]; s1 += x[i + 1] * y[i + 1]; s2 += x[i + 2] * y[i + 2]; s3 += x[i + 3] * y[i + 3];
        }
        double expected = (s0 + s1) + (s2 + s3);
        for (int i = 8; i < x.Length; i++) expected += x[i] * y[i];
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(GenOpt.LinearAlgebra.Blas.Dot(x, y)));
    }

    [Fact]
    public void Axpy_And_Rotate_MatchScalarDefinitions()
    {
        var rng = new RandomSource(21);
        for (int n = 0; n < 13; n++)
        {
            var x = new double[n]; var y = new double[n];
            for (int i = 0; i < n; i++) { x[i] = rng.NextGaussian(); y[i] = rng.NextGaussian(); }
            var yAxpy = (double[])y.Clone();
            GenOpt.LinearAlgebra.Blas.Axpy(0.37, x, yAxpy);
            var xr = (double[])x.Clone(); var yr = (double[])y.Clone();
            GenOpt.LinearAlgebra.Blas.Rotate(xr, yr, 0.6, 0.8);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(y[i] + 0.37 * x[i], yAxpy[i]);
                Assert.Equal(0.6 * x[i] - 0.8 * y[i], xr[i]);
                Assert.Equal(0.8 * x[i] + 0.6 * y[i], yr[i]);
            }
        }
    }
}
