// CMA-ES: checkpoints (save the complete state after a generation, restore it into another instance) and resuming.
using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GenOpt;

public sealed partial class CmaEs<TObjective> : ICheckpointState
{
    /// <summary>The thread of a run paused at its progress report (0 otherwise): there <see cref="SaveCheckpoint()"/> may read the state.</summary>
    private int _reportingThread;

    /// <summary>
    /// Saves the optimizer's complete state — distribution, paths, covariance and its eigen-decomposition, histories of
    /// the termination criteria, restart bookkeeping (IPOP/BIPOP), counters, best point and the random generator — as a
    /// versioned, checksummed checkpoint. <see cref="RestoreCheckpoint(ReadOnlySpan{byte})"/> puts it into another
    /// instance (in another process too), which then continues with exactly the bits this one would have produced.
    /// </summary>
    /// <remarks>
    /// <para>Call it between generations: after <see cref="Initialize"/> or <see cref="Tell"/>, or from the progress
    /// callback or observer of a running Minimize, MinimizeAsync, Resume or ResumeAsync (the run is paused there). Between
    /// <see cref="Ask"/> and <see cref="Tell"/> works too: the checkpoint then holds the candidates waiting for values.</para>
    /// <para>Not saved: the objective (a stateful objective's data is the caller's), <see cref="ResultBuffer"/> and the run's
    /// clock (after a restore, <see cref="OptimizationResult.Elapsed"/> counts from the restore).</para>
    /// <para>Format: magic "GOCP", format version, optimizer kind, dimension and a fingerprint of the options (all but
    /// <see cref="CmaEsOptions.Seed"/> and <see cref="CmaEsOptions.Threads"/>, which do not change the run once it started),
    /// then the state as little-endian fields, then an FNV-1a 64 checksum. No reflection: NativeAOT-clean.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">Not initialized, or another call on this instance is running (other than a run paused at its report on this thread).</exception>
    public byte[] SaveCheckpoint()
    {
        bool entered = ReentrancyGuard.EnterUnlessReporting(ref _busy, _reportingThread, "CmaEs", nameof(SaveCheckpoint));
        try
        {
            return Checkpoint.Save(this);
        }
        finally
        {
            if (entered)
                ReentrancyGuard.Exit(ref _busy);
        }
    }

    /// <summary>Writes <see cref="SaveCheckpoint()"/> to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="InvalidOperationException">As <see cref="SaveCheckpoint()"/>.</exception>
    public void SaveCheckpoint(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(SaveCheckpoint());
    }

    /// <summary>
    /// Replaces this instance's state with a checkpoint from <see cref="SaveCheckpoint()"/> (of this or another instance,
    /// in this or another process). Then <see cref="Ask"/>/<see cref="Tell"/>, <see cref="Resume(CancellationToken)"/>
    /// or <see cref="ResumeAsync(Func{Population, Memory{double}, CancellationToken, ValueTask}, Action{IterationInfo}?, CancellationToken)"/>
    /// continue the run bit for bit as the saving instance would have; <see cref="Seed"/> becomes the saved one.
    /// </summary>
    /// <remarks>The instance must have been made with the same options (<see cref="CmaEsOptions.Seed"/> and
    /// <see cref="CmaEsOptions.Threads"/> may differ) for an objective of the same dimension. The checkpoint is checked
    /// completely (length, checksum, version, kind, dimension, options) before anything changes; should the state itself
    /// then not fit, the instance is left uninitialized.</remarks>
    /// <exception cref="InvalidDataException">The checkpoint is truncated or corrupt, of another format version, or was
    /// saved by another optimizer, for another dimension or with other options; the message says which.</exception>
    /// <exception cref="InvalidOperationException">Another call on this instance is running.</exception>
    public void RestoreCheckpoint(ReadOnlySpan<byte> checkpoint)
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "CmaEs", nameof(RestoreCheckpoint));
        Checkpoint.Restore(this, checkpoint);
    }

    /// <summary>Reads one checkpoint from <paramref name="source"/> (and no more) and restores it as <see cref="RestoreCheckpoint(ReadOnlySpan{byte})"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="InvalidDataException">As <see cref="RestoreCheckpoint(ReadOnlySpan{byte})"/>, or the stream ends early.</exception>
    /// <exception cref="InvalidOperationException">Another call on this instance is running.</exception>
    public void RestoreCheckpoint(Stream source) => RestoreCheckpoint(Checkpoint.Read(source));

    /// <summary>
    /// Continues the current run (after <see cref="RestoreCheckpoint(ReadOnlySpan{byte})"/>, or an ask/tell run left
    /// between generations) with Minimize's loop on <see cref="Objective"/>, until it stops; the same bits as the
    /// uninterrupted Minimize.
    /// </summary>
    /// <exception cref="InvalidOperationException">No run to continue (not initialized, or it has stopped), or another call on this instance is running.</exception>
    public OptimizationResult Resume(CancellationToken cancellationToken = default)
    {
        NullObserver observer = default;
        return Resume(ref observer, cancellationToken);
    }

    /// <summary>As <see cref="Resume(CancellationToken)"/>, calling <paramref name="progress"/> once per generation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="progress"/> is null.</exception>
    /// <exception cref="InvalidOperationException">As <see cref="Resume(CancellationToken)"/>.</exception>
    public OptimizationResult Resume(Action<IterationInfo> progress, CancellationToken cancellationToken = default)
    {
        var observer = new ProgressObserver(progress);
        return Resume(ref observer, cancellationToken);
    }

    /// <summary>As <see cref="Resume(CancellationToken)"/>, calling <paramref name="observer"/> after every generation.</summary>
    /// <exception cref="InvalidOperationException">As <see cref="Resume(CancellationToken)"/>.</exception>
    public OptimizationResult Resume<TObserver>(ref TObserver observer, CancellationToken cancellationToken = default)
        where TObserver : struct, IOptimizationObserver
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "CmaEs", nameof(Resume));
        ObjectDisposedException.ThrowIf(_disposed && _pool is not null, this);
        return PopulationDriver.Resume(this, ref observer, cancellationToken);
    }

    /// <summary>
    /// Continues the current run (see <see cref="Resume(CancellationToken)"/>) as the batch form of MinimizeAsync does,
    /// evaluating each population with <paramref name="evaluateBatch"/>; the same bits as the uninterrupted run.
    /// Cancellation, errors and the result are as for MinimizeAsync; <paramref name="progress"/> (if any) is called after every generation.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="evaluateBatch"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No run to continue, or another call on this instance is running.</exception>
    public Task<OptimizationResult> ResumeAsync(Func<Population, Memory<double>, CancellationToken, ValueTask> evaluateBatch,
        Action<IterationInfo>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluateBatch);
        return AsyncPopulationRun.Resume(this, null, evaluateBatch, progress, cancellationToken);
    }

    /// <summary>As the batch form, evaluating each candidate with <paramref name="evaluate"/> (see MinimizeAsync).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="evaluate"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No run to continue, or another call on this instance is running.</exception>
    public Task<OptimizationResult> ResumeAsync(Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> evaluate,
        Action<IterationInfo>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return AsyncPopulationRun.Resume(this, evaluate, null, progress, cancellationToken);
    }

    void IPopulationMethod.Resume()
    {
        Checkpoint.EnsureResumable(_initialized, _status);
        _pool?.CopyObjective(in _objective);
    }

    void IPopulationMethod.Reporting(bool paused) => Volatile.Write(ref _reportingThread, paused ? Environment.CurrentManagedThreadId : 0);

    OptimizerKind ICheckpointState.Kind => OptimizerKind.CmaEs;

    int ICheckpointState.Dimension => N;

    bool ICheckpointState.Initialized
    {
        get => _initialized;
        set => _initialized = value;
    }

    void ICheckpointState.StartClock() => _clock = RunClock.Start();

    ulong ICheckpointState.OptionsFingerprint()
    {
        CmaEsOptions o = _options;
        var w = new CheckpointWriter();
        w.Write(o.Sigma0);
        w.Write(o.Sigma0Scales is not null);
        w.Write(_scales);
        w.Write(o.PopulationSize);
        w.Write(o.ActiveCovariance);
        w.Write(o.MaxEvaluations);
        w.Write(o.MaxIterations);
        w.Write(o.TargetValue);
        w.Write(o.TolFun);
        w.Write(o.TolX);
        w.Write(o.TolFacUpX);
        w.Write(o.TolUpSigma);
        w.Write(o.MaxConditionNumber);
        w.Write(o.TolFunHist);
        w.Write(o.TolFlatFitness);
        w.Write(o.StagnationIterations);
        w.Write((int)o.Restarts);
        w.Write(o.MaxRestarts);
        w.Write(o.PopulationGrowth);
        w.Write(o.GradientInjection);
        return w.Fingerprint();
    }

    /// <summary>
    /// The state, field by field, in checkpoint order: saving writes these fields, restoring reads them back (see
    /// <see cref="CheckpointCursor"/>). A new field is added here once, for both directions (and the format version raised).
    /// </summary>
    void ICheckpointState.Visit(ref CheckpointCursor c)
    {
        VisitCovarianceModel(ref c);
        int n = N;
        ulong seed = Seed;
        c.Field(ref seed);
        Seed = seed;
        c.Field(ref _random);
        // Problem and overall progress.
        c.Field(_x0, "starting point");
        c.Field(ref _bounded);
        c.Field(_lower, "lower bounds");
        c.Field(_upper, "upper bounds");
        if (c.IsRestoring && _bounded)
            Checkpoint.EnsureBox(_lower, _upper, finite: false);
        c.Field(_best, "best point");
        c.Field(ref _bestValue);
        c.Field(ref _evaluations);
        c.Field(ref _iterations);
        c.Field(ref _nonFinite);
        c.Field(ref _status);
        c.Field(ref _asked);
        // Restarts.
        c.Field(ref _restarts);
        c.Field(ref _runsCompleted);
        c.Field(ref _smallRuns);
        c.Field(ref _nonFiniteGenerations);
        c.Field(ref _evaluationsLarge);
        c.Field(ref _evaluationsSmall);
        c.Field(ref _lambdaLarge, 2, _lambdaMax, "largest population");
        c.Field(ref _runIsSmall);
        // Strategy parameters of the current run.
        c.Field(ref _lambda, 2, _lambdaMax, "population size");
        int lambda = _lambda;
        c.Field(ref _mu, 1, lambda, "number of parents");
        c.Field(_weights.AsSpan(0, lambda), "weights");
        c.Field(ref _weightSum);
        c.Field(ref _mueff);
        c.Field(ref _cc);
        c.Field(ref _cs);
        c.Field(ref _c1);
        c.Field(ref _cmu);
        c.Field(ref _damps);
        c.Field(ref _lazyGapEvaluations);
        c.Field(ref _maxIterationsRun);
        c.Field(ref _tolFunHistory, 0, _bestHistory.Length, "TolFun history length");
        c.Field(ref _stagnationWindow);
        c.Field(ref _runBestValue);
        c.Field(ref _runBestEvaluation);
        c.Field(ref _flatGenerations);
        // Distribution.
        c.Field(_mean, "mean");
        c.Field(ref _sigma);
        c.Field(ref _sigma0Run);
        c.Field(_pc, "evolution path p_c");
        c.Field(_ps, "evolution path p_sigma");
        c.Field(_c, "covariance matrix");
        c.Field(_b, "eigenvectors");
        c.Field(_d, "axis lengths");
        c.Field(_eigenvalues, "eigenvalues");
        c.Field(ref _generationRun);
        c.Field(ref _evaluationsRun);
        c.Field(ref _evaluationsAtEigen);
        c.Field(ref _conditionNumber);
        c.Field(ref _numericalError);
        // Population of the current generation (the candidates waiting for values when asked; the ranking otherwise).
        c.Field(_z.AsSpan(0, lambda * n), "samples z");
        c.Field(_y.AsSpan(0, lambda * n), "steps y");
        c.Field(_x.AsSpan(0, lambda * n), "candidates");
        c.Field(_sortKeys.AsSpan(0, lambda), "ranked values");
        c.Field(_order.AsSpan(0, lambda), lambda, "ranking");
        c.Field(_yw, "weighted step y_w");
        c.Field(_zw, "weighted step z_w");
        c.Field(_gradient, "gradient");
        c.Field(_meanPoint, "mean in the box");
        c.Field(_foldSign, "fold signs");
        // Termination histories.
        c.Field(_bestHistory, "TolFun history");
        c.Field(_stagBest, "stagnation history (best)");
        c.Field(_stagMedian, "stagnation history (median)");
        c.Field(ref _stagRecorded);
        c.Field(ref _stagComparedAt);
        c.Field(ref _stagNoImprovement);
    }
}
