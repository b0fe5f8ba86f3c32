// CMA-ES: adaptation of the mean, evolution paths, covariance and step size.
using System;
using System.Runtime.CompilerServices;
using System.Threading;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    /// <summary>Recombination, cumulation, covariance and step-size adaptation (Hansen 2016, eqs. 39-47).</summary>
    private void UpdateDistribution(ReadOnlySpan<int> order)
    {
        int n = N;
        int lambda = _lambda;
        ReadOnlySpan<double> w = _weights;

        // ---- Recombine: y_w = sum_{i<mu} w_i y_{i:lambda}, z_w likewise; m += sigma y_w ----------
        Span<double> yw = _yw;
        Span<double> zw = _zw;
        yw.Clear();
        zw.Clear();
        for (int i = 0; i < _mu; i++)
        {
            Blas.Axpy(w[i], _y.AsSpan(order[i] * n, n), yw);
            Blas.Axpy(w[i], _z.AsSpan(order[i] * n, n), zw);
        }
        for (int j = 0; j < n; j++)
            _mean[j] += _sigma * yw[j];
        if (_bounded)
            KeepMeanNearBox();
        if (_model != CovarianceModel.Full)
        {
            UpdateLargeScaleModel();
            return;
        }

        // ---- Cumulate: p_sigma with C^{-1/2} y_w = B z_w; p_c with the h_sigma stall ---------------
        double csFactor = Math.Sqrt(_cs * (2 - _cs) * _mueff);
        ReadOnlySpan<double> b = _b;
        double psNorm2 = 0;
        for (int r = 0; r < n; r++)
        {
            double s = Blas.Dot(b.Slice(r * n, n), zw);
            double ps = (1 - _cs) * _ps[r] + csFactor * s;
            _ps[r] = ps;
            psNorm2 += ps * ps;
        }
        double psNorm = Math.Sqrt(psNorm2);
        _generationRun++;
        // h_sigma on the squared length, as pycma: |p_sigma|^2 / (1 - (1 - c_sigma)^(2(g+1))) / n - 1 < 1 + 4 / (n + 1).
        bool hsig = psNorm2 / (1 - Math.Pow(1 - _cs, 2.0 * _generationRun)) / n - 1 < 1 + 4.0 / (n + 1);
        double ccFactor = hsig ? Math.Sqrt(_cc * (2 - _cc) * _mueff) : 0;
        for (int j = 0; j < n; j++)
            _pc[j] = (1 - _cc) * _pc[j] + ccFactor * yw[j];

        // ---- Adapt C: decay, rank-one and (active) rank-mu update ------------------------------------
        double deltaHsig = hsig ? 0 : _cc * (2 - _cc);
        double decay = 1 + _c1 * deltaHsig - _c1 - _cmu * _weightSum;
        Span<double> cm = _c;
        ReadOnlySpan<double> pc = _pc;
        for (int r = 0; r < n; r++)
        {
            Span<double> upper = cm.Slice(r * n + r, n - r);   // row r from the diagonal on
            for (int c = 0; c < upper.Length; c++)
                upper[c] *= decay;
            Blas.Axpy(_c1 * pc[r], pc[r..], upper);
        }
        for (int i = 0; i < lambda; i++)
        {
            double wi = w[i];
            if (wi == 0)
                continue;
            int k = order[i];
            if (wi < 0)
            {
                // w°_i = w_i n / ||C^{-1/2} y_i||^2 and C^{-1/2} y_i = B z_i has the norm of z_i.
                ReadOnlySpan<double> zk = _z.AsSpan(k * n, n);
                double z2 = Blas.Dot(zk, zk);
                wi *= n / Math.Max(z2, 1e-300);
            }
            double coef = _cmu * wi;
            ReadOnlySpan<double> y = _y.AsSpan(k * n, n);
            for (int r = 0; r < n; r++)
                Blas.Axpy(coef * y[r], y[r..], cm.Slice(r * n + r, n - r));
        }
        for (int r = 1; r < n; r++)
            for (int c = 0; c < r; c++)
                cm[r * n + c] = cm[c * n + r];

        // ---- Adapt sigma (cumulative step-size adaptation, exponent capped at 1 as in pycma) ---------
        _sigma *= Math.Exp(Math.Min(1.0, _cs / _damps * (psNorm / _chiN - 1)));

        // ---- Lazy eigen-decomposition ----------------------------------------------------------------
        if (_evaluationsRun - _evaluationsAtEigen > _lazyGapEvaluations)
            UpdateEigensystem();
    }

    /// <summary>
    /// E||N(0, I_n)||, the length the step-size path is compared with, as pycma's CSA computes it
    /// (<c>cma.utilities.math.Mh.chiN</c>, cma 4.4.0): exact for n &lt;= 6, where it is sqrt(2) Gamma((n + 1) / 2) / Gamma(n / 2)
    /// (here by the recurrence chi_1 = sqrt(2 / pi), chi_(k+1) = k / chi_k), and sqrt(n) (1 - 1/(4n) + 1/(26 n^2)) beyond,
    /// within 5e-5 relative of the exact value. (Hansen's tutorial and purecma write 21 instead of 26.)
    /// </summary>
    internal static double ExpectedNormOfStandardNormal(int n)
    {
        if (n > 6)
            return Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (26.0 * n * n));
        double chi = Math.Sqrt(2 / Math.PI);
        for (int k = 1; k < n; k++)
            chi = k / chi;
        return chi;
    }
}
