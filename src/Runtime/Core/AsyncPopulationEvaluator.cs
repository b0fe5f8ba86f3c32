using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace GenOpt;

/// <summary>
/// The evaluation step of a population method's <c>MinimizeAsync</c>: evaluates one Ask's population through the
/// caller's asynchronous evaluator into a values buffer that the run then passes to Tell. Made once per run.
/// </summary>
/// <remarks>
/// <para>Per-candidate form: every candidate's evaluation is started (in index order, on the calling thread), then all are
/// awaited; each value is written at its candidate's index, so the order in which evaluations complete does not
/// matter. The evaluator receives a token linked to the caller's: when one evaluation throws, the token is cancelled
/// so that the others can stop early; all started evaluations are awaited before the step returns, so none still
/// reads the population (the optimizer's workspace) afterwards.</para>
/// <para>Batch form: one call with the whole population and the values to fill; entries it leaves unwritten are NaN.</para>
/// <para>Outcome: true when every value is in; false when the caller's token was cancelled before that (the
/// generation is incomplete and must not be told); otherwise the first exception an evaluation threw is rethrown
/// (an <see cref="OperationCanceledException"/> counts as cancellation only when the caller's token is cancelled).</para>
/// </remarks>
internal sealed class AsyncPopulationEvaluator : IDisposable
{
    private readonly Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>>? _evaluate;
    private readonly Func<Population, Memory<double>, CancellationToken, ValueTask>? _evaluateBatch;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource? _abort;     // per-candidate form: linked to the caller's token
    private readonly double[] _values;
    private readonly Task?[]? _pending;                   // per-candidate form: evaluations that did not complete at once
    private Exception? _error;

    private AsyncPopulationEvaluator(Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>>? evaluate,
        Func<Population, Memory<double>, CancellationToken, ValueTask>? evaluateBatch, int maxCount, CancellationToken cancellationToken)
    {
        _evaluate = evaluate;
        _evaluateBatch = evaluateBatch;
        _cancellationToken = cancellationToken;
        _values = new double[maxCount];
        if (evaluate is not null)
        {
            _abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _pending = new Task?[maxCount];
        }
    }

    /// <summary>
    /// Evaluates each candidate with <paramref name="evaluate"/>, concurrently, or else each population with one call of
    /// <paramref name="evaluateBatch"/> (exactly one is not null); populations have at most <paramref name="maxCount"/> candidates.
    /// </summary>
    public static AsyncPopulationEvaluator Create(Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>>? evaluate,
        Func<Population, Memory<double>, CancellationToken, ValueTask>? evaluateBatch, int maxCount, CancellationToken cancellationToken) =>
        new(evaluate, evaluate is null ? evaluateBatch ?? throw new ArgumentNullException(nameof(evaluateBatch)) : null, maxCount, cancellationToken);

    /// <summary>The values of the last population evaluated (its first <paramref name="count"/> entries).</summary>
    public ReadOnlySpan<double> Values(int count) => _values.AsSpan(0, count);

    /// <summary>Evaluates <paramref name="population"/>; true when every value is in, false when the caller cancelled first.</summary>
    public ValueTask<bool> EvaluateAsync(Population population) =>
        _evaluate is not null ? EvaluateEachAsync(population) : EvaluateBatchAsync(population);

    private async ValueTask<bool> EvaluateBatchAsync(Population population)
    {
        Memory<double> values = _values.AsMemory(0, population.Count);
        values.Span.Fill(double.NaN);
        try
        {
            await _evaluateBatch!(population, values, _cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        return true;
    }

    private async ValueTask<bool> EvaluateEachAsync(Population population)
    {
        int count = population.Count;
        Task?[] pending = _pending!;
        CancellationToken token = _abort!.Token;
        int started = 0;
        for (; started < count && !token.IsCancellationRequested; started++)
        {
            ValueTask<double> evaluation;
            try
            {
                evaluation = _evaluate!(population.Row(started), token);
            }
            catch (Exception e)
            {
                Fail(e);
                break;
            }
            if (evaluation.IsCompletedSuccessfully)
                _values[started] = evaluation.Result;
            else
                pending[started] = Complete(evaluation, started);
        }
        for (int i = 0; i < started; i++)
        {
            if (pending[i] is { } task)
            {
                pending[i] = null;
                await task.ConfigureAwait(false); // never throws: Complete records the exception
            }
        }
        if (_error is { } error)
        {
            _error = null;
            if (error is OperationCanceledException && _cancellationToken.IsCancellationRequested)
                return false;
            ExceptionDispatchInfo.Throw(error);
        }
        return started == count; // fewer only when the caller's token stopped the starts
    }

    private async Task Complete(ValueTask<double> evaluation, int index)
    {
        try
        {
            _values[index] = await evaluation.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    /// <summary>Records the first failure of a generation and asks the other evaluations to stop.</summary>
    private void Fail(Exception e)
    {
        if (Interlocked.CompareExchange(ref _error, e, null) is not null)
            return;
        try
        {
            _abort!.Cancel();
        }
        catch (AggregateException)
        {
            // A callback an evaluator registered on the token threw while being cancelled; the failure that
            // ends the run is the one recorded above.
        }
    }

    public void Dispose() => _abort?.Dispose();
}

/// <summary>What a population method adds for <see cref="AsyncPopulationRun"/>: its ask/tell steps are those of <see cref="IPopulationMethod"/> (run without the guard, which the asynchronous run holds), plus claiming and releasing the instance.</summary>
internal interface IAsyncPopulationRun : IPopulationMethod
{
    /// <summary>Claims the instance for an asynchronous run (ReentrancyGuard.EnterAsyncRun): throws when another call is running.</summary>
    void ClaimAsyncRun();

    /// <summary>Initialize without entering the guard (argument errors throw); <paramref name="hasX0"/> false: no starting point.</summary>
    void InitializeAsyncRun(ReadOnlyMemory<double> x0, bool hasX0, Bounds? bounds);

    /// <summary>The largest population any iteration can ask for.</summary>
    int MaxPopulation { get; }

    /// <summary>Ends the run with Cancelled; candidates asked for and not told are discarded.</summary>
    void StopCancelled();

    /// <summary>The result of the finished run, owning its point.</summary>
    OptimizationResult FinishAsyncRun(TimeSpan elapsed);

    /// <summary>Frees the instance (ReentrancyGuard.Exit).</summary>
    void ReleaseAsyncRun();
}

/// <summary>The loop of every population method's <c>MinimizeAsync</c>: Ask, evaluate asynchronously, Tell, report.</summary>
internal static class AsyncPopulationRun
{
    /// <summary>
    /// Claims and initializes <paramref name="run"/> — argument errors and a busy instance throw here, synchronously,
    /// leaving the instance free — then runs it with the one evaluator that is not null.
    /// </summary>
    public static Task<OptimizationResult> Start(IAsyncPopulationRun run, ReadOnlyMemory<double> x0, bool hasX0, Bounds? bounds,
        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>>? evaluate,
        Func<Population, Memory<double>, CancellationToken, ValueTask>? evaluateBatch,
        Action<IterationInfo>? progress, CancellationToken cancellationToken) =>
        Begin(run, false, x0, hasX0, bounds, evaluate, evaluateBatch, progress, cancellationToken);

    /// <summary>
    /// As <see cref="Start"/>, going on from the optimizer's current state (<see cref="IPopulationMethod.Resume"/>:
    /// after <c>RestoreCheckpoint</c>) instead of initializing it.
    /// </summary>
    public static Task<OptimizationResult> Resume(IAsyncPopulationRun run,
        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>>? evaluate,
        Func<Population, Memory<double>, CancellationToken, ValueTask>? evaluateBatch,
        Action<IterationInfo>? progress, CancellationToken cancellationToken) =>
        Begin(run, true, default, false, null, evaluate, evaluateBatch, progress, cancellationToken);

    private static Task<OptimizationResult> Begin(IAsyncPopulationRun run, bool resume, ReadOnlyMemory<double> x0, bool hasX0, Bounds? bounds,
        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>>? evaluate,
        Func<Population, Memory<double>, CancellationToken, ValueTask>? evaluateBatch,
        Action<IterationInfo>? progress, CancellationToken cancellationToken)
    {
        RunClock clock = RunClock.Start();
        run.ClaimAsyncRun();
        AsyncPopulationEvaluator evaluator;
        try
        {
            if (resume)
                run.Resume();
            else
                run.InitializeAsyncRun(x0, hasX0, bounds);
            evaluator = AsyncPopulationEvaluator.Create(evaluate, evaluateBatch, run.MaxPopulation, cancellationToken);
        }
        catch
        {
            run.ReleaseAsyncRun();
            throw;
        }
        return RunAsync(run, evaluator, progress, clock, cancellationToken);
    }

    /// <summary>
    /// Runs an initialized optimizer that holds its guard for an asynchronous run; releases the guard and the evaluator
    /// when the run ends, however it ends.
    /// </summary>
    private static async Task<OptimizationResult> RunAsync(IAsyncPopulationRun run, AsyncPopulationEvaluator evaluator,
        Action<IterationInfo>? progress, RunClock clock, CancellationToken cancellationToken)
    {
        try
        {
            while (run.Status == TerminationReason.None)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    run.StopCancelled();
                    break;
                }
                Population population = run.AskCore(); // the run holds the guard: the Core steps do not enter it
                if (!await evaluator.EvaluateAsync(population).ConfigureAwait(false))
                {
                    run.StopCancelled(); // the generation is discarded
                    break;
                }
                run.TellCore(evaluator.Values(population.Count));
                if (progress is not null)
                {
                    run.Reporting(true);
                    try
                    {
                        progress(run.Progress);
                    }
                    finally
                    {
                        run.Reporting(false);
                    }
                }
            }
            return run.FinishAsyncRun(clock.Elapsed);
        }
        finally
        {
            evaluator.Dispose();
            run.ReleaseAsyncRun();
        }
    }
}
