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
            _pool = new EvaluationPool<TObjective>(_threadCount, "GenOpt PSO worker");
    }

    /// <summary>The seed in use (drawn at construction when <see cref="PsoOptions.Seed"/> is null).</summary>
    public ulong Seed { get; }

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
    /// <see cref="PsoOptions.Threads"/> &gt; 1) and returns those values.
    /// </summary>
    private Span<double> EvaluatePopulation(int count)
    {
        if (_pool is not null)
        {
            _pool.Evaluate(ref _objective, new Population(_position, count, N), _values);
            return _values.AsSpan(0, count);
        }
        int n = N;
        ReadOnlySpan<double> points = _position;
        Span<double> values = _values;
        for (int i = 0; i < count; i++)
            values[i] = _objective.Value(points.Slice(i * n, n));
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

    // ==== Topologies ================================================================================

    /// <summary>Rows of the von Neumann grid: the largest divisor of <paramref name="s"/> not above sqrt(s).</summary>
    internal static int GridRows(int s)
    {
        int rows = (int)Math.Sqrt(s);
        while (rows > 1 && s % rows != 0)
            rows--;
        return Math.Max(rows, 1);
    }

    /// <summary>SPSO 2011: each particle informs K particles drawn uniformly with repetition (and always itself).</summary>
    private void DrawRandomLinks()
    {
        Span<int> links = _links;
        for (int k = 0; k < links.Length; k++)
            links[k] = _topologyRandom.NextInt(_swarmSize);
    }

    /// <summary>Sets, for each particle, the index of the best personal best among the particles that inform it.</summary>
    private void UpdateNeighbourhoodBests(int globalBest)
    {
        int s = _swarmSize;
        Span<int> nb = _neighbourhoodBest;
        ReadOnlySpan<double> f = _personalBestValue;
        switch (_options.Topology)
        {
            case PsoTopology.Global:
                nb.Fill(globalBest);
                break;
            case PsoTopology.Ring:
            {
                int r = Math.Min(_options.RingRadius, s / 2);
                for (int i = 0; i < s; i++)
                {
                    int best = i;
                    for (int o = -r; o <= r; o++)
                    {
                        int j = ((i + o) % s + s) % s;
                        if (f[j] < f[best])
                            best = j;
                    }
                    nb[i] = best;
                }
                break;
            }
            case PsoTopology.VonNeumann:
            {
                int cols = _gridColumns, rows = s / cols;
                for (int i = 0; i < s; i++)
                {
                    int row = i / cols, col = i % cols;
                    int best = i;
                    best = Better(f, best, ((row + rows - 1) % rows) * cols + col);
                    best = Better(f, best, ((row + 1) % rows) * cols + col);
                    best = Better(f, best, row * cols + (col + cols - 1) % cols);
                    best = Better(f, best, row * cols + (col + 1) % cols);
                    nb[i] = best;
                }
                break;
            }
            case PsoTopology.Random:
            {
                for (int j = 0; j < s; j++)
                    nb[j] = j;
                int k = _informants;
                ReadOnlySpan<int> links = _links;
                for (int i = 0; i < s; i++)
                    for (int m = 0; m < k; m++)
                    {
                        int j = links[i * k + m];
                        if (f[i] < f[nb[j]])
                            nb[j] = i;
                    }
                break;
            }
        }
    }

    private static int Better(ReadOnlySpan<double> f, int current, int candidate) => f[candidate] < f[current] ? candidate : current;

    /// <summary>The indices of the particles that inform particle <paramref name="i"/> (itself included), for tests.</summary>
    internal int Neighbours(int i, Span<int> destination)
    {
        int s = _swarmSize, count = 0;
        switch (_options.Topology)
        {
            case PsoTopology.Global:
                for (int j = 0; j < s; j++) destination[count++] = j;
                break;
            case PsoTopology.Ring:
            {
                int r = Math.Min(_options.RingRadius, s / 2);
                for (int o = -r; o <= r; o++) AddDistinct(destination, ref count, ((i + o) % s + s) % s);
                break;
            }
            case PsoTopology.VonNeumann:
            {
                int cols = _gridColumns, rows = s / cols, row = i / cols, col = i % cols;
                AddDistinct(destination, ref count, i);
                AddDistinct(destination, ref count, ((row + rows - 1) % rows) * cols + col);
                AddDistinct(destination, ref count, ((row + 1) % rows) * cols + col);
                AddDistinct(destination, ref count, row * cols + (col + cols - 1) % cols);
                AddDistinct(destination, ref count, row * cols + (col + 1) % cols);
                break;
            }
            case PsoTopology.Random:
                AddDistinct(destination, ref count, i);
                for (int j = 0; j < s; j++)
                    for (int m = 0; m < _informants; m++)
                        if (_links[j * _informants + m] == i)
                            AddDistinct(destination, ref count, j);
                break;
        }
        return count;
    }

    private static void AddDistinct(Span<int> destination, ref int count, int j)
    {
        if (!destination[..count].Contains(j))
            destination[count++] = j;
    }

    /// <summary>The neighbourhood best currently attracting particle <paramref name="i"/>, for tests.</summary>
    internal int NeighbourhoodBest(int i) => _neighbourhoodBest[i];

    // ==== Move ======================================================================================

    /// <summary>
    /// Velocity and position update of every particle, from the particle's own random stream. Coordinate d of a particle
    /// uses the d-th 64-bit draw of its stream: r1 and r2 get 32 random bits each, placed at the top of the mantissa of a
    /// double in [1, 2) (then minus 1). Blocks of four coordinates go through Vector256 when the hardware has it; the
    /// operations are the same, in the same order, as in the scalar loop, so both give the same bits.
    /// </summary>
    private void Move(double w)
    {
        int n = N, s = _swarmSize;
        double c1 = _options.C1, c2 = _options.C2;
        bool clamp = !double.IsPositiveInfinity(_options.VelocityClamp);
        int vectorEnd = Vector256.IsHardwareAccelerated ? n & ~3 : 0;
        ref double lower = ref MemoryMarshal.GetArrayDataReference(_lower);
        ref double upper = ref MemoryMarshal.GetArrayDataReference(_upper);
        ref double vmax = ref MemoryMarshal.GetArrayDataReference(_maxVelocity);
        ref double pos = ref MemoryMarshal.GetArrayDataReference(_position);
        ref double vel = ref MemoryMarshal.GetArrayDataReference(_velocity);
        ref double pb = ref MemoryMarshal.GetArrayDataReference(_personalBest);
        ref int nb = ref MemoryMarshal.GetArrayDataReference(_neighbourhoodBest);
        ref RandomSource streams = ref MemoryMarshal.GetArrayDataReference(_streams);
        Vector256<double> wv = Vector256.Create(w), c1v = Vector256.Create(c1), c2v = Vector256.Create(c2);
        Vector256<ulong> exponent = Vector256.Create(0x3FF0000000000000UL), low32 = Vector256.Create(0xFFFFFFFFUL);
        Vector256<double> oneV = Vector256.Create(1.0);
        double sumV2 = 0;
        for (int i = 0; i < s; i++)
        {
            RandomSource rng = Unsafe.Add(ref streams, i);
            ref double x = ref Unsafe.Add(ref pos, i * n);
            ref double v = ref Unsafe.Add(ref vel, i * n);
            ref double p = ref Unsafe.Add(ref pb, i * n);
            ref double g = ref Unsafe.Add(ref pb, Unsafe.Add(ref nb, i) * n);
            Vector256<double> particleV2 = Vector256<double>.Zero;
            Vector256<double> inside = Vector256<double>.AllBitsSet;
            int d = 0;
            for (; d < vectorEnd; d += 4)
            {
                ulong b0 = rng.NextUInt64(), b1 = rng.NextUInt64(), b2 = rng.NextUInt64(), b3 = rng.NextUInt64();
                Vector256<ulong> bits = Vector256.Create(b0, b1, b2, b3);
                Vector256<double> r1 = (((bits >>> 32) << 20) | exponent).AsDouble() - oneV;
                Vector256<double> r2 = (((bits & low32) << 20) | exponent).AsDouble() - oneV;
                Vector256<double> xOld = Vector256.LoadUnsafe(ref x, (nuint)d);
                Vector256<double> vOld = Vector256.LoadUnsafe(ref v, (nuint)d);
                Vector256<double> vd = wv * vOld
                    + c1v * r1 * (Vector256.LoadUnsafe(ref p, (nuint)d) - xOld)
                    + c2v * r2 * (Vector256.LoadUnsafe(ref g, (nuint)d) - xOld);
                if (clamp)
                {
                    Vector256<double> m = Vector256.LoadUnsafe(ref vmax, (nuint)d);
                    vd = Vector256.Min(Vector256.Max(vd, -m), m);
                }
                Vector256<double> xd = xOld + vd;
                particleV2 += vd * vd;
                vd.StoreUnsafe(ref v, (nuint)d);
                xd.StoreUnsafe(ref x, (nuint)d);
                inside &= Vector256.GreaterThanOrEqual(xd, Vector256.LoadUnsafe(ref lower, (nuint)d))
                    & Vector256.LessThanOrEqual(xd, Vector256.LoadUnsafe(ref upper, (nuint)d));
                if (!Vector256.EqualsAll(xd - xd, Vector256<double>.Zero))
                {
                    // A lane overflowed (NaN or infinite): redo it in scaled arithmetic (see SafeStep).
                    for (int j = 0; j < 4; j++)
                        if (!double.IsFinite(xd.GetElement(j)))
                            SafeStep(d + j, xOld.GetElement(j), vOld.GetElement(j), Unsafe.Add(ref p, d + j), Unsafe.Add(ref g, d + j),
                                r1.GetElement(j), r2.GetElement(j), w, c1, c2, out Unsafe.Add(ref x, d + j), out Unsafe.Add(ref v, d + j));
                }
            }
            bool outside = inside != Vector256<double>.AllBitsSet;
            double tailV2 = 0;
            for (; d < n; d++)
            {
                ulong bits = rng.NextUInt64();
                double r1 = BitConverter.UInt64BitsToDouble(0x3FF0000000000000UL | ((bits >> 32) << 20)) - 1.0;
                double r2 = BitConverter.UInt64BitsToDouble(0x3FF0000000000000UL | ((bits & 0xFFFFFFFFUL) << 20)) - 1.0;
                double xOld = Unsafe.Add(ref x, d), vOld = Unsafe.Add(ref v, d);
                double vd = w * vOld + c1 * r1 * (Unsafe.Add(ref p, d) - xOld) + c2 * r2 * (Unsafe.Add(ref g, d) - xOld);
                if (clamp)
                {
                    double m = Unsafe.Add(ref vmax, d);
                    vd = Math.Min(Math.Max(vd, -m), m);
                }
                double xd = xOld + vd;
                tailV2 += vd * vd;
                outside |= !(xd >= Unsafe.Add(ref lower, d) && xd <= Unsafe.Add(ref upper, d));
                Unsafe.Add(ref v, d) = vd;
                Unsafe.Add(ref x, d) = xd;
                if (!double.IsFinite(xd))
                    SafeStep(d, xOld, vOld, Unsafe.Add(ref p, d), Unsafe.Add(ref g, d), r1, r2, w, c1, c2, out Unsafe.Add(ref x, d), out Unsafe.Add(ref v, d));
            }
            sumV2 += Vector256.Sum(particleV2) + tailV2;
            // Boundary handling after all n draws of the update, coordinate by coordinate (the random strategy
            // draws from the same stream): the same sequence whether or not the update was vectorized.
            if (outside)
            {
                for (int k = 0; k < n; k++)
                {
                    double xk = Unsafe.Add(ref x, k);
                    if (!(xk >= Unsafe.Add(ref lower, k) && xk <= Unsafe.Add(ref upper, k)))
                        Unsafe.Add(ref x, k) = BringBack(k, xk, ref Unsafe.Add(ref v, k), ref rng);
                }
            }
            Unsafe.Add(ref streams, i) = rng;
        }
        _rmsVelocity = double.IsFinite(sumV2) ? Math.Sqrt(sumV2 / ((double)s * n)) : ScaledRmsVelocity();
    }

    /// <summary>Scale of <see cref="SafeStep"/>'s arithmetic (a power of two, so scaling is exact).</summary>
    private const double SafeScale = 1.0 / 256;

    /// <summary>
    /// The update of coordinate <paramref name="d"/> when the plain arithmetic of <see cref="Move"/> overflowed (on a box
    /// whose width is near the largest double, or with coefficients that amplify a huge velocity): the same velocity
    /// update and step computed on values scaled by <see cref="SafeScale"/>, where nothing can overflow for the accepted
    /// coefficients (|w| &lt;= 1.4, c1 + c2 &lt; 9.6, widths and velocities at most double.MaxValue), followed by the
    /// reflective, periodic or nearest boundary handling in the scaled box. The velocity is stored saturated to
    /// ±double.MaxValue. With the random strategy the coordinate is left NaN, which the boundary pass after the update
    /// re-draws (so the random draws come in the same order whether or not the update was vectorized).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SafeStep(int d, double xOld, double vOld, double pd, double gd, double r1, double r2, double w, double c1, double c2,
        out double xNew, out double vNew)
    {
        const double s = SafeScale;
        double lo = _lower[d], hi = _upper[d];
        double xs = xOld * s;
        double vs = w * (vOld * s) + c1 * r1 * (pd * s - xs) + c2 * r2 * (gd * s - xs);
        double m = _maxVelocity[d] * s;
        vs = Math.Min(Math.Max(vs, -m), m);
        if (!double.IsFinite(vs))
            vs = 0; // cannot happen with validated coefficients; keeps the particle finite regardless
        double velocity = Math.Clamp(vs / s, -double.MaxValue, double.MaxValue);
        xs += vs;
        double los = lo * s, his = hi * s;
        if (xs >= los && xs <= his)
        {
            xNew = Math.Clamp(xs / s, lo, hi);
            vNew = velocity;
            return;
        }
        if (_width[d] == 0)
        {
            xNew = lo;
            vNew = 0;
            return;
        }
        switch (_options.Boundary)
        {
            case PsoBoundaryStrategy.Reflective:
                xNew = Math.Clamp(Reflect(xs, los, his, his - los) / s, lo, hi);
                vNew = -velocity;
                break;
            case PsoBoundaryStrategy.Periodic:
                xNew = Math.Clamp(Wrap(xs, los, his, his - los) / s, lo, hi);
                vNew = velocity;
                break;
            case PsoBoundaryStrategy.Nearest:
                xNew = xs < los ? lo : hi;
                vNew = 0;
                break;
            default: // Random: re-drawn by BringBack after the update
                xNew = double.NaN;
                vNew = 0;
                break;
        }
    }

    /// <summary>The RMS velocity when the plain sum of squares overflowed: scaled by the largest component.</summary>
    private double ScaledRmsVelocity()
    {
        ReadOnlySpan<double> velocity = _velocity;
        double largest = 0;
        foreach (double v in velocity)
            largest = Math.Max(largest, Math.Abs(v));
        if (largest == 0 || !double.IsFinite(largest))
            return largest;
        double sum = 0;
        foreach (double v in velocity)
        {
            double q = v / largest;
            sum += q * q;
        }
        return largest * Math.Sqrt(sum / velocity.Length);
    }

    /// <summary>Mirrors <paramref name="xd"/> (outside [lo, hi]) at the bounds until it lies inside; width = hi - lo &gt; 0, 2 width and xd - lo finite.</summary>
    private static double Reflect(double xd, double lo, double hi, double width)
    {
        if (xd < lo && xd >= lo - width)
            return lo + (lo - xd);
        if (xd > hi && xd <= hi + width)
            return hi - (xd - hi);
        // Repeated mirroring at the bounds is a fold with period 2 * width.
        double t = (xd - lo) % (2 * width);
        if (t < 0) t += 2 * width;
        return t <= width ? lo + t : lo + (2 * width - t);
    }

    /// <summary>Wraps <paramref name="xd"/> (outside [lo, hi]) around the torus [lo, hi]; width = hi - lo &gt; 0 and xd - lo finite.</summary>
    private static double Wrap(double xd, double lo, double hi, double width)
    {
        if (xd < lo && xd >= lo - width)
            return xd + width;
        if (xd > hi && xd <= hi + width)
            return xd - width;
        double t = (xd - lo) % width;
        if (t < 0) t += width;
        return lo + t;
    }

    /// <summary>Applies the boundary strategy to coordinate <paramref name="d"/> = <paramref name="xd"/>, which lies outside the box; returns the new coordinate.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private double BringBack(int d, double xd, ref double vd, ref RandomSource rng)
    {
        double lo = _lower[d], hi = _upper[d], width = _width[d];
        if (width == 0)
        {
            vd = 0;
            return lo;
        }
        if (!double.IsFinite(xd) || _options.Boundary == PsoBoundaryStrategy.Random)
        {
            // The random strategy, and any coordinate without a finite position (SafeStep leaves the random strategy's NaN here).
            xd = lo + width * rng.NextDouble();
            vd = 0;
            return Math.Clamp(xd, lo, hi);
        }
        switch (_options.Boundary)
        {
            case PsoBoundaryStrategy.Reflective:
                vd = -vd;
                // On a box wider than half the largest double, 2 width or xd - lo may overflow: fold in a scaled box.
                xd = double.IsFinite(2 * width) && double.IsFinite(xd - lo)
                    ? Reflect(xd, lo, hi, width)
                    : Reflect(xd * SafeScale, lo * SafeScale, hi * SafeScale, hi * SafeScale - lo * SafeScale) / SafeScale;
                break;
            case PsoBoundaryStrategy.Nearest:
                xd = xd < lo ? lo : hi;
                vd = 0;
                break;
            default: // Periodic
                xd = double.IsFinite(xd - lo)
                    ? Wrap(xd, lo, hi, width)
                    : Wrap(xd * SafeScale, lo * SafeScale, hi * SafeScale, hi * SafeScale - lo * SafeScale) / SafeScale;
                break;
        }
        return Math.Clamp(xd, lo, hi);
    }
}
