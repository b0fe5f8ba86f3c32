// Particle swarm: the topologies (informants of each particle and their neighbourhood bests).
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace GenOpt;

public sealed partial class Pso<TObjective>
{
    // ==== Topologies ================================================================================

    /// <summary>Rows of the von Neumann grid: the largest divisor of <paramref name="s"/> not above sqrt(s).</summary>
    internal static int GridRows(int s)
    {
        int rows = (int)Math.Sqrt(s);
        while (rows > 1 && s % rows != 0)
            rows--;
        return Math.Max(rows, 1);
    }

    /// <summary>SPSO 2011: each particle informs K particles drawn uniformly with repetition (and always itself).</summary>
    private void DrawRandomLinks()
    {
        Span<int> links = _links;
        for (int k = 0; k < links.Length; k++)
            links[k] = _topologyRandom.NextInt(_swarmSize);
    }

    /// <summary>Sets, for each particle, the index of the best personal best among the particles that inform it.</summary>
    private void UpdateNeighbourhoodBests(int globalBest)
    {
        int s = _swarmSize;
        Span<int> nb = _neighbourhoodBest;
        ReadOnlySpan<double> f = _personalBestValue;
        switch (_options.Topology)
        {
            case PsoTopology.Global:
                nb.Fill(globalBest);
                break;
            case PsoTopology.Ring:
            {
                int r = Math.Min(_options.RingRadius, s / 2);
                for (int i = 0; i < s; i++)
                {
                    int best = i;
                    for (int o = -r; o <= r; o++)
                    {
                        int j = ((i + o) % s + s) % s;
                        if (f[j] < f[best])
                            best = j;
                    }
                    nb[i] = best;
                }
                break;
            }
            case PsoTopology.VonNeumann:
            {
                int cols = _gridColumns, rows = s / cols;
                for (int i = 0; i < s; i++)
                {
                    int row = i / cols, col = i % cols;
                    int best = i;
                    best = Better(f, best, ((row + rows - 1) % rows) * cols + col);
                    best = Better(f, best, ((row + 1) % rows) * cols + col);
                    best = Better(f, best, row * cols + (col + cols - 1) % cols);
                    best = Better(f, best, row * cols + (col + 1) % cols);
                    nb[i] = best;
                }
                break;
            }
            case PsoTopology.Random:
            {
                for (int j = 0; j < s; j++)
                    nb[j] = j;
                int k = _informants;
                ReadOnlySpan<int> links = _links;
                for (int i = 0; i < s; i++)
                    for (int m = 0; m < k; m++)
                    {
                        int j = links[i * k + m];
                        if (f[i] < f[nb[j]])
                            nb[j] = i;
                    }
                break;
            }
        }
    }

    private static int Better(ReadOnlySpan<double> f, int current, int candidate) => f[candidate] < f[current] ? candidate : current;

    /// <summary>The indices of the particles that inform particle <paramref name="i"/> (itself included), for tests.</summary>
    internal int Neighbours(int i, Span<int> destination)
    {
        int s = _swarmSize, count = 0;
        switch (_options.Topology)
        {
            case PsoTopology.Global:
                for (int j = 0; j < s; j++) destination[count++] = j;
                break;
            case PsoTopology.Ring:
            {
                int r = Math.Min(_options.RingRadius, s / 2);
                for (int o = -r; o <= r; o++) AddDistinct(destination, ref count, ((i + o) % s + s) % s);
                break;
            }
            case PsoTopology.VonNeumann:
            {
                int cols = _gridColumns, rows = s / cols, row = i / cols, col = i % cols;
                AddDistinct(destination, ref count, i);
                AddDistinct(destination, ref count, ((row + rows - 1) % rows) * cols + col);
                AddDistinct(destination, ref count, ((row + 1) % rows) * cols + col);
                AddDistinct(destination, ref count, row * cols + (col + cols - 1) % cols);
                AddDistinct(destination, ref count, row * cols + (col + 1) % cols);
                break;
            }
            case PsoTopology.Random:
                AddDistinct(destination, ref count, i);
                for (int j = 0; j < s; j++)
                    for (int m = 0; m < _informants; m++)
                        if (_links[j * _informants + m] == i)
                            AddDistinct(destination, ref count, j);
                break;
        }
        return count;
    }

    private static void AddDistinct(Span<int> destination, ref int count, int j)
    {
        if (!destination[..count].Contains(j))
            destination[count++] = j;
    }

    /// <summary>The neighbourhood best currently attracting particle <paramref name="i"/>, for tests.</summary>
    internal int NeighbourhoodBest(int i) => _neighbourhoodBest[i];
}
