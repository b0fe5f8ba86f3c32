using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenOpt;

/// <summary>
/// xoshiro256** pseudo-random generator (Blackman &amp; Vigna, 2018), seeded through SplitMix64.
/// A value type with no allocation: the same seed gives the same sequence on every run, machine
/// and runtime. Normal variates use a 256-layer ziggurat.
/// </summary>
public struct RandomSource
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator whose state is expanded from <paramref name="seed"/> by SplitMix64.</summary>
    public RandomSource(ulong seed)
    {
        ulong sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    /// <summary>
    /// A generator for stream <paramref name="stream"/> of <paramref name="seed"/>: independent streams
    /// for e.g. restarts or particles, derived deterministically from one user seed.
    /// </summary>
    public static RandomSource ForStream(ulong seed, ulong stream)
    {
        ulong mixed = seed;
        ulong a = SplitMix64(ref mixed);
        return new RandomSource(a ^ (stream * 0xD1B54A32D192ED03UL + 0x8CB92BA72F3D8DD7UL));
    }

    /// <summary>The four words of the generator's state (for checkpoints).</summary>
    internal readonly void GetState(out ulong s0, out ulong s1, out ulong s2, out ulong s3)
    {
        s0 = _s0;
        s1 = _s1;
        s2 = _s2;
        s3 = _s3;
    }

    /// <summary>A generator in the given state (from <see cref="GetState"/>; not all zero).</summary>
    internal static RandomSource FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        RandomSource r = default;
        r._s0 = s0;
        r._s1 = s1;
        r._s2 = s2;
        r._s3 = s3;
        return r;
    }

    /// <summary>SplitMix64 step (Steele, Lea &amp; Flood, 2014), used to expand seeds.</summary>
    public static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>) without modulo bias (Lemire's method).</summary>
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "Must be positive.");
        ulong range = (ulong)exclusiveMax;
        ulong product = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0 - range) % range;
            while (low < threshold)
                product = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)product;
    }

    /// <summary>
    /// Standard normal variate N(0, 1) by the ziggurat method (Marsaglia &amp; Tsang, 2000) with 256 layers:
    /// one 64-bit draw gives the layer (8 bits), the sign (1 bit) and the abscissa (53 bits); about 99% of
    /// draws return on the first comparison, the rest go through the wedge or the tail test.
    /// </summary>
    public double NextGaussian()
    {
        ulong bits = NextUInt64();
        double x = ZigguratAbscissa(bits, out int layer);
        return x < Ziggurat.Edge(layer + 1) ? WithSign(x, bits) : RejectedGaussian(bits, x, layer);
    }

    /// <summary>
    /// The abscissa of a ziggurat draw: the 53 high bits as a uniform in [0, 1) times the layer's right edge (the low
    /// 8 bits pick the layer). The 53-bit integer converts exactly through a signed conversion.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ZigguratAbscissa(ulong bits, out int layer)
    {
        layer = (int)(bits & 0xFF);
        return ((long)(bits >> 11) * (1.0 / (1UL << 53))) * Ziggurat.Edge(layer);
    }

    /// <summary>
    /// x with the sign of bit 8 of the draw: the same bits as multiplying by -1.0 or 1.0 (both exact), without a branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WithSign(double x, ulong bits) =>
        BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) ^ (long)((bits & 0x100) << 55));

    /// <summary>
    /// A draw that missed the rectangle of its layer: the tail (layer 0) or the wedge test, and on rejection new draws
    /// until one is accepted (the loop of Marsaglia &amp; Tsang, continued from the first comparison).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private double RejectedGaussian(ulong bits, double x, int layer)
    {
        while (true)
        {
            if (layer == 0)
            {
                // Tail beyond r (Marsaglia 1964): x = r + a with a ~ Exp(r), accepted with prob exp(-a^2 / 2).
                double a, b;
                do
                {
                    a = -Math.Log(1.0 - NextDouble()) / Ziggurat.R;
                    b = -Math.Log(1.0 - NextDouble());
                }
                while (b + b < a * a);
                return WithSign(Ziggurat.R + a, bits);
            }
            if (Ziggurat.Density(layer + 1) + NextDouble() * (Ziggurat.Density(layer) - Ziggurat.Density(layer + 1)) < Math.Exp(-0.5 * x * x))
                return WithSign(x, bits);
            bits = NextUInt64();
            x = ZigguratAbscissa(bits, out layer);
            if (x < Ziggurat.Edge(layer + 1))
                return WithSign(x, bits);
        }
    }

    /// <summary>Layer tables of the 256-layer ziggurat for the unnormalized density exp(-x^2/2).</summary>
    private static class Ziggurat
    {
        /// <summary>Start of the tail, r, and common layer area, v (Marsaglia &amp; Tsang 2000, 256 layers).</summary>
        public const double R = 3.6541528853610088, V = 0.00492867323399;

        /// <summary>X[i]: right edge of layer i (X[0] = V / f(R) is the base strip's equivalent width; X[256] = 0).</summary>
        public static readonly double[] X = BuildX();

        /// <summary>F[i] = exp(-X[i]^2 / 2).</summary>
        public static readonly double[] F = BuildF(X);

        /// <summary>X[i] for 0 &lt;= i &lt;= 256 (the callers' layer is 8 bits, plus one), without a bounds check.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Edge(int i) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(X), (nuint)(uint)i);

        /// <summary>F[i] for 0 &lt;= i &lt;= 256, without a bounds check.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Density(int i) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(F), (nuint)(uint)i);

        private static double[] BuildX()
        {
            var x = new double[257];
            x[0] = V / Math.Exp(-0.5 * R * R);
            x[1] = R;
            for (int i = 2; i < 256; i++)
                x[i] = Math.Sqrt(-2 * Math.Log(V / x[i - 1] + Math.Exp(-0.5 * x[i - 1] * x[i - 1])));
            x[256] = 0;
            return x;
        }

        private static double[] BuildF(double[] x)
        {
            var f = new double[257];
            for (int i = 0; i < 257; i++)
                f[i] = Math.Exp(-0.5 * x[i] * x[i]);
            return f;
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with standard normal variates: the same numbers, in the same order, as
    /// <see cref="NextGaussian"/> called once per entry (and the same state afterwards), with the generator's state in
    /// registers for the runs of draws accepted on the first comparison (about 99%).
    /// </summary>
    public void FillGaussian(Span<double> destination)
    {
        ref double d = ref MemoryMarshal.GetReference(destination);
        int length = destination.Length;
        int i = 0;
        while (true)
        {
            i = FillAccepted(ref d, i, length, out ulong bits, out double x, out int layer);
            if (i >= length)
                return;
            Unsafe.Add(ref d, i) = RejectedGaussian(bits, x, layer);
            i++;
        }
    }

    /// <summary>
    /// Fills entries i, i + 1, ... with draws accepted on the first comparison until the end (returns
    /// <paramref name="length"/>) or a draw that is not (returns its index, with its bits, abscissa and layer).
    /// No call in the loop, so the state stays in registers; it is stored back on return.
    /// </summary>
    private int FillAccepted(ref double d, int i, int length, out ulong rejectedBits, out double rejectedX, out int rejectedLayer)
    {
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        ref double edges = ref MemoryMarshal.GetArrayDataReference(Ziggurat.X);
        for (; i < length; i++)
        {
            // xoshiro256** (NextUInt64) on the locals.
            ulong bits = ulong.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            // ZigguratAbscissa and Ziggurat.Edge, on the hoisted table.
            nuint layer = (nuint)(bits & 0xFF);
            double x = ((long)(bits >> 11) * (1.0 / (1UL << 53))) * Unsafe.Add(ref edges, layer);
            if (!(x < Unsafe.Add(ref edges, layer + 1)))
            {
                _s0 = s0; _s1 = s1; _s2 = s2; _s3 = s3;
                rejectedBits = bits;
                rejectedX = x;
                rejectedLayer = (int)layer;
                return i;
            }
            Unsafe.Add(ref d, i) = WithSign(x, bits);
        }
        _s0 = s0; _s1 = s1; _s2 = s2; _s3 = s3;
        rejectedBits = 0;
        rejectedX = 0;
        rejectedLayer = 0;
        return length;
    }
}
