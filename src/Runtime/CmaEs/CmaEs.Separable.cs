// CMA-ES with CovarianceModel.Separable: sep-CMA-ES, a diagonal covariance matrix (O(n) per sample).
using System;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    /// <summary>C = diag(Sigma0Scales)^2, D its square roots; the condition number of the start.</summary>
    private void StartSeparableRun()
    {
        int n = N;
        double min = double.PositiveInfinity, max = 0;
        for (int i = 0; i < n; i++)
        {
            double s = _scales[i];
            _diagonalC[i] = s * s;
            _d[i] = s;
            min = Math.Min(min, s * s);
            max = Math.Max(max, s * s);
        }
        _conditionNumber = max / min;
    }

    /// <summary>
    /// The learning rates of sep-CMA-ES (Ros &amp; Hansen 2008): a diagonal C has n degrees of freedom instead of
    /// n (n + 1) / 2, so its rates are about (n + 2) / 3 times Full's. GenOpt uses pycma's separable rates
    /// (cma/options_parameters.py, CMAParameters.set, c1_sep, cmu_sep and cc_sep; commit 8d16505):
    /// c_1 = 1 / (n + 2 sqrt(n) + mu_eff / n), c_mu = min(1 - c_1, (1/4 + mu_eff + 1 / mu_eff - 2) / (n + 4 sqrt(n) + mu_eff / 2)),
    /// c_c = (1 + 1 / n + mu_eff / n) / (sqrt(n) + 1 / n + 2 mu_eff / n). c_sigma and d_sigma stay Full's, as in pycma.
    /// </summary>
    private void SetSeparableRates(int n)
    {
        double sqrtN = Math.Sqrt(n);
        _c1 = 1 / (n + 2 * sqrtN + _mueff / n);
        _cmu = Math.Min(1 - _c1, (0.25 + _mueff + 1 / _mueff - 2) / (n + 4 * sqrtN + _mueff / 2));
        _cc = (1 + 1.0 / n + _mueff / n) / (sqrtN + 1.0 / n + 2 * _mueff / n);
    }

    /// <summary>z_k ~ N(0, I), y_k = D z_k, x_k = fold(m + sigma y_k): O(n) per candidate.</summary>
    private void SampleSeparable()
    {
        int n = N;
        ReadOnlySpan<double> d = _d;
        ReadOnlySpan<double> mean = _mean;
        double sigma = _sigma;
        for (int k = 0; k < _lambda; k++)
        {
            Span<double> z = _z.AsSpan(k * n, n);
            Span<double> y = _y.AsSpan(k * n, n);
            Span<double> x = _x.AsSpan(k * n, n);
            _random.FillGaussian(z);
            for (int i = 0; i < n; i++)
            {
                double s = d[i] * z[i];
                y[i] = s;
                x[i] = mean[i] + sigma * s;
            }
            if (_bounded)
                FoldIntoBox(x);
        }
    }

    /// <summary>
    /// The updates of Full (Hansen 2016, eqs. 43-47, with the active weights and the h_sigma stall) restricted to the
    /// diagonal of C, whose eigenbasis is the identity: C^{-1/2} y_w = z_w, and
    /// C_ii = decay C_ii + c_1 p_c,i^2 + c_mu sum_k w°_k y_k,i^2. The active weights are bounded as Full's (their
    /// alpha_posdef bound keeps every C_ii positive). D_i = sqrt(C_ii) and the condition number are refreshed every
    /// generation (O(n), no eigen-decomposition).
    /// </summary>
    private void UpdateSeparable()
    {
        int n = N;
        ReadOnlySpan<double> zw = _zw;
        ReadOnlySpan<double> yw = _yw;
        double psNorm2 = CumulateStepPath(zw);
        bool hsig = psNorm2 / (1 - Math.Pow(1 - _cs, 2.0 * _generationRun)) / n - 1 < 1 + 4.0 / (n + 1);
        double ccFactor = hsig ? Math.Sqrt(_cc * (2 - _cc) * _mueff) : 0;
        Span<double> pc = _pc;
        Blas.ScaleAdd(1 - _cc, pc, ccFactor, yw);

        double deltaHsig = hsig ? 0 : _cc * (2 - _cc);
        double decay = 1 + _c1 * deltaHsig - _c1 - _cmu * _weightSum;
        Span<double> diag = _diagonalC;
        for (int i = 0; i < n; i++)
            diag[i] = decay * diag[i] + _c1 * pc[i] * pc[i];
        ReadOnlySpan<double> w = _weights;
        ReadOnlySpan<int> order = _order;
        for (int r = 0; r < _lambda; r++)
        {
            double wi = w[r];
            if (wi == 0)
                continue;
            int k = order[r];
            if (wi < 0)
            {
                ReadOnlySpan<double> zk = _z.AsSpan(k * n, n);
                wi *= n / Math.Max(Blas.Dot(zk, zk), 1e-300);
            }
            double coef = _cmu * wi;
            ReadOnlySpan<double> y = _y.AsSpan(k * n, n);
            for (int i = 0; i < n; i++)
                diag[i] += coef * y[i] * y[i];
        }

        double min = double.PositiveInfinity, max = 0;
        for (int i = 0; i < n; i++)
        {
            double v = diag[i];
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            _d[i] = Math.Sqrt(v);
        }
        if (!(min > 0) || !double.IsFinite(max))
            _numericalError = true;
        _conditionNumber = max / min;

        _sigma *= Math.Exp(Math.Min(1.0, _cs / _damps * (Math.Sqrt(psNorm2) / _chiN - 1)));
    }

    /// <summary>
    /// p_sigma = (1 - c_sigma) p_sigma + sqrt(c_sigma (2 - c_sigma) mu_eff) z_w (the step in the isotropic coordinates
    /// of both large-scale models); counts the generation and returns |p_sigma|^2.
    /// </summary>
    private double CumulateStepPath(ReadOnlySpan<double> zw)
    {
        Span<double> ps = _ps;
        Blas.ScaleAdd(1 - _cs, ps, Math.Sqrt(_cs * (2 - _cs) * _mueff), zw);
        _generationRun++;
        return Blas.Dot(ps, ps);
    }
}
