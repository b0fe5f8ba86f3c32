using System;

namespace GenOpt;

/// <summary>
/// The candidates an ask/tell optimizer wants evaluated: <see cref="Count"/> points of
/// <see cref="Dimension"/> coordinates each, stored row-major in the optimizer's workspace.
/// Valid until the next call to the optimizer.
/// </summary>
public readonly ref struct Population
{
    private readonly ReadOnlySpan<double> _points;

    internal Population(ReadOnlySpan<double> points, int count, int dimension)
    {
        _points = points[..(count * dimension)];
        Count = count;
        Dimension = dimension;
    }

    /// <summary>Number of candidates.</summary>
    public int Count { get; }

    /// <summary>Coordinates per candidate.</summary>
    public int Dimension { get; }

    /// <summary>Candidate <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> this[int index] => _points.Slice(index * Dimension, Dimension);

    /// <summary>All candidates, row-major (<c>Count * Dimension</c> values).</summary>
    public ReadOnlySpan<double> AsSpan() => _points;
}
