using System;

namespace GenOpt;

/// <summary>Checks shared by the optimizers that take a starting point.</summary>
internal static class StartingPoint
{
    /// <summary>Throws unless <paramref name="x0"/> has <paramref name="dimension"/> finite entries.</summary>
    /// <exception cref="ArgumentException">Wrong length or a NaN/infinite entry.</exception>
    public static void EnsureValid(ReadOnlySpan<double> x0, int dimension)
    {
        if (x0.Length != dimension)
            throw new ArgumentException($"x0 has {x0.Length} entries but the objective's Dimension is {dimension}.", nameof(x0));
        for (int i = 0; i < dimension; i++)
            if (!double.IsFinite(x0[i]))
                throw new ArgumentException($"x0[{i}] is {x0[i]}; the starting point must be finite.", nameof(x0));
    }

    /// <summary>
    /// The one policy of every optimizer for a starting point and a box: <paramref name="x0"/> must have
    /// <paramref name="dimension"/> finite entries and lie inside <paramref name="bounds"/> (when given); a point
    /// outside is an error naming the coordinate, never silently moved. <see cref="Bounds.Clip(ReadOnlySpan{double})"/>
    /// projects a point into the box for callers who want that.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong length, a NaN/infinite entry, or a coordinate outside its bounds.</exception>
    public static void EnsureValid(ReadOnlySpan<double> x0, int dimension, Bounds? bounds)
    {
        EnsureValid(x0, dimension);
        if (bounds is null)
            return;
        bounds.EnsureDimension(dimension);
        ReadOnlySpan<double> lower = bounds.Lower, upper = bounds.Upper;
        for (int i = 0; i < dimension; i++)
            if (!(x0[i] >= lower[i] && x0[i] <= upper[i]))
                throw new ArgumentException(
                    $"x0[{i}] = {x0[i]} lies outside its bounds [{lower[i]}, {upper[i]}]; start inside the box (bounds.Clip(x0) projects a point into it).",
                    nameof(x0));
    }
}
