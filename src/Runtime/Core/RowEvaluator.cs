using System;
using System.Runtime.CompilerServices;

namespace GenOpt;

/// <summary>
/// How a population method evaluates a run of consecutive candidates on one thread: through
/// <see cref="IBatchObjective.ValueBatch"/> when <typeparamref name="TObjective"/> implements <see cref="IBatchObjective"/>
/// and the method's <c>UseBatch</c> option is on, else <see cref="IObjective.Value"/> candidate by candidate.
/// </summary>
/// <remarks>
/// <para>An <c>IObjective</c>-constrained type parameter cannot call <c>ValueBatch</c> directly, so <see cref="Create"/>
/// boxes one <typeparamref name="TObjective"/> (at construction, never per call) and keeps it as an
/// <see cref="IBatchObjective"/>. Before each batch the caller's objective is copied into the box and afterwards back
/// (also when <c>ValueBatch</c> throws), so the batch sees, and may update, the same state as <c>Value</c> would: the
/// pattern <see cref="CmaEs{TObjective}"/> uses for its gradient injection. One box per evaluating thread.</para>
/// <para>A candidate's batch value does not depend on its position in the batch (the <see cref="IBatchObjective"/>
/// contract), so cutting a population into per-thread slices gives the same bits as one batch.</para>
/// </remarks>
internal readonly struct RowEvaluator<TObjective> where TObjective : struct, IObjective
{
    /// <summary>The boxed objective whose <c>ValueBatch</c> is called, or null for the per-candidate path.</summary>
    private readonly IBatchObjective? _batch;

    private RowEvaluator(IBatchObjective? batch) => _batch = batch;

    /// <summary>
    /// The batch path when <paramref name="useBatch"/> is set and <typeparamref name="TObjective"/> implements
    /// <see cref="IBatchObjective"/> (one box, allocated now), else the per-candidate path (nothing allocated).
    /// </summary>
    public static RowEvaluator<TObjective> Create(bool useBatch) =>
        new(useBatch && typeof(IBatchObjective).IsAssignableFrom(typeof(TObjective)) ? (IBatchObjective)(object)default(TObjective) : null);

    /// <summary>True when <see cref="Evaluate"/> calls <see cref="IBatchObjective.ValueBatch"/>.</summary>
    public bool UsesBatch => _batch is not null;

    /// <summary>
    /// Writes <c>values[k] = f(points[(k n)..((k + 1) n)])</c> for <c>k &lt; values.Length</c> with
    /// <paramref name="objective"/> (its state changes are kept).
    /// </summary>
    public void Evaluate(ref TObjective objective, ReadOnlySpan<double> points, Span<double> values)
    {
        int n = TObjective.Dimension;
        if (_batch is null)
        {
            for (int k = 0; k < values.Length; k++)
                values[k] = objective.Value(points.Slice(k * n, n));
            return;
        }
        if (values.IsEmpty)
            return;
        // Entries the batch leaves unwritten are NaN (ranked as non-finite), never the previous generation's values.
        values.Fill(double.NaN);
        ref TObjective boxed = ref Unsafe.Unbox<TObjective>(_batch);
        boxed = objective;
        try
        {
            _batch.ValueBatch(points[..(values.Length * n)], values);
        }
        finally
        {
            objective = boxed;
        }
    }
}
