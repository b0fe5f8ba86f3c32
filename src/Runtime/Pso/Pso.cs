// Particle swarm: construction, Minimize, ask/tell and initialization.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace GenOpt;

/// <summary>
/// Particle swarm optimization (Kennedy &amp; Eberhart, 1995) with inertia weight (Shi &amp; Eberhart, 1998) and
/// constriction defaults (Clerc &amp; Kennedy, 2002), global, ring, von Neumann and SPSO 2011 random topologies,
/// and pyswarms' boundary strategies.
/// </summary>
/// <remarks>
/// <para>Each iteration evaluates the whole swarm, updates the personal bests and the neighbourhood bests, then
/// moves every particle i coordinate by coordinate:
/// <c>v = w v + c1 r1 (p_i - x) + c2 r2 (g_i - x)</c>, <c>v</c> clamped to <c>±VelocityClamp (upper - lower)</c>,
/// <c>x += v</c>, and the boundary strategy brings <c>x</c> back into the box. r1 and r2 are uniform in [0, 1),
/// drawn afresh per particle and coordinate (both from one 64-bit draw, 32 bits each).</para>
/// <para>Bounds are required and must be finite, with a finite width <c>upper - lower</c>: positions start uniform in
/// the box and velocities uniform in <c>[lower - x, upper - x]</c> (SPSO 2011), then clamped. Every evaluated point lies
/// in the box and is finite, also on boxes as wide as the largest double: a velocity update or step that overflows is
/// redone in scaled arithmetic, and reflection and wrapping fold in a scaled box when <c>2 (upper - lower)</c> would
/// overflow (velocities then saturate at ±double.MaxValue).</para>
/// <para>Determinism: particle i draws all its random numbers from its own stream
/// <c>RandomSource.ForStream(Seed, i)</c> and the random topology from a separate stream, so a run depends only on
/// the seed and the options — not on the order in which particles are evaluated nor on <see cref="PsoOptions.Threads"/>.
/// <see cref="Initialize(Bounds)"/> re-seeds every stream, so repeated runs repeat exactly.</para>
/// <para>Threads: with T = min(<see cref="PsoOptions.Threads"/>, swarm size) &gt; 1 the constructor starts T - 1
/// background worker threads; each iteration of <c>Minimize</c> splits the swarm into T fixed
/// contiguous slices, the calling thread evaluates the first one on <see cref="Objective"/> itself and worker k
/// evaluates slice k on its own copy of the <typeparamref name="TObjective"/> struct, taken when Minimize starts
/// (changes a stateful objective makes to a copy are not seen by the others and are discarded). The objective must
/// therefore be safe to evaluate concurrently on copies (read-only data shared through references is fine).
/// Dispatch uses pre-allocated semaphores and allocates nothing. Call <see cref="Dispose"/> to stop the workers.
/// <see cref="Ask"/>/<see cref="Tell"/> never use the workers.</para>
/// <para>The whole workspace is allocated in the constructor: <c>3 S n + 5 n + 2 S</c> doubles (positions, velocities,
/// personal bests; bounds, widths, velocity limits, best point; values), <c>S</c> ints of neighbourhood bests plus
/// <c>S K</c> for the random topology's links, and S random streams (S = swarm size, n = dimension,
/// K = <see cref="PsoOptions.RandomInformants"/>). Ask and Tell allocate nothing; Minimize allocates only its result's
/// point (nothing with a <see cref="ResultBuffer"/>). Minimize is exactly the loop Initialize, Ask, evaluation, Tell
/// until the run stops, so a hand-written ask/tell loop gives the same bits.</para>
/// <para>Non-finite objective values (NaN, ±infinity) never become a personal or global best; they are counted in
/// <see cref="OptimizationResult.NonFiniteEvaluations"/>.</para>
/// <para><b>Thread safety.</b> An instance is not thread-safe: it runs one call (Minimize, MinimizeAsync, Initialize, Ask, Tell, Dispose) at a time. A call that
/// overlaps a running one — from another thread, or from the running call's own objective or observer — throws
/// <see cref="InvalidOperationException"/> before it changes anything, so the running call is not disturbed (an
/// exception the objective or observer does not catch ends the outer call like any exception it throws, and the
/// instance is free again). Calls one after the other may come from different threads. Distinct instances may run
/// concurrently: use one instance per thread. The worker threads of <see cref="PsoOptions.Threads"/> are
/// internal to one Minimize and are not such calls; <see cref="Dispose"/> during a running call throws.</para>
/// </remarks>
/// <typeparam name="TObjective">The objective; its <see cref="IObjective.Dimension"/> fixes n.</typeparam>
public sealed partial class Pso<TObjective> : IPopulationMethod, IDisposable where TObjective : struct, IObjective
{
    private static int N => TObjective.Dimension;

    /// <summary>Iterations after which a run that has found no finite value gives up.</summary>
    private const int MaxNonFiniteIterations = 20;

    /// <summary>Stream index of the random topology's generator (particles use 0 .. S-1).</summary>
    private const ulong TopologyStream = ulong.MaxValue;

    private TObjective _objective;
    private readonly PsoOptions _options;
    private readonly int _swarmSize;
    private readonly int _informants;

    // ---- Swarm (row-major, S x n) ---------------------------------------------------------------
    private readonly double[] _position;
    private readonly double[] _velocity;
    private readonly double[] _personalBest;
    private readonly double[] _personalBestValue;
    private readonly double[] _values;
    private readonly int[] _neighbourhoodBest;
    private readonly int[] _links;                // random topology: particle i informs _links[i*K .. i*K+K-1]
    private readonly RandomSource[] _streams;
    private RandomSource _topologyRandom;
    private readonly int _gridColumns;            // von Neumann grid

    // ---- Problem --------------------------------------------------------------------------------
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly double[] _width;
    private readonly double[] _maxVelocity;

    // ---- Results and state ----------------------------------------------------------------------
    private readonly double[] _best;
    private double _bestValue;
    private double _iterationBestValue;
    private double _rmsVelocity;
    private long _evaluations;
    private long _iterations;
    private long _nonFinite;
    private int _stalledIterations;
    private long _horizon;
    private TerminationReason _status;
    private bool _initialized;
    private int _askedCount;                      // particles handed out by Ask (0 = none waiting)

    // ---- Workers (Threads > 1) ---------------------------------------------------------------------
    private readonly int _threadCount;
    private readonly EvaluationPool<TObjective>? _pool;
    /// <summary>The one-thread evaluation: <see cref="IBatchObjective.ValueBatch"/> or Value per particle (see <see cref="PsoOptions.UseBatch"/>).</summary>
    private readonly RowEvaluator<TObjective> _rows;
    private bool _disposed;
    /// <summary>0, or the id of the thread whose call (Minimize, Initialize, Ask, Tell, Dispose) is running: see <see cref="ReentrancyGuard"/>.</summary>
    private int _busy;
    /// <summary>Started by Initialize (and so by Minimize): the result's <see cref="OptimizationResult.Elapsed"/>.</summary>
    private RunClock _clock;
    private Memory<double> _resultBuffer;

    /// <summary>Creates the optimizer for a stateless objective (<c>default(TObjective)</c>).</summary>
    /// <exception cref="ArgumentException"><typeparamref name="TObjective"/> <see cref="IObjective.RequiresInstance">requires an instance</see> (an instance
    /// <see cref="ObjectiveAttribute"/> method's generated type): use the constructor that takes the objective.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Pso(PsoOptions? options = null) : this(InstanceObjective.DefaultOrThrow<TObjective>("Pso", nameof(TObjective)), options)
    {
    }

    /// <summary>Creates the optimizer for <paramref name="objective"/>, allocates its whole workspace and starts the worker threads (if <see cref="PsoOptions.Threads"/> &gt; 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Pso(TObjective objective, PsoOptions? options = null)
    {
        int n = N;
        if (n < 1)
            throw new ArgumentException($"{typeof(TObjective).Name}.Dimension must be at least 1 but is {n}.", nameof(objective));
        _options = options ?? new PsoOptions();
        _options.Validate();
        int s = _options.SwarmSize;
        if ((long)s * n > 1 << 26)
            throw new ArgumentOutOfRangeException(nameof(PsoOptions.SwarmSize), s, $"SwarmSize ({s}) times the dimension ({n}) is too large for the workspace (more than 2^26 doubles per array).");
        _objective = objective;
        Seed = _options.Seed ?? (ulong)System.Random.Shared.NextInt64();
        _swarmSize = s;
        _informants = _options.RandomInformants;

        _position = new double[s * n];
        _velocity = new double[s * n];
        _personalBest = new double[s * n];
        _personalBestValue = new double[s];
        _values = new double[s];
        _neighbourhoodBest = new int[s];
        _links = new int[_options.Topology == PsoTopology.Random ? s * _informants : 0];
        _streams = new RandomSource[s];
        _gridColumns = s / GridRows(s);
        _lower = new double[n];
        _upper = new double[n];
        _width = new double[n];
        _maxVelocity = new double[n];
        _best = new double[n];
        _bestValue = double.PositiveInfinity;

        _threadCount = Math.Min(_options.Threads, s);
        if (_threadCount > 1)
            _pool = new EvaluationPool<TObjective>(_threadCount, "GenOpt PSO worker", _options.UseBatch);
        else
            _rows = RowEvaluator<TObjective>.Create(_options.UseBatch);
    }

    /// <summary>The seed in use (drawn at construction when <see cref="PsoOptions.Seed"/> is null).</summary>
    public ulong Seed { get; private set; }

    /// <summary>The options in use.</summary>
    public PsoOptions Options => _options;

    /// <summary>The objective instance, by reference (for objectives that carry data).</summary>
    public ref TObjective Objective => ref _objective;

    /// <summary>Number of particles.</summary>
    public int SwarmSize => _swarmSize;

    /// <summary>Why the optimizer stopped, or <see cref="TerminationReason.None"/> while it runs.</summary>
    public TerminationReason Status => _status;

    /// <summary>Best point found so far (a view of the workspace; valid until the next run).</summary>
    public ReadOnlySpan<double> BestPoint => _best;

    /// <summary>Best value found so far (+infinity before any finite value).</summary>
    public double BestValue => _bestValue;

    /// <summary>
    /// Where results put their <see cref="OptimizationResult.Point"/>: empty (the default) gives every result a fresh
    /// array of n doubles (one allocation per run; the result owns it). A buffer of at least n doubles makes results
    /// views of its first n entries instead: nothing is allocated, and the next run (or <see cref="Result"/>)
    /// overwrites the point of the previous result.
    /// </summary>
    /// <exception cref="ArgumentException">The buffer is not empty and shorter than n.</exception>
    public Memory<double> ResultBuffer
    {
        get => _resultBuffer;
        set => _resultBuffer = ResultStorage.CheckBuffer(value, N, "Pso");
    }

    /// <summary>
    /// The result so far (best point and value, counts, status; <see cref="OptimizationResult.Elapsed"/> is the time
    /// since the run was initialized, zero before). Its point is copied now (see <see cref="ResultBuffer"/>).
    /// </summary>
    public OptimizationResult Result =>
        new(ResultStorage.Keep(_best, _resultBuffer), _bestValue, _evaluations, _iterations, _status, 0, _nonFinite)
        {
            Optimizer = OptimizerKind.Pso,
            Elapsed = _initialized ? _clock.Elapsed : TimeSpan.Zero,
        };

    // ==== Minimize ==================================================================================
    // Each overload is Initialize, then Ask, evaluation and Tell until a stopping criterion ends the run, then Result
    // (PopulationDriver); the observer is called after every Tell.

    /// <summary>Minimizes the objective in <paramref name="bounds"/>, starting from a swarm drawn uniformly in the box.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or do not match the objective's dimension.</exception>
    public OptimizationResult Minimize(Bounds bounds, CancellationToken cancellationToken = default)
    {
        NullObserver observer = default;
        return Run(default, false, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective in <paramref name="bounds"/> from a swarm drawn uniformly in the box, calling
    /// <paramref name="progress"/> once per iteration on this thread. Pass <c>progress.Report</c> for an
    /// <see cref="IProgress{IterationInfo}"/>, or <see cref="OptimizationHistory.Record"/> to record the convergence curve.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> or <paramref name="progress"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or do not match the objective's dimension.</exception>
    public OptimizationResult Minimize(Bounds bounds, Action<IterationInfo> progress, CancellationToken cancellationToken = default)
    {
        var observer = new ProgressObserver(progress);
        return Run(default, false, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective in <paramref name="bounds"/> from a swarm drawn uniformly in the box, calling
    /// <paramref name="observer"/> after every iteration (it may stop the run by returning false).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or do not match the objective's dimension.</exception>
    public OptimizationResult Minimize<TObserver>(Bounds bounds, ref TObserver observer, CancellationToken cancellationToken = default)
        where TObserver : struct, IOptimizationObserver
        => Run(default, false, bounds, ref observer, cancellationToken);

    /// <summary>Minimizes the objective in <paramref name="bounds"/>; particle 0 starts at <paramref name="x0"/>, the others uniformly in the box.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or have the wrong dimension, or <paramref name="x0"/> has the wrong length, is not finite, or lies outside the bounds.</exception>
    public OptimizationResult Minimize(ReadOnlySpan<double> x0, Bounds bounds, CancellationToken cancellationToken = default)
    {
        NullObserver observer = default;
        return Run(x0, true, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective in <paramref name="bounds"/> with particle 0 at <paramref name="x0"/>, calling
    /// <paramref name="progress"/> once per iteration on this thread (see <see cref="Minimize(Bounds, Action{IterationInfo}, CancellationToken)"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> or <paramref name="progress"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or have the wrong dimension, or <paramref name="x0"/> has the wrong length, is not finite, or lies outside the bounds.</exception>
    public OptimizationResult Minimize(ReadOnlySpan<double> x0, Bounds bounds, Action<IterationInfo> progress, CancellationToken cancellationToken = default)
    {
        var observer = new ProgressObserver(progress);
        return Run(x0, true, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective in <paramref name="bounds"/> with particle 0 at <paramref name="x0"/>, calling
    /// <paramref name="observer"/> after every iteration (it may stop the run by returning false).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or have the wrong dimension, or <paramref name="x0"/> has the wrong length, is not finite, or lies outside the bounds.</exception>
    public OptimizationResult Minimize<TObserver>(ReadOnlySpan<double> x0, Bounds bounds, ref TObserver observer, CancellationToken cancellationToken = default)
        where TObserver : struct, IOptimizationObserver
        => Run(x0, true, bounds, ref observer, cancellationToken);

    private OptimizationResult Run<TObserver>(ReadOnlySpan<double> x0, bool hasX0, Bounds bounds, ref TObserver observer, CancellationToken cancellationToken)
        where TObserver : struct, IOptimizationObserver
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "Pso", nameof(Minimize));
        return PopulationDriver.Minimize(this, x0, hasX0, bounds, ref observer, cancellationToken);
    }

    // ---- The ask/tell interface PopulationDriver runs ----------------------------------------------

    void IPopulationMethod.Start(ReadOnlySpan<double> x0, bool hasX0, Bounds? bounds)
    {
        ObjectDisposedException.ThrowIf(_disposed && _threadCount > 1, this);
        InitializeCore(bounds!, x0, hasX0);
        _pool?.CopyObjective(in _objective);
    }

    void IPopulationMethod.Stop(TerminationReason reason) => _status = reason;

    Population IPopulationMethod.AskCore() => AskCore();

    TerminationReason IPopulationMethod.TellCore(ReadOnlySpan<double> values) => TellCore(values);

    IterationInfo IPopulationMethod.Progress => new(_iterations, _evaluations, _bestValue, _iterationBestValue, _rmsVelocity, 0);

    ReadOnlySpan<double> IPopulationMethod.EvaluatePopulation(Population population) => EvaluatePopulation(population.Count);

    /// <summary>
    /// Evaluates the first <paramref name="count"/> particles into <see cref="_values"/> (on the worker threads too when
    /// <see cref="PsoOptions.Threads"/> &gt; 1; each thread's particles in one <see cref="IBatchObjective.ValueBatch"/> call
    /// when the objective has it and <see cref="PsoOptions.UseBatch"/> is on) and returns those values.
    /// </summary>
    private Span<double> EvaluatePopulation(int count)
    {
        if (_pool is not null)
            _pool.Evaluate(ref _objective, new Population(_position, count, N), _values);
        else
            _rows.Evaluate(ref _objective, _position.AsSpan(0, count * N), _values.AsSpan(0, count));
        return _values.AsSpan(0, count);
    }

    /// <summary>Stops the worker threads (if any). The optimizer's Ask/Tell interface and MinimizeAsync keep working; Minimize with Threads &gt; 1 throws.</summary>
    public void Dispose()
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "Pso", nameof(Dispose));
        if (_disposed)
            return;
        _disposed = true;
        _pool?.Dispose();
    }

    // ==== Ask / Tell ================================================================================

    /// <summary>
    /// Starts a new optimization in <paramref name="bounds"/> for use with <see cref="Ask"/>/<see cref="Tell"/>: resets
    /// all state and counters and re-seeds every random stream with <see cref="Seed"/>, so every run repeats exactly.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or do not match the objective's dimension.</exception>
    public void Initialize(Bounds bounds)
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "Pso", nameof(Initialize));
        InitializeCore(bounds, default, false);
    }

    /// <summary>As <see cref="Initialize(Bounds)"/>, with particle 0 starting at <paramref name="x0"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or do not match the objective's dimension, or <paramref name="x0"/> has the wrong length, is not finite, or lies outside the bounds.</exception>
    public void Initialize(ReadOnlySpan<double> x0, Bounds bounds)
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "Pso", nameof(Initialize));
        InitializeCore(bounds, x0, true);
    }

    /// <summary>
    /// The particles to evaluate next (normally the whole swarm; fewer on the last iteration when
    /// <see cref="PsoOptions.MaxEvaluations"/> leaves fewer evaluations). Calling it again before <see cref="Tell"/>
    /// returns the same points.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not initialized, the optimizer has stopped, or another call on this instance is running.</exception>
    public Population Ask()
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "Pso", nameof(Ask));
        return AskCore();
    }

    private Population AskCore()
    {
        if (!_initialized)
            throw new InvalidOperationException("Call Initialize(bounds) (or Minimize) before Ask().");
        if (_status != TerminationReason.None)
            throw new InvalidOperationException($"The optimizer has stopped ({_status}); call Initialize to start again.");
        _askedCount = (int)Math.Min(_swarmSize, _options.EvaluationBudget - _evaluations);
        return new Population(_position, _askedCount, N);
    }

    /// <summary>
    /// Takes the objective values of the particles of the last <see cref="Ask"/> (same order), updates the personal,
    /// neighbourhood and global bests and, unless a stopping criterion is met, moves the swarm. Returns
    /// <see cref="TerminationReason.None"/> while the optimization goes on, otherwise why it stopped.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not have one value per particle asked for.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Ask"/> was not called first, or another call on this instance is running.</exception>
    public TerminationReason Tell(ReadOnlySpan<double> values)
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "Pso", nameof(Tell));
        return TellCore(values);
    }

    private TerminationReason TellCore(ReadOnlySpan<double> values)
    {
        int count = _askedCount;
        if (count == 0)
            throw new InvalidOperationException("Tell() must follow Ask(): there are no particles waiting for values.");
        if (values.Length != count)
            throw new ArgumentException($"Expected {count} values (one per particle) but got {values.Length}.", nameof(values));
        _askedCount = 0;

        int n = N;
        double iterationBest = double.PositiveInfinity;
        int finite = 0;
        for (int i = 0; i < count; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
                continue;
            finite++;
            if (v < iterationBest)
                iterationBest = v;
            if (v < _personalBestValue[i])
            {
                _personalBestValue[i] = v;
                _position.AsSpan(i * n, n).CopyTo(_personalBest.AsSpan(i * n, n));
            }
        }
        _nonFinite += count - finite;
        _evaluations += count;
        _iterations++;
        _iterationBestValue = iterationBest;

        // Global best: the best personal best (first index on ties).
        double previousBest = _bestValue;
        int bestIndex = 0;
        ReadOnlySpan<double> pbv = _personalBestValue;
        for (int i = 1; i < pbv.Length; i++)
            if (pbv[i] < pbv[bestIndex])
                bestIndex = i;
        bool improved = pbv[bestIndex] < _bestValue;
        if (improved)
        {
            _bestValue = pbv[bestIndex];
            _personalBest.AsSpan(bestIndex * n, n).CopyTo(_best);
        }

        // pyswarms' ftol: relative change of the best value below FTol for FTolIterations consecutive iterations.
        if (Math.Abs(_bestValue - previousBest) < _options.FTol * (1 + Math.Abs(previousBest)))
            _stalledIterations++;
        else
            _stalledIterations = 0;

        TerminationReason reason = CheckTermination();
        if (reason != TerminationReason.None)
            return _status = reason;

        if (_options.Topology == PsoTopology.Random && !improved)
            DrawRandomLinks();
        UpdateNeighbourhoodBests(bestIndex);
        Move(Inertia());
        return TerminationReason.None;
    }

    private TerminationReason CheckTermination()
    {
        if (_bestValue <= _options.TargetValue)
            return TerminationReason.TargetReached;
        if (_evaluations >= _options.EvaluationBudget)
            return TerminationReason.MaxEvaluations;
        if (_iterations >= _options.IterationLimit)
            return TerminationReason.MaxIterations;
        if (_stalledIterations >= _options.FTolIterations)
            return TerminationReason.FunctionTolerance;
        if (double.IsPositiveInfinity(_bestValue) && _iterations >= MaxNonFiniteIterations)
            return TerminationReason.ObjectiveNotFinite;
        return TerminationReason.None;
    }

    /// <summary>Inertia weight of the next move (internal for tests).</summary>
    internal double Inertia()
    {
        if (_options.InertiaSchedule == PsoInertiaSchedule.Constant)
            return _options.W;
        long t = _iterations - 1; // 0-based index of the iteration just evaluated
        double fraction = Math.Max(0.0, (_horizon - t) / (double)_horizon);
        return _options.WMin + (_options.WMax - _options.WMin) * fraction;
    }

    // ==== Initialization ============================================================================

    private void InitializeCore(Bounds bounds, ReadOnlySpan<double> x0, bool hasX0)
    {
        _clock = RunClock.Start();
        ArgumentNullException.ThrowIfNull(bounds);
        int n = N;
        bounds.EnsureDimension(n);
        ReadOnlySpan<double> lo = bounds.Lower, hi = bounds.Upper;
        for (int d = 0; d < n; d++)
        {
            if (!double.IsFinite(lo[d]) || !double.IsFinite(hi[d]) || !double.IsFinite(hi[d] - lo[d]))
                throw new ArgumentException($"PSO needs finite bounds whose width upper - lower is finite too: coordinate {d} has [{lo[d]}, {hi[d]}].", nameof(bounds));
        }
        if (hasX0)
            StartingPoint.EnsureValid(x0, n, bounds);
        for (int d = 0; d < n; d++)
        {
            _lower[d] = lo[d];
            _upper[d] = hi[d];
            _width[d] = hi[d] - lo[d];
            _maxVelocity[d] = double.IsPositiveInfinity(_options.VelocityClamp) ? double.PositiveInfinity : _options.VelocityClamp * _width[d];
        }

        int s = _swarmSize;
        for (int i = 0; i < s; i++)
        {
            ref RandomSource rng = ref _streams[i];
            rng = RandomSource.ForStream(Seed, (ulong)i);
            Span<double> x = _position.AsSpan(i * n, n);
            Span<double> v = _velocity.AsSpan(i * n, n);
            for (int d = 0; d < n; d++)
                x[d] = Math.Min(_lower[d] + _width[d] * rng.NextDouble(), _upper[d]);
            if (i == 0 && hasX0)
                x0.CopyTo(x);
            // SPSO 2011: v ~ U(lower - x, upper - x), then clamped.
            for (int d = 0; d < n; d++)
                v[d] = Math.Clamp(_lower[d] - x[d] + _width[d] * rng.NextDouble(), -_maxVelocity[d], _maxVelocity[d]);
            x.CopyTo(_personalBest.AsSpan(i * n, n));
            _personalBestValue[i] = double.PositiveInfinity;
        }
        _topologyRandom = RandomSource.ForStream(Seed, TopologyStream);
        if (_options.Topology == PsoTopology.Random)
            DrawRandomLinks();

        _best.AsSpan().Clear();
        _position.AsSpan(0, n).CopyTo(_best);
        _bestValue = double.PositiveInfinity;
        _iterationBestValue = double.PositiveInfinity;
        _rmsVelocity = 0;
        _evaluations = 0;
        _iterations = 0;
        _nonFinite = 0;
        _stalledIterations = 0;
        long budget = _options.EvaluationBudget;
        long byEvaluations = budget / s + (budget % s == 0 ? 0 : 1);
        _horizon = Math.Max(1, Math.Min(_options.IterationLimit, byEvaluations));
        _status = TerminationReason.None;
        _askedCount = 0;
        _initialized = true;
    }
}
