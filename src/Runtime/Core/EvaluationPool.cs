using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace GenOpt;

/// <summary>
/// Evaluates the rows of a <see cref="Population"/> on T threads: the calling thread and T - 1 background workers
/// started in the constructor. Shared by the population methods (<see cref="Pso{TObjective}"/>,
/// <see cref="CmaEs{TObjective}"/>) for their <c>Threads</c> option.
/// </summary>
/// <remarks>
/// <para>Static partitioning: a round of <c>count</c> rows is cut into T fixed contiguous slices,
/// slice k = rows <c>[count k / T, count (k + 1) / T)</c>; the calling thread evaluates slice 0 on the objective it passes
/// by reference, worker k evaluates slice k on its own copy of the objective struct, taken by <see cref="CopyObjective"/>
/// (changes a stateful objective makes to a copy are not seen by the others). Every value is written by exactly one
/// thread and depends only on its row, so the values are the same bits whatever T is. A slice goes to the objective's
/// <see cref="IBatchObjective.ValueBatch"/> in one call when the owner asked for batches and the objective has one
/// (a batch value does not depend on the row's position in the batch, so the bits stay the same).</para>
/// <para>Dispatch uses semaphores created in the constructor and allocates nothing per round. An exception thrown by the
/// objective on any thread is rethrown on the calling thread (the first one caught) after every slice has finished, so
/// the caller's buffers are never touched by a worker once <see cref="Evaluate"/> returns or throws; the workers keep
/// running for the next round. <see cref="Dispose"/> ends the worker threads.</para>
/// <para>One round at a time: the owner serializes calls (its reentrancy guard).</para>
/// </remarks>
/// <typeparam name="TObjective">The objective evaluated.</typeparam>
internal sealed class EvaluationPool<TObjective> : IDisposable where TObjective : struct, IObjective
{
    private readonly int _threadCount;
    private readonly Thread[] _workers;
    private readonly TObjective[] _workerObjectives;
    private readonly RowEvaluator<TObjective>[] _evaluators;  // per slice: batch box or per-candidate path
    // Semaphores, not ManualResetEventSlim: a SemaphoreSlim creates its lock object in its constructor, where a
    // ManualResetEventSlim creates it the first time a waiter blocks, which could happen on any later round and
    // allocate there.
    private readonly SemaphoreSlim[] _startSignals;   // per worker: released once per round it must evaluate
    private readonly SemaphoreSlim _doneSignal;       // released once by the last worker to finish a round
    private int _pending;
    private int _count;
    private Population _population;
    private Memory<double> _values;
    private volatile bool _stopping;
    private Exception? _error;
    private bool _disposed;

    /// <summary>Starts <paramref name="threads"/> - 1 background workers named <paramref name="threadName"/> 1, 2, ….</summary>
    /// <param name="threads">T, at least 2: the calling thread and T - 1 workers.</param>
    /// <param name="threadName">Prefix of the workers' names (e.g. "GenOpt PSO worker").</param>
    /// <param name="useBatch">Each slice goes through <see cref="IBatchObjective.ValueBatch"/> when the objective implements it
    /// (see <see cref="RowEvaluator{TObjective}"/>; one box per thread, made now).</param>
    public EvaluationPool(int threads, string threadName, bool useBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 2);
        _threadCount = threads;
        _workerObjectives = new TObjective[threads];
        _evaluators = new RowEvaluator<TObjective>[threads];
        for (int t = 0; t < threads; t++)
            _evaluators[t] = RowEvaluator<TObjective>.Create(useBatch);
        _startSignals = new SemaphoreSlim[threads];
        _doneSignal = new SemaphoreSlim(0);
        _workers = new Thread[threads];
        for (int w = 1; w < threads; w++)
        {
            _startSignals[w] = new SemaphoreSlim(0);
            int index = w;
            _workers[w] = new Thread(() => WorkerLoop(index))
            {
                IsBackground = true,
                Name = $"{threadName} {w}",
            };
            _workers[w].Start();
        }
    }

    /// <summary>T: the calling thread and the workers.</summary>
    public int Threads => _threadCount;

    /// <summary>Gives every worker its own copy of <paramref name="objective"/> (the owner calls it when a run starts).</summary>
    public void CopyObjective(in TObjective objective)
    {
        for (int w = 1; w < _threadCount; w++)
            _workerObjectives[w] = objective;
    }

    /// <summary>
    /// Writes <c>values[i] = f(population[i])</c> for every row: slice 0 on <paramref name="objective"/> on the calling
    /// thread, the other slices on the workers' copies. Returns when every slice is done.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is shorter than the population.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public void Evaluate(ref TObjective objective, Population population, Memory<double> values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int count = population.Count;
        if (values.Length < count)
            throw new ArgumentException($"{values.Length} values for {count} rows.", nameof(values));
        _count = count;
        _population = population;
        _values = values;
        _error = null;
        _pending = _threadCount - 1;
        for (int w = 1; w < _threadCount; w++)
            _startSignals[w].Release();
        try
        {
            EvaluateSlice(ref objective, 0);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, e, null);
        }
        _doneSignal.Wait(); // the workers must have finished before the caller touches its buffers again
        _population = default;
        _values = default;
        if (_error is { } error)
        {
            _error = null;
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <summary>Evaluates rows <c>[count k / T, count (k + 1) / T)</c> of the current round on <paramref name="objective"/>.</summary>
    private void EvaluateSlice(ref TObjective objective, int slice)
    {
        int count = _count, n = _population.Dimension;
        int begin = (int)((long)count * slice / _threadCount);
        int end = (int)((long)count * (slice + 1) / _threadCount);
        _evaluators[slice].Evaluate(ref objective, _population.AsSpan()[(begin * n)..(end * n)], _values.Span[begin..end]);
    }

    private void WorkerLoop(int worker)
    {
        SemaphoreSlim start = _startSignals[worker];
        while (true)
        {
            start.Wait();
            if (_stopping)
                return;
            try
            {
                EvaluateSlice(ref _workerObjectives[worker], worker);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            if (Interlocked.Decrement(ref _pending) == 0)
                _doneSignal.Release();
        }
    }

    /// <summary>Ends the worker threads (waits for each); a second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _stopping = true;
        for (int w = 1; w < _threadCount; w++)
            _startSignals[w].Release();
        for (int w = 1; w < _threadCount; w++)
            _workers[w].Join();
        for (int w = 1; w < _threadCount; w++)
            _startSignals[w].Dispose();
        _doneSignal.Dispose();
    }
}
