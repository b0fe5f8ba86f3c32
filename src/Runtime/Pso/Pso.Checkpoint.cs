// PSO: checkpoints (save the complete state after an iteration, restore it into another instance) and resuming.
using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GenOpt;

public sealed partial class Pso<TObjective> : ICheckpointState
{
    /// <summary>The thread of a run paused at its progress report (0 otherwise): there <see cref="SaveCheckpoint()"/> may read the state.</summary>
    private int _reportingThread;

    /// <summary>
    /// Saves the optimizer's complete state — positions, velocities, personal and neighbourhood bests, the random topology's links, counters,
    /// best point and every particle's random stream — as a
    /// versioned, checksummed checkpoint. <see cref="RestoreCheckpoint(ReadOnlySpan{byte})"/> puts it into another
    /// instance (in another process too), which then continues with exactly the bits this one would have produced.
    /// </summary>
    /// <remarks>
    /// <para>Call it between iterations: after <see cref="Initialize(Bounds)"/> or <see cref="Tell"/>, or from the progress
    /// callback or observer of a running Minimize, MinimizeAsync, Resume or ResumeAsync (the run is paused there). Between
    /// <see cref="Ask"/> and <see cref="Tell"/> works too: the checkpoint then holds the particles waiting for values.</para>
    /// <para>Not saved: the objective (a stateful objective's data is the caller's), <see cref="ResultBuffer"/> and the run's
    /// clock (after a restore, <see cref="OptimizationResult.Elapsed"/> counts from the restore).</para>
    /// <para>Format: magic "GOCP", format version, optimizer kind, dimension and a fingerprint of the options (all but
    /// <see cref="PsoOptions.Seed"/> and <see cref="PsoOptions.Threads"/>, which do not change the run once it started),
    /// then the state as little-endian fields, then an FNV-1a 64 checksum. No reflection: NativeAOT-clean.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">Not initialized, or another call on this instance is running (other than a run paused at its report on this thread).</exception>
    public byte[] SaveCheckpoint()
    {
        bool entered = ReentrancyGuard.EnterUnlessReporting(ref _busy, _reportingThread, "Pso", nameof(SaveCheckpoint));
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
    /// <remarks>The instance must have been made with the same options (<see cref="PsoOptions.Seed"/> and
    /// <see cref="PsoOptions.Threads"/> may differ) for an objective of the same dimension. The checkpoint is checked
    /// completely (length, checksum, version, kind, dimension, options) before anything changes; should the state itself
    /// then not fit, the instance is left uninitialized.</remarks>
    /// <exception cref="InvalidDataException">The checkpoint is truncated or corrupt, of another format version, or was
    /// saved by another optimizer, for another dimension or with other options; the message says which.</exception>
    /// <exception cref="InvalidOperationException">Another call on this instance is running.</exception>
    public void RestoreCheckpoint(ReadOnlySpan<byte> checkpoint)
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "Pso", nameof(RestoreCheckpoint));
        Checkpoint.Restore(this, checkpoint);
    }

    /// <summary>Reads one checkpoint from <paramref name="source"/> (and no more) and restores it as <see cref="RestoreCheckpoint(ReadOnlySpan{byte})"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="InvalidDataException">As <see cref="RestoreCheckpoint(ReadOnlySpan{byte})"/>, or the stream ends early.</exception>
    /// <exception cref="InvalidOperationException">Another call on this instance is running.</exception>
    public void RestoreCheckpoint(Stream source) => RestoreCheckpoint(Checkpoint.Read(source));

    /// <summary>
    /// Continues the current run (after <see cref="RestoreCheckpoint(ReadOnlySpan{byte})"/>, or an ask/tell run left
    /// between iterations) with Minimize's loop on <see cref="Objective"/>, until it stops; the same bits as the
    /// uninterrupted Minimize.
    /// </summary>
    /// <exception cref="InvalidOperationException">No run to continue (not initialized, or it has stopped), or another call on this instance is running.</exception>
    public OptimizationResult Resume(CancellationToken cancellationToken = default)
    {
        NullObserver observer = default;
        return Resume(ref observer, cancellationToken);
    }

    /// <summary>As <see cref="Resume(CancellationToken)"/>, calling <paramref name="progress"/> once per iteration.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="progress"/> is null.</exception>
    /// <exception cref="InvalidOperationException">As <see cref="Resume(CancellationToken)"/>.</exception>
    public OptimizationResult Resume(Action<IterationInfo> progress, CancellationToken cancellationToken = default)
    {
        var observer = new ProgressObserver(progress);
        return Resume(ref observer, cancellationToken);
    }

    /// <summary>As <see cref="Resume(CancellationToken)"/>, calling <paramref name="observer"/> after every iteration.</summary>
    /// <exception cref="InvalidOperationException">As <see cref="Resume(CancellationToken)"/>.</exception>
    public OptimizationResult Resume<TObserver>(ref TObserver observer, CancellationToken cancellationToken = default)
        where TObserver : struct, IOptimizationObserver
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "Pso", nameof(Resume));
        return PopulationDriver.Resume(this, ref observer, cancellationToken);
    }

    /// <summary>
    /// Continues the current run (see <see cref="Resume(CancellationToken)"/>) as the batch form of MinimizeAsync does,
    /// evaluating each population with <paramref name="evaluateBatch"/>; the same bits as the uninterrupted run.
    /// Cancellation, errors and the result are as for MinimizeAsync; <paramref name="progress"/> (if any) is called after every iteration.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="evaluateBatch"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No run to continue, or another call on this instance is running.</exception>
    public Task<OptimizationResult> ResumeAsync(Func<Population, Memory<double>, CancellationToken, ValueTask> evaluateBatch,
        Action<IterationInfo>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluateBatch);
        return AsyncPopulationRun.Resume(this, null, evaluateBatch, progress, cancellationToken);
    }

    /// <summary>As the batch form, evaluating each particle with <paramref name="evaluate"/> (see MinimizeAsync).</summary>
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
        ObjectDisposedException.ThrowIf(_disposed && _threadCount > 1, this);
        _pool?.CopyObjective(in _objective);
    }

    void IPopulationMethod.Reporting(bool paused) => Volatile.Write(ref _reportingThread, paused ? Environment.CurrentManagedThreadId : 0);

    OptimizerKind ICheckpointState.Kind => OptimizerKind.Pso;

    int ICheckpointState.Dimension => N;

    bool ICheckpointState.Initialized
    {
        get => _initialized;
        set => _initialized = value;
    }

    void ICheckpointState.StartClock() => _clock = RunClock.Start();

    ulong ICheckpointState.OptionsFingerprint()
    {
        PsoOptions o = _options;
        var w = new CheckpointWriter();
        w.Write(o.SwarmSize);
        w.Write(o.W);
        w.Write(o.C1);
        w.Write(o.C2);
        w.Write((int)o.InertiaSchedule);
        w.Write(o.WMax);
        w.Write(o.WMin);
        w.Write((int)o.Topology);
        w.Write(o.RingRadius);
        w.Write(o.RandomInformants);
        w.Write((int)o.Boundary);
        w.Write(o.VelocityClamp);
        w.Write(o.MaxIterations);
        w.Write(o.MaxEvaluations);
        w.Write(o.TargetValue);
        w.Write(o.FTol);
        w.Write(o.FTolIterations);
        return w.Fingerprint();
    }

    /// <summary>
    /// The state, field by field, in checkpoint order: saving writes these fields, restoring reads them back (see
    /// <see cref="CheckpointCursor"/>). A new field is added here once, for both directions (and the format version raised).
    /// </summary>
    void ICheckpointState.Visit(ref CheckpointCursor c)
    {
        ulong seed = Seed;
        c.Field(ref seed);
        Seed = seed;
        for (int i = 0; i < _streams.Length; i++)
            c.Field(ref _streams[i]);
        c.Field(ref _topologyRandom);
        c.Field(_position, "positions");
        c.Field(_velocity, "velocities");
        c.Field(_personalBest, "personal bests");
        c.Field(_personalBestValue, "personal best values");
        c.Field(_values, "values");
        c.Field(_neighbourhoodBest, _swarmSize, "neighbourhood bests");
        c.Field(_links, _swarmSize, "random topology links");
        c.Field(_lower, "lower bounds");
        c.Field(_upper, "upper bounds");
        c.Field(_width, "box widths");
        if (c.IsRestoring)
        {
            Checkpoint.EnsureBox(_lower, _upper, finite: true);
            for (int i = 0; i < _width.Length; i++)
                if (_width[i] != _upper[i] - _lower[i])
                    throw new InvalidDataException($"The checkpoint's box width of coordinate {i} is {_width[i]}, not upper - lower = {_upper[i] - _lower[i]}.");
        }
        c.Field(_maxVelocity, "velocity limits");
        c.Field(_best, "best point");
        c.Field(ref _bestValue);
        c.Field(ref _iterationBestValue);
        c.Field(ref _rmsVelocity);
        c.Field(ref _evaluations);
        c.Field(ref _iterations);
        c.Field(ref _nonFinite);
        c.Field(ref _stalledIterations);
        c.Field(ref _horizon);
        c.Field(ref _status);
        c.Field(ref _askedCount, 0, _swarmSize, "particles asked for");
    }
}
