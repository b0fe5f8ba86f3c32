// CMA-ES with CovarianceModel.LimitedMemory: LM-MA-ES, m evolution paths instead of C (O(n m) per sample).
using System;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    // LM-MA-ES after I. Loshchilov, T. Glasmachers and H.-G. Beyer, "Large Scale Black-Box Optimization by
    // Limited-Memory Matrix Adaptation", IEEE Transactions on Evolutionary Computation 23(2), 353-358, 2019,
    // Algorithm 1 and its default constants: m = 4 + floor(3 ln n) paths, c_sigma = 2 lambda / n,
    // c_d,j = 1 / (1.5^(j-1) n), c_c,j = lambda / (4^(j-1) n), d_sigma = 2, c_m = 1 (j = 1..m).

    /// <summary>No paths at the start of a run (the transformation is the identity); the condition number is not tracked.</summary>
    private void StartLimitedMemoryRun()
    {
        Array.Clear(_memoryPaths);
        _scales.CopyTo(_d, 0);
        _conditionNumber = double.NaN;
    }

    /// <summary>
    /// c_sigma = 2 lambda / n and d_sigma = 2 (the paper's defaults). The paper aims at large n; GenOpt caps c_sigma at 1
    /// (and each c_c,j, see <see cref="PathRate"/>) so that small dimensions or the large populations of restarts keep
    /// the paths well defined (the paper's rates exceed 1 when lambda &gt; n / 2).
    /// </summary>
    private void SetLimitedMemoryRates(int n)
    {
        _cs = Math.Min(1.0, 2.0 * _lambda / n);
        _damps = 2;
    }

    /// <summary>c_d,j = 1 / (1.5^j n) for the 0-based path j.</summary>
    private static double TransformRate(int j) => 1 / (Math.Pow(1.5, j) * N);

    /// <summary>c_c,j = min(1, lambda / (4^j n)) for the 0-based path j.</summary>
    private double PathRate(int j) => Math.Min(1.0, _lambda / (Math.Pow(4, j) * N));

    /// <summary>
    /// z_k ~ N(0, I); d_k = z_k, then for j = 1..min(t, m): d_k = (1 - c_d,j) d_k + c_d,j M_j (M_j^T d_k), with t the
    /// generations of the run so far; y_k = diag(Sigma0Scales) d_k and x_k = fold(m + sigma y_k). O(n m) per candidate.
    /// </summary>
    private void SampleLimitedMemory()
    {
        int n = N;
        int paths = (int)Math.Min(_generationRun, _memoryCount);
        ReadOnlySpan<double> scales = _scales;
        ReadOnlySpan<double> mean = _mean;
        double sigma = _sigma;
        for (int k = 0; k < _lambda; k++)
        {
            Span<double> z = _z.AsSpan(k * n, n);
            Span<double> y = _y.AsSpan(k * n, n);
            Span<double> x = _x.AsSpan(k * n, n);
            _random.FillGaussian(z);
            z.CopyTo(y);
            for (int j = 0; j < paths; j++)
            {
                ReadOnlySpan<double> path = _memoryPaths.AsSpan(j * n, n);
                double cd = TransformRate(j);
                Blas.ScaleAdd(1 - cd, y, cd * Blas.Dot(path, y), path);
            }
            for (int i = 0; i < n; i++)
            {
                double s = scales[i] * y[i];
                y[i] = s;
                x[i] = mean[i] + sigma * s;
            }
            if (_bounded)
                FoldIntoBox(x);
        }
    }

    /// <summary>
    /// p_sigma as in Full, each path M_j = (1 - c_c,j) M_j + sqrt(mu_eff c_c,j (2 - c_c,j)) z_w, and
    /// sigma = sigma exp(c_sigma / d_sigma (|p_sigma|^2 / n - 1)) (the paper's update, no cap on the exponent).
    /// </summary>
    private void UpdateLimitedMemory()
    {
        int n = N;
        ReadOnlySpan<double> zw = _zw;
        double psNorm2 = CumulateStepPath(zw);
        for (int j = 0; j < _memoryCount; j++)
        {
            double cc = PathRate(j);
            Blas.ScaleAdd(1 - cc, _memoryPaths.AsSpan(j * n, n), Math.Sqrt(_mueff * cc * (2 - cc)), zw);
        }
        _sigma *= Math.Exp(_cs / _damps * (psNorm2 / n - 1));
    }
}
