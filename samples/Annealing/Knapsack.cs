using System;

namespace GenOpt.Samples;

/// <summary>A selection of knapsack items with its running totals (the annealing state).</summary>
public sealed class KnapsackSelection(int items)
{
    /// <summary>Whether each item is packed.</summary>
    public readonly bool[] Take = new bool[items];
    /// <summary>Total weight of the packed items.</summary>
    public int Weight;
    /// <summary>Total value of the packed items.</summary>
    public int Value;
}

/// <summary>
/// 0/1 knapsack (a constrained integer problem) as an annealing problem: maximize value subject to
/// weight &lt;= capacity, written as minimizing <c>-value + penalty · max(0, weight - capacity)</c> with a penalty
/// above every item's value/weight ratio, so that an overweight selection is always worse than dropping items.
/// A move flips one item or swaps two, applied at once and undone on rejection; the change is O(1) from the running totals.
/// </summary>
public struct KnapsackProblem : IAnnealingProblem<KnapsackSelection>
{
    private readonly int[] _weights;
    private readonly int[] _values;
    private readonly double _penalty;
    private int _flipped, _flipped2;

    /// <summary>Creates <paramref name="items"/> random items (weights 1..100, values 1..100) from <paramref name="seed"/>; capacity = 40% of the total weight.</summary>
    public KnapsackProblem(int items, ulong seed)
    {
        _weights = new int[items];
        _values = new int[items];
        var random = new RandomSource(seed);
        int total = 0;
        double ratio = 0;
        for (int i = 0; i < items; i++)
        {
            _weights[i] = 1 + random.NextInt(100);
            _values[i] = 1 + random.NextInt(100);
            total += _weights[i];
            ratio = Math.Max(ratio, _values[i] / (double)_weights[i]);
        }
        Capacity = (int)(0.4 * total);
        _penalty = 2 * ratio;
        _flipped = _flipped2 = -1;
    }

    /// <summary>Weight limit.</summary>
    public int Capacity { get; }

    /// <summary>Number of items.</summary>
    public readonly int Items => _weights.Length;

    /// <summary>The greedy baseline: items by decreasing value/weight, packed while they fit.</summary>
    public readonly int GreedyValue()
    {
        var order = new int[Items];
        var keys = new double[Items];
        for (int i = 0; i < Items; i++) { order[i] = i; keys[i] = -_values[i] / (double)_weights[i]; }
        Array.Sort(keys, order);
        int weight = 0, value = 0;
        foreach (int i in order)
            if (weight + _weights[i] <= Capacity) { weight += _weights[i]; value += _values[i]; }
        return value;
    }

    /// <summary>The exact optimum by dynamic programming over the capacity (O(items × capacity)).</summary>
    public readonly int OptimalValue()
    {
        var best = new int[Capacity + 1];
        for (int i = 0; i < Items; i++)
            for (int c = Capacity; c >= _weights[i]; c--)
                best[c] = Math.Max(best[c], best[c - _weights[i]] + _values[i]);
        return best[Capacity];
    }

    /// <inheritdoc/>
    public readonly KnapsackSelection CreateState() => new(Items);

    /// <inheritdoc/>
    public readonly void Copy(in KnapsackSelection source, ref KnapsackSelection destination)
    {
        source.Take.AsSpan().CopyTo(destination.Take);
        destination.Weight = source.Weight;
        destination.Value = source.Value;
    }

    /// <inheritdoc/>
    public readonly double Energy(in KnapsackSelection state)
    {
        int weight = 0, value = 0;
        for (int i = 0; i < Items; i++)
            if (state.Take[i]) { weight += _weights[i]; value += _values[i]; }
        return Energy(weight, value);
    }

    private readonly double Energy(int weight, int value) => -value + _penalty * Math.Max(0, weight - Capacity);

    /// <summary>Half the moves flip one item; the other half swap a packed item for an unpacked one (when the two drawn differ), which keeps the weight near the capacity.</summary>
    public double Propose(ref KnapsackSelection state, ref RandomSource random)
    {
        double before = Energy(state.Weight, state.Value);
        int i = random.NextInt(Items);
        int j = random.NextInt(Items);
        bool swap = (random.NextUInt64() & 1) != 0 && state.Take[i] != state.Take[j];
        _flipped = i;
        _flipped2 = swap ? j : -1;
        Flip(state, i);
        if (swap) Flip(state, j);
        return Energy(state.Weight, state.Value) - before;
    }

    /// <inheritdoc/>
    public readonly void Commit(ref KnapsackSelection state)
    {
        // The flip was applied in Propose.
    }

    /// <inheritdoc/>
    public readonly void Undo(ref KnapsackSelection state)
    {
        Flip(state, _flipped);
        if (_flipped2 >= 0) Flip(state, _flipped2);
    }

    private readonly void Flip(KnapsackSelection state, int i)
    {
        int sign = state.Take[i] ? -1 : 1;
        state.Take[i] = !state.Take[i];
        state.Weight += sign * _weights[i];
        state.Value += sign * _values[i];
    }

    /// <summary>Recomputes the running totals of <paramref name="state"/> from its items.</summary>
    public readonly void Recount(KnapsackSelection state)
    {
        state.Weight = 0;
        state.Value = 0;
        for (int i = 0; i < Items; i++)
            if (state.Take[i]) { state.Weight += _weights[i]; state.Value += _values[i]; }
    }
}
