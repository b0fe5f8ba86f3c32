using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Orleans;

namespace GenOpt.Orleans;

/// <summary>Settings of a <see cref="ClusterEvaluator"/>.</summary>
public sealed record ClusterEvaluatorOptions
{
    /// <summary>
    /// Grain calls a population is cut into (at most one candidate per call): contiguous slices of about equal size,
    /// each sent to a stateless evaluation grain of its own key, which Orleans spreads over the silos. Default 12 (a few
    /// calls per silo of a small cluster, so that a slow or lost call delays little). It does not change the result.
    /// </summary>
    public int Slices { get; init; } = 12;

    /// <summary>
    /// Longest wait for one grain call; a call that takes longer is abandoned and made again (its silo may be gone).
    /// Default 5 minutes; set it above the time a slice of the population takes to evaluate.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Calls made for one slice before the generation fails with a <see cref="ClusterEvaluationException"/>. Default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Pause before the k-th new attempt: k times this. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Whether the silos evaluate through the objective's <see cref="IBatchObjective.ValueBatch"/> when it has one
    /// (default true), as <see cref="CmaEsOptions.UseBatch"/> and <see cref="PsoOptions.UseBatch"/> do in one process.
    /// Give it the driver's optimizer's setting: a batch method may round its transcendental functions differently from
    /// <c>Value</c> (within the bound docs/batch-objectives.md gives), and the cluster gives the bits of the
    /// single-process run only when both evaluate the same way.
    /// </summary>
    public bool UseBatch { get; init; } = true;

    internal void Validate()
    {
        if (Slices < 1)
            throw new ArgumentOutOfRangeException(nameof(Slices), Slices, "Slices must be at least 1.");
        if (AttemptTimeout <= TimeSpan.Zero && AttemptTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "AttemptTimeout must be positive (or Timeout.InfiniteTimeSpan).");
        if (MaxAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1.");
        if (RetryDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "RetryDelay must not be negative.");
    }
}

/// <summary>The objective threw on a silo: the run ends with this error (it is not retried; the objective would throw again).</summary>
public sealed class ObjectiveEvaluationException : Exception
{
    /// <summary>Creates the error.</summary>
    public ObjectiveEvaluationException(string message) : base(message)
    {
    }

    /// <summary>The index in the population of the candidate whose evaluation threw, or -1.</summary>
    public int Candidate { get; init; } = -1;

    /// <summary>The silo where it threw.</summary>
    public string Silo { get; init; } = "";
}

/// <summary>A slice of a population could not be evaluated in <see cref="ClusterEvaluatorOptions.MaxAttempts"/> calls (the last failure is the inner exception).</summary>
public sealed class ClusterEvaluationException : Exception
{
    /// <summary>Creates the error.</summary>
    public ClusterEvaluationException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>
/// Evaluates populations on an Orleans cluster: the batch evaluator of <c>MinimizeAsync</c> / <c>ResumeAsync</c> of
/// <see cref="CmaEs{TObjective}"/> and <see cref="Pso{TObjective}"/> (pass <see cref="EvaluateAsync"/>).
/// </summary>
/// <remarks>
/// <para>Each population is cut into <see cref="ClusterEvaluatorOptions.Slices"/> contiguous slices, sent at once to
/// stateless evaluation grains (<see cref="IEvaluationGrain"/>) that the silos host; their values are written at their
/// candidates' indices. A value depends only on its candidate, so the run gives the bits of the single-process run
/// whatever the number of silos, the slices, or the order in which replies arrive.</para>
/// <para>Nothing lost, nothing doubled: a slice whose call fails (its silo stopped or died, the connection broke) or
/// takes longer than <see cref="ClusterEvaluatorOptions.AttemptTimeout"/> is sent again (to another grain key, after
/// <see cref="ClusterEvaluatorOptions.RetryDelay"/>), up to <see cref="ClusterEvaluatorOptions.MaxAttempts"/> calls;
/// only the reply of the call that succeeded is written, once, and the optimizer takes each generation's values once.
/// After the last attempt the generation fails with <see cref="ClusterEvaluationException"/>.</para>
/// <para>An objective that throws on a silo ends the run with <see cref="ObjectiveEvaluationException"/> (candidate,
/// silo, the exception's type and message); the other slices of the generation are cancelled first. Cancelling the
/// run's token cancels the calls in flight (the grains stop between two candidates) and the run ends with
/// <see cref="TerminationReason.Cancelled"/>, as MinimizeAsync documents.</para>
/// <para>One evaluator may serve one run at a time; its counters add up over runs.</para>
/// </remarks>
public sealed class ClusterEvaluator
{
    private readonly IGrainFactory _grains;
    private readonly string _objective;
    private readonly int _dimension;
    private readonly ClusterEvaluatorOptions _options;
    private readonly ConcurrentDictionary<string, long> _silos = new(StringComparer.Ordinal);
    private long _evaluations;
    private long _retries;
    private long _generation;

    /// <summary>Evaluates with the objective the silos host as <paramref name="objective"/>, of dimension <paramref name="dimension"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="grains"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="objective"/> is empty or <paramref name="dimension"/> is below 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ClusterEvaluator(IGrainFactory grains, string objective, int dimension, ClusterEvaluatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrEmpty(objective);
        if (dimension < 1)
            throw new ArgumentException($"The dimension must be at least 1 but is {dimension}.", nameof(dimension));
        _grains = grains;
        _objective = objective;
        _dimension = dimension;
        _options = options ?? new ClusterEvaluatorOptions();
        _options.Validate();
    }

    /// <summary>Evaluates with <typeparamref name="TObjective"/> as the silos host it by default (<c>AddGenOptObjective&lt;TObjective&gt;()</c>).</summary>
    public static ClusterEvaluator For<TObjective>(IGrainFactory grains, ClusterEvaluatorOptions? options = null) where TObjective : struct, IObjective =>
        new(grains, HostedObjective.NameOf<TObjective>(), TObjective.Dimension, options);

    /// <summary>Candidates evaluated (each counted once, however many attempts it took).</summary>
    public long Evaluations => Interlocked.Read(ref _evaluations);

    /// <summary>Grain calls made again after a failure or a timeout.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Candidates evaluated per silo (by the silo's runtime identity).</summary>
    public IReadOnlyDictionary<string, long> EvaluationsBySilo => new Dictionary<string, long>(_silos, StringComparer.Ordinal);

    /// <summary>
    /// The batch evaluator: writes <c>values[k] = f(population[k])</c> for every candidate, evaluated on the cluster.
    /// </summary>
    /// <exception cref="ObjectiveEvaluationException">The objective threw on a silo, or a silo does not host it.</exception>
    /// <exception cref="ClusterEvaluationException">A slice failed <see cref="ClusterEvaluatorOptions.MaxAttempts"/> times.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask EvaluateAsync(Population population, Memory<double> values, CancellationToken cancellationToken)
    {
        if (population.Dimension != _dimension)
            throw new ArgumentException($"The population has dimension {population.Dimension}, but the objective '{_objective}' has {_dimension}.", nameof(population));
        int count = population.Count;
        if (values.Length < count)
            throw new ArgumentException($"{values.Length} values for {count} candidates.", nameof(values));
        long generation = Interlocked.Increment(ref _generation);
        int slices = Math.Min(_options.Slices, count);
        var tasks = new Task[slices];
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;
        for (int j = 0; j < slices; j++)
        {
            int start = (int)((long)count * j / slices), end = (int)((long)count * (j + 1) / slices);
            double[] points = population.AsSpan()[(start * _dimension)..(end * _dimension)].ToArray();
            tasks[j] = Slice(j, start, points, values[start..end], abort.Token);
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        if (failure is not null)
            ExceptionDispatchInfo.Throw(failure);
        cancellationToken.ThrowIfCancellationRequested();

        async Task Slice(int slice, int start, double[] points, Memory<double> destination, CancellationToken token)
        {
            try
            {
                await EvaluateSliceAsync(generation, slice, start, points, destination, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The run was cancelled, or another slice failed: that failure (if any) is what the generation reports.
            }
            catch (Exception e)
            {
                if (Interlocked.CompareExchange(ref failure, e, null) is null)
                    abort.Cancel();
            }
        }
    }

    private async Task EvaluateSliceAsync(long generation, int slice, int start, double[] points, Memory<double> destination, CancellationToken token)
    {
        int count = points.Length / _dimension;
        for (int attempt = 1; ; attempt++)
        {
            token.ThrowIfCancellationRequested();
            // A new key per attempt, so that a retry may land on another activation (and another silo).
            long key = (generation * _options.MaxAttempts + attempt - 1) * _options.Slices + slice;
            IEvaluationGrain grain = _grains.GetGrain<IEvaluationGrain>(key);
            EvaluationReply reply;
            using (var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                if (_options.AttemptTimeout != Timeout.InfiniteTimeSpan)
                    attemptToken.CancelAfter(_options.AttemptTimeout);
                try
                {
                    reply = await grain.Evaluate(_objective, _dimension, points, _options.UseBatch, attemptToken.Token)
                        .WaitAsync(attemptToken.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    Exception lost = e is OperationCanceledException
                        ? new TimeoutException($"The call took longer than AttemptTimeout ({_options.AttemptTimeout}).", e)
                        : e;
                    if (attempt >= _options.MaxAttempts)
                        throw new ClusterEvaluationException(
                            $"Candidates {start}..{start + count - 1} could not be evaluated on the cluster in {attempt} attempts; the last failed with {lost.GetType().Name}: {lost.Message}", lost);
                    Interlocked.Increment(ref _retries);
                    await Task.Delay(_options.RetryDelay * attempt, token).ConfigureAwait(false);
                    continue;
                }
            }
            if (reply.Error is not null)
                throw new ObjectiveEvaluationException(reply.FailedCandidate >= 0
                    ? $"The objective '{_objective}' threw on candidate {start + reply.FailedCandidate} on silo {reply.Silo}: {reply.Error}"
                    : reply.FailedBatchStart >= 0
                        ? $"The objective '{_objective}' threw in ValueBatch on candidates {start + reply.FailedBatchStart}..{start + reply.FailedBatchStart + reply.FailedBatchCount - 1} on silo {reply.Silo}, each of which evaluates alone without error: {reply.Error}"
                        : reply.Error)
                {
                    Candidate = reply.FailedCandidate >= 0 ? start + reply.FailedCandidate : -1,
                    Silo = reply.Silo,
                };
            if (reply.Values.Length != count)
                throw new ClusterEvaluationException($"Silo {reply.Silo} returned {reply.Values.Length} values for {count} candidates.",
                    new InvalidOperationException("A reply of the wrong length."));
            reply.Values.CopyTo(destination.Span);
            Interlocked.Add(ref _evaluations, count);
            _silos.AddOrUpdate(reply.Silo, count, (_, n) => n + count);
            return;
        }
    }
}
