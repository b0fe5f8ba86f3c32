// Particle swarm: the boundary handling (reflect, wrap, bring back into the box).
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace GenOpt;

public sealed partial class Pso<TObjective>
{
    /// <summary>Mirrors <paramref name="xd"/> (outside [lo, hi]) at the bounds until it lies inside; width = hi - lo &gt; 0, 2 width and xd - lo finite.</summary>
    private static double Reflect(double xd, double lo, double hi, double width)
    {
        if (xd < lo && xd >= lo - width)
            return lo + (lo - xd);
        if (xd > hi && xd <= hi + width)
            return hi - (xd - hi);
        // Repeated mirroring at the bounds is a fold with period 2 * width.
        double t = (xd - lo) % (2 * width);
        if (t < 0) t += 2 * width;
        return t <= width ? lo + t : lo + (2 * width - t);
    }

    /// <summary>Wraps <paramref name="xd"/> (outside [lo, hi]) around the torus [lo, hi]; width = hi - lo &gt; 0 and xd - lo finite.</summary>
    private static double Wrap(double xd, double lo, double hi, double width)
    {
        if (xd < lo && xd >= lo - width)
            return xd + width;
        if (xd > hi && xd <= hi + width)
            return xd - width;
        double t = (xd - lo) % width;
        if (t < 0) t += width;
        return lo + t;
    }

    /// <summary>Applies the boundary strategy to coordinate <paramref name="d"/> = <paramref name="xd"/>, which lies outside the box; returns the new coordinate.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private double BringBack(int d, double xd, ref double vd, ref RandomSource rng)
    {
        double lo = _lower[d], hi = _upper[d], width = _width[d];
        if (width == 0)
        {
            vd = 0;
            return lo;
        }
        if (!double.IsFinite(xd) || _options.Boundary == PsoBoundaryStrategy.Random)
        {
            // The random strategy, and any coordinate without a finite position (SafeStep leaves the random strategy's NaN here).
            xd = lo + width * rng.NextDouble();
            vd = 0;
            return Math.Clamp(xd, lo, hi);
        }
        switch (_options.Boundary)
        {
            case PsoBoundaryStrategy.Reflective:
                vd = -vd;
                // On a box wider than half the largest double, 2 width or xd - lo may overflow: fold in a scaled box.
                xd = double.IsFinite(2 * width) && double.IsFinite(xd - lo)
                    ? Reflect(xd, lo, hi, width)
                    : Reflect(xd * SafeScale, lo * SafeScale, hi * SafeScale, hi * SafeScale - lo * SafeScale) / SafeScale;
                break;
            case PsoBoundaryStrategy.Nearest:
                xd = xd < lo ? lo : hi;
                vd = 0;
                break;
            default: // Periodic
                xd = double.IsFinite(xd - lo)
                    ? Wrap(xd, lo, hi, width)
                    : Wrap(xd * SafeScale, lo * SafeScale, hi * SafeScale, hi * SafeScale - lo * SafeScale) / SafeScale;
                break;
        }
        return Math.Clamp(xd, lo, hi);
    }
}
