using System;
using System.Threading;
using System.Threading.Tasks;

namespace GenOpt;

public sealed partial class Pso<TObjective> : IAsyncPopulationRun
{
    /// <summary>
    /// Minimizes a function evaluated asynchronously (a remote service, a simulation in another process) in
    /// <paramref name="bounds"/>, from a swarm drawn uniformly in the box: each iteration starts <paramref name="evaluate"/>
    /// for every particle, then awaits them all.
    /// </summary>
    /// <param name="bounds">The box (required, finite).</param>
    /// <param name="evaluate">
    /// Returns f(x) for a particle's position x. The position is a view of the optimizer's workspace, valid until the
    /// returned task completes. Calls are started one after the other on the thread that runs the iteration and may
    /// complete in any order and on any thread; each value goes to its particle, so the order does not change the
    /// result. The token is cancelled when <paramref name="cancellationToken"/> is, or when another evaluation of the
    /// iteration failed. To limit how many evaluations run at once, let the evaluator wait on a <see cref="SemaphoreSlim"/>.
    /// </param>
    /// <param name="cancellationToken">Ends the run with <see cref="TerminationReason.Cancelled"/> (see remarks).</param>
    /// <returns>The result, as Minimize returns it: the same seed and values give the same bits.</returns>
    /// <remarks>
    /// <para>The run is Initialize, then Ask, evaluate, Tell per iteration, with Minimize's termination (target value,
    /// evaluation budget respected exactly, iteration limit, FTol). <see cref="Objective"/> is not evaluated, and
    /// <see cref="PsoOptions.Threads"/> does not apply (the evaluator decides where work runs); the run works after
    /// <see cref="Dispose"/> too.</para>
    /// <para>Cancellation: like Minimize, cancelling does not throw; the task completes with the best result so far and
    /// <see cref="TerminationReason.Cancelled"/>. An iteration whose evaluations are still running when the token is
    /// cancelled is discarded (the evaluations are awaited first); an <see cref="OperationCanceledException"/> an
    /// evaluation throws then is part of the cancellation, not an error.</para>
    /// <para>Errors: an exception thrown by an evaluation (synchronously or by its task) ends the run once the other
    /// evaluations of the iteration have finished (their token is cancelled), and the returned task fails with it.
    /// NaN and infinite values are handled as by Tell. The result owns its point (a copy made at the end).</para>
    /// <para>Argument errors, and a call while another call on this instance is running, throw at once. While the run is in
    /// flight every other call on the instance (Minimize, MinimizeAsync, Initialize, Ask, Tell, Dispose) throws
    /// <see cref="InvalidOperationException"/>.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> or <paramref name="evaluate"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or do not match the objective's dimension.</exception>
    /// <exception cref="InvalidOperationException">Another call on this instance is running.</exception>
    public Task<OptimizationResult> MinimizeAsync(Bounds bounds,
        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> evaluate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return AsyncPopulationRun.Start(this, default, false, bounds, evaluate, null, null, cancellationToken);
    }

    /// <summary>
    /// As <see cref="MinimizeAsync(Bounds, Func{ReadOnlyMemory{double}, CancellationToken, ValueTask{double}}, CancellationToken)"/>,
    /// calling <paramref name="progress"/> after every iteration (on the thread that finished it; <c>progress.Report</c> of an
    /// <see cref="IProgress{T}"/> and <see cref="OptimizationHistory.Record"/> fit).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/>, <paramref name="evaluate"/> or <paramref name="progress"/> is null.</exception>
    public Task<OptimizationResult> MinimizeAsync(Bounds bounds,
        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> evaluate, Action<IterationInfo> progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(progress);
        return AsyncPopulationRun.Start(this, default, false, bounds, evaluate, null, progress, cancellationToken);
    }

    /// <summary>
    /// As <see cref="MinimizeAsync(Bounds, Func{ReadOnlyMemory{double}, CancellationToken, ValueTask{double}}, CancellationToken)"/>,
    /// with particle 0 starting at <paramref name="x0"/> (the others uniformly in the box).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite, or lies outside the bounds.</exception>
    public Task<OptimizationResult> MinimizeAsync(ReadOnlyMemory<double> x0, Bounds bounds,
        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> evaluate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return AsyncPopulationRun.Start(this, x0, true, bounds, evaluate, null, null, cancellationToken);
    }

    /// <summary>As the overload with <paramref name="x0"/>, calling <paramref name="progress"/> after every iteration.</summary>
    public Task<OptimizationResult> MinimizeAsync(ReadOnlyMemory<double> x0, Bounds bounds,
        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> evaluate, Action<IterationInfo> progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(progress);
        return AsyncPopulationRun.Start(this, x0, true, bounds, evaluate, null, progress, cancellationToken);
    }

    /// <summary>
    /// Minimizes a function evaluated a whole swarm at a time (a cluster, a batch simulation, a GPU) in
    /// <paramref name="bounds"/>: each iteration calls <paramref name="evaluateBatch"/> once with the positions and the
    /// values to fill (value k for particle k; entries left unwritten count as NaN). The last iteration may have fewer
    /// particles when <see cref="PsoOptions.MaxEvaluations"/> leaves fewer evaluations.
    /// </summary>
    /// <remarks>
    /// The population and the values are views of buffers the run reuses, valid until the returned task completes.
    /// Termination, cancellation (<see cref="TerminationReason.Cancelled"/>; the token is passed to the batch as is),
    /// errors and the result are as for the per-particle form.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> or <paramref name="evaluateBatch"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or do not match the objective's dimension.</exception>
    /// <exception cref="InvalidOperationException">Another call on this instance is running.</exception>
    public Task<OptimizationResult> MinimizeAsync(Bounds bounds,
        Func<Population, Memory<double>, CancellationToken, ValueTask> evaluateBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluateBatch);
        return AsyncPopulationRun.Start(this, default, false, bounds, null, evaluateBatch, null, cancellationToken);
    }

    /// <summary>As the batch overload, calling <paramref name="progress"/> after every iteration.</summary>
    public Task<OptimizationResult> MinimizeAsync(Bounds bounds,
        Func<Population, Memory<double>, CancellationToken, ValueTask> evaluateBatch, Action<IterationInfo> progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluateBatch);
        ArgumentNullException.ThrowIfNull(progress);
        return AsyncPopulationRun.Start(this, default, false, bounds, null, evaluateBatch, progress, cancellationToken);
    }

    /// <summary>As the batch overload, with particle 0 starting at <paramref name="x0"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite, or lies outside the bounds.</exception>
    public Task<OptimizationResult> MinimizeAsync(ReadOnlyMemory<double> x0, Bounds bounds,
        Func<Population, Memory<double>, CancellationToken, ValueTask> evaluateBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluateBatch);
        return AsyncPopulationRun.Start(this, x0, true, bounds, null, evaluateBatch, null, cancellationToken);
    }

    /// <summary>As the batch overload with <paramref name="x0"/>, calling <paramref name="progress"/> after every iteration.</summary>
    public Task<OptimizationResult> MinimizeAsync(ReadOnlyMemory<double> x0, Bounds bounds,
        Func<Population, Memory<double>, CancellationToken, ValueTask> evaluateBatch, Action<IterationInfo> progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluateBatch);
        ArgumentNullException.ThrowIfNull(progress);
        return AsyncPopulationRun.Start(this, x0, true, bounds, null, evaluateBatch, progress, cancellationToken);
    }

    // ---- The steps of AsyncPopulationRun (the run holds the guard) ----------------------------------
    void IAsyncPopulationRun.ClaimAsyncRun() => ReentrancyGuard.EnterAsyncRun(ref _busy, "Pso", "MinimizeAsync");

    // Bounds are required: InitializeCore throws ArgumentNullException for null.
    void IAsyncPopulationRun.InitializeAsyncRun(ReadOnlyMemory<double> x0, bool hasX0, Bounds? bounds) => InitializeCore(bounds!, x0.Span, hasX0);

    int IAsyncPopulationRun.MaxPopulation => _swarmSize;

    void IAsyncPopulationRun.StopCancelled()
    {
        _askedCount = 0;
        _status = TerminationReason.Cancelled;
    }

    OptimizationResult IAsyncPopulationRun.FinishAsyncRun(TimeSpan elapsed)
    {
        _askedCount = 0;
        return Result with { Point = ResultStorage.Keep(_best, ResultBuffer), Elapsed = elapsed };
    }

    void IAsyncPopulationRun.ReleaseAsyncRun() => ReentrancyGuard.Exit(ref _busy);
}
