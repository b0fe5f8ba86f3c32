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
}
