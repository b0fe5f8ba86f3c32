// CMA-ES: sampling of a generation (and the injected gradient candidate).
using System;
using System.Runtime.CompilerServices;
using System.Threading;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    // ==== Generation steps ==========================================================================

    /// <summary>
    /// Draws lambda candidates: z_k ~ N(0, I), y_k = B D z_k, x_k = fold(m + sigma y_k). With gradient injection,
    /// candidate 0 is the gradient candidate instead (see <see cref="InjectGradientCandidate"/>) unless the
    /// gradient is zero or not finite.
    /// </summary>
    private void Sample()
    {
        if (_model != CovarianceModel.Full)
        {
            SampleLargeScale();
            return;
        }
        int n = N;
        Span<double> dz = _scratch;
        ReadOnlySpan<double> b = _b;
        ReadOnlySpan<double> d = _d;
        int first = _gradientObjective is not null && InjectGradientCandidate() ? 1 : 0;
        for (int k = first; k < _lambda; k++)
        {
            Span<double> z = _z.AsSpan(k * n, n);
            Span<double> y = _y.AsSpan(k * n, n);
            Span<double> x = _x.AsSpan(k * n, n);
            _random.FillGaussian(z);
            for (int i = 0; i < n; i++)
                dz[i] = d[i] * z[i];
            for (int r = 0; r < n; r++)
            {
                double s = Blas.Dot(b.Slice(r * n, n), dz);
                y[r] = s;
                x[r] = _mean[r] + _sigma * s;
            }
            if (_bounded)
                FoldIntoBox(x);
        }
    }

    /// <summary>
    /// Gradient injection (the direction libcmaes injects; external solutions after Hansen 2011, arXiv:1110.4181):
    /// evaluates f and g = grad f at the mean (folded into the box; g is mapped back through the reflection by
    /// the chain rule, component i times d fold / d m_i), then sets candidate 0 to the step
    /// y_0 = -sqrt(n) C g / ||C^{1/2} g||, i.e. z_0 = -sqrt(n) D B^T g / ||D B^T g|| and y_0 = B D z_0, so that
    /// its Mahalanobis length ||C^{-1/2} y_0|| = ||z_0|| is sqrt(n), below the clipping threshold for injected
    /// solutions, and (y_0, z_0) enter ranking, recombination, paths and C like any sampled pair. The mean's
    /// value counts as one evaluation and may become the best point. Returns false (sample candidate 0 as
    /// usual) when the gradient is zero or not finite.
    /// </summary>
    private bool InjectGradientCandidate()
    {
        int n = N;
        Span<double> xm = _meanPoint;
        Span<double> g = _gradient;
        Span<double> sign = _foldSign;
        for (int i = 0; i < n; i++)
        {
            if (_bounded)
                xm[i] = FoldCoordinate(_mean[i], _lower[i], _upper[i], out sign[i]);
            else
            {
                xm[i] = _mean[i];
                sign[i] = 1;
            }
        }

        ref TObjective boxed = ref Unsafe.Unbox<TObjective>(_gradientObjective!);
        boxed = _objective;
        double f = _gradientObjective!.ValueAndGradient(xm, g);
        _objective = boxed;

        _evaluations++;
        _evaluationsRun++;
        if (_runIsSmall) _evaluationsSmall++; else _evaluationsLarge++;
        if (!double.IsFinite(f))
            _nonFinite++;
        else
        {
            if (f < _runBestValue)
            {
                _runBestValue = f;
                _runBestEvaluation = _evaluationsRun;
            }
            if (f < _bestValue)
            {
                _bestValue = f;
                xm.CopyTo(_best);
            }
        }

        // dz = D B^T g (the gradient in the eigenbasis, scaled by the axis lengths).
        ReadOnlySpan<double> b = _b;
        ReadOnlySpan<double> d = _d;
        Span<double> dz = _scratch;
        for (int i = 0; i < n; i++)
        {
            g[i] *= sign[i];
            if (!double.IsFinite(g[i]))
                return false;
        }
        dz.Clear();
        for (int r = 0; r < n; r++)
            Blas.Axpy(g[r], b.Slice(r * n, n), dz);
        double norm2 = 0;
        for (int c = 0; c < n; c++)
        {
            dz[c] *= d[c];
            norm2 += dz[c] * dz[c];
        }
        if (!(norm2 > 0) || !double.IsFinite(norm2))
            return false;

        double scale = -Math.Sqrt(n / norm2);
        Span<double> z = _z.AsSpan(0, n);
        Span<double> y = _y.AsSpan(0, n);
        Span<double> x = _x.AsSpan(0, n);
        for (int c = 0; c < n; c++)
        {
            z[c] = scale * dz[c];
            dz[c] = d[c] * z[c];
        }
        for (int r = 0; r < n; r++)
        {
            double s = Blas.Dot(b.Slice(r * n, n), dz);
            y[r] = s;
            x[r] = _mean[r] + _sigma * s;
        }
        if (_bounded)
            FoldIntoBox(x);
        return true;
    }
}
