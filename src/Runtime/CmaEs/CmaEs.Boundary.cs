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
    /// 1 inside or after an even number of reflections, -1 after an odd number, 0 for a fixed coordinate.
    /// </summary>
    private static double FoldCoordinate(double v, double lo, double hi, out double slope)
    {
        slope = 1;
        if (v >= lo && v <= hi)
            return v;
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
        return Math.Clamp(v, lo, hi);
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
