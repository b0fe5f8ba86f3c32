// CMA-ES: the boundary handling (periodic folding into the box, keeping the mean near it).
using System;
using System.Runtime.CompilerServices;
using System.Threading;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    /// <summary>Reflects each coordinate periodically into [lower, upper].</summary>
    private void FoldIntoBox(Span<double> x)
    {
        for (int i = 0; i < x.Length; i++)
            x[i] = FoldCoordinate(x[i], _lower[i], _upper[i], out _);
    }

    /// <summary>
    /// Periodic reflection of one coordinate into [lo, hi]; <paramref name="slope"/> is its derivative:
    /// 1 inside or after an even number of reflections, -1 after an odd number, 0 for a fixed coordinate and for a
    /// value that no reflection places (see <see cref="Unplaceable"/>).
    /// </summary>
    private static double FoldCoordinate(double v, double lo, double hi, out double slope)
    {
        slope = 1;
        if (v >= lo && v <= hi && double.IsFinite(v))
            return v;
        if (!double.IsFinite(v) && (double.IsFinite(lo) || double.IsFinite(hi)))
            return Unplaceable(lo, hi, out slope);
        if (v >= lo && v <= hi)
            return v;   // infinite in a coordinate without bounds
        slope = -1;
        if (double.IsPositiveInfinity(hi))
            v = lo + (lo - v);
        else if (double.IsNegativeInfinity(lo))
            v = hi - (v - hi);
        else
        {
            double width = hi - lo;
            if (width == 0)
            {
                slope = 0;
                return lo;
            }
            double t = (v - lo) % (2 * width);
            if (t < 0) t += 2 * width;
            if (t <= width)
            {
                slope = 1;
                v = lo + t;
            }
            else
                v = lo + (2 * width - t);
        }
        v = Math.Clamp(v, lo, hi);
        // The reflection's arithmetic overflows for a finite v far outside a box whose width is near the double range.
        return double.IsFinite(v) || !(double.IsFinite(lo) || double.IsFinite(hi)) ? v : Unplaceable(lo, hi, out slope);
    }

    /// <summary>
    /// Where a coordinate goes that no reflection places (a step that overflowed, a NaN): the middle of the box, or the
    /// finite bound of a half-open one, so that the candidate stays evaluable and inside.
    /// </summary>
    private static double Unplaceable(double lo, double hi, out double slope)
    {
        slope = 0;
        return double.IsFinite(lo) && double.IsFinite(hi) ? 0.5 * lo + 0.5 * hi : double.IsFinite(lo) ? lo : hi;
    }

    /// <summary>
    /// The periodic reflection maps m and m + 2k(upper - lower) to the same candidates, so shifting the mean by
    /// whole periods changes nothing but keeps it (and <see cref="Mean"/>) within half a box width of the box.
    /// </summary>
    private void KeepMeanNearBox()
    {
        for (int i = 0; i < _mean.Length; i++)
        {
            double lo = _lower[i], hi = _upper[i], width = hi - lo;
            if (!(width > 0) || !double.IsFinite(width))
                continue;
            double start = lo - 0.5 * width, period = 2 * width;
            double k = Math.Floor((_mean[i] - start) / period);
            if (k != 0)
                _mean[i] -= k * period;
        }
    }
}
