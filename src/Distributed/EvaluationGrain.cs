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
    /// objective registered as <paramref name="objective"/>. An objective that throws, or one that is not registered, is
    /// reported in the reply (not retried); the token stops the batch between two candidates.
    /// </summary>
    Task<EvaluationReply> Evaluate(string objective, int dimension, double[] points, CancellationToken cancellationToken);
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
}

/// <summary>The stateless worker behind <see cref="IEvaluationGrain"/>: as many activations per silo as it has cores.</summary>
[StatelessWorker]
public sealed class EvaluationGrain : Grain, IEvaluationGrain
{
    private readonly HostedObjectives _objectives;

    /// <summary>Created by Orleans with the silo's registered objectives.</summary>
    public EvaluationGrain(HostedObjectives objectives) => _objectives = objectives;

    /// <inheritdoc/>
    public Task<EvaluationReply> Evaluate(string objective, int dimension, double[] points, CancellationToken cancellationToken)
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
        for (int k = 0; k < count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                values[k] = f.Value(points.AsSpan(k * dimension, dimension));
            }
            catch (Exception e)
            {
                return Task.FromResult(new EvaluationReply { Error = $"{e.GetType().FullName}: {e.Message}", FailedCandidate = k, Silo = silo });
            }
        }
        return Task.FromResult(new EvaluationReply { Values = values, Silo = silo });
    }
}
