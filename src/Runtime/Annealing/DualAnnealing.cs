using System;
using System.Threading;

namespace GenOpt;

/// <summary>
/// Dual annealing for bounded continuous problems: generalized simulated annealing (Tsallis &amp; Stariolo 1996,
/// Xiang et al. 1997) with a local search after the annealing steps, following the structure of
/// scipy.optimize.dual_annealing.
/// </summary>
/// <remarks>
/// <para><b>Algorithm.</b> The temperature of iteration i of an annealing run is
/// <c>T = T0 (2^(q_v-1) - 1) / ((i+2)^(q_v-1) - 1)</c>. Each iteration is a strategy chain of 2n visits from the
/// current point, drawn from the distorted Cauchy–Lorentz distribution of parameter q_v (<see cref="DualAnnealingOptions.Visit"/>):
/// the first n visits move all coordinates at once, the next n one coordinate each (coordinate j - n). Visits
/// beyond ±1e8 are cut back to a random length below 1e8, and every visit is wrapped back into the box modulo its
/// width (a point within 1e-10 of a lower bound is nudged up by 1e-10), as scipy does. A better visit is taken;
/// a worse one with the generalized acceptance probability <c>[1 - (1 - q_a)(E - E_cur)/T_q]^(1/(1-q_a))</c>
/// (zero when the bracket is not positive), where <c>T_q = T/(i+1)</c> and q_a is <see cref="DualAnnealingOptions.Accept"/>.
/// After a chain, the local search (<see cref="Lbfgsb{TObjective}"/>, bounds respected) starts from the best point
/// when the chain improved it (always in the first iteration of an annealing run), and from the chain's minimum
/// point when the best has not improved for 1000 iterations (then for n iterations after each such search).
/// When the temperature falls below <see cref="DualAnnealingOptions.RestartTemperatureRatio"/> T0 the run is
/// re-annealed from a random point of the box, keeping the best. scipy's extra random local-search trigger
/// <c>exp(K (E_best - E_cur)/T_q)</c> only applies when K &lt; 90 n, which its constant K = 100 n never is; it is omitted.</para>
/// <para><b>Counting.</b> <see cref="OptimizationResult.Evaluations"/> counts calls of
/// <see cref="IObjective.Value"/> made by the annealing plus calls of
/// <see cref="IDifferentiableObjective.ValueAndGradient"/> made by the local search, one each;
/// <see cref="GradientEvaluations"/> counts the latter alone. scipy counts every function call, including the n
/// calls of each forward-difference gradient, as an evaluation: to compare with its nfev, count the calls of the
/// underlying function (for <see cref="FiniteDifferenceObjective{TObjective}"/>, 2n + 1 per gradient).</para>
/// <para><b>Non-finite values.</b> NaN or ±infinity from the objective is treated as +infinity: such a visit is never
/// accepted and never becomes the best; it is counted in <see cref="OptimizationResult.NonFiniteEvaluations"/>.
/// A start (x0 or a re-annealing point) with a non-finite value is replaced by a random point of the box, up to
/// 1000 times; after that the run stops with <see cref="TerminationReason.ObjectiveNotFinite"/>. A local-search
/// result is used only if its value is finite and lower.</para>
/// <para><b>Generic constraint.</b> The local search needs a gradient, so the objective must implement
/// <see cref="IDifferentiableObjective"/> (generated objectives do). A plain <see cref="IObjective"/> is used through
/// <see cref="FiniteDifferenceObjective{TObjective}"/>; with <see cref="DualAnnealingOptions.NoLocalSearch"/> its
/// gradient is never called, so the wrapper costs nothing.</para>
/// <para>The box must be finite, and a given x0 must lie inside it (a coordinate outside is an
/// <see cref="ArgumentException"/>; <see cref="Bounds.Clip(ReadOnlySpan{double})"/> projects a point into the box).
/// The workspace (<c>7n</c> doubles, plus the local search's) is allocated in the constructor; <c>Minimize</c>
/// allocates nothing but the result's copy of the point (one array of n doubles), and nothing at all with a
/// <see cref="ResultBuffer"/>. The random source is re-seeded at every run, so the same seed
/// and start give bit-identical results.</para>
/// <para><b>Thread safety.</b> An instance is not thread-safe: it runs one call (Minimize) at a time. A call that
/// overlaps a running one — from another thread, or from the running call's own objective or observer — throws
/// <see cref="InvalidOperationException"/> before it changes anything, so the running call is not disturbed (an
/// exception the objective or observer does not catch ends the outer call like any exception it throws, and the
/// instance is free again). Calls one after the other may come from different threads. Distinct instances may run
/// concurrently: use one instance per thread.</para>
/// </remarks>
/// <typeparam name="TObjective">The objective; its <see cref="IObjective.Dimension"/> fixes n.</typeparam>
public sealed class DualAnnealing<TObjective> where TObjective : struct, IDifferentiableObjective
{
    private static int N => TObjective.Dimension;

    /// <summary>Visits longer than this are cut back (scipy's TAIL_LIMIT).</summary>
    private const double TailLimit = 1e8;
    /// <summary>Wrapped visits this close to a lower bound are moved up by it (scipy's MIN_VISIT_BOUND).</summary>
    private const double MinVisitBound = 1e-10;
    /// <summary>Random replacements tried for a start with a non-finite value (scipy's MAX_REINIT_COUNT).</summary>
    private const int MaxReinitializations = 1000;
    /// <summary>Iterations without improvement of the best before the first chain-minimum local search (scipy).</summary>
    private const int FirstNotImprovedLimit = 1000;

    private TObjective _objective;
    private readonly DualAnnealingOptions _options;
    private RandomSource _random;
    private readonly Lbfgsb<TObjective>? _localSearch;
    private readonly long _localSearchMaxIterations;

    // Visiting distribution constants (depend on q_v only).
    private readonly double _factor4P;
    private readonly double _factor6;
    private readonly double _denominatorExponent;   // (q_v - 1)/(3 - q_v)

    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly double[] _range;
    private readonly double[] _current;
    private readonly double[] _best;
    private readonly double[] _chainMin;     // scipy's xmin
    private readonly double[] _visit;
    private double _currentEnergy;
    private double _bestEnergy;
    private double _chainMinEnergy;          // scipy's emin

    private long _evaluations;
    private long _gradientEvaluations;
    private long _nonFinite;
    private long _iterations;
    private int _reannealings;
    private int _localSearches;
    private int _notImproved;
    private int _notImprovedLimit;
    private bool _chainImproved;
    private double _temperature;
    private double _temperatureStep;
    private TerminationReason _status;
    /// <summary>0, or the id of the thread whose Minimize is running: see <see cref="ReentrancyGuard"/>.</summary>
    private int _busy;
    private Memory<double> _resultBuffer;
    private OptimizationResult _result;

    /// <summary>Creates the optimizer for a stateless objective (<c>default(TObjective)</c>).</summary>
    /// <exception cref="ArgumentException"><typeparamref name="TObjective"/> <see cref="IObjective.RequiresInstance">requires an instance</see> (an instance
    /// <see cref="ObjectiveAttribute"/> method's generated type): use the constructor that takes the objective.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public DualAnnealing(DualAnnealingOptions? options = null) : this(InstanceObjective.DefaultOrThrow<TObjective>("DualAnnealing", nameof(TObjective)), options)
    {
    }

    /// <summary>Creates the optimizer for <paramref name="objective"/> and allocates its whole workspace.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public DualAnnealing(TObjective objective, DualAnnealingOptions? options = null)
    {
        int n = N;
        if (n < 1)
            throw new ArgumentException($"{typeof(TObjective).Name}.Dimension must be at least 1 but is {n}.", nameof(objective));
        _options = options ?? new DualAnnealingOptions();
        _options.Validate();
        _objective = objective;
        Seed = _options.Seed ?? (ulong)System.Random.Shared.NextInt64();
        _random = new RandomSource(Seed);
        _localSearchMaxIterations = _options.LocalSearchMaxIterations ?? Math.Min(Math.Max(6L * n, 100), 1000);
        // The local search is handed this optimizer's objective by reference on every run; the copy given to its
        // constructor only keeps it from taking default(TObjective), which an instance objective refuses.
        if (!_options.NoLocalSearch)
            _localSearch = new Lbfgsb<TObjective>(objective, new LbfgsbOptions { MaxIterations = _localSearchMaxIterations });

        // Constants of the visiting distribution (Tsallis & Stariolo 1996), as arranged in scipy's VisitingDistribution.
        double q = _options.Visit;
        double factor2 = Math.Exp((4 - q) * Math.Log(q - 1));
        double factor3 = Math.Exp((2 - q) * Math.Log(2) / (q - 1));
        _factor4P = Math.Sqrt(Math.PI) * factor2 / (factor3 * (3 - q));
        double factor5 = 1 / (q - 1) - 0.5;
        double d1 = 2 - factor5;
        _factor6 = Math.PI * (1 - factor5) / Math.Sin(Math.PI * (1 - factor5)) / Math.Exp(LogGamma(d1));
        _denominatorExponent = (q - 1) / (3 - q);

        _lower = new double[n];
        _upper = new double[n];
        _range = new double[n];
        _current = new double[n];
        _best = new double[n];
        _chainMin = new double[n];
        _visit = new double[n];
    }

    /// <summary>The seed in use (drawn at construction when <see cref="DualAnnealingOptions.Seed"/> is null).</summary>
    public ulong Seed { get; }

    /// <summary>The options in use.</summary>
    public DualAnnealingOptions Options => _options;

    /// <summary>The objective instance, by reference (for objectives that carry data).</summary>
    public ref TObjective Objective => ref _objective;

    /// <summary>Why the optimizer stopped, or <see cref="TerminationReason.None"/> while it runs.</summary>
    public TerminationReason Status => _status;

    /// <summary>Value-and-gradient calls made by the local search in the last run (also counted in <see cref="OptimizationResult.Evaluations"/>).</summary>
    public long GradientEvaluations => _gradientEvaluations;

    /// <summary>Local searches performed in the last run.</summary>
    public int LocalSearches => _localSearches;

    /// <summary>Temperature of the current (or last) iteration.</summary>
    public double Temperature => _temperature;

    /// <summary>
    /// Where results go instead of a fresh array: empty (the default) gives every result its own copy of the point
    /// (one array of <c>Dimension</c> doubles per run); a buffer of at least <c>Dimension</c> entries makes
    /// <c>Minimize</c> allocate nothing: the result's <see cref="OptimizationResult.Point"/> is then a view of the
    /// buffer, which the next run overwrites.
    /// </summary>
    /// <exception cref="ArgumentException">The buffer is not empty and shorter than <c>Dimension</c>.</exception>
    public Memory<double> ResultBuffer
    {
        get => _resultBuffer;
        set => _resultBuffer = ResultStorage.CheckBuffer(value, N, "the point (the objective's Dimension)");
    }

    /// <summary>
    /// The result of the last finished run (what <c>Minimize</c> returned); <c>default</c> before the first run.
    /// <see cref="OptimizationResult.Restarts"/> counts re-annealings.
    /// </summary>
    public OptimizationResult Result => _result;

    /// <summary>Minimizes the objective over <paramref name="bounds"/> from <paramref name="x0"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or have the wrong dimension, or x0 is of the wrong length, not finite or outside the bounds.</exception>
    public OptimizationResult Minimize(ReadOnlySpan<double> x0, Bounds bounds, CancellationToken cancellationToken = default)
    {
        NullObserver observer = default;
        return Run(x0, randomStart: false, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective over <paramref name="bounds"/> from <paramref name="x0"/>, calling
    /// <paramref name="progress"/> after every iteration on this thread (pass <c>progress.Report</c> for an
    /// <see cref="IProgress{IterationInfo}"/>, or <see cref="OptimizationHistory.Record"/> to record the curve).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> or <paramref name="progress"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or have the wrong dimension, or x0 is of the wrong length, not finite or outside the bounds.</exception>
    public OptimizationResult Minimize(ReadOnlySpan<double> x0, Bounds bounds, Action<IterationInfo> progress, CancellationToken cancellationToken = default)
    {
        var observer = new ProgressObserver(progress);
        return Run(x0, randomStart: false, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective over <paramref name="bounds"/> from <paramref name="x0"/>, calling
    /// <paramref name="observer"/> after every iteration (strategy chain and local search);
    /// <see cref="IterationInfo.StepSize"/> is the temperature and <see cref="IterationInfo.IterationBestValue"/>
    /// the current energy.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or have the wrong dimension, or x0 is of the wrong length, not finite or outside the bounds.</exception>
    public OptimizationResult Minimize<TObserver>(ReadOnlySpan<double> x0, Bounds bounds, ref TObserver observer, CancellationToken cancellationToken = default)
        where TObserver : struct, IOptimizationObserver =>
        Run(x0, randomStart: false, bounds, ref observer, cancellationToken);

    /// <summary>Minimizes the objective over <paramref name="bounds"/> from a random start (uniform in the box).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or have the wrong dimension.</exception>
    public OptimizationResult Minimize(Bounds bounds, CancellationToken cancellationToken = default)
    {
        NullObserver observer = default;
        return Run(default, randomStart: true, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective over <paramref name="bounds"/> from a random start, calling <paramref name="progress"/>
    /// after every iteration on this thread (pass <c>progress.Report</c> for an <see cref="IProgress{IterationInfo}"/>,
    /// or <see cref="OptimizationHistory.Record"/> to record the curve).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> or <paramref name="progress"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or have the wrong dimension.</exception>
    public OptimizationResult Minimize(Bounds bounds, Action<IterationInfo> progress, CancellationToken cancellationToken = default)
    {
        var observer = new ProgressObserver(progress);
        return Run(default, randomStart: true, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective over <paramref name="bounds"/> from a random start, calling <paramref name="observer"/>
    /// after every iteration, as <see cref="Minimize{TObserver}(ReadOnlySpan{double}, Bounds, ref TObserver, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bounds"/> is null.</exception>
    /// <exception cref="ArgumentException">The bounds are not finite or have the wrong dimension.</exception>
    public OptimizationResult Minimize<TObserver>(Bounds bounds, ref TObserver observer, CancellationToken cancellationToken = default)
        where TObserver : struct, IOptimizationObserver =>
        Run(default, randomStart: true, bounds, ref observer, cancellationToken);

    private OptimizationResult Run<TObserver>(ReadOnlySpan<double> x0, bool randomStart, Bounds bounds, ref TObserver observer,
        CancellationToken cancellationToken)
        where TObserver : struct, IOptimizationObserver
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "DualAnnealing", nameof(Minimize));
        RunClock clock = RunClock.Start();
        Initialize(x0, randomStart, bounds);
        if (_status == TerminationReason.None)
            Anneal(ref observer, cancellationToken);
        _result = new OptimizationResult(ResultStorage.Keep(_best, _resultBuffer), _bestEnergy, _evaluations, _iterations, _status,
            _reannealings, _nonFinite)
        {
            Optimizer = OptimizerKind.DualAnnealing,
            Elapsed = clock.Elapsed,
        };
        return _result;
    }

    private void Anneal<TObserver>(ref TObserver observer, CancellationToken cancellationToken)
        where TObserver : struct, IOptimizationObserver
    {
        double q = _options.Visit;
        double t1 = Math.Exp((q - 1) * Math.Log(2)) - 1;
        double restartTemperature = _options.InitialTemperature * _options.RestartTemperatureRatio;
        long maxIterations = _options.EffectiveMaxIterations;
        while (_status == TerminationReason.None)
        {
            for (long i = 0; ; i++)
            {
                double t2 = Math.Exp((q - 1) * Math.Log(i + 2.0)) - 1;
                double temperature = _options.InitialTemperature * t1 / t2;
                if (_iterations >= maxIterations)
                {
                    _status = TerminationReason.MaxIterations;
                    break;
                }
                if (temperature < restartTemperature)
                {
                    _reannealings++;
                    if (!StartAt(default))
                        _status = TerminationReason.ObjectiveNotFinite;
                    break;
                }
                _temperature = temperature;
                _status = RunChain(i, temperature);
                if (_status == TerminationReason.None && _localSearch is not null)
                    _status = LocalSearchPhase(cancellationToken);
                if (_status != TerminationReason.None)
                    break;
                _iterations++;
                var info = new IterationInfo(_iterations, _evaluations, _bestEnergy, _currentEnergy, temperature, _reannealings);
                if ((_status = RunSteps.AfterIteration(ref observer, in info, cancellationToken)) != TerminationReason.None)
                    break;
            }
        }
    }

    private void Initialize(ReadOnlySpan<double> x0, bool randomStart, Bounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        int n = N;
        bounds.EnsureDimension(n);
        if (!bounds.IsFinite)
            throw new ArgumentException("Dual annealing needs a finite box: every lower and upper bound must be finite.", nameof(bounds));
        ReadOnlySpan<double> lower = bounds.Lower, upper = bounds.Upper;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(upper[i] - lower[i]))
                throw new ArgumentException($"The width of coordinate {i}'s bounds overflows ({upper[i]} - {lower[i]}).", nameof(bounds));
        }
        if (!randomStart)
            StartingPoint.EnsureValid(x0, n, bounds);
        for (int i = 0; i < n; i++)
        {
            _lower[i] = lower[i];
            _upper[i] = upper[i];
            _range[i] = upper[i] - lower[i];
        }
        _random = new RandomSource(Seed);
        _evaluations = 0;
        _gradientEvaluations = 0;
        _nonFinite = 0;
        _iterations = 0;
        _reannealings = 0;
        _localSearches = 0;
        _notImproved = 0;
        _notImprovedLimit = FirstNotImprovedLimit;
        _chainImproved = false;
        _temperature = _options.InitialTemperature;
        _status = TerminationReason.None;
        _bestEnergy = double.PositiveInfinity;
        if (!StartAt(randomStart ? default : x0))
        {
            _status = TerminationReason.ObjectiveNotFinite;
            return;
        }
        _current.AsSpan().CopyTo(_chainMin);
        _chainMinEnergy = _currentEnergy;
        if (_bestEnergy <= _options.TargetValue)
            _status = TerminationReason.TargetReached;
    }

    /// <summary>
    /// Sets the current point to <paramref name="x0"/> (empty: uniform in the box) and evaluates it, replacing a start
    /// with a non-finite value by random points (scipy's EnergyState.reset). The first start also sets the best.
    /// </summary>
    private bool StartAt(ReadOnlySpan<double> x0)
    {
        int n = N;
        if (x0.Length == n)
            x0.CopyTo(_current);
        else
            UniformInBox(_current);
        for (int attempt = 0; ; attempt++)
        {
            _currentEnergy = Evaluate(_current);
            if (double.IsFinite(_currentEnergy))
                break;
            if (attempt == 0 && double.IsPositiveInfinity(_bestEnergy))
                _current.AsSpan().CopyTo(_best);   // the result's point until a finite value is found: this run's start, in the box
            if (attempt >= MaxReinitializations)
                return false;
            UniformInBox(_current);
        }
        if (double.IsPositiveInfinity(_bestEnergy))
        {
            _bestEnergy = _currentEnergy;
            _current.AsSpan().CopyTo(_best);
        }
        return true;
    }

    private void UniformInBox(Span<double> x)
    {
        for (int i = 0; i < x.Length; i++)
            x[i] = _lower[i] + _range[i] * _random.NextDouble();
    }

    /// <summary>One objective evaluation; non-finite values become +infinity (never accepted, never best).</summary>
    private double Evaluate(ReadOnlySpan<double> x)
    {
        _evaluations++;
        double e = _objective.Value(x);
        if (double.IsFinite(e))
            return e;
        _nonFinite++;
        return double.PositiveInfinity;
    }

    // ==== Strategy chain ==============================================================================

    private TerminationReason RunChain(long step, double temperature)
    {
        int n = N;
        _temperatureStep = temperature / (step + 1);
        _notImproved++;
        _chainImproved = step == 0;
        double sigma = VisitScale(temperature);
        for (int j = 0; j < 2 * n; j++)
        {
            Visit(j, sigma);
            double e = Evaluate(_visit);
            if (e < _currentEnergy)
            {
                _currentEnergy = e;
                _visit.AsSpan().CopyTo(_current);
                if (e < _bestEnergy)
                {
                    _bestEnergy = e;
                    _visit.AsSpan().CopyTo(_best);
                    _chainImproved = true;
                    _notImproved = 0;
                    if (e <= _options.TargetValue)
                        return TerminationReason.TargetReached;
                }
            }
            else
            {
                AcceptOrReject(j, e);
            }
            if (_evaluations >= _options.EffectiveMaxEvaluations)
                return TerminationReason.MaxEvaluations;
        }
        return TerminationReason.None;
    }

    /// <summary>The generalized Metropolis step for a visit that did not improve the current energy.</summary>
    private void AcceptOrReject(int j, double e)
    {
        double r = _random.NextDouble();
        double qa = _options.Accept;
        double bracket = 1 - (1 - qa) * (e - _currentEnergy) / _temperatureStep;
        double probability = bracket <= 0 || double.IsNaN(bracket) ? 0 : Math.Exp(Math.Log(bracket) / (1 - qa));
        if (r <= probability && double.IsFinite(e))
        {
            _currentEnergy = e;
            _visit.AsSpan().CopyTo(_current);
            _visit.AsSpan().CopyTo(_chainMin);   // as scipy: the chain minimum point follows, its energy does not
        }
        if (_notImproved >= _notImprovedLimit && (j == 0 || _currentEnergy < _chainMinEnergy))
        {
            _chainMinEnergy = _currentEnergy;
            _current.AsSpan().CopyTo(_chainMin);
        }
    }

    // ==== Visiting distribution =======================================================================

    /// <summary>The scale sigma_x of the visiting distribution at <paramref name="temperature"/>.</summary>
    private double VisitScale(double temperature)
    {
        double q = _options.Visit;
        double factor1 = Math.Exp(Math.Log(temperature) / (q - 1));
        double factor4 = _factor4P * factor1;
        return Math.Exp(-(q - 1) * Math.Log(_factor6 / factor4) / (3 - q));
    }

    /// <summary>One draw of the visiting distribution: sigma_x X / |Y|^((q_v-1)/(3-q_v)), X, Y standard normal.</summary>
    private double VisitStep(double sigma)
    {
        double x = _random.NextGaussian();
        double y = _random.NextGaussian();
        return x * sigma / Math.Exp(_denominatorExponent * Math.Log(Math.Abs(y)));
    }

    /// <summary>Writes the j-th visit of a chain from the current point to _visit.</summary>
    private void Visit(int j, double sigma)
    {
        int n = N;
        if (j < n)
        {
            // All coordinates at once; overlong jumps are cut back with one uniform per side, as in scipy.
            double upperSample = double.NaN, lowerSample = double.NaN;
            for (int i = 0; i < n; i++)
            {
                double v = VisitStep(sigma);
                if (!(v <= TailLimit) && !(v < -TailLimit))
                {
                    if (double.IsNaN(upperSample)) upperSample = _random.NextDouble();
                    v = TailLimit * upperSample;
                }
                else if (v < -TailLimit)
                {
                    if (double.IsNaN(lowerSample)) lowerSample = _random.NextDouble();
                    v = -TailLimit * lowerSample;
                }
                _visit[i] = Wrap(i, _current[i] + v);
            }
        }
        else
        {
            _current.AsSpan().CopyTo(_visit);
            int i = j - n;
            double v = VisitStep(sigma);
            if (!(v <= TailLimit) && !(v < -TailLimit))
                v = TailLimit * _random.NextDouble();
            else if (v < -TailLimit)
                v = -TailLimit * _random.NextDouble();
            _visit[i] = Wrap(i, _current[i] + v);
        }
    }

    /// <summary>
    /// Folds a coordinate back into [lower, lower + range) modulo the range, as scipy does (its two fmod calls are
    /// replaced by a floor division, several times faster for the huge jumps of the hot phase; a visit already in
    /// the box is left as it is).
    /// </summary>
    private double Wrap(int i, double x)
    {
        double range = _range[i];
        double lower = _lower[i];
        if (range == 0)
            return lower;
        double a = x - lower;
        if (!(a >= 0 && a < range))
        {
            a -= range * Math.Floor(a / range);
            if (!(a >= 0 && a < range))
                a = 0;   // rounding put it on the far edge, which is the same point modulo the range
            x = lower + a;
        }
        if (Math.Abs(x - lower) < MinVisitBound)
            x += MinVisitBound;
        return Math.Min(x, _upper[i]);
    }

    // ==== Local search ================================================================================

    /// <summary>
    /// scipy's StrategyChain.local_search: from the best point after an improving chain, from the chain minimum after long
    /// stagnation. A cancellation ends a local search at its next iteration (the iteration then ends and the run stops).
    /// </summary>
    private TerminationReason LocalSearchPhase(CancellationToken cancellationToken)
    {
        int n = N;
        TerminationReason reason;
        if (_chainImproved)
        {
            double e = _bestEnergy;
            if (LocalSearch(_best, ref e, cancellationToken))
                _notImproved = 0;
            if ((reason = AdoptIfBetter(_best, e)) != TerminationReason.None)
                return reason;
        }
        if (_notImproved >= _notImprovedLimit)
        {
            LocalSearch(_chainMin, ref _chainMinEnergy, cancellationToken);
            _notImproved = 0;
            _notImprovedLimit = n;
            if ((reason = AdoptIfBetter(_chainMin, _chainMinEnergy)) != TerminationReason.None)
                return reason;
        }
        return TerminationReason.None;
    }

    /// <summary>
    /// After a local search (which may have written its result into <paramref name="x"/>): a value below the best
    /// makes <paramref name="x"/> the best and the current point; then the target and the budget are checked.
    /// </summary>
    private TerminationReason AdoptIfBetter(ReadOnlySpan<double> x, double e)
    {
        if (e < _bestEnergy)
        {
            _bestEnergy = e;
            x.CopyTo(_best);
            x.CopyTo(_current);
            _currentEnergy = e;
            if (e <= _options.TargetValue)
                return TerminationReason.TargetReached;
        }
        return _evaluations >= _options.EffectiveMaxEvaluations ? TerminationReason.MaxEvaluations : TerminationReason.None;
    }

    /// <summary>Runs the local minimizer from <paramref name="x"/>; replaces (x, e) when it found a finite lower value.</summary>
    private bool LocalSearch(Span<double> x, ref double e, CancellationToken cancellationToken)
    {
        long remaining = _options.EffectiveMaxEvaluations - _evaluations;
        if (remaining <= 0)
            return false;
        Lbfgsb<TObjective> ls = _localSearch!;
        ls.RunFrom(ref _objective, x, _lower, _upper, _localSearchMaxIterations, remaining, cancellationToken);
        _localSearches++;
        _evaluations += ls.EvaluationsOfLastRun;
        _gradientEvaluations += ls.EvaluationsOfLastRun;
        double value = ls.CurrentValue;
        if (!(double.IsFinite(value) && value < e))
            return false;
        ls.CurrentPoint.CopyTo(x);
        e = value;
        return true;
    }

    /// <summary>ln Gamma(x) for x &gt; 0 (Lanczos approximation, g = 7, 9 terms; about 15 digits).</summary>
    private static double LogGamma(double x)
    {
        if (x < 0.5)
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++)
            a += c[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }
}
