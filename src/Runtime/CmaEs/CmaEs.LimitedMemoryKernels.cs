// CMA-ES with CovarianceModel.LimitedMemory: the sampling transformation of LM-MA-ES for several candidates per pass.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    // The transformation d = z, d = (1 - c_d,j) d + c_d,j M_j (M_j^T d) for j = 1..p, then y = diag(Sigma0Scales) d and
    // x = m + sigma y, computed with the same operations on every element as TransformLimitedMemory followed by
    // Blas.ScaleStep (the results are bit-identical), in fewer passes:
    // - the update of d by path j and the product M_(j+1)^T d with the updated elements share one pass (the dot product
    //   accumulates in Blas.Dot's fixed order: 4 lanes over i mod 4, combined as (s0 + s1) + (s2 + s3), then the tail);
    // - the last path's update and the step y, x share one pass;
    // - 4 candidates go through each pass together, so each path is read once for 4 candidates and the 4 dot products
    //   are independent chains of additions (one dot product alone waits on the latency of each addition).
    // Without 256-bit SIMD (or for n < 4) the candidates go one by one through TransformLimitedMemory and ScaleStep.

    /// <summary>
    /// Samples the candidates of LimitedMemory from z_0 .. z_(lambda-1) (already drawn): y_k = diag(Sigma0Scales) d_k with
    /// d_k the transformation of z_k, x_k = m + sigma y_k (not yet folded into the box).
    /// </summary>
    private void TransformLimitedMemoryAll()
    {
        int n = N;
        int paths = (int)Math.Min(_generationRun, _memoryCount);
        if (!Vector256.IsHardwareAccelerated || n < Vector256<double>.Count || paths == 0)
        {
            for (int k = 0; k < _lambda; k++)
            {
                Span<double> y = _y.AsSpan(k * n, n);
                TransformLimitedMemory(_z.AsSpan(k * n, n), y);
                Blas.ScaleStep(_scales, y, _mean, _sigma, y, _x.AsSpan(k * n, n));
            }
            return;
        }
        int first = 0;
        for (; first + 4 <= _lambda; first += 4)
            TransformBlock4(first, paths);
        for (; first < _lambda; first++)
            TransformBlock1(first, paths);
    }

    /// <summary>The transformation of candidates k .. k + 3 (see the comment at the top of this file).</summary>
    private void TransformBlock4(int k, int paths)
    {
        int n = N;
        ref double z = ref MemoryMarshal.GetArrayDataReference(_z);
        ref double y = ref MemoryMarshal.GetArrayDataReference(_y);
        ref double x = ref MemoryMarshal.GetArrayDataReference(_x);
        ref double memory = ref MemoryMarshal.GetArrayDataReference(_memoryPaths);
        nuint row = (nuint)n;
        nuint start = (nuint)k * row;
        ref double z0 = ref Unsafe.Add(ref z, start);
        ref double y0 = ref Unsafe.Add(ref y, start);
        ref double x0 = ref Unsafe.Add(ref x, start);

        Dot4(ref memory, ref z0, row, n, out double dot0, out double dot1, out double dot2, out double dot3);
        for (int j = 0; j < paths; j++)
        {
            double cd = TransformRate(j);
            double beta = 1 - cd;
            ref double path = ref Unsafe.Add(ref memory, (nuint)j * row);
            // The first pass reads z, the others update y (which holds d) in place.
            ref double source = ref j == 0 ? ref z0 : ref y0;
            if (j + 1 < paths)
                UpdateAndDot4(ref source, ref y0, row, n, ref path, ref Unsafe.Add(ref path, row), beta,
                    cd * dot0, cd * dot1, cd * dot2, cd * dot3, out dot0, out dot1, out dot2, out dot3);
            else
                UpdateAndStep4(ref source, ref y0, ref x0, row, n, ref path, beta, cd * dot0, cd * dot1, cd * dot2, cd * dot3);
        }
    }

    /// <summary>The transformation of candidate k alone, with the same fused passes.</summary>
    private void TransformBlock1(int k, int paths)
    {
        int n = N;
        nuint row = (nuint)n;
        nuint start = (nuint)k * row;
        ref double z0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_z), start);
        ref double y0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_y), start);
        ref double x0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_x), start);
        ref double memory = ref MemoryMarshal.GetArrayDataReference(_memoryPaths);

        double dot = Blas.Dot(_memoryPaths.AsSpan(0, n), _z.AsSpan(k * n, n));
        for (int j = 0; j < paths; j++)
        {
            double cd = TransformRate(j);
            double beta = 1 - cd;
            ref double path = ref Unsafe.Add(ref memory, (nuint)j * row);
            ref double source = ref j == 0 ? ref z0 : ref y0;
            if (j + 1 < paths)
                dot = UpdateAndDot1(ref source, ref y0, n, ref path, ref Unsafe.Add(ref path, row), beta, cd * dot);
            else
                UpdateAndStep1(ref source, ref y0, ref x0, n, ref path, beta, cd * dot);
        }
    }

    /// <summary>Blas.Dot's fixed-order reduction of the 4 lanes: (s0 + s1) + (s2 + s3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Lanes(Vector256<double> acc) => (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3));

    /// <summary>p . d_c for the 4 rows d_c = d + c row, in Blas.Dot's order.</summary>
    private static void Dot4(ref double p, ref double d, nuint row, int n, out double s0, out double s1, out double s2, out double s3)
    {
        ref double d1 = ref Unsafe.Add(ref d, row);
        ref double d2 = ref Unsafe.Add(ref d1, row);
        ref double d3 = ref Unsafe.Add(ref d2, row);
        Vector256<double> a0 = Vector256<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= n - 4; i += 4)
        {
            nuint u = (nuint)i;
            Vector256<double> pv = Vector256.LoadUnsafe(ref p, u);
            a0 += pv * Vector256.LoadUnsafe(ref d, u);
            a1 += pv * Vector256.LoadUnsafe(ref d1, u);
            a2 += pv * Vector256.LoadUnsafe(ref d2, u);
            a3 += pv * Vector256.LoadUnsafe(ref d3, u);
        }
        s0 = Lanes(a0); s1 = Lanes(a1); s2 = Lanes(a2); s3 = Lanes(a3);
        for (; i < n; i++)
        {
            double pi = Unsafe.Add(ref p, i);
            s0 += pi * Unsafe.Add(ref d, i);
            s1 += pi * Unsafe.Add(ref d1, i);
            s2 += pi * Unsafe.Add(ref d2, i);
            s3 += pi * Unsafe.Add(ref d3, i);
        }
    }

    /// <summary>
    /// For the 4 rows c: d_c = beta s_c + alpha_c p (Blas.ScaleAdd's operations; s_c may be d_c) and the dot product
    /// q . d_c of the updated row in Blas.Dot's order.
    /// </summary>
    private static void UpdateAndDot4(ref double s, ref double d, nuint row, int n, ref double p, ref double q, double beta,
        double alpha0, double alpha1, double alpha2, double alpha3, out double s0, out double s1, out double s2, out double s3)
    {
        ref double sr1 = ref Unsafe.Add(ref s, row);
        ref double sr2 = ref Unsafe.Add(ref sr1, row);
        ref double sr3 = ref Unsafe.Add(ref sr2, row);
        ref double d1 = ref Unsafe.Add(ref d, row);
        ref double d2 = ref Unsafe.Add(ref d1, row);
        ref double d3 = ref Unsafe.Add(ref d2, row);
        var b = Vector256.Create(beta);
        var c0 = Vector256.Create(alpha0);
        var c1 = Vector256.Create(alpha1);
        var c2 = Vector256.Create(alpha2);
        var c3 = Vector256.Create(alpha3);
        Vector256<double> a0 = Vector256<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= n - 4; i += 4)
        {
            nuint u = (nuint)i;
            Vector256<double> pv = Vector256.LoadUnsafe(ref p, u);
            Vector256<double> qv = Vector256.LoadUnsafe(ref q, u);
            Vector256<double> v0 = b * Vector256.LoadUnsafe(ref s, u) + c0 * pv;
            Vector256<double> v1 = b * Vector256.LoadUnsafe(ref sr1, u) + c1 * pv;
            Vector256<double> v2 = b * Vector256.LoadUnsafe(ref sr2, u) + c2 * pv;
            Vector256<double> v3 = b * Vector256.LoadUnsafe(ref sr3, u) + c3 * pv;
            v0.StoreUnsafe(ref d, u);
            v1.StoreUnsafe(ref d1, u);
            v2.StoreUnsafe(ref d2, u);
            v3.StoreUnsafe(ref d3, u);
            a0 += qv * v0;
            a1 += qv * v1;
            a2 += qv * v2;
            a3 += qv * v3;
        }
        s0 = Lanes(a0); s1 = Lanes(a1); s2 = Lanes(a2); s3 = Lanes(a3);
        for (; i < n; i++)
        {
            double pi = Unsafe.Add(ref p, i), qi = Unsafe.Add(ref q, i);
            double v0 = beta * Unsafe.Add(ref s, i) + alpha0 * pi;
            double v1 = beta * Unsafe.Add(ref sr1, i) + alpha1 * pi;
            double v2 = beta * Unsafe.Add(ref sr2, i) + alpha2 * pi;
            double v3 = beta * Unsafe.Add(ref sr3, i) + alpha3 * pi;
            Unsafe.Add(ref d, i) = v0;
            Unsafe.Add(ref d1, i) = v1;
            Unsafe.Add(ref d2, i) = v2;
            Unsafe.Add(ref d3, i) = v3;
            s0 += qi * v0;
            s1 += qi * v1;
            s2 += qi * v2;
            s3 += qi * v3;
        }
    }

    /// <summary>
    /// The last path's update d_c = beta s_c + alpha_c p, then y_c = diag(Sigma0Scales) d_c (stored in d_c) and
    /// x_c = m + sigma y_c (Blas.ScaleStep's operations), for the 4 rows c.
    /// </summary>
    private void UpdateAndStep4(ref double s, ref double d, ref double x, nuint row, int n, ref double p, double beta,
        double alpha0, double alpha1, double alpha2, double alpha3)
    {
        ref double sr1 = ref Unsafe.Add(ref s, row);
        ref double sr2 = ref Unsafe.Add(ref sr1, row);
        ref double sr3 = ref Unsafe.Add(ref sr2, row);
        ref double d1 = ref Unsafe.Add(ref d, row);
        ref double d2 = ref Unsafe.Add(ref d1, row);
        ref double d3 = ref Unsafe.Add(ref d2, row);
        ref double x1 = ref Unsafe.Add(ref x, row);
        ref double x2 = ref Unsafe.Add(ref x1, row);
        ref double x3 = ref Unsafe.Add(ref x2, row);
        ref double scale = ref MemoryMarshal.GetArrayDataReference(_scales);
        ref double mean = ref MemoryMarshal.GetArrayDataReference(_mean);
        double sigma = _sigma;
        var b = Vector256.Create(beta);
        var c0 = Vector256.Create(alpha0);
        var c1 = Vector256.Create(alpha1);
        var c2 = Vector256.Create(alpha2);
        var c3 = Vector256.Create(alpha3);
        var sv = Vector256.Create(sigma);
        int i = 0;
        for (; i <= n - 4; i += 4)
        {
            nuint u = (nuint)i;
            Vector256<double> pv = Vector256.LoadUnsafe(ref p, u);
            Vector256<double> av = Vector256.LoadUnsafe(ref scale, u);
            Vector256<double> mv = Vector256.LoadUnsafe(ref mean, u);
            Vector256<double> v0 = av * (b * Vector256.LoadUnsafe(ref s, u) + c0 * pv);
            Vector256<double> v1 = av * (b * Vector256.LoadUnsafe(ref sr1, u) + c1 * pv);
            Vector256<double> v2 = av * (b * Vector256.LoadUnsafe(ref sr2, u) + c2 * pv);
            Vector256<double> v3 = av * (b * Vector256.LoadUnsafe(ref sr3, u) + c3 * pv);
            v0.StoreUnsafe(ref d, u);
            v1.StoreUnsafe(ref d1, u);
            v2.StoreUnsafe(ref d2, u);
            v3.StoreUnsafe(ref d3, u);
            (mv + sv * v0).StoreUnsafe(ref x, u);
            (mv + sv * v1).StoreUnsafe(ref x1, u);
            (mv + sv * v2).StoreUnsafe(ref x2, u);
            (mv + sv * v3).StoreUnsafe(ref x3, u);
        }
        for (; i < n; i++)
        {
            double pi = Unsafe.Add(ref p, i), ai = Unsafe.Add(ref scale, i), mi = Unsafe.Add(ref mean, i);
            double v0 = ai * (beta * Unsafe.Add(ref s, i) + alpha0 * pi);
            double v1 = ai * (beta * Unsafe.Add(ref sr1, i) + alpha1 * pi);
            double v2 = ai * (beta * Unsafe.Add(ref sr2, i) + alpha2 * pi);
            double v3 = ai * (beta * Unsafe.Add(ref sr3, i) + alpha3 * pi);
            Unsafe.Add(ref d, i) = v0;
            Unsafe.Add(ref d1, i) = v1;
            Unsafe.Add(ref d2, i) = v2;
            Unsafe.Add(ref d3, i) = v3;
            Unsafe.Add(ref x, i) = mi + sigma * v0;
            Unsafe.Add(ref x1, i) = mi + sigma * v1;
            Unsafe.Add(ref x2, i) = mi + sigma * v2;
            Unsafe.Add(ref x3, i) = mi + sigma * v3;
        }
    }

    /// <summary><see cref="UpdateAndDot4"/> for one row.</summary>
    private static double UpdateAndDot1(ref double s, ref double d, int n, ref double p, ref double q, double beta, double alpha)
    {
        var b = Vector256.Create(beta);
        var c = Vector256.Create(alpha);
        Vector256<double> acc = Vector256<double>.Zero;
        int i = 0;
        for (; i <= n - 4; i += 4)
        {
            nuint u = (nuint)i;
            Vector256<double> v = b * Vector256.LoadUnsafe(ref s, u) + c * Vector256.LoadUnsafe(ref p, u);
            v.StoreUnsafe(ref d, u);
            acc += Vector256.LoadUnsafe(ref q, u) * v;
        }
        double sum = Lanes(acc);
        for (; i < n; i++)
        {
            double v = beta * Unsafe.Add(ref s, i) + alpha * Unsafe.Add(ref p, i);
            Unsafe.Add(ref d, i) = v;
            sum += Unsafe.Add(ref q, i) * v;
        }
        return sum;
    }

    /// <summary><see cref="UpdateAndStep4"/> for one row.</summary>
    private void UpdateAndStep1(ref double s, ref double d, ref double x, int n, ref double p, double beta, double alpha)
    {
        ref double scale = ref MemoryMarshal.GetArrayDataReference(_scales);
        ref double mean = ref MemoryMarshal.GetArrayDataReference(_mean);
        double sigma = _sigma;
        var b = Vector256.Create(beta);
        var c = Vector256.Create(alpha);
        var sv = Vector256.Create(sigma);
        int i = 0;
        for (; i <= n - 4; i += 4)
        {
            nuint u = (nuint)i;
            Vector256<double> v = Vector256.LoadUnsafe(ref scale, u) * (b * Vector256.LoadUnsafe(ref s, u) + c * Vector256.LoadUnsafe(ref p, u));
            v.StoreUnsafe(ref d, u);
            (Vector256.LoadUnsafe(ref mean, u) + sv * v).StoreUnsafe(ref x, u);
        }
        for (; i < n; i++)
        {
            double v = Unsafe.Add(ref scale, i) * (beta * Unsafe.Add(ref s, i) + alpha * Unsafe.Add(ref p, i));
            Unsafe.Add(ref d, i) = v;
            Unsafe.Add(ref x, i) = Unsafe.Add(ref mean, i) + sigma * v;
        }
    }
}
