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

    bool ICheckpointState.Initialized => _initialized;

    void ICheckpointState.Restored()
    {
        _clock = RunClock.Start();
        _initialized = true;
    }

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

    void ICheckpointState.WriteState(CheckpointWriter w)
    {
        int n = N, lambda = _lambda;
        WriteCovarianceModel(w);
        w.Write(Seed);
        w.Write(in _random);
        // Problem and overall progress.
        w.Write(_x0);
        w.Write(_bounded);
        w.Write(_lower);
        w.Write(_upper);
        w.Write(_best);
        w.Write(_bestValue);
        w.Write(_evaluations);
        w.Write(_iterations);
        w.Write(_nonFinite);
        w.Write((int)_status);
        w.Write(_asked);
        // Restarts.
        w.Write(_restarts);
        w.Write(_runsCompleted);
        w.Write(_smallRuns);
        w.Write(_nonFiniteGenerations);
        w.Write(_evaluationsLarge);
        w.Write(_evaluationsSmall);
        w.Write(_lambdaLarge);
        w.Write(_runIsSmall);
        // Strategy parameters of the current run.
        w.Write(lambda);
        w.Write(_mu);
        w.Write(_weights.AsSpan(0, lambda));
        w.Write(_weightSum);
        w.Write(_mueff);
        w.Write(_cc);
        w.Write(_cs);
        w.Write(_c1);
        w.Write(_cmu);
        w.Write(_damps);
        w.Write(_lazyGapEvaluations);
        w.Write(_maxIterationsRun);
        w.Write(_tolFunHistory);
        w.Write(_stagnationWindow);
        w.Write(_runBestValue);
        w.Write(_runBestEvaluation);
        w.Write(_flatGenerations);
        // Distribution.
        w.Write(_mean);
        w.Write(_sigma);
        w.Write(_sigma0Run);
        w.Write(_pc);
        w.Write(_ps);
        w.Write(_c);
        w.Write(_b);
        w.Write(_d);
        w.Write(_eigenvalues);
        w.Write(_generationRun);
        w.Write(_evaluationsRun);
        w.Write(_evaluationsAtEigen);
        w.Write(_conditionNumber);
        w.Write(_numericalError);
        // Population of the current generation (the candidates waiting for values when asked; the ranking otherwise).
        w.Write(_z.AsSpan(0, lambda * n));
        w.Write(_y.AsSpan(0, lambda * n));
        w.Write(_x.AsSpan(0, lambda * n));
        w.Write(_sortKeys.AsSpan(0, lambda));
        w.Write(_order.AsSpan(0, lambda));
        w.Write(_yw);
        w.Write(_zw);
        w.Write(_gradient);
        w.Write(_meanPoint);
        w.Write(_foldSign);
        // Termination histories.
        w.Write(_bestHistory);
        w.Write(_stagBest);
        w.Write(_stagMedian);
        w.Write(_stagRecorded);
        w.Write(_stagComparedAt);
        w.Write(_stagNoImprovement);
    }

    void ICheckpointState.ReadState(ref CheckpointReader r)
    {
        _initialized = false;
        int n = N;
        ReadCovarianceModel(ref r);
        Seed = r.ReadUInt64();
        _random = r.ReadRandom();
        r.ReadDoubles(_x0, "starting point");
        _bounded = r.ReadBool();
        r.ReadDoubles(_lower, "lower bounds");
        r.ReadDoubles(_upper, "upper bounds");
        r.ReadDoubles(_best, "best point");
        _bestValue = r.ReadDouble();
        _evaluations = r.ReadInt64();
        _iterations = r.ReadInt64();
        _nonFinite = r.ReadInt64();
        _status = r.ReadStatus();
        _asked = r.ReadBool();
        _restarts = r.ReadInt32();
        _runsCompleted = r.ReadInt32();
        _smallRuns = r.ReadInt32();
        _nonFiniteGenerations = r.ReadInt32();
        _evaluationsLarge = r.ReadInt64();
        _evaluationsSmall = r.ReadInt64();
        _lambdaLarge = r.ReadInt32(2, _lambdaMax, "largest population");
        _runIsSmall = r.ReadBool();
        int lambda = _lambda = r.ReadInt32(2, _lambdaMax, "population size");
        _mu = r.ReadInt32(1, lambda, "number of parents");
        r.ReadDoubles(_weights.AsSpan(0, lambda), "weights");
        _weightSum = r.ReadDouble();
        _mueff = r.ReadDouble();
        _cc = r.ReadDouble();
        _cs = r.ReadDouble();
        _c1 = r.ReadDouble();
        _cmu = r.ReadDouble();
        _damps = r.ReadDouble();
        _lazyGapEvaluations = r.ReadDouble();
        _maxIterationsRun = r.ReadInt64();
        _tolFunHistory = r.ReadInt32(0, _bestHistory.Length, "TolFun history length");
        _stagnationWindow = r.ReadInt32();
        _runBestValue = r.ReadDouble();
        _runBestEvaluation = r.ReadInt64();
        _flatGenerations = r.ReadInt64();
        r.ReadDoubles(_mean, "mean");
        _sigma = r.ReadDouble();
        _sigma0Run = r.ReadDouble();
        r.ReadDoubles(_pc, "evolution path p_c");
        r.ReadDoubles(_ps, "evolution path p_sigma");
        r.ReadDoubles(_c, "covariance matrix");
        r.ReadDoubles(_b, "eigenvectors");
        r.ReadDoubles(_d, "axis lengths");
        r.ReadDoubles(_eigenvalues, "eigenvalues");
        _generationRun = r.ReadInt64();
        _evaluationsRun = r.ReadInt64();
        _evaluationsAtEigen = r.ReadInt64();
        _conditionNumber = r.ReadDouble();
        _numericalError = r.ReadBool();
        r.ReadDoubles(_z.AsSpan(0, lambda * n), "samples z");
        r.ReadDoubles(_y.AsSpan(0, lambda * n), "steps y");
        r.ReadDoubles(_x.AsSpan(0, lambda * n), "candidates");
        r.ReadDoubles(_sortKeys.AsSpan(0, lambda), "ranked values");
        r.ReadIndices(_order.AsSpan(0, lambda), lambda, "ranking");
        r.ReadDoubles(_yw, "weighted step y_w");
        r.ReadDoubles(_zw, "weighted step z_w");
        r.ReadDoubles(_gradient, "gradient");
        r.ReadDoubles(_meanPoint, "mean in the box");
        r.ReadDoubles(_foldSign, "fold signs");
        r.ReadDoubles(_bestHistory, "TolFun history");
        r.ReadDoubles(_stagBest, "stagnation history (best)");
        r.ReadDoubles(_stagMedian, "stagnation history (median)");
        _stagRecorded = r.ReadInt64();
        _stagComparedAt = r.ReadInt64();
        _stagNoImprovement = r.ReadBool();
    }
}
