using System;

namespace GenOpt;

/// <summary>
/// The candidates an ask/tell optimizer wants evaluated: <see cref="Count"/> points of
/// <see cref="Dimension"/> coordinates each, stored row-major in the optimizer's workspace.
/// Valid until the next call to the optimizer.
/// </summary>
/// <remarks>
/// An ordinary struct (not a <c>ref struct</c>), so it can be captured by a lambda and handed to
/// <c>Parallel.For</c> or to tasks: <c>Parallel.For(0, pop.Count, i =&gt; values[i] = f(pop[i]))</c>.
/// <see cref="Row"/> gives a candidate as <see cref="ReadOnlyMemory{T}"/> for asynchronous code. Nothing is copied.
/// </remarks>
public readonly struct Population
{
    private readonly ReadOnlyMemory<double> _points;

    internal Population(ReadOnlyMemory<double> points, int count, int dimension)
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
    public ReadOnlySpan<double> this[int index] => _points.Span.Slice(index * Dimension, Dimension);

    /// <summary>Candidate <paramref name="index"/> as memory, for code that cannot hold a span (async methods, tasks).</summary>
    public ReadOnlyMemory<double> Row(int index) => _points.Slice(index * Dimension, Dimension);

    /// <summary>All candidates, row-major (<c>Count * Dimension</c> values).</summary>
    public ReadOnlySpan<double> AsSpan() => _points.Span;

    /// <summary>All candidates as memory, row-major (<c>Count * Dimension</c> values).</summary>
    public ReadOnlyMemory<double> AsMemory() => _points;
}
