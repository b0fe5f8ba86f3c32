using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenOpt.LinearAlgebra;

/// <summary>
/// The few level-1 kernels the optimizers' inner loops need, on spans: SIMD lanes, then a scalar tail.
/// Destination last, as in TensorPrimitives. Element-wise kernels round the same at any SIMD width; the
/// reduction (<see cref="Dot"/>) fixes its summation order so that results do not depend on the ISA.
/// </summary>
internal static class Blas
{
    /// <summary>
    /// Returns x · y over the length of <paramref name="x"/>. The summation order is fixed whatever the
    /// SIMD width: four partial sums over indices i mod 4, combined as (s0 + s1) + (s2 + s3), then the
    /// tail. So results are bit-identical under the JIT with AVX2 and under NativeAOT's baseline ISA.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        if (y.Length < n) ThrowShort();
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        double sum = 0;
        if (n >= 4)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                var acc = Vector256<double>.Zero;
                for (; i <= n - 4; i += 4)
                    acc += Vector256.LoadUnsafe(ref xr, (nuint)i) * Vector256.LoadUnsafe(ref yr, (nuint)i);
                sum = (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3));
            }
            else
            {
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (; i <= n - 4; i += 4)
                {
                    s0 += Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
                    s1 += Unsafe.Add(ref xr, i + 1) * Unsafe.Add(ref yr, i + 1);
                    s2 += Unsafe.Add(ref xr, i + 2) * Unsafe.Add(ref yr, i + 2);
                    s3 += Unsafe.Add(ref xr, i + 3) * Unsafe.Add(ref yr, i + 3);
                }
                sum = (s0 + s1) + (s2 + s3);
            }
        }
        for (; i < n; i++)
            sum += Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
        return sum;
    }

    /// <summary>y += alpha x over the length of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length;
        if (y.Length < n) ThrowShort();
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var a = new Vector<double>(alpha);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
                (Vector.LoadUnsafe(ref yr, (nuint)i) + a * Vector.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++)
            Unsafe.Add(ref yr, i) += alpha * Unsafe.Add(ref xr, i);
    }

    /// <summary>y = beta y + alpha x over the length of <paramref name="x"/> (element-wise, so the same bits at any SIMD width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScaleAdd(double beta, Span<double> y, double alpha, ReadOnlySpan<double> x)
    {
        int n = x.Length;
        if (y.Length < n) ThrowShort();
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var a = new Vector<double>(alpha);
            var c = new Vector<double>(beta);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
                (c * Vector.LoadUnsafe(ref yr, (nuint)i) + a * Vector.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++)
            Unsafe.Add(ref yr, i) = beta * Unsafe.Add(ref yr, i) + alpha * Unsafe.Add(ref xr, i);
    }

    /// <summary>Plane rotation of two rows: (x, y) = (c x - s y, s x + c y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        int n = x.Length;
        if (y.Length < n) ThrowShort();
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vc = new Vector<double>(c);
            var vs = new Vector<double>(s);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                var a = Vector.LoadUnsafe(ref xr, (nuint)i);
                var b = Vector.LoadUnsafe(ref yr, (nuint)i);
                (vc * a - vs * b).StoreUnsafe(ref xr, (nuint)i);
                (vs * a + vc * b).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double a = Unsafe.Add(ref xr, i), b = Unsafe.Add(ref yr, i);
            Unsafe.Add(ref xr, i) = c * a - s * b;
            Unsafe.Add(ref yr, i) = s * a + c * b;
        }
    }

    private static void ThrowShort() => throw new ArgumentException("Second span is shorter than the first.");
}
