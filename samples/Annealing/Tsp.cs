using System;

namespace GenOpt.Samples;

/// <summary>
/// A travelling-salesman instance: cities uniform in the unit square, generated from a seed. The state is a tour
/// (a permutation of the cities, <c>int[]</c>); the energy is its length; a move is a 2-opt reversal of a segment,
/// priced in O(1) and applied lazily (only when accepted) in O(n).
/// </summary>
public struct TspProblem : IAnnealingProblem<int[]>
{
    private readonly double[] _x;
    private readonly double[] _y;
    private int _i, _j;   // pending move: reverse tour[_i.._j]

    /// <summary>
    /// The sample's settings (the tests check that they beat the nearest-neighbour tour): automatic start temperature
    /// (80% of the moves of a random walk accepted), geometric cooling to 1/1000 of it, 1000 levels of 2000 moves.
    /// </summary>
    public static readonly SimulatedAnnealingOptions SampleOptions = new() { Seed = 1, TemperatureSteps = 1000, MovesPerTemperature = 2000 };

    /// <summary>Creates <paramref name="cities"/> random cities from <paramref name="seed"/>.</summary>
    public TspProblem(int cities, ulong seed)
    {
        if (cities < 4)
            throw new ArgumentOutOfRangeException(nameof(cities), cities, "A 2-opt tour needs at least 4 cities.");
        _x = new double[cities];
        _y = new double[cities];
        var random = new RandomSource(seed);
        for (int c = 0; c < cities; c++)
        {
            _x[c] = random.NextDouble();
            _y[c] = random.NextDouble();
        }
        _i = _j = 0;
    }

    /// <summary>Number of cities.</summary>
    public readonly int Cities => _x.Length;

    /// <summary>Euclidean distance between cities <paramref name="a"/> and <paramref name="b"/>.</summary>
    public readonly double Distance(int a, int b)
    {
        double dx = _x[a] - _x[b], dy = _y[a] - _y[b];
        return Math.Sqrt(dx * dx + dy * dy);
    }

    /// <summary>Length of the closed tour.</summary>
    public readonly double Length(ReadOnlySpan<int> tour)
    {
        double length = 0;
        for (int k = 0; k < tour.Length; k++)
            length += Distance(tour[k], tour[(k + 1) % tour.Length]);
        return length;
    }

    /// <summary>The identity tour 0, 1, ..., n-1 (a random tour, since the cities are random).</summary>
    public readonly int[] IdentityTour()
    {
        var tour = new int[Cities];
        for (int k = 0; k < tour.Length; k++) tour[k] = k;
        return tour;
    }

    /// <summary>The greedy baseline: from city 0, always go to the nearest unvisited city.</summary>
    public readonly int[] NearestNeighbourTour()
    {
        int n = Cities;
        var tour = new int[n];
        var visited = new bool[n];
        int current = 0;
        visited[0] = true;
        for (int k = 1; k < n; k++)
        {
            int next = -1;
            double best = double.PositiveInfinity;
            for (int c = 0; c < n; c++)
            {
                if (visited[c]) continue;
                double d = Distance(current, c);
                if (d < best) { best = d; next = c; }
            }
            tour[k] = next;
            visited[next] = true;
            current = next;
        }
        return tour;
    }

    /// <summary>True when <paramref name="tour"/> visits every city exactly once.</summary>
    public readonly bool IsPermutation(ReadOnlySpan<int> tour)
    {
        if (tour.Length != Cities) return false;
        var seen = new bool[Cities];
        foreach (int c in tour)
        {
            if (c < 0 || c >= Cities || seen[c]) return false;
            seen[c] = true;
        }
        return true;
    }

    /// <inheritdoc/>
    public readonly int[] CreateState() => new int[Cities];

    /// <inheritdoc/>
    public readonly void Copy(in int[] source, ref int[] destination) => source.AsSpan().CopyTo(destination);

    /// <inheritdoc/>
    public readonly double Energy(in int[] state) => Length(state);

    /// <summary>2-opt: reverse tour[i..j] for random 0 &lt;= i &lt; j &lt;= n-1 (not the whole tour); the change replaces edges (a,b), (c,d) by (a,c), (b,d).</summary>
    public double Propose(ref int[] state, ref RandomSource random)
    {
        int n = state.Length;
        int i, j;
        do
        {
            i = random.NextInt(n);
            j = random.NextInt(n);
            if (i > j) (i, j) = (j, i);
        }
        while (j - i < 1 || j - i >= n - 1);
        _i = i;
        _j = j;
        int a = state[i == 0 ? n - 1 : i - 1], b = state[i], c = state[j], d = state[j + 1 == n ? 0 : j + 1];
        return Distance(a, c) + Distance(b, d) - Distance(a, b) - Distance(c, d);
    }

    /// <summary>Applies the pending reversal: the segment i..j or, if shorter, its complement (the same cyclic tour, reversed).</summary>
    public readonly void Commit(ref int[] state)
    {
        int n = state.Length;
        int i = _i, j = _j;
        int length = j - i + 1;
        if (length <= n - length)
        {
            state.AsSpan(i, length).Reverse();
            return;
        }
        // Reverse the complement j+1 .. i-1 (cyclically) instead.
        int lo = j + 1, hi = i - 1 + n;
        while (lo < hi)
        {
            int p = lo % n, q = hi % n;
            (state[p], state[q]) = (state[q], state[p]);
            lo++;
            hi--;
        }
    }

    /// <inheritdoc/>
    public readonly void Undo(ref int[] state)
    {
        // The move is only applied on Commit: nothing to undo.
    }
}
