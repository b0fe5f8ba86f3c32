using System;
using System.Threading;
using System.Threading.Tasks;
using Orleans;
using Orleans.Concurrency;

namespace GenOpt.Orleans;

/// <summary>
/// Evaluates a batch of candidates with an objective hosted in the silo (registered with
/// <see cref="GenOptSiloBuilderExtensions.AddGenOptObjective{TObjective}(global::Orleans.Hosting.ISiloBuilder, string?)"/>).
/// Implemented by a stateless worker grain: it keeps nothing between calls, so any activation on any silo gives the
/// same values, and a call lost with its silo can be made again elsewhere.
/// </summary>
public interface IEvaluationGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Evaluates <paramref name="points"/> (row-major, <paramref name="dimension"/> coordinates per candidate) with the
    /// objective registered as <paramref name="objective"/>: through its <see cref="IBatchObjective.ValueBatch"/>, a few
    /// candidates per call, when <paramref name="useBatch"/> is set and the objective has one, else candidate by
    /// candidate. An objective that throws, or one that is not registered, is reported in the reply (not retried); the
    /// token stops the batch between two candidates (between two batch calls of at most
    /// <see cref="EvaluationGrain.CandidatesPerBatchCall"/> candidates).
    /// </summary>
    Task<EvaluationReply> Evaluate(string objective, int dimension, double[] points, bool useBatch, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IEvaluationGrain.Evaluate"/> returns: the values, or the error that stopped the batch.</summary>
[GenerateSerializer, Immutable]
public sealed class EvaluationReply
{
    /// <summary>One value per candidate, in order (empty when <see cref="Error"/> is set).</summary>
    [Id(0)] public double[] Values { get; init; } = [];

    /// <summary>Null, or why the batch failed: the objective's exception (type and message), or an unknown objective.</summary>
    [Id(1)] public string? Error { get; init; }

    /// <summary>With <see cref="Error"/>: the index in the batch of the candidate whose evaluation threw (-1 when none).</summary>
    [Id(2)] public int FailedCandidate { get; init; } = -1;

    /// <summary>The silo that evaluated the batch.</summary>
    [Id(3)] public string Silo { get; init; } = "";

    /// <summary>
    /// With <see cref="Error"/> and no <see cref="FailedCandidate"/>: the index in the batch of the first candidate of the
    /// <see cref="IBatchObjective.ValueBatch"/> call that threw although each of its candidates evaluates alone without
    /// error (-1 otherwise); <see cref="FailedBatchCount"/> candidates from there.
    /// </summary>
    [Id(4)] public int FailedBatchStart { get; init; } = -1;

    /// <summary>With <see cref="FailedBatchStart"/>: how many candidates that batch call had.</summary>
    [Id(5)] public int FailedBatchCount { get; init; }
}

/// <summary>The stateless worker behind <see cref="IEvaluationGrain"/>: as many activations per silo as it has cores.</summary>
[StatelessWorker]
public sealed class EvaluationGrain : Grain, IEvaluationGrain
{
    private readonly HostedObjectives _objectives;

    /// <summary>
    /// Candidates per <see cref="IBatchObjective.ValueBatch"/> call: a Vector512 register's worth, so that the lanes are
    /// full and cancellation is still seen after a few evaluations. A candidate's batch value does not depend on the
    /// other candidates of its call (the IBatchObjective contract), so this does not change the values.
    /// </summary>
    public const int CandidatesPerBatchCall = 8;

    /// <summary>Created by Orleans with the silo's registered objectives.</summary>
    public EvaluationGrain(HostedObjectives objectives) => _objectives = objectives;

    /// <inheritdoc/>
    public Task<EvaluationReply> Evaluate(string objective, int dimension, double[] points, bool useBatch, CancellationToken cancellationToken)
    {
        string silo = RuntimeIdentity;
        if (!_objectives.TryGet(objective, out HostedObjective? f))
            return Task.FromResult(new EvaluationReply
            {
                Error = $"The objective '{objective}' is not registered on silo {silo}: call AddGenOptObjective<T>() on every silo's builder.",
                Silo = silo,
            });
        if (f.Dimension != dimension || dimension < 1 || points.Length % dimension != 0)
            return Task.FromResult(new EvaluationReply
            {
                Error = $"The objective '{objective}' on silo {silo} has dimension {f.Dimension}, but the driver sent {points.Length} coordinates of dimension {dimension}.",
                Silo = silo,
            });
        int count = points.Length / dimension;
        var values = new double[count];
        int step = useBatch && f.HasBatch ? CandidatesPerBatchCall : 1;
        for (int start = 0; start < count; start += step)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int end = Math.Min(count, start + step);
            try
            {
                f.Evaluate(points.AsSpan((start * dimension)..(end * dimension)), values.AsSpan(start..end), useBatch);
            }
            catch (Exception e)
            {
                return Task.FromResult(Failure(f, points, dimension, start, end, e, silo));
            }
        }
        return Task.FromResult(new EvaluationReply { Values = values, Silo = silo });
    }

    // The reply for an evaluation that threw. A batch call does not say which candidate failed: its candidates are
    // evaluated again one by one, and the first that throws is reported; if none does, the batch call's error is.
    private static EvaluationReply Failure(HostedObjective f, double[] points, int dimension, int start, int end, Exception e, string silo)
    {
        if (end - start > 1)
            for (int k = start; k < end; k++)
            {
                try
                {
                    f.Value(points.AsSpan(k * dimension, dimension));
                }
                catch (Exception single)
                {
                    return new EvaluationReply { Error = $"{single.GetType().FullName}: {single.Message}", FailedCandidate = k, Silo = silo };
                }
            }
        return end - start > 1
            ? new EvaluationReply { Error = $"{e.GetType().FullName}: {e.Message}", FailedBatchStart = start, FailedBatchCount = end - start, Silo = silo }
            : new EvaluationReply { Error = $"{e.GetType().FullName}: {e.Message}", FailedCandidate = start, Silo = silo };
    }
}
