using System;

namespace GenOpt;

/// <summary>
/// Box constraints <c>lower_i &lt;= x_i &lt;= upper_i</c>. Infinite bounds mean "unbounded on that side".
/// Validated once on construction: equal lengths, no NaN, <c>lower_i &lt;= upper_i</c>.
/// </summary>
public sealed class Bounds
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    /// <summary>Creates bounds from per-coordinate lower and upper limits (copied).</summary>
    /// <exception cref="ArgumentException">Lengths differ, a bound is NaN, or lower &gt; upper.</exception>
    public Bounds(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        if (lower.Length != upper.Length)
            throw new ArgumentException($"Lower bounds have {lower.Length} entries but upper bounds have {upper.Length}.", nameof(upper));
        if (lower.Length == 0)
            throw new ArgumentException("Bounds need at least one coordinate.", nameof(lower));
        for (int i = 0; i < lower.Length; i++)
        {
            if (double.IsNaN(lower[i]) || double.IsNaN(upper[i]))
                throw new ArgumentException($"Bound {i} is NaN.", double.IsNaN(lower[i]) ? nameof(lower) : nameof(upper));
            if (lower[i] > upper[i])
                throw new ArgumentException($"Lower bound {lower[i]} is greater than upper bound {upper[i]} for coordinate {i}.", nameof(lower));
            if (double.IsPositiveInfinity(lower[i]) || double.IsNegativeInfinity(upper[i]))
                throw new ArgumentException($"Bounds of coordinate {i} leave no feasible value ([{lower[i]}, {upper[i]}]).", nameof(lower));
        }
        _lower = lower.ToArray();
        _upper = upper.ToArray();
    }

    /// <summary>The same interval <c>[lower, upper]</c> for each of <paramref name="dimension"/> coordinates.</summary>
    public static Bounds Uniform(int dimension, double lower, double upper)
    {
        if (dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Dimension must be at least 1.");
        var lo = new double[dimension];
        var hi = new double[dimension];
        lo.AsSpan().Fill(lower);
        hi.AsSpan().Fill(upper);
        return new Bounds(lo, hi);
    }

    /// <summary>Number of coordinates.</summary>
    public int Dimension => _lower.Length;

    /// <summary>Lower limits.</summary>
    public ReadOnlySpan<double> Lower => _lower;

    /// <summary>Upper limits.</summary>
    public ReadOnlySpan<double> Upper => _upper;

    /// <summary>True when every coordinate has finite lower and upper limits.</summary>
    public bool IsFinite
    {
        get
        {
            for (int i = 0; i < _lower.Length; i++)
                if (!double.IsFinite(_lower[i]) || !double.IsFinite(_upper[i]))
                    return false;
            return true;
        }
    }

    /// <summary>True when <paramref name="x"/> lies in the box.</summary>
    public bool Contains(ReadOnlySpan<double> x)
    {
        if (x.Length != _lower.Length)
            return false;
        for (int i = 0; i < x.Length; i++)
            if (!(x[i] >= _lower[i] && x[i] <= _upper[i]))
                return false;
        return true;
    }

    /// <summary>Writes the projection of <paramref name="x"/> onto the box (each coordinate clamped to its bounds) to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">A length differs from <see cref="Dimension"/>, or an entry of <paramref name="x"/> is NaN.</exception>
    public void Clip(ReadOnlySpan<double> x, Span<double> destination)
    {
        if (x.Length != _lower.Length)
            throw new ArgumentException($"The point has {x.Length} entries but the bounds have {_lower.Length}.", nameof(x));
        if (destination.Length != _lower.Length)
            throw new ArgumentException($"The destination has {destination.Length} entries but the bounds have {_lower.Length}.", nameof(destination));
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]))
                throw new ArgumentException($"Coordinate {i} of the point is NaN.", nameof(x));
            destination[i] = Math.Min(Math.Max(x[i], _lower[i]), _upper[i]);
        }
    }

    /// <summary>The projection of <paramref name="x"/> onto the box, as a new array (for a starting point outside the box).</summary>
    /// <exception cref="ArgumentException">The length differs from <see cref="Dimension"/>, or an entry is NaN.</exception>
    public double[] Clip(ReadOnlySpan<double> x)
    {
        var result = new double[_lower.Length];
        Clip(x, result);
        return result;
    }

    internal void EnsureDimension(int dimension)
    {
        if (dimension != _lower.Length)
            throw new ArgumentException($"Bounds have {_lower.Length} coordinates but the objective's Dimension is {dimension}.", "bounds");
    }
}
