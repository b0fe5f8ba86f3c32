using System;
using System.Runtime.CompilerServices;
using System.Threading;
using GenOpt.LinearAlgebra;

namespace GenOpt;

/// <summary>
/// Covariance matrix adaptation evolution strategy, (mu/mu_w, lambda)-CMA-ES with active covariance
/// update, after N. Hansen, "The CMA Evolution Strategy: A Tutorial" (arXiv:1604.00772, 2016),
/// with pycma's termination criteria and IPOP/BIPOP restarts.
/// </summary>
/// <remarks>
/// <para>The whole workspace is allocated in the constructor (sized for the largest population the
/// restart strategy can reach); <see cref="Ask"/> and <see cref="Tell"/> allocate nothing, and
/// <see cref="Minimize(ReadOnlySpan{double}, Bounds?, CancellationToken)"/> allocates only its result's point (nothing
/// with a <see cref="ResultBuffer"/>). Minimize is exactly the loop Initialize, Ask, evaluation, Tell until the run
/// stops, so a hand-written ask/tell loop gives the same bits.</para>
/// <para>Box constraints are handled by a periodic reflection of each candidate into the box
/// (the search distribution lives in an unbounded space; candidates are folded back, so every
/// evaluated and returned point is feasible). This is parameter-free and, like pycma's
/// BoundTransform, leaves the interior of the box unchanged.</para>
/// <para>Non-finite objective values (NaN, ±infinity) are ranked worst, counted in
/// <see cref="OptimizationResult.NonFiniteEvaluations"/> and never become the best point.</para>
/// <para>With <see cref="CmaEsOptions.GradientInjection"/>, <see cref="Ask"/> itself calls
/// <see cref="IDifferentiableObjective.ValueAndGradient"/> on <see cref="Objective"/> once per generation, at the
/// mean; that call counts as one evaluation (a generation then costs lambda + 1) and its point may become the best.</para>
/// <para>Threads: with T = min(<see cref="CmaEsOptions.Threads"/>, largest population) &gt; 1 the constructor starts
/// T - 1 background worker threads; each generation of Minimize splits the population into T fixed contiguous slices,
/// the calling thread evaluates the first one on <see cref="Objective"/> itself and worker k evaluates slice k on its
/// own copy of the <typeparamref name="TObjective"/> struct, taken when Minimize starts (changes a stateful objective
/// makes to a copy are not seen by the others and are discarded). The objective must therefore be safe to evaluate
/// concurrently on copies. Every value is computed by one thread from its candidate alone, so the result is the same
/// bits whatever the number of threads. Dispatch allocates nothing; an exception from the objective on any thread is
/// rethrown by Minimize. Call <see cref="Dispose"/> to stop the workers. <see cref="Ask"/>/<see cref="Tell"/> never
/// use them (the gradient of <see cref="CmaEsOptions.GradientInjection"/> is evaluated in Ask, on the calling thread).</para>
/// <para><b>Thread safety.</b> An instance is not thread-safe: it runs one call (Minimize, MinimizeAsync, Initialize, Ask, Tell, Dispose) at a time. A call that
/// overlaps a running one — from another thread, or from the running call's own objective or observer — throws
/// <see cref="InvalidOperationException"/> before it changes anything, so the running call is not disturbed (an
/// exception the objective or observer does not catch ends the outer call like any exception it throws, and the
/// instance is free again). Calls one after the other may come from different threads. Distinct instances may run
/// concurrently: use one instance per thread. Ask on one thread and the matching Tell on another is fine. The worker
/// threads of <see cref="CmaEsOptions.Threads"/> are internal to one Minimize and are not such calls; <see cref="Dispose"/>
/// during a running call throws.</para>
/// </remarks>
/// <typeparam name="TObjective">The objective; its <see cref="IObjective.Dimension"/> fixes n.</typeparam>
public sealed partial class CmaEs<TObjective> : IPopulationMethod, IDisposable where TObjective : struct, IObjective
{
    private static int N => TObjective.Dimension;

    /// <summary>
    /// Stagnation windows of this many generations or more switch the criterion off (no history is kept): its two
    /// spans of at least window / 10 records each could never fit into the <see cref="MaxStagnationRecords"/> kept.
    /// </summary>
    private const int StagnationOffWindow = 100_000;
    /// <summary>pycma records the best and median value of every 5th generation for tolstagnation ...</summary>
    private const int StagnationRecordInterval = 5;
    /// <summary>... and keeps at most 20,000 records of each.</summary>
    private const int MaxStagnationRecords = 20_000;

    private TObjective _objective;
    private readonly CmaEsOptions _options;
    private RandomSource _random;

    // ---- Sizes fixed at construction -------------------------------------------------------
    /// <summary>lambda of the first run.</summary>
    private readonly int _lambdaDefault;
    /// <summary>Largest lambda any restart can use; the workspace is sized for it.</summary>
    private readonly int _lambdaMax;
    /// <summary>Consecutive generations without any finite value after which the run gives up.</summary>
    private const int MaxNonFiniteGenerations = 20;

    // ---- Strategy parameters of the current run (derived from lambda) ----------------------
    /// <summary>lambda: population size.</summary>
    private int _lambda;
    /// <summary>mu: number of parents (positive weights), floor(lambda / 2).</summary>
    private int _mu;
    /// <summary>w_i: recombination weights by rank, positive ones sum to 1; negative ones for the active update (Hansen 2016, eq. 53).</summary>
    private readonly double[] _weights;
    /// <summary>Sum of all lambda weights (enters the decay of C, eq. 47).</summary>
    private double _weightSum;
    /// <summary>mu_eff: variance effective selection mass of the positive weights.</summary>
    private double _mueff;
    /// <summary>c_c: learning rate of the rank-one evolution path (eq. 56).</summary>
    private double _cc;
    /// <summary>c_sigma: learning rate of the step-size path, (mu_eff + 2) / (n + mu_eff + 3) as in pycma.</summary>
    private double _cs;
    /// <summary>c_1: learning rate of the rank-one update (eq. 57, times min(1, lambda / 6) as in pycma).</summary>
    private double _c1;
    /// <summary>c_mu: learning rate of the rank-mu update (eq. 58 with pycma's rank-mu offset 1/4).</summary>
    private double _cmu;
    /// <summary>d_sigma: damping of the step-size update (eq. 55).</summary>
    private double _damps;
    /// <summary>E||N(0, I)||, approximated as sqrt(n)(1 - 1/(4n) + 1/(21 n^2)).</summary>
    private readonly double _chiN;
    /// <summary>Evaluations between eigen-decompositions: 0.5 lambda / ((c1 + c_mu) n), as in purecma.</summary>
    private double _lazyGapEvaluations;
    /// <summary>Maximum generations of the current run.</summary>
    private long _maxIterationsRun;
    /// <summary>Length of the best-value history used by TolFun in this run: 10 + ceil(30 n / lambda) (pycma).</summary>
    private int _tolFunHistory;
    /// <summary>Stagnation window of this run in generations: 100 + 100 n^1.5 / lambda (pycma), or the option.</summary>
    private int _stagnationWindow;
    /// <summary>Best value of the current run (all its evaluations) and the 1-based evaluation of the run that found it.</summary>
    private double _runBestValue;
    private long _runBestEvaluation;
    /// <summary>Consecutive generations of this run with flat fitness (best value equal to the value of rank floor(0.75 lambda)).</summary>
    private long _flatGenerations;

    // ---- State of the current run -------------------------------------------------------------
    private readonly double[] _mean;          // m (genotype)
    private double _sigma;                    // sigma
    private double _sigma0Run;                // sigma at the start of this run
    private readonly double[] _scales;        // CmaEsOptions.Sigma0Scales (all 1 when unset): C starts as diag(scales)^2
    private readonly int[] _scaleOrder;       // coordinates by ascending scale (ties by index): the initial eigenbasis
    private readonly double[] _pc;            // p_c: evolution path of C
    private readonly double[] _ps;            // p_sigma: conjugate evolution path
    private readonly double[] _c;             // C, n x n, row-major
    private readonly double[] _b;             // B: eigenvectors of C in columns
    private readonly double[] _d;             // D: square roots of the eigenvalues of C
    private readonly double[] _eigenvalues;
    private readonly double[] _eigenWork;
    private long _generationRun;
    private long _evaluationsRun;
    private long _evaluationsAtEigen;
    private double _conditionNumber = 1;
    private bool _numericalError;

    // ---- Population ---------------------------------------------------------------------------
    private readonly double[] _z;             // z_k ~ N(0, I), lambda x n
    private readonly double[] _y;             // y_k = B D z_k, lambda x n
    private readonly double[] _x;             // candidates in the box (phenotype), lambda x n
    private readonly double[] _sortKeys;      // values with non-finite mapped to +inf, sorted
    private readonly int[] _order;            // indices of candidates by rank
    private readonly double[] _yw;            // weighted mean of selected steps
    private readonly double[] _zw;
    private readonly double[] _scratch;

    // ---- Gradient injection (empty arrays and null box when off) ------------------------------
    /// <summary>
    /// The objective boxed once at construction as <see cref="IDifferentiableObjective"/>; before each gradient call
    /// <see cref="_objective"/> is copied into the box and afterwards back, so the call sees (and may update) the
    /// same state as <see cref="IObjective.Value"/> without boxing in the generation loop.
    /// </summary>
    private readonly IDifferentiableObjective? _gradientObjective;
    private readonly double[] _gradient;      // grad f at the (folded) mean
    private readonly double[] _meanPoint;     // the mean folded into the box
    private readonly double[] _foldSign;      // d fold(m_i) / d m_i: +1, -1 (mirrored) or 0 (fixed coordinate)

    // ---- Histories for termination ------------------------------------------------------------
    private readonly double[] _bestHistory;   // ring of generation-best values (TolFun, TolFunHist)
    private readonly double[] _stagBest;      // ring of the best values of every 5th generation (stagnation)
    private readonly double[] _stagMedian;    // ring of the median values of every 5th generation (stagnation)
    private readonly double[] _medianScratch;
    private long _stagRecorded;               // records made in this run (the rings keep the newest)
    private long _stagComparedAt = -1;        // _stagRecorded when _stagNoImprovement was computed
    private bool _stagNoImprovement;          // the newest span's medians are no better than the span before

    // ---- Problem, results, restarts -------------------------------------------------------------
    private readonly double[] _x0;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private bool _bounded;
    private readonly double[] _best;
    private double _bestValue;
    private long _evaluations;
    private long _iterations;
    private long _nonFinite;
    private int _restarts;
    private int _runsCompleted;               // runs finished so far (the first run included)
    private int _smallRuns;                   // BIPOP: restarts in the small-population regime
    private int _nonFiniteGenerations;        // consecutive generations without a finite value
    private TerminationReason _status;
    private bool _initialized;
    private bool _asked;
    /// <summary>0, or the id of the thread whose call (Minimize, Initialize, Ask, Tell) is running: see <see cref="ReentrancyGuard"/>.</summary>
    private int _busy;
    /// <summary>Started by Initialize (and so by Minimize): the result's <see cref="OptimizationResult.Elapsed"/>.</summary>
    private RunClock _clock;
    private Memory<double> _resultBuffer;
    private long _evaluationsLarge;           // BIPOP: evaluations spent in large-population runs
    private long _evaluationsSmall;           // BIPOP: evaluations spent in small-population runs (and the first run)
    private int _lambdaLarge;                 // BIPOP: population size of the latest large run
    private bool _runIsSmall;                 // BIPOP accounting: the first run counts as small, as in pycma

    /// <summary>Creates the optimizer for a stateless objective (<c>default(TObjective)</c>).</summary>
    /// <exception cref="ArgumentException"><typeparamref name="TObjective"/> <see cref="IObjective.RequiresInstance">requires an instance</see> (an instance
    /// <see cref="ObjectiveAttribute"/> method's generated type): use the constructor that takes the objective.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CmaEs(CmaEsOptions? options = null) : this(InstanceObjective.DefaultOrThrow<TObjective>("CmaEs", nameof(TObjective)), options)
    {
    }

    /// <summary>Creates the optimizer for <paramref name="objective"/> and allocates its whole workspace.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="CmaEsOptions.GradientInjection"/> is set but <typeparamref name="TObjective"/> does not implement <see cref="IDifferentiableObjective"/>,
    /// or <see cref="CmaEsOptions.Sigma0Scales"/> does not have <see cref="IObjective.Dimension"/> entries.</exception>
    public CmaEs(TObjective objective, CmaEsOptions? options = null)
    {
        int n = N;
        if (n < 1)
            throw new ArgumentException($"{typeof(TObjective).Name}.Dimension must be at least 1 but is {n}.", nameof(objective));
        _options = options ?? new CmaEsOptions();
        _options.Validate();
        (_scales, _scaleOrder) = InitialScales(_options.Sigma0Scales, n);
        _objective = objective;
        if (_options.GradientInjection)
        {
            // One boxing at construction; the type test is the only way to reach the gradient of an
            // IObjective-constrained TObjective, and the generation loop reuses this box (see _gradientObjective).
            if (objective is not IDifferentiableObjective differentiable)
                throw new ArgumentException($"CmaEsOptions.GradientInjection needs an objective implementing IDifferentiableObjective, but {typeof(TObjective).Name} does not.", nameof(options));
            _gradientObjective = differentiable;
        }
        Seed = _options.Seed ?? (ulong)System.Random.Shared.NextInt64();
        _random = new RandomSource(Seed);

        _lambdaDefault = _options.PopulationSize ?? 4 + (int)Math.Floor(3 * Math.Log(n));
        double maxLambda = _options.Restarts == RestartStrategy.None
            ? _lambdaDefault
            : Math.Ceiling(_lambdaDefault * Math.Pow(_options.PopulationGrowth, _options.MaxRestarts));
        if ((double)_lambdaDefault * n > 1 << 26)
            throw new ArgumentOutOfRangeException(nameof(CmaEsOptions.PopulationSize), _lambdaDefault, $"PopulationSize ({_lambdaDefault}) times the dimension ({n}) is too large for the workspace (more than 2^26 doubles per array).");
        if (maxLambda * n > 1 << 26)
            throw new ArgumentOutOfRangeException(nameof(CmaEsOptions.MaxRestarts), _options.MaxRestarts, $"The largest population ({maxLambda}) times the dimension ({n}) is too large for the workspace (more than 2^26 doubles per array); lower MaxRestarts or PopulationGrowth.");
        _lambdaMax = (int)maxLambda;
        _lambda = _lambdaDefault;
        // Every run's lambda is at least lambda_default, so these history lengths are the longest any run needs.
        int tolFunHistoryMax = TolFunHistoryLength(_lambdaDefault);
        int stagnationRing = StagnationRingLength(n);
        _chiN = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));

        _weights = new double[_lambdaMax];
        _mean = new double[n];
        _pc = new double[n];
        _ps = new double[n];
        _c = new double[n * n];
        _b = new double[n * n];
        _d = new double[n];
        _eigenvalues = new double[n];
        _eigenWork = new double[SymmetricEigen.WorkspaceLength(n)];
        _z = new double[_lambdaMax * n];
        _y = new double[_lambdaMax * n];
        _x = new double[_lambdaMax * n];
        _sortKeys = new double[_lambdaMax];
        _order = new int[_lambdaMax];
        _yw = new double[n];
        _zw = new double[n];
        _scratch = new double[n];
        int gradientLength = _options.GradientInjection ? n : 0;
        _gradient = new double[gradientLength];
        _meanPoint = new double[gradientLength];
        _foldSign = new double[gradientLength];
        _bestHistory = new double[tolFunHistoryMax];
        _stagBest = new double[stagnationRing];
        _stagMedian = new double[stagnationRing];
        _medianScratch = new double[stagnationRing / 2];
        _x0 = new double[n];
        _lower = new double[n];
        _upper = new double[n];
        _best = new double[n];
        // Last, so that no option error can leave worker threads behind.
        int threads = Math.Min(_options.Threads, _lambdaMax);
        if (threads > 1)
            _pool = new EvaluationPool<TObjective>(threads, "GenOpt CMA-ES worker");
    }

    /// <summary>
    /// A copy of <see cref="CmaEsOptions.Sigma0Scales"/> (all ones when null) and the coordinates ordered by ascending scale,
    /// ties by index, so that the initial B and D list the eigenvalues of C = diag(scales)^2 ascending, as the
    /// eigen-decomposition does.
    /// </summary>
    private static (double[] Scales, int[] Order) InitialScales(double[]? scales, int n)
    {
        if (scales is not null && scales.Length != n)
            throw new ArgumentException($"CmaEsOptions.Sigma0Scales has {scales.Length} entries but the objective's Dimension is {n}: give one scale per coordinate.", "options");
        double[] copy = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            copy[i] = scales is null ? 1 : scales[i];
            order[i] = i;
        }
        if (scales is not null)
            Array.Sort(order, (a, b) => copy[a] != copy[b] ? copy[a].CompareTo(copy[b]) : a.CompareTo(b));
        return (copy, order);
    }

    /// <summary>The seed in use (drawn at construction when <see cref="CmaEsOptions.Seed"/> is null).</summary>
    public ulong Seed { get; }

    /// <summary>The options in use.</summary>
    public CmaEsOptions Options => _options;

    /// <summary>The objective instance, by reference (for objectives that carry data).</summary>
    public ref TObjective Objective => ref _objective;

    /// <summary>Population size of the current run.</summary>
    public int PopulationSize => _lambda;

    /// <summary>Current step size sigma.</summary>
    public double Sigma => _sigma;

    /// <summary>
    /// Current mean of the search distribution. With bounds it lives in the unbounded search space, kept within
    /// half a box width of the box; its reflection into the box is what candidates are centred on.
    /// </summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Condition number of C at the last eigen-decomposition.</summary>
    public double ConditionNumber => _conditionNumber;

    /// <summary>Why the optimizer stopped, or <see cref="TerminationReason.None"/> while it runs.</summary>
    public TerminationReason Status => _status;

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
        set => _resultBuffer = ResultStorage.CheckBuffer(value, N, "CmaEs");
    }

    /// <summary>
    /// The result so far (best point and value, counts, status; <see cref="OptimizationResult.Elapsed"/> is the time
    /// since the run was initialized, zero before). Its point is copied now (see <see cref="ResultBuffer"/>).
    /// </summary>
    public OptimizationResult Result =>
        new(ResultStorage.Keep(_best, _resultBuffer), _bestValue, _evaluations, _iterations, _status, _restarts, _nonFinite)
        {
            Optimizer = OptimizerKind.CmaEs,
            Elapsed = _initialized ? _clock.Elapsed : TimeSpan.Zero,
        };

    /// <summary>
    /// Minimizes the objective from <paramref name="x0"/>: <see cref="Initialize"/>, then <see cref="Ask"/>, evaluation
    /// and <see cref="Tell"/> until a stopping criterion (restarts included) ends the run, then <see cref="Result"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite, or lies outside <paramref name="bounds"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CmaEsOptions.Sigma0"/> is below <c>eps * max_i |x0_i|</c> (with <see cref="CmaEsOptions.Sigma0Scales"/>:
    /// <c>Sigma0 * Sigma0Scales[i]</c> is below <c>eps * |x0_i|</c> for some i): no step could change x0.</exception>
    public OptimizationResult Minimize(ReadOnlySpan<double> x0, Bounds? bounds = null, CancellationToken cancellationToken = default)
    {
        NullObserver observer = default;
        return Minimize(x0, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective from <paramref name="x0"/>, calling <paramref name="progress"/> once per generation on
    /// this thread. Pass <c>progress.Report</c> for an <see cref="IProgress{IterationInfo}"/>, or
    /// <see cref="OptimizationHistory.Record"/> to record the convergence curve.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="progress"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite, or lies outside <paramref name="bounds"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CmaEsOptions.Sigma0"/> is below <c>eps * max_i |x0_i|</c>: no step could change x0.</exception>
    public OptimizationResult Minimize(ReadOnlySpan<double> x0, Bounds? bounds, Action<IterationInfo> progress, CancellationToken cancellationToken = default)
    {
        var observer = new ProgressObserver(progress);
        return Minimize(x0, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective from <paramref name="x0"/>, calling <paramref name="observer"/> after every generation
    /// (it may stop the run by returning false).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite, or lies outside <paramref name="bounds"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CmaEsOptions.Sigma0"/> is below <c>eps * max_i |x0_i|</c>: no step could change x0.</exception>
    public OptimizationResult Minimize<TObserver>(ReadOnlySpan<double> x0, Bounds? bounds, ref TObserver observer, CancellationToken cancellationToken = default)
        where TObserver : struct, IOptimizationObserver
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "CmaEs", nameof(Minimize));
        ObjectDisposedException.ThrowIf(_disposed && _pool is not null, this);
        return PopulationDriver.Minimize(this, x0, true, bounds, ref observer, cancellationToken);
    }

    // ---- The ask/tell interface PopulationDriver runs ----------------------------------------------

    void IPopulationMethod.Start(ReadOnlySpan<double> x0, bool hasX0, Bounds? bounds)
    {
        InitializeCore(x0, bounds);
        _pool?.CopyObjective(in _objective);
    }

    void IPopulationMethod.Stop(TerminationReason reason) => _status = reason;

    Population IPopulationMethod.AskCore() => AskCore();

    TerminationReason IPopulationMethod.TellCore(ReadOnlySpan<double> values) => TellCore(values);

    IterationInfo IPopulationMethod.Progress => new(_iterations, _evaluations, _bestValue, _sortKeys[0], _sigma, _restarts);

    /// <summary>Evaluates the candidates (on the worker threads when <see cref="CmaEsOptions.Threads"/> &gt; 1) into the sort keys (Tell copies them before sorting in place).</summary>
    ReadOnlySpan<double> IPopulationMethod.EvaluatePopulation(Population population)
    {
        EvaluatePopulation(population, _sortKeys);
        return _sortKeys.AsSpan(0, population.Count);
    }

    /// <summary>
    /// Starts a new optimization from <paramref name="x0"/> for use with <see cref="Ask"/>/<see cref="Tell"/>:
    /// resets all state and counters and re-seeds the random source with <see cref="Seed"/>, so every run
    /// from the same start gives the same result.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite, or lies outside <paramref name="bounds"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CmaEsOptions.Sigma0"/> is below <c>eps * max_i |x0_i|</c> (with <see cref="CmaEsOptions.Sigma0Scales"/>:
    /// <c>Sigma0 * Sigma0Scales[i]</c> is below <c>eps * |x0_i|</c> for some i): no step could change x0.</exception>
    public void Initialize(ReadOnlySpan<double> x0, Bounds? bounds = null)
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "CmaEs", nameof(Initialize));
        InitializeCore(x0, bounds);
    }

    private void InitializeCore(ReadOnlySpan<double> x0, Bounds? bounds)
    {
        _clock = RunClock.Start();
        int n = N;
        StartingPoint.EnsureValid(x0, n, bounds);
        // A step of one standard deviation (C = I at the start) must be able to change every coordinate of x0: the
        // spacing of doubles near x is at most eps |x|. A smaller sigma0 would end the run at x0 without a search.
        double largest = 0;
        for (int i = 0; i < n; i++)
            largest = Math.Max(largest, Math.Abs(x0[i]));
        if (_options.Sigma0Scales is null && _options.Sigma0 < FiniteDifference.MachineEpsilon * largest)
            throw new ArgumentOutOfRangeException(nameof(CmaEsOptions.Sigma0), _options.Sigma0,
                $"Sigma0 must be at least eps * max |x0_i| = {FiniteDifference.MachineEpsilon * largest:R} for this x0: smaller steps cannot change its largest coordinate.");
        for (int i = 0; i < n && _options.Sigma0Scales is not null; i++)
            if (_options.Sigma0 * _scales[i] < FiniteDifference.MachineEpsilon * Math.Abs(x0[i]))
                throw new ArgumentOutOfRangeException(nameof(CmaEsOptions.Sigma0Scales), _scales[i],
                    $"Sigma0 * Sigma0Scales[{i}] = {_options.Sigma0 * _scales[i]:R} must be at least eps * |x0[{i}]| = {FiniteDifference.MachineEpsilon * Math.Abs(x0[i]):R}: smaller steps cannot change x0[{i}].");
        _bounded = bounds is not null;
        if (bounds is not null)
        {
            bounds.Lower.CopyTo(_lower);
            bounds.Upper.CopyTo(_upper);
        }
        x0.CopyTo(_x0);
        x0.CopyTo(_best);
        _random = new RandomSource(Seed);
        _bestValue = double.PositiveInfinity;
        _evaluations = 0;
        _iterations = 0;
        _nonFinite = 0;
        _restarts = 0;
        _runsCompleted = 0;
        _smallRuns = 0;
        _nonFiniteGenerations = 0;
        _status = TerminationReason.None;
        _evaluationsLarge = 0;
        _evaluationsSmall = 0;
        _lambdaLarge = _lambdaDefault;
        _runIsSmall = true;
        _initialized = true;
        _asked = false;
        StartRun(_lambdaDefault, _options.Sigma0);
    }

    /// <summary>
    /// Samples (once per generation) and returns the candidates to evaluate. Calling it again before
    /// <see cref="Tell"/> returns the same candidates.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not initialized, the optimizer has stopped, or another call on this instance is running.</exception>
    public Population Ask()
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "CmaEs", nameof(Ask));
        return AskCore();
    }

    private Population AskCore()
    {
        if (!_initialized)
            throw new InvalidOperationException("Call Initialize(x0) (or Minimize) before Ask().");
        if (_status != TerminationReason.None)
            throw new InvalidOperationException($"The optimizer has stopped ({_status}); call Initialize to start again.");
        if (!_asked)
        {
            Sample();
            _asked = true;
        }
        return new Population(_x, _lambda, N);
    }

    /// <summary>
    /// Takes the objective values of the candidates of the last <see cref="Ask"/> (same order) and
    /// performs one generation of the update. Returns <see cref="TerminationReason.None"/> while the
    /// optimization goes on (a restart continues it, possibly with another population size), otherwise
    /// why it stopped.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not have one value per candidate.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Ask"/> was not called first, or another call on this instance is running.</exception>
    public TerminationReason Tell(ReadOnlySpan<double> values)
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "CmaEs", nameof(Tell));
        return TellCore(values);
    }

    private TerminationReason TellCore(ReadOnlySpan<double> values)
    {
        if (!_asked)
            throw new InvalidOperationException("Tell() must follow Ask(): there are no candidates waiting for values.");
        int lambda = _lambda;
        if (values.Length != lambda)
            throw new ArgumentException($"Expected {lambda} values (one per candidate) but got {values.Length}.", nameof(values));
        _asked = false;

        // ---- Count and rank -------------------------------------------------------------------
        Span<double> keys = _sortKeys.AsSpan(0, lambda);
        Span<int> order = _order.AsSpan(0, lambda);
        int finite = 0;
        for (int k = 0; k < lambda; k++)
        {
            double v = values[k];
            if (double.IsFinite(v))
            {
                keys[k] = v;
                finite++;
            }
            else
            {
                keys[k] = double.PositiveInfinity;
            }
            order[k] = k;
        }
        _nonFinite += lambda - finite;
        _evaluations += lambda;
        _evaluationsRun += lambda;
        if (_runIsSmall) _evaluationsSmall += lambda; else _evaluationsLarge += lambda;
        _iterations++;
        SortByValue(keys, order);

        if (finite == 0)
        {
            // A failed step (e.g. the whole population fell into a region where the objective is undefined):
            // keep the mean and C, halve sigma and sample again; give up after many such generations.
            if (++_nonFiniteGenerations >= MaxNonFiniteGenerations)
                return _status = TerminationReason.ObjectiveNotFinite;
            _sigma *= 0.5;
            return _evaluations >= _options.EvaluationBudget ? _status = TerminationReason.MaxEvaluations : TerminationReason.None;
        }
        _nonFiniteGenerations = 0;

        int n = N;
        if (keys[0] < _runBestValue)
        {
            // pycma counts the evaluation of the first candidate with the smallest value (cma.optimization_tools.BestSolution).
            int first = order[0];
            for (int i = 1; i < lambda && keys[i] == keys[0]; i++)
                first = Math.Min(first, order[i]);
            _runBestValue = keys[0];
            _runBestEvaluation = _evaluationsRun - lambda + first + 1;
        }
        if (keys[0] < _bestValue)
        {
            _bestValue = keys[0];
            _x.AsSpan(order[0] * n, n).CopyTo(_best);
        }
        if (_bestValue <= _options.TargetValue)
            return _status = TerminationReason.TargetReached;

        UpdateDistribution(order);
        RecordHistory(keys);

        TerminationReason reason = CheckTermination(keys);
        if (reason == TerminationReason.None)
            return TerminationReason.None;
        if (reason is TerminationReason.MaxEvaluations or TerminationReason.ObjectiveNotFinite || !TryRestart())
            return _status = reason;
        return TerminationReason.None;
    }

    /// <summary>
    /// Sorts values ascending, permuting the candidate indices alike: insertion sort (stable) for the usual
    /// small populations, the framework's introsort beyond. Deterministic either way.
    /// </summary>
    private static void SortByValue(Span<double> keys, Span<int> order)
    {
        if (keys.Length > 32)
        {
            keys.Sort(order);
            return;
        }
        for (int i = 1; i < keys.Length; i++)
        {
            double key = keys[i];
            int index = order[i];
            int j = i - 1;
            while (j >= 0 && keys[j] > key)
            {
                keys[j + 1] = keys[j];
                order[j + 1] = order[j];
                j--;
            }
            keys[j + 1] = key;
            order[j + 1] = index;
        }
    }

    // ==== Generation steps ==========================================================================

    /// <summary>
    /// Draws lambda candidates: z_k ~ N(0, I), y_k = B D z_k, x_k = fold(m + sigma y_k). With gradient injection,
    /// candidate 0 is the gradient candidate instead (see <see cref="InjectGradientCandidate"/>) unless the
    /// gradient is zero or not finite.
    /// </summary>
    private void Sample()
    {
        int n = N;
        Span<double> dz = _scratch;
        ReadOnlySpan<double> b = _b;
        ReadOnlySpan<double> d = _d;
        int first = _gradientObjective is not null && InjectGradientCandidate() ? 1 : 0;
        for (int k = first; k < _lambda; k++)
        {
            Span<double> z = _z.AsSpan(k * n, n);
            Span<double> y = _y.AsSpan(k * n, n);
            Span<double> x = _x.AsSpan(k * n, n);
            _random.FillGaussian(z);
            for (int i = 0; i < n; i++)
                dz[i] = d[i] * z[i];
            for (int r = 0; r < n; r++)
            {
                double s = Blas.Dot(b.Slice(r * n, n), dz);
                y[r] = s;
                x[r] = _mean[r] + _sigma * s;
            }
            if (_bounded)
                FoldIntoBox(x);
        }
    }

    /// <summary>
    /// Gradient injection (the direction libcmaes injects; external solutions after Hansen 2011, arXiv:1110.4181):
    /// evaluates f and g = grad f at the mean (folded into the box; g is mapped back through the reflection by
    /// the chain rule, component i times d fold / d m_i), then sets candidate 0 to the step
    /// y_0 = -sqrt(n) C g / ||C^{1/2} g||, i.e. z_0 = -sqrt(n) D B^T g / ||D B^T g|| and y_0 = B D z_0, so that
    /// its Mahalanobis length ||C^{-1/2} y_0|| = ||z_0|| is sqrt(n), below the clipping threshold for injected
    /// solutions, and (y_0, z_0) enter ranking, recombination, paths and C like any sampled pair. The mean's
    /// value counts as one evaluation and may become the best point. Returns false (sample candidate 0 as
    /// usual) when the gradient is zero or not finite.
    /// </summary>
    private bool InjectGradientCandidate()
    {
        int n = N;
        Span<double> xm = _meanPoint;
        Span<double> g = _gradient;
        Span<double> sign = _foldSign;
        for (int i = 0; i < n; i++)
        {
            if (_bounded)
                xm[i] = FoldCoordinate(_mean[i], _lower[i], _upper[i], out sign[i]);
            else
            {
                xm[i] = _mean[i];
                sign[i] = 1;
            }
        }

        ref TObjective boxed = ref Unsafe.Unbox<TObjective>(_gradientObjective!);
        boxed = _objective;
        double f = _gradientObjective!.ValueAndGradient(xm, g);
        _objective = boxed;

        _evaluations++;
        _evaluationsRun++;
        if (_runIsSmall) _evaluationsSmall++; else _evaluationsLarge++;
        if (!double.IsFinite(f))
            _nonFinite++;
        else
        {
            if (f < _runBestValue)
            {
                _runBestValue = f;
                _runBestEvaluation = _evaluationsRun;
            }
            if (f < _bestValue)
            {
                _bestValue = f;
                xm.CopyTo(_best);
            }
        }

        // dz = D B^T g (the gradient in the eigenbasis, scaled by the axis lengths).
        ReadOnlySpan<double> b = _b;
        ReadOnlySpan<double> d = _d;
        Span<double> dz = _scratch;
        for (int i = 0; i < n; i++)
        {
            g[i] *= sign[i];
            if (!double.IsFinite(g[i]))
                return false;
        }
        dz.Clear();
        for (int r = 0; r < n; r++)
            Blas.Axpy(g[r], b.Slice(r * n, n), dz);
        double norm2 = 0;
        for (int c = 0; c < n; c++)
        {
            dz[c] *= d[c];
            norm2 += dz[c] * dz[c];
        }
        if (!(norm2 > 0) || !double.IsFinite(norm2))
            return false;

        double scale = -Math.Sqrt(n / norm2);
        Span<double> z = _z.AsSpan(0, n);
        Span<double> y = _y.AsSpan(0, n);
        Span<double> x = _x.AsSpan(0, n);
        for (int c = 0; c < n; c++)
        {
            z[c] = scale * dz[c];
            dz[c] = d[c] * z[c];
        }
        for (int r = 0; r < n; r++)
        {
            double s = Blas.Dot(b.Slice(r * n, n), dz);
            y[r] = s;
            x[r] = _mean[r] + _sigma * s;
        }
        if (_bounded)
            FoldIntoBox(x);
        return true;
    }

    /// <summary>Reflects each coordinate periodically into [lower, upper].</summary>
    private void FoldIntoBox(Span<double> x)
    {
        for (int i = 0; i < x.Length; i++)
            x[i] = FoldCoordinate(x[i], _lower[i], _upper[i], out _);
    }

    /// <summary>
    /// Periodic reflection of one coordinate into [lo, hi]; <paramref name="slope"/> is its derivative:
    /// 1 inside or after an even number of reflections, -1 after an odd number, 0 for a fixed coordinate.
    /// </summary>
    private static double FoldCoordinate(double v, double lo, double hi, out double slope)
    {
        slope = 1;
        if (v >= lo && v <= hi)
            return v;
        slope = -1;
        if (double.IsPositiveInfinity(hi))
            v = lo + (lo - v);
        else if (double.IsNegativeInfinity(lo))
            v = hi - (v - hi);
        else
        {
            double width = hi - lo;
            if (width == 0)
            {
                slope = 0;
                return lo;
            }
            double t = (v - lo) % (2 * width);
            if (t < 0) t += 2 * width;
            if (t <= width)
            {
                slope = 1;
                v = lo + t;
            }
            else
                v = lo + (2 * width - t);
        }
        return Math.Clamp(v, lo, hi);
    }

    /// <summary>
    /// The periodic reflection maps m and m + 2k(upper - lower) to the same candidates, so shifting the mean by
    /// whole periods changes nothing but keeps it (and <see cref="Mean"/>) within half a box width of the box.
    /// </summary>
    private void KeepMeanNearBox()
    {
        for (int i = 0; i < _mean.Length; i++)
        {
            double lo = _lower[i], hi = _upper[i], width = hi - lo;
            if (!(width > 0) || !double.IsFinite(width))
                continue;
            double start = lo - 0.5 * width, period = 2 * width;
            double k = Math.Floor((_mean[i] - start) / period);
            if (k != 0)
                _mean[i] -= k * period;
        }
    }

    /// <summary>Recombination, cumulation, covariance and step-size adaptation (Hansen 2016, eqs. 39-47).</summary>
    private void UpdateDistribution(ReadOnlySpan<int> order)
    {
        int n = N;
        int lambda = _lambda;
        ReadOnlySpan<double> w = _weights;

        // ---- Recombine: y_w = sum_{i<mu} w_i y_{i:lambda}, z_w likewise; m += sigma y_w ----------
        Span<double> yw = _yw;
        Span<double> zw = _zw;
        yw.Clear();
        zw.Clear();
        for (int i = 0; i < _mu; i++)
        {
            Blas.Axpy(w[i], _y.AsSpan(order[i] * n, n), yw);
            Blas.Axpy(w[i], _z.AsSpan(order[i] * n, n), zw);
        }
        for (int j = 0; j < n; j++)
            _mean[j] += _sigma * yw[j];
        if (_bounded)
            KeepMeanNearBox();

        // ---- Cumulate: p_sigma with C^{-1/2} y_w = B z_w; p_c with the h_sigma stall ---------------
        double csFactor = Math.Sqrt(_cs * (2 - _cs) * _mueff);
        ReadOnlySpan<double> b = _b;
        double psNorm2 = 0;
        for (int r = 0; r < n; r++)
        {
            double s = Blas.Dot(b.Slice(r * n, n), zw);
            double ps = (1 - _cs) * _ps[r] + csFactor * s;
            _ps[r] = ps;
            psNorm2 += ps * ps;
        }
        double psNorm = Math.Sqrt(psNorm2);
        _generationRun++;
        // h_sigma on the squared length, as pycma: |p_sigma|^2 / (1 - (1 - c_sigma)^(2(g+1))) / n - 1 < 1 + 4 / (n + 1).
        bool hsig = psNorm2 / (1 - Math.Pow(1 - _cs, 2.0 * _generationRun)) / n - 1 < 1 + 4.0 / (n + 1);
        double ccFactor = hsig ? Math.Sqrt(_cc * (2 - _cc) * _mueff) : 0;
        for (int j = 0; j < n; j++)
            _pc[j] = (1 - _cc) * _pc[j] + ccFactor * yw[j];

        // ---- Adapt C: decay, rank-one and (active) rank-mu update ------------------------------------
        double deltaHsig = hsig ? 0 : _cc * (2 - _cc);
        double decay = 1 + _c1 * deltaHsig - _c1 - _cmu * _weightSum;
        Span<double> cm = _c;
        ReadOnlySpan<double> pc = _pc;
        for (int r = 0; r < n; r++)
        {
            Span<double> upper = cm.Slice(r * n + r, n - r);   // row r from the diagonal on
            for (int c = 0; c < upper.Length; c++)
                upper[c] *= decay;
            Blas.Axpy(_c1 * pc[r], pc[r..], upper);
        }
        for (int i = 0; i < lambda; i++)
        {
            double wi = w[i];
            if (wi == 0)
                continue;
            int k = order[i];
            if (wi < 0)
            {
                // w°_i = w_i n / ||C^{-1/2} y_i||^2 and C^{-1/2} y_i = B z_i has the norm of z_i.
                ReadOnlySpan<double> zk = _z.AsSpan(k * n, n);
                double z2 = Blas.Dot(zk, zk);
                wi *= n / Math.Max(z2, 1e-300);
            }
            double coef = _cmu * wi;
            ReadOnlySpan<double> y = _y.AsSpan(k * n, n);
            for (int r = 0; r < n; r++)
                Blas.Axpy(coef * y[r], y[r..], cm.Slice(r * n + r, n - r));
        }
        for (int r = 1; r < n; r++)
            for (int c = 0; c < r; c++)
                cm[r * n + c] = cm[c * n + r];

        // ---- Adapt sigma (cumulative step-size adaptation, exponent capped at 1 as in pycma) ---------
        _sigma *= Math.Exp(Math.Min(1.0, _cs / _damps * (psNorm / _chiN - 1)));

        // ---- Lazy eigen-decomposition ----------------------------------------------------------------
        if (_evaluationsRun - _evaluationsAtEigen > _lazyGapEvaluations)
            UpdateEigensystem();
    }

    /// <summary>
    /// C = B D^2 B^T; records the condition number. If rounding made C indefinite, its spectrum is shifted
    /// up so that the smallest eigenvalue is 1e-14 of the largest (as pycma repairs C); the condition-number
    /// criterion then stops the run. Returns false (numerical breakdown) when C is not finite.
    /// </summary>
    private bool UpdateEigensystem()
    {
        int n = N;
        _evaluationsAtEigen = _evaluationsRun;
        if (!SymmetricEigen.Decompose(_c, n, _eigenvalues, _b, _eigenWork) || !(_eigenvalues[n - 1] > 0))
        {
            _numericalError = true;
            return false;
        }
        double min = _eigenvalues[0], max = _eigenvalues[n - 1];
        if (!(min > 0))
        {
            double shift = 1e-14 * max - min;
            for (int i = 0; i < n; i++)
            {
                _eigenvalues[i] += shift;
                _c[i * n + i] += shift;
            }
        }
        _conditionNumber = _eigenvalues[n - 1] / _eigenvalues[0];
        for (int i = 0; i < n; i++)
            _d[i] = Math.Sqrt(_eigenvalues[i]);
        return true;
    }

    private void RecordHistory(ReadOnlySpan<double> sortedKeys)
    {
        long g = _generationRun - 1; // 0-based index of this generation in the run
        int lambda = _lambda;
        _bestHistory[(int)(g % _tolFunHistory)] = sortedKeys[0];

        // tolflatfitness (pycma): the best value is not better than the value of rank floor(0.75 lambda).
        if (sortedKeys[0] < sortedKeys[(int)(0.75 * lambda)])
            _flatGenerations = 0;
        else
            _flatGenerations++;

        // tolstagnation (pycma): every 5th generation of the run (1-based count), its best and median value.
        if (_stagBest.Length > 0 && _generationRun % StagnationRecordInterval == 0)
        {
            int slot = (int)(_stagRecorded % _stagBest.Length);
            int half = lambda / 2;
            _stagBest[slot] = sortedKeys[0];
            _stagMedian[slot] = lambda % 2 == 1 ? sortedKeys[half] : (sortedKeys[half - 1] + sortedKeys[half]) / 2;
            _stagRecorded++;
        }
    }

    // ==== Termination (pycma's criteria) ===========================================================

    private TerminationReason CheckTermination(ReadOnlySpan<double> sortedKeys)
    {
        int n = N;
        if (_evaluations >= _options.EvaluationBudget)
            return TerminationReason.MaxEvaluations;
        if (_generationRun >= _maxIterationsRun)
            return TerminationReason.MaxIterations;
        if (_numericalError || !(_sigma > 0) || !double.IsFinite(_sigma))
            return TerminationReason.NumericalError;
        if (_conditionNumber > _options.MaxConditionNumber)
            return TerminationReason.ConditionNumber;

        // tolfun: all values of this generation and the best values of recent generations within TolFun.
        if (_generationRun >= _tolFunHistory)
        {
            double lo = sortedKeys[0], hi = sortedKeys[_lambda - 1];
            foreach (double v in _bestHistory.AsSpan(0, _tolFunHistory))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
            if (hi - lo < _options.TolFun)
                return TerminationReason.FunctionTolerance;
        }

        // tolfunhist (pycma): the best values of the recent generations (at least 10 of them) within TolFunHist.
        int histLength = (int)Math.Min(_generationRun, _tolFunHistory);
        if (histLength > 9 && _options.TolFunHist > 0)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            foreach (double v in _bestHistory.AsSpan(0, histLength))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
            if (hi - lo < _options.TolFunHist)
                return TerminationReason.FunctionHistoryTolerance;
        }

        // tolx: sigma * max(|p_c|, sqrt(diag C)) < TolX in every coordinate. The same pass records whether
        // adding 0.2 standard deviations leaves some coordinate of the mean unchanged (noeffectcoord, tested below).
        bool small = true;
        bool noEffectCoordinate = false;
        double maxStd = 0;
        for (int i = 0; i < n; i++)
        {
            double sd = Math.Sqrt(_c[i * n + i]);
            maxStd = Math.Max(maxStd, sd / _scales[i]);   // relative to the initial scale of the coordinate, as pycma
            if (_sigma * Math.Max(Math.Abs(_pc[i]), sd) >= _options.TolX)
                small = false;
            double mi = _mean[i];
            noEffectCoordinate |= mi == mi + 0.2 * _sigma * sd;
        }
        if (small)
            return TerminationReason.StepTolerance;

        // tolfacupx: a standard deviation grew TolFacUpX times beyond its start, sigma0 (times the coordinate's
        // Sigma0Scales entry), so sigma0 was far too small.
        if (_sigma * maxStd > _options.TolFacUpX * _sigma0Run)
            return TerminationReason.StepSizeDiverged;

        // tolupsigma: sigma grew far beyond sigma0 relative to the largest axis.
        if (_sigma / _sigma0Run > _options.TolUpSigma * Math.Sqrt(_eigenvalues[n - 1]))
            return TerminationReason.StepSizeDiverged;

        // noeffectcoord (computed with tolx above).
        if (noEffectCoordinate)
            return TerminationReason.NoEffect;
        // noeffectaxis: adding 0.1 sigma along principal axis (g mod n) leaves the mean unchanged.
        int axis = (int)(_generationRun % n);
        double scale = 0.1 * _sigma * _d[axis];
        bool unchanged = true;
        for (int r = 0; r < n; r++)
        {
            double mr = _mean[r];
            if (mr != mr + scale * _b[r * n + axis])
            {
                unchanged = false;
                break;
            }
        }
        if (unchanged)
            return TerminationReason.NoEffect;

        if (Stagnated())
            return TerminationReason.Stagnation;

        // tolflatfitness (counted in RecordHistory).
        if (_flatGenerations > _options.TolFlatFitness)
            return TerminationReason.FlatFitness;
        return TerminationReason.None;
    }

    /// <summary>
    /// pycma's tolstagnation (cma/evolution_strategy.py, class _CMAStopDict, cma 4.4.0, commit 8d16505): with the window W, the
    /// records of every 5th generation (newest first) and l = floor(max(W / 10, records / 10)), the run has
    /// stagnated when the medians of the newest l best and of the newest l median values are both no better
    /// (&gt;=, so that flat fitness counts) than the medians of the l records before them. It also requires
    /// more than n (5 + 100 / lambda) generations, more than 100 records, 2 l &lt; records, l &lt;= generations,
    /// and that the run's best value was found more than W / 2 generations' worth of evaluations ago.
    /// The medians change only with a new record, so they are compared once per record.
    /// </summary>
    private bool Stagnated()
    {
        int window = _stagnationWindow;
        if (_stagBest.Length == 0 || window >= StagnationOffWindow)
            return false;
        long g = _generationRun;
        int lambda = _lambda;
        if (!(g > N * (5 + 100.0 / lambda)))
            return false;
        if (!((_evaluationsRun - _runBestEvaluation) / (double)lambda > window / 2.0))
            return false;
        long records = Math.Min(_stagRecorded, MaxStagnationRecords);
        if (records <= 100)
            return false;
        double span = Math.Max(window / 10.0, records / 10.0);
        if (span > g)
            return false;
        int l = (int)span;
        if (2L * l >= records || 2 * l > _stagBest.Length)
            return false;
        if (_stagComparedAt != _stagRecorded)
        {
            _stagComparedAt = _stagRecorded;
            _stagNoImprovement = MedianOfRecords(_stagMedian, 0, l) >= MedianOfRecords(_stagMedian, l, l)
                && MedianOfRecords(_stagBest, 0, l) >= MedianOfRecords(_stagBest, l, l);
        }
        return _stagNoImprovement;
    }

    /// <summary>Median of <paramref name="count"/> records of a ring, starting <paramref name="skip"/> records before the newest.</summary>
    private double MedianOfRecords(double[] ring, int skip, int count)
    {
        Span<double> s = _medianScratch.AsSpan(0, count);
        long newest = _stagRecorded - 1 - skip;
        for (int i = 0; i < count; i++)
            s[i] = ring[(int)((newest - i) % ring.Length)];
        s.Sort();
        int half = count / 2;
        return count % 2 == 1 ? s[half] : (s[half - 1] + s[half]) / 2;
    }

    // ==== Runs and restarts ========================================================================

    /// <summary>
    /// Decides whether and how to restart after a run stopped, with pycma's bookkeeping (cma.fmin):
    /// at most <see cref="CmaEsOptions.MaxRestarts"/> runs with a grown population follow the first run.
    /// IPOP: run k has lambda = lambda_default * growth^k. BIPOP (Hansen 2009): the first run counts as
    /// small; while the small runs have used fewer evaluations than the large ones, a small run follows
    /// with lambda_s = floor(lambda_default * (lambda_large / lambda_default)^(U^2)), sigma0 * 10^(-2U') and
    /// at most 0.5 * (large evaluations) / lambda_s generations; otherwise the next large run.
    /// </summary>
    private bool TryRestart()
    {
        _runsCompleted++;
        if (_options.Restarts == RestartStrategy.None || _runsCompleted - _smallRuns > _options.MaxRestarts)
            return false;
        _restarts++;
        double growth = _options.PopulationGrowth;
        if (_options.Restarts == RestartStrategy.Bipop && _evaluationsSmall < _evaluationsLarge)
        {
            _smallRuns++;
            double u = _random.NextDouble();
            double ratio = _lambdaLarge / (double)_lambdaDefault;
            int lambdaSmall = Math.Clamp((int)Math.Floor(_lambdaDefault * Math.Pow(ratio, u * u)), 2, _lambdaMax);
            double sigmaSmall = _options.Sigma0 * Math.Pow(10, -2 * _random.NextDouble());
            _runIsSmall = true;
            StartRun(lambdaSmall, sigmaSmall);
            _maxIterationsRun = Math.Max(1, Math.Min(_maxIterationsRun, (long)(0.5 * _evaluationsLarge / lambdaSmall)));
            return true;
        }
        int largeRuns = _runsCompleted - _smallRuns;   // k-th grown population
        _lambdaLarge = (int)Math.Min(_lambdaMax, Math.Round(_lambdaDefault * Math.Pow(growth, largeRuns)));
        _runIsSmall = false;
        StartRun(_lambdaLarge, _options.Sigma0);
        return true;
    }

    /// <summary>Sets the strategy parameters for population size <paramref name="lambda"/> and resets the distribution to (x0, sigma0, I).</summary>
    private void StartRun(int lambda, double sigma0)
    {
        int n = N;
        SetStrategyParameters(lambda);
        _x0.CopyTo(_mean);
        _sigma = sigma0;
        _sigma0Run = sigma0;
        Array.Clear(_pc);
        Array.Clear(_ps);
        Array.Clear(_c);
        Array.Clear(_b);
        // C = diag(scales)^2 (the identity without Sigma0Scales): column k of B is the unit vector of the coordinate
        // with the k-th smallest scale, so that D and the eigenvalues ascend as after an eigen-decomposition.
        for (int k = 0; k < n; k++)
        {
            int i = _scaleOrder[k];
            double s = _scales[i];
            _c[i * n + i] = s * s;
            _b[i * n + k] = 1;
            _d[k] = s;
            _eigenvalues[k] = s * s;
        }
        _conditionNumber = _eigenvalues[n - 1] / _eigenvalues[0];
        _numericalError = false;
        _generationRun = 0;
        _evaluationsRun = 0;
        _evaluationsAtEigen = 0;
        _asked = false;
        _maxIterationsRun = _options.MaxIterations ?? (long)(100 + 150 * (n + 3.0) * (n + 3.0) / Math.Sqrt(lambda));
        _tolFunHistory = TolFunHistoryLength(lambda);
        _stagnationWindow = StagnationWindow(lambda);
        _nonFiniteGenerations = 0;
        _runBestValue = double.PositiveInfinity;
        _runBestEvaluation = 0;
        _flatGenerations = 0;
        _stagRecorded = 0;
        _stagComparedAt = -1;
    }

    /// <summary>pycma: the TolFun criterion looks at the best values of the last 10 + ceil(30 n / lambda) generations.</summary>
    private static int TolFunHistoryLength(int lambda) => 10 + (int)Math.Ceiling(30.0 * N / lambda);

    /// <summary>pycma's tolstagnation default int(100 + 100 n^1.5 / lambda), unless the option sets it.</summary>
    private int StagnationWindow(int lambda) =>
        _options.StagnationIterations ?? (int)Math.Min(int.MaxValue - 100, 100 + 100 * Math.Pow(N, 1.5) / lambda);

    /// <summary>
    /// Records the stagnation rings must keep: the two spans of l = floor(max(W / 10, records / 10)) records each.
    /// Every run has lambda &gt;= lambda_default, so its window W and its iteration limit (hence its records) are
    /// at most those of a run with lambda_default. Zero when the criterion is off.
    /// </summary>
    private int StagnationRingLength(int n)
    {
        int window = StagnationWindow(_lambdaDefault);
        if (window >= StagnationOffWindow)
            return 0;
        long maxIterations = _options.MaxIterations ?? (long)(100 + 150 * (n + 3.0) * (n + 3.0) / Math.Sqrt(_lambdaDefault));
        long records = Math.Min(MaxStagnationRecords, maxIterations / StagnationRecordInterval);
        return 2 * (int)Math.Max(window / 10, records / 10);
    }

    /// <summary>Default strategy parameters for population size lambda (Hansen 2016, Appendix A, eqs. 48-58).</summary>
    private void SetStrategyParameters(int lambda)
    {
        int n = N;
        _lambda = lambda;
        _mu = lambda / 2;
        Span<double> w = _weights.AsSpan(0, lambda);
        double sumPos = 0, sumPos2 = 0, sumNeg = 0, sumNeg2 = 0;
        for (int i = 0; i < lambda; i++)
        {
            double wi = Math.Log((lambda + 1) / 2.0) - Math.Log(i + 1);   // w'_i
            w[i] = wi;
            if (i < _mu) { sumPos += wi; sumPos2 += wi * wi; }
            else { sumNeg += -wi; sumNeg2 += wi * wi; }
        }
        _mueff = sumPos * sumPos / sumPos2;
        double mueffMinus = sumNeg2 > 0 ? sumNeg * sumNeg / sumNeg2 : 0;

        // The tutorial's formulas with pycma's (4.5) refinements: c_1 times min(1, lambda / 6), the rank-mu
        // offset 1/4 in c_mu (keeps the rank-mu and active updates on when mu_eff = 1), and the c_sigma of
        // Hansen's earlier papers, (mu_eff + 2) / (n + mu_eff + 3).
        const double alphaCov = 2, rankMuOffset = 0.25;
        _c1 = alphaCov / ((n + 1.3) * (n + 1.3) + _mueff) * Math.Min(1, lambda / 6.0);
        _cmu = Math.Min(1 - _c1, alphaCov * (rankMuOffset + _mueff - 2 + 1 / _mueff) / ((n + 2.0) * (n + 2.0) + alphaCov * _mueff / 2));
        _cc = (4 + _mueff / n) / (n + 4 + 2 * _mueff / n);
        _cs = (_mueff + 2) / (n + _mueff + 3);
        _damps = 1 + 2 * Math.Max(0, Math.Sqrt((_mueff - 1) / (n + 1)) - 1) + _cs;

        // Positive weights sum to 1; negative ones sum to -min(alpha_mu^-, alpha_mueff^-, alpha_posdef^-).
        double negativeScale = 0;
        if (_options.ActiveCovariance && sumNeg > 0)
        {
            double alphaMu = 1 + _c1 / _cmu;
            double alphaMueff = 1 + 2 * mueffMinus / (_mueff + 2);
            double alphaPosdef = (1 - _c1 - _cmu) / (n * _cmu);
            negativeScale = Math.Min(alphaMu, Math.Min(alphaMueff, alphaPosdef)) / sumNeg;
        }
        _weightSum = 0;
        for (int i = 0; i < lambda; i++)
        {
            w[i] = i < _mu ? w[i] / sumPos : (w[i] < 0 ? w[i] * negativeScale : 0);
            _weightSum += w[i];
        }
        _lazyGapEvaluations = 0.5 * lambda / ((_c1 + _cmu) * n);
    }
}
