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

    /// <summary>Evaluates each candidate with <paramref name="evaluate"/>, concurrently; populations have at most <paramref name="maxCount"/> candidates.</summary>
    public static AsyncPopulationEvaluator ForEach(Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> evaluate,
        int maxCount, CancellationToken cancellationToken) => new(evaluate, null, maxCount, cancellationToken);

    /// <summary>Evaluates each population with one call of <paramref name="evaluateBatch"/>.</summary>
    public static AsyncPopulationEvaluator ForBatch(Func<Population, Memory<double>, CancellationToken, ValueTask> evaluateBatch,
        int maxCount, CancellationToken cancellationToken) => new(null, evaluateBatch, maxCount, cancellationToken);

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
