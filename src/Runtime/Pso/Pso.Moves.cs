// Particle swarm: the move (velocity and position update, the vector path and the safe scalar step).
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace GenOpt;

public sealed partial class Pso<TObjective>
{
    // ==== Move ======================================================================================

    /// <summary>
    /// Velocity and position update of every particle, from the particle's own random stream. Coordinate d of a particle
    /// uses the d-th 64-bit draw of its stream: r1 and r2 get 32 random bits each, placed at the top of the mantissa of a
    /// double in [1, 2) (then minus 1). Blocks of four coordinates go through Vector256 when the hardware has it; the
    /// operations are the same, in the same order, as in the scalar loop, so both give the same bits.
    /// </summary>
    private void Move(double w)
    {
        int n = N, s = _swarmSize;
        double c1 = _options.C1, c2 = _options.C2;
        bool clamp = !double.IsPositiveInfinity(_options.VelocityClamp);
        int vectorEnd = Vector256.IsHardwareAccelerated ? n & ~3 : 0;
        ref double lower = ref MemoryMarshal.GetArrayDataReference(_lower);
        ref double upper = ref MemoryMarshal.GetArrayDataReference(_upper);
        ref double vmax = ref MemoryMarshal.GetArrayDataReference(_maxVelocity);
        ref double pos = ref MemoryMarshal.GetArrayDataReference(_position);
        ref double vel = ref MemoryMarshal.GetArrayDataReference(_velocity);
        ref double pb = ref MemoryMarshal.GetArrayDataReference(_personalBest);
        ref int nb = ref MemoryMarshal.GetArrayDataReference(_neighbourhoodBest);
        ref RandomSource streams = ref MemoryMarshal.GetArrayDataReference(_streams);
        Vector256<double> wv = Vector256.Create(w), c1v = Vector256.Create(c1), c2v = Vector256.Create(c2);
        Vector256<ulong> exponent = Vector256.Create(0x3FF0000000000000UL), low32 = Vector256.Create(0xFFFFFFFFUL);
        Vector256<double> oneV = Vector256.Create(1.0);
        double sumV2 = 0;
        for (int i = 0; i < s; i++)
        {
            RandomSource rng = Unsafe.Add(ref streams, i);
            ref double x = ref Unsafe.Add(ref pos, i * n);
            ref double v = ref Unsafe.Add(ref vel, i * n);
            ref double p = ref Unsafe.Add(ref pb, i * n);
            ref double g = ref Unsafe.Add(ref pb, Unsafe.Add(ref nb, i) * n);
            Vector256<double> particleV2 = Vector256<double>.Zero;
            Vector256<double> inside = Vector256<double>.AllBitsSet;
            int d = 0;
            for (; d < vectorEnd; d += 4)
            {
                ulong b0 = rng.NextUInt64(), b1 = rng.NextUInt64(), b2 = rng.NextUInt64(), b3 = rng.NextUInt64();
                Vector256<ulong> bits = Vector256.Create(b0, b1, b2, b3);
                Vector256<double> r1 = (((bits >>> 32) << 20) | exponent).AsDouble() - oneV;
                Vector256<double> r2 = (((bits & low32) << 20) | exponent).AsDouble() - oneV;
                Vector256<double> xOld = Vector256.LoadUnsafe(ref x, (nuint)d);
                Vector256<double> vOld = Vector256.LoadUnsafe(ref v, (nuint)d);
                Vector256<double> vd = wv * vOld
                    + c1v * r1 * (Vector256.LoadUnsafe(ref p, (nuint)d) - xOld)
                    + c2v * r2 * (Vector256.LoadUnsafe(ref g, (nuint)d) - xOld);
                if (clamp)
                {
                    Vector256<double> m = Vector256.LoadUnsafe(ref vmax, (nuint)d);
                    vd = Vector256.Min(Vector256.Max(vd, -m), m);
                }
                Vector256<double> xd = xOld + vd;
                particleV2 += vd * vd;
                vd.StoreUnsafe(ref v, (nuint)d);
                xd.StoreUnsafe(ref x, (nuint)d);
                inside &= Vector256.GreaterThanOrEqual(xd, Vector256.LoadUnsafe(ref lower, (nuint)d))
                    & Vector256.LessThanOrEqual(xd, Vector256.LoadUnsafe(ref upper, (nuint)d));
                if (!Vector256.EqualsAll(xd - xd, Vector256<double>.Zero))
                {
                    // A lane overflowed (NaN or infinite): redo it in scaled arithmetic (see SafeStep).
                    for (int j = 0; j < 4; j++)
                        if (!double.IsFinite(xd.GetElement(j)))
                            SafeStep(d + j, xOld.GetElement(j), vOld.GetElement(j), Unsafe.Add(ref p, d + j), Unsafe.Add(ref g, d + j),
                                r1.GetElement(j), r2.GetElement(j), w, c1, c2, out Unsafe.Add(ref x, d + j), out Unsafe.Add(ref v, d + j));
                }
            }
            bool outside = inside != Vector256<double>.AllBitsSet;
            double tailV2 = 0;
            for (; d < n; d++)
            {
                ulong bits = rng.NextUInt64();
                double r1 = BitConverter.UInt64BitsToDouble(0x3FF0000000000000UL | ((bits >> 32) << 20)) - 1.0;
                double r2 = BitConverter.UInt64BitsToDouble(0x3FF0000000000000UL | ((bits & 0xFFFFFFFFUL) << 20)) - 1.0;
                double xOld = Unsafe.Add(ref x, d), vOld = Unsafe.Add(ref v, d);
                double vd = w * vOld + c1 * r1 * (Unsafe.Add(ref p, d) - xOld) + c2 * r2 * (Unsafe.Add(ref g, d) - xOld);
                if (clamp)
                {
                    double m = Unsafe.Add(ref vmax, d);
                    vd = Math.Min(Math.Max(vd, -m), m);
                }
                double xd = xOld + vd;
                tailV2 += vd * vd;
                outside |= !(xd >= Unsafe.Add(ref lower, d) && xd <= Unsafe.Add(ref upper, d));
                Unsafe.Add(ref v, d) = vd;
                Unsafe.Add(ref x, d) = xd;
                if (!double.IsFinite(xd))
                    SafeStep(d, xOld, vOld, Unsafe.Add(ref p, d), Unsafe.Add(ref g, d), r1, r2, w, c1, c2, out Unsafe.Add(ref x, d), out Unsafe.Add(ref v, d));
            }
            sumV2 += Vector256.Sum(particleV2) + tailV2;
            // Boundary handling after all n draws of the update, coordinate by coordinate (the random strategy
            // draws from the same stream): the same sequence whether or not the update was vectorized.
            if (outside)
            {
                for (int k = 0; k < n; k++)
                {
                    double xk = Unsafe.Add(ref x, k);
                    if (!(xk >= Unsafe.Add(ref lower, k) && xk <= Unsafe.Add(ref upper, k)))
                        Unsafe.Add(ref x, k) = BringBack(k, xk, ref Unsafe.Add(ref v, k), ref rng);
                }
            }
            Unsafe.Add(ref streams, i) = rng;
        }
        _rmsVelocity = double.IsFinite(sumV2) ? Math.Sqrt(sumV2 / ((double)s * n)) : ScaledRmsVelocity();
    }

    /// <summary>Scale of <see cref="SafeStep"/>'s arithmetic (a power of two, so scaling is exact).</summary>
    private const double SafeScale = 1.0 / 256;

    /// <summary>
    /// The update of coordinate <paramref name="d"/> when the plain arithmetic of <see cref="Move"/> overflowed (on a box
    /// whose width is near the largest double, or with coefficients that amplify a huge velocity): the same velocity
    /// update and step computed on values scaled by <see cref="SafeScale"/>, where nothing can overflow for the accepted
    /// coefficients (|w| &lt;= 1.4, c1 + c2 &lt; 9.6, widths and velocities at most double.MaxValue), followed by the
    /// reflective, periodic or nearest boundary handling in the scaled box. The velocity is stored saturated to
    /// ±double.MaxValue. With the random strategy the coordinate is left NaN, which the boundary pass after the update
    /// re-draws (so the random draws come in the same order whether or not the update was vectorized).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SafeStep(int d, double xOld, double vOld, double pd, double gd, double r1, double r2, double w, double c1, double c2,
        out double xNew, out double vNew)
    {
        const double s = SafeScale;
        double lo = _lower[d], hi = _upper[d];
        double xs = xOld * s;
        double vs = w * (vOld * s) + c1 * r1 * (pd * s - xs) + c2 * r2 * (gd * s - xs);
        double m = _maxVelocity[d] * s;
        vs = Math.Min(Math.Max(vs, -m), m);
        if (!double.IsFinite(vs))
            vs = 0; // cannot happen with validated coefficients; keeps the particle finite regardless
        double velocity = Math.Clamp(vs / s, -double.MaxValue, double.MaxValue);
        xs += vs;
        double los = lo * s, his = hi * s;
        if (xs >= los && xs <= his)
        {
            xNew = Math.Clamp(xs / s, lo, hi);
            vNew = velocity;
            return;
        }
        if (_width[d] == 0)
        {
            xNew = lo;
            vNew = 0;
            return;
        }
        switch (_options.Boundary)
        {
            case PsoBoundaryStrategy.Reflective:
                xNew = Math.Clamp(Reflect(xs, los, his, his - los) / s, lo, hi);
                vNew = -velocity;
                break;
            case PsoBoundaryStrategy.Periodic:
                xNew = Math.Clamp(Wrap(xs, los, his, his - los) / s, lo, hi);
                vNew = velocity;
                break;
            case PsoBoundaryStrategy.Nearest:
                xNew = xs < los ? lo : hi;
                vNew = 0;
                break;
            default: // Random: re-drawn by BringBack after the update
                xNew = double.NaN;
                vNew = 0;
                break;
        }
    }

    /// <summary>The RMS velocity when the plain sum of squares overflowed: scaled by the largest component.</summary>
    private double ScaledRmsVelocity()
    {
        ReadOnlySpan<double> velocity = _velocity;
        double largest = 0;
        foreach (double v in velocity)
            largest = Math.Max(largest, Math.Abs(v));
        if (largest == 0 || !double.IsFinite(largest))
            return largest;
        double sum = 0;
        foreach (double v in velocity)
        {
            double q = v / largest;
            sum += q * q;
        }
        return largest * Math.Sqrt(sum / velocity.Length);
    }
}
