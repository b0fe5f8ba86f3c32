// CMA-ES: construction, the public surface, Minimize and ask/tell.
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
    /// <summary><see cref="CmaEsOptions.CovarianceModel"/>: Full uses C, B, D; the others see CmaEs.Separable.cs and CmaEs.LimitedMemory.cs.</summary>
    private readonly CovarianceModel _model;
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
    /// <summary>E||N(0, I)|| as pycma's step-size adaptation uses it: see <see cref="ExpectedNormOfStandardNormal"/>.</summary>
    private readonly double _chiN;
    /// <summary>Evaluations between eigen-decompositions: 0.5 lambda / ((c1 + c_mu) n), as in purecma.</summary>
    private double _lazyGapEvaluations;
    /// <summary>Maximum generations of the current run.</summary>
    private long _maxIterationsRun;
    /// <summary>Length of the best-value history used by TolFun and TolFunHist in this run: floor(10 + 30 n / lambda) (pycma).</summary>
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
    private readonly double[] _c;             // C, n x n, row-major (empty unless the model is Full)
    private readonly double[] _b;             // B: eigenvectors of C in columns (empty unless the model is Full)
    private readonly double[] _d;             // D: square roots of the eigenvalues of C (Separable: of its diagonal)
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
        _model = _options.CovarianceModel;
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
        _chiN = ExpectedNormOfStandardNormal(n);

        _weights = new double[_lambdaMax];
        _mean = new double[n];
        _pc = new double[n];
        _ps = new double[n];
        // The large-scale models keep no n x n array (memory O(n) or O(n m)): see AllocateLargeScaleModel.
        bool full = _model == CovarianceModel.Full;
        _c = new double[full ? n * n : 0];
        _b = new double[full ? n * n : 0];
        _d = new double[n];
        _eigenvalues = new double[n];
        _eigenWork = new double[full ? SymmetricEigen.WorkspaceLength(n) : 0];
        AllocateLargeScaleModel(n);
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
            _pool = new EvaluationPool<TObjective>(threads, "GenOpt CMA-ES worker", _options.UseBatch);
        else
            _rows = RowEvaluator<TObjective>.Create(_options.UseBatch);
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
    public ulong Seed { get; private set; }

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

    /// <summary>
    /// Condition number of C at the last eigen-decomposition (<see cref="CovarianceModel.Separable"/>: of the diagonal C,
    /// updated every generation; <see cref="CovarianceModel.LimitedMemory"/> does not track it: NaN).
    /// </summary>
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
}
