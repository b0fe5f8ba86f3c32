using System;
using System.Threading;
using System.Threading.Tasks;

namespace GenOpt;

public sealed partial class CmaEs<TObjective> : IAsyncPopulationRun
{
    /// <summary>
    /// Minimizes a function evaluated asynchronously (a remote service, a simulation in another process) from
    /// <paramref name="x0"/>: each generation starts <paramref name="evaluate"/> for every candidate, then awaits them all.
    /// </summary>
    /// <param name="x0">Starting point (the initial mean).</param>
    /// <param name="bounds">Optional box, as for Minimize.</param>
    /// <param name="evaluate">
    /// Returns f(x) for a candidate x. The candidate is a view of the optimizer's workspace, valid until the returned task
    /// completes. Calls are started one after the other on the thread that runs the generation and may complete in
    /// any order and on any thread; each value goes to its candidate, so the order does not change the result. The
    /// token is cancelled when <paramref name="cancellationToken"/> is, or when another evaluation of the generation
    /// failed. To limit how many evaluations run at once, let the evaluator wait on a <see cref="SemaphoreSlim"/>.
    /// </param>
    /// <param name="cancellationToken">Ends the run with <see cref="TerminationReason.Cancelled"/> (see remarks).</param>
    /// <returns>The result, as Minimize returns it: the same seed and values give the same bits.</returns>
    /// <remarks>
    /// <para>The run is Initialize, then Ask, evaluate, Tell per generation, with Minimize's termination (target value,
    /// evaluation budget, restarts). <see cref="Objective"/> is not evaluated (except for the gradient of
    /// <see cref="CmaEsOptions.GradientInjection"/>, which Ask evaluates at the mean on the thread running the generation),
    /// and <see cref="CmaEsOptions.Threads"/> does not apply: the evaluator decides where work runs.</para>
    /// <para>Cancellation: like Minimize, cancelling does not throw; the task completes with the best result so far and
    /// <see cref="TerminationReason.Cancelled"/>. A generation whose evaluations are still running when the token is
    /// cancelled is discarded (the evaluations are awaited first); an <see cref="OperationCanceledException"/> an
    /// evaluation throws then is part of the cancellation, not an error.</para>
    /// <para>Errors: an exception thrown by an evaluation (synchronously or by its task) ends the run once the other
    /// evaluations of the generation have finished (their token is cancelled), and the returned task fails with it.
    /// NaN and infinite values are handled as by Tell. The result owns its point (a copy made at the end).</para>
    /// <para>Argument errors, and a call while another call on this instance is running, throw at once. While the run is in
    /// flight every other call on the instance (Minimize, MinimizeAsync, Initialize, Ask, Tell, Dispose) throws
    /// <see cref="InvalidOperationException"/>.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="evaluate"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite, or lies outside <paramref name="bounds"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CmaEsOptions.Sigma0"/> is below <c>eps * max_i |x0_i|</c>.</exception>
    /// <exception cref="InvalidOperationException">Another call on this instance is running.</exception>
    public Task<OptimizationResult> MinimizeAsync(ReadOnlyMemory<double> x0, Bounds? bounds,
        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> evaluate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return AsyncPopulationRun.Start(this, x0, true, bounds, evaluate, null, null, cancellationToken);
    }

    /// <summary>
    /// As <see cref="MinimizeAsync(ReadOnlyMemory{double}, Bounds?, Func{ReadOnlyMemory{double}, CancellationToken, ValueTask{double}}, CancellationToken)"/>,
    /// calling <paramref name="progress"/> after every generation (on the thread that finished it; <c>progress.Report</c> of an
    /// <see cref="IProgress{T}"/> and <see cref="OptimizationHistory.Record"/> fit).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="evaluate"/> or <paramref name="progress"/> is null.</exception>
    public Task<OptimizationResult> MinimizeAsync(ReadOnlyMemory<double> x0, Bounds? bounds,
        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> evaluate, Action<IterationInfo> progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(progress);
        return AsyncPopulationRun.Start(this, x0, true, bounds, evaluate, null, progress, cancellationToken);
    }

    /// <summary>
    /// Minimizes a function evaluated a whole population at a time (a cluster, a batch simulation, a GPU) from
    /// <paramref name="x0"/>: each generation calls <paramref name="evaluateBatch"/> once with the candidates and the
    /// values to fill (value k for candidate k; entries left unwritten count as NaN).
    /// </summary>
    /// <remarks>
    /// The population and the values are views of buffers the run reuses, valid until the returned task completes.
    /// Termination, cancellation (<see cref="TerminationReason.Cancelled"/>; the token is passed to the batch as is),
    /// errors and the result are as for the per-candidate form.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="evaluateBatch"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite, or lies outside <paramref name="bounds"/>.</exception>
    /// <exception cref="InvalidOperationException">Another call on this instance is running.</exception>
    public Task<OptimizationResult> MinimizeAsync(ReadOnlyMemory<double> x0, Bounds? bounds,
        Func<Population, Memory<double>, CancellationToken, ValueTask> evaluateBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluateBatch);
        return AsyncPopulationRun.Start(this, x0, true, bounds, null, evaluateBatch, null, cancellationToken);
    }

    /// <summary>
    /// As <see cref="MinimizeAsync(ReadOnlyMemory{double}, Bounds?, Func{Population, Memory{double}, CancellationToken, ValueTask}, CancellationToken)"/>,
    /// calling <paramref name="progress"/> after every generation.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="evaluateBatch"/> or <paramref name="progress"/> is null.</exception>
    public Task<OptimizationResult> MinimizeAsync(ReadOnlyMemory<double> x0, Bounds? bounds,
        Func<Population, Memory<double>, CancellationToken, ValueTask> evaluateBatch, Action<IterationInfo> progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluateBatch);
        ArgumentNullException.ThrowIfNull(progress);
        return AsyncPopulationRun.Start(this, x0, true, bounds, null, evaluateBatch, progress, cancellationToken);
    }

    // ---- The steps of AsyncPopulationRun (the run holds the guard) ----------------------------------
    void IAsyncPopulationRun.ClaimAsyncRun() => ReentrancyGuard.EnterAsyncRun(ref _busy, "CmaEs", "MinimizeAsync");

    void IAsyncPopulationRun.InitializeAsyncRun(ReadOnlyMemory<double> x0, bool hasX0, Bounds? bounds) => InitializeCore(x0.Span, bounds);

    int IAsyncPopulationRun.MaxPopulation => _lambdaMax;

    void IAsyncPopulationRun.StopCancelled()
    {
        _asked = false;
        _status = TerminationReason.Cancelled;
    }

    OptimizationResult IAsyncPopulationRun.FinishAsyncRun(TimeSpan elapsed) =>
        Result with { Point = ResultStorage.Keep(_best, ResultBuffer), Elapsed = elapsed };

    void IAsyncPopulationRun.ReleaseAsyncRun() => ReentrancyGuard.Exit(ref _busy);
}
