using System;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    /// <summary>The worker threads of <see cref="CmaEsOptions.Threads"/> &gt; 1 (null with one thread).</summary>
    private readonly EvaluationPool<TObjective>? _pool;
    private bool _disposed;

    /// <summary>
    /// Writes <c>values[k] = f(population[k])</c> for every candidate: on <see cref="Objective"/> in the calling thread,
    /// or split over the calling thread and the workers of <see cref="CmaEsOptions.Threads"/>.
    /// </summary>
    private void EvaluatePopulation(Population population, double[] values)
    {
        if (_pool is not null)
        {
            _pool.Evaluate(ref _objective, population, values);
            return;
        }
        int n = N;
        ReadOnlySpan<double> points = population.AsSpan();
        Span<double> f = values.AsSpan(0, population.Count);
        for (int k = 0; k < f.Length; k++)
            f[k] = _objective.Value(points.Slice(k * n, n));
    }

    /// <summary>
    /// Stops the worker threads of <see cref="CmaEsOptions.Threads"/> &gt; 1 (nothing to do with one thread). Ask/Tell
    /// and <c>MinimizeAsync</c> keep working; <c>Minimize</c> with Threads &gt; 1 then throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another call on this instance is running.</exception>
    public void Dispose()
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "CmaEs", nameof(Dispose));
        if (_disposed)
            return;
        _disposed = true;
        _pool?.Dispose();
    }
}
