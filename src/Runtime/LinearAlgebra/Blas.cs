using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenOpt.LinearAlgebra;

/// <summary>
/// The few level-1 kernels the optimizers' inner loops need, on spans: SIMD lanes with
/// <see cref="Vector{T}"/>, then a scalar tail. Destination last, as in TensorPrimitives.
/// </summary>
internal static class Blas
{
    /// <summary>Returns x · y over the length of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        if (y.Length < n) ThrowShort();
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
                acc += Vector.LoadUnsafe(ref xr, (nuint)i) * Vector.LoadUnsafe(ref yr, (nuint)i);
            sum = Vector.Sum(acc);
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
