using System;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    /// <summary>The worker threads of <see cref="CmaEsOptions.Threads"/> &gt; 1 (null with one thread).</summary>
    private readonly EvaluationPool<TObjective>? _pool;
    /// <summary>The one-thread evaluation: <see cref="IBatchObjective.ValueBatch"/> or Value per candidate (see <see cref="CmaEsOptions.UseBatch"/>).</summary>
    private readonly RowEvaluator<TObjective> _rows;
    private bool _disposed;

    /// <summary>
    /// Writes <c>values[k] = f(population[k])</c> for every candidate: on <see cref="Objective"/> in the calling thread,
    /// or split over the calling thread and the workers of <see cref="CmaEsOptions.Threads"/>; each thread's candidates
    /// in one <see cref="IBatchObjective.ValueBatch"/> call when the objective has it and <see cref="CmaEsOptions.UseBatch"/> is on.
    /// </summary>
    private void EvaluatePopulation(Population population, double[] values)
    {
        if (_pool is not null)
        {
            _pool.Evaluate(ref _objective, population, values);
            return;
        }
        _rows.Evaluate(ref _objective, population.AsSpan(), values.AsSpan(0, population.Count));
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
