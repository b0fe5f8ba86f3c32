// SLSQP: the quasi-Newton matrix, a damped BFGS update of its L D L^T factors.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class Slsqp<TProblem>
{
    // ==== BFGS matrix in L D L^T form ================================================================

    /// <summary>B = I.</summary>
    private void ResetHessian()
    {
        int n = N;
        Array.Clear(_ldl);
        for (int j = 0, start = 0; j < n; start += n - j, j++)
            _ldl[start] = 1;
    }

    /// <summary>
    /// Damped BFGS update (Powell): with y the change of the Lagrangian's gradient, replaces y by
    /// <c>theta y + (1 - theta) B s</c> if <c>s^T y &lt; 0.2 s^T B s</c>, then
    /// <c>B += y y^T / s^T y - B s s^T B / s^T B s</c> as two rank-one updates of the factors.
    /// Returns false (reset wanted) when the update is singular.
    /// </summary>
    private bool UpdateHessian()
    {
        int n = N;
        Span<double> y = _y;
        Span<double> bs = _bs;
        ReadOnlySpan<double> s = _s.AsSpan(0, n);
        GradientOfLagrangian(y);
        for (int i = 0; i < n; i++)
            y[i] -= _gradLagrangianStart[i];
        MultiplyHessian(s, bs);
        double sy = Blas.Dot(s, y);
        double sbs = Blas.Dot(s, bs);
        double threshold = DampingThreshold * sbs;
        if (sy < threshold)
        {
            double theta = (sbs - threshold) / (sbs - sy);
            for (int i = 0; i < n; i++)
                y[i] = theta * y[i] + (1 - theta) * bs[i];
            sy = threshold;
        }
        if (sy == 0 || sbs == 0)
            return false;
        RankOneUpdate(1 / sy, y);
        RankOneUpdate(-1 / sbs, bs);
        return true;
    }

    /// <summary>w = L D L^T v.</summary>
    private void MultiplyHessian(ReadOnlySpan<double> v, Span<double> w)
    {
        int n = N;
        if (v.Length < n || w.Length < n)
            throw new ArgumentException("Vectors shorter than the dimension.");
        ref double ldl0 = ref MemoryMarshal.GetArrayDataReference(_ldl);
        ref double v0 = ref MemoryMarshal.GetReference(v);
        ref double w0 = ref MemoryMarshal.GetReference(w);
        // w = D L^T v.
        for (int j = 0, start = 0; j < n; start += n - j, j++)
        {
            double sum = Unsafe.Add(ref v0, j);
            for (int i = j + 1; i < n; i++)
                sum += Unsafe.Add(ref ldl0, start + i - j) * Unsafe.Add(ref v0, i);
            Unsafe.Add(ref w0, j) = Unsafe.Add(ref ldl0, start) * sum;
        }
        // w = L w, from the last row up (row i uses w_j, j < i, not yet overwritten).
        for (int i = n - 1; i > 0; i--)
        {
            double sum = 0;
            for (int j = 0, start = 0; j < i; start += n - j, j++)
                sum += Unsafe.Add(ref ldl0, start + i - j) * Unsafe.Add(ref w0, j);
            Unsafe.Add(ref w0, i) += sum;
        }
    }

    /// <summary>
    /// <c>L D L^T += sigma z z^T</c> on the factors (Fletcher &amp; Powell, "On the modification of LDL^T
    /// factorizations", Math. Comp. 28, 1974, method C1), keeping D positive; z is overwritten.
    /// </summary>
    private void RankOneUpdate(double sigma, Span<double> z)
    {
        int n = N;
        if (z.Length < n)
            throw new ArgumentException("Vector shorter than the dimension.", nameof(z));
        // Column j of the packed factor starts at `start`: d_j there, l_ij at start + i - j.
        ref double ldl0 = ref MemoryMarshal.GetArrayDataReference(_ldl);
        ref double z0 = ref MemoryMarshal.GetReference(z);
        ref double tNext0 = ref MemoryMarshal.GetArrayDataReference(_ldlScratch);
        double t = 1 / sigma;
        if (sigma < 0)
        {
            // Solve L p = z and precompute t_i = 1/sigma + sum_{k <= i} p_k^2 / d_k; keep them negative.
            // tNext holds p (from z), then p_j^2 / d_j once column j is done, then t_j.
            for (int i = 0; i < n; i++)
                Unsafe.Add(ref tNext0, i) = Unsafe.Add(ref z0, i);
            for (int j = 0, start = 0; j < n; start += n - j, j++)
            {
                double p = Unsafe.Add(ref tNext0, j);
                double q = p * p / Unsafe.Add(ref ldl0, start);
                t += q;
                Unsafe.Add(ref tNext0, j) = q;
                for (int i = j + 1; i < n; i++)
                    Unsafe.Add(ref tNext0, i) -= p * Unsafe.Add(ref ldl0, start + i - j);
            }
            if (t >= 0)
                t = 2.22e-16 / sigma;
            for (int j = n - 1; j >= 0; j--)
            {
                double q = Unsafe.Add(ref tNext0, j);
                Unsafe.Add(ref tNext0, j) = t;
                t -= q;
            }
        }
        for (int j = 0, start = 0; j < n; start += n - j, j++)
        {
            double v = Unsafe.Add(ref z0, j);
            ref double dj = ref Unsafe.Add(ref ldl0, start);
            double delta = v / dj;
            double tp = sigma < 0 ? Unsafe.Add(ref tNext0, j) : t + delta * v;
            double ratio = tp / t;
            dj *= ratio;
            if (j == n - 1)
                break;
            double beta = delta / tp;
            // Column j below the diagonal is ldl[start + 1 ..], aligned with z[j + 1 ..].
            ref double column = ref Unsafe.Add(ref dj, 1);
            ref double zTail = ref Unsafe.Add(ref z0, j + 1);
            int length = n - j - 1;
            if (ratio > 4)
            {
                double gamma = t / tp;
                for (int i = 0; i < length; i++)
                {
                    ref double lij = ref Unsafe.Add(ref column, i);
                    ref double zi = ref Unsafe.Add(ref zTail, i);
                    double l = lij;
                    lij = gamma * l + beta * zi;
                    zi -= v * l;
                }
            }
            else
            {
                for (int i = 0; i < length; i++)
                {
                    ref double zi = ref Unsafe.Add(ref zTail, i);
                    ref double lij = ref Unsafe.Add(ref column, i);
                    zi -= v * lij;
                    lij += beta * zi;
                }
            }
            t = tp;
        }
    }
}
