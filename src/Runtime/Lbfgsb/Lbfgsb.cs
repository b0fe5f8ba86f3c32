using System;
using System.Threading;
using GenOpt.LinearAlgebra;

namespace GenOpt;

/// <summary>
/// Bound-constrained limited-memory BFGS: a projected quasi-Newton method in the spirit of L-BFGS-B
/// (Byrd, Lu, Nocedal &amp; Zhu, 1995), with scipy's options and stopping rules.
/// </summary>
/// <remarks>
/// <para>Each iteration fixes the variables that sit on a bound with the gradient pushing outwards (the active
/// set), computes the L-BFGS direction (two-loop recursion, <see cref="LbfgsbOptions.Memory"/> pairs, initial
/// scaling s·y / y·y) for the free variables, and searches along the projected path
/// <c>x(α) = P(x + α d)</c> (P clips to the box): the first trial is α = 1 (α = 1/‖d‖ when the memory is
/// empty, as in scipy), backtracking by safeguarded quadratic interpolation until the Armijo condition
/// <c>f(x(α)) &lt;= f(x) + 1e-4 g·(x(α) - x)</c> holds, extrapolating while the step stays inside the box and the
/// curvature condition <c>g(x(α))·d &gt;= 0.9 g·d</c> fails. Pairs with <c>s·y &lt;= eps y·y</c> are skipped
/// (scipy's rule). When a search fails with a non-empty memory, the memory is dropped and the iteration is
/// retried along the projected steepest descent; only a second failure stops with
/// <see cref="TerminationReason.LineSearchFailed"/>. A trial point with a NaN or infinite value or gradient is
/// cut back (counted in <see cref="OptimizationResult.NonFiniteEvaluations"/>); an iteration whose step was cut
/// back that way never stops the run on <see cref="LbfgsbOptions.FTol"/>, and a failed search that met such values
/// stops it with <see cref="TerminationReason.ObjectiveNotFinite"/> (scipy: ABNORMAL_TERMINATION_IN_LNSRCH).
/// Unlike L-BFGS-B, there is no generalized Cauchy point and subspace minimization: the active set is the one
/// at the current point, refreshed each iteration.</para>
/// <para>The objective is only ever evaluated inside the box (a finite-difference gradient may probe just beyond
/// it). x0 must lie inside the box: a coordinate outside is an <see cref="ArgumentException"/> (scipy clips it;
/// <see cref="Bounds.Clip(ReadOnlySpan{double})"/> does that explicitly). Infinite bounds are allowed; without bounds
/// it is plain L-BFGS.</para>
/// <para>Every evaluation is one <see cref="IDifferentiableObjective.ValueAndGradient"/> call, so
/// <see cref="OptimizationResult.Evaluations"/> counts value and gradient evaluations alike
/// (<see cref="GradientEvaluations"/> is the same number). The workspace is <c>(2m + 9) n + 2m</c> doubles,
/// allocated in the constructor; <c>Minimize</c> allocates nothing but the result's copy of the point (one array of
/// n doubles), and nothing at all with a <see cref="ResultBuffer"/>.</para>
/// <para><b>Thread safety.</b> An instance is not thread-safe: it runs one call (Minimize) at a time. A call that
/// overlaps a running one — from another thread, or from the running call's own objective or observer — throws
/// <see cref="InvalidOperationException"/> before it changes anything, so the running call is not disturbed (an
/// exception the objective or observer does not catch ends the outer call like any exception it throws, and the
/// instance is free again). Calls one after the other may come from different threads. Distinct instances may run
/// concurrently: use one instance per thread.</para>
/// </remarks>
/// <typeparam name="TObjective">The objective with its gradient; wrap a plain <see cref="IObjective"/> in
/// <see cref="FiniteDifferenceObjective{TObjective}"/>.</typeparam>
public sealed class Lbfgsb<TObjective> where TObjective : struct, IDifferentiableObjective
{
    private static int N => TObjective.Dimension;

    /// <summary>Armijo (sufficient decrease) constant, as in scipy's line search (ftol = 1e-3 there; 1e-4 is the textbook value).</summary>
    private const double ArmijoC1 = 1e-4;
    /// <summary>Curvature constant of the weak Wolfe condition.</summary>
    private const double CurvatureC2 = 0.9;

    private TObjective _objective;
    private readonly LbfgsbOptions _options;
    private readonly int _m;
    private readonly double[] _s;      // m x n ring of steps
    private readonly double[] _y;      // m x n ring of gradient changes
    private readonly double[] _rho;    // 1 / (s·y)
    private readonly double[] _alpha;  // two-loop coefficients
    private int _pairs;                // stored pairs
    private int _newest;               // ring index of the newest pair
    private readonly double[] _x;
    private readonly double[] _g;
    private readonly double[] _d;
    private readonly double[] _xTrial;
    private readonly double[] _gTrial;
    private readonly double[] _xLo;
    private readonly double[] _gLo;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private double _f;
    private long _evaluations;
    private long _nonFiniteEvaluations;
    /// <summary>True when the current line search met a NaN or infinite value or gradient (and cut the step back).</summary>
    private bool _lineSearchMetNonFinite;
    private long _iterations;
    private TerminationReason _status;
    /// <summary>0, or the id of the thread whose Minimize is running: see <see cref="ReentrancyGuard"/>.</summary>
    private int _busy;
    private Memory<double> _resultBuffer;
    private OptimizationResult _result;

    /// <summary>Creates the optimizer for a stateless objective (<c>default(TObjective)</c>).</summary>
    /// <exception cref="ArgumentException"><typeparamref name="TObjective"/> <see cref="IObjective.RequiresInstance">requires an instance</see> (an instance
    /// <see cref="ObjectiveAttribute"/> method's generated type): use the constructor that takes the objective.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Lbfgsb(LbfgsbOptions? options = null) : this(InstanceObjective.DefaultOrThrow<TObjective>("Lbfgsb", nameof(TObjective)), options)
    {
    }

    /// <summary>Creates the optimizer for <paramref name="objective"/> and allocates its whole workspace.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Lbfgsb(TObjective objective, LbfgsbOptions? options = null)
    {
        int n = N;
        if (n < 1)
            throw new ArgumentException($"{typeof(TObjective).Name}.Dimension must be at least 1 but is {n}.", nameof(objective));
        _options = options ?? new LbfgsbOptions();
        _options.Validate();
        _objective = objective;
        _m = _options.Memory;
        _s = new double[_m * n];
        _y = new double[_m * n];
        _rho = new double[_m];
        _alpha = new double[_m];
        _x = new double[n];
        _g = new double[n];
        _d = new double[n];
        _xTrial = new double[n];
        _gTrial = new double[n];
        _xLo = new double[n];
        _gLo = new double[n];
        _lower = new double[n];
        _upper = new double[n];
        _f = double.NaN;
    }

    /// <summary>The options in use.</summary>
    public LbfgsbOptions Options => _options;

    /// <summary>The objective instance, by reference (for objectives that carry data).</summary>
    public ref TObjective Objective => ref _objective;

    /// <summary>Why the optimizer stopped, or <see cref="TerminationReason.None"/> while it runs.</summary>
    public TerminationReason Status => _status;

    /// <summary>Gradient evaluations of the last run: every evaluation is a value-and-gradient call, so this equals <see cref="OptimizationResult.Evaluations"/>.</summary>
    public long GradientEvaluations => _evaluations;

    /// <summary>Infinity norm of the projected gradient at the current point.</summary>
    public double ProjectedGradientNorm => ProjectedGradientInfNorm();

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
    /// The result of the last finished run (what <c>Minimize</c> returned): the last accepted point (always the best,
    /// the method is monotone), counts, status; <c>default</c> before the first run.
    /// </summary>
    public OptimizationResult Result => _result;

    /// <summary>Minimizes the objective from <paramref name="x0"/>, within <paramref name="bounds"/> if given.</summary>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite or lies outside the bounds, or the bounds have the wrong dimension.</exception>
    public OptimizationResult Minimize(ReadOnlySpan<double> x0, Bounds? bounds = null, CancellationToken cancellationToken = default)
    {
        NullObserver observer = default;
        return Minimize(x0, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective from <paramref name="x0"/>, within <paramref name="bounds"/> if given, calling
    /// <paramref name="progress"/> after every iteration on this thread (pass <c>progress.Report</c> for an
    /// <see cref="IProgress{IterationInfo}"/>, or <see cref="OptimizationHistory.Record"/> to record the curve).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="progress"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite or lies outside the bounds, or the bounds have the wrong dimension.</exception>
    public OptimizationResult Minimize(ReadOnlySpan<double> x0, Bounds? bounds, Action<IterationInfo> progress, CancellationToken cancellationToken = default)
    {
        var observer = new ProgressObserver(progress);
        return Minimize(x0, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes the objective from <paramref name="x0"/>, within <paramref name="bounds"/> if given, calling
    /// <paramref name="observer"/> after every iteration (<see cref="IterationInfo.StepSize"/> is the infinity norm of
    /// the step).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x0"/> has the wrong length, is not finite or lies outside the bounds, or the bounds have the wrong dimension.</exception>
    public OptimizationResult Minimize<TObserver>(ReadOnlySpan<double> x0, Bounds? bounds, ref TObserver observer, CancellationToken cancellationToken = default)
        where TObserver : struct, IOptimizationObserver
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "Lbfgsb", nameof(Minimize));
        RunClock clock = RunClock.Start();
        RunSteps.LoadStart(x0, bounds, _lower, _upper, _x);
        _status = Run(ref _objective, ref observer, _options.EffectiveMaxIterations, _options.EffectiveMaxEvaluations, cancellationToken);
        _result = new OptimizationResult(ResultStorage.Keep(_x, _resultBuffer), _f, _evaluations, _iterations, _status, 0, _nonFiniteEvaluations)
        {
            Optimizer = OptimizerKind.Lbfgsb,
            Elapsed = clock.Elapsed,
        };
        return _result;
    }

    /// <summary>
    /// Local search for dual annealing: minimizes <paramref name="objective"/> from <paramref name="start"/>
    /// (inside the box) within [<paramref name="lower"/>, <paramref name="upper"/>] with the given limits.
    /// The final point is <see cref="CurrentPoint"/>, its value <see cref="CurrentValue"/>.
    /// </summary>
    internal TerminationReason RunFrom(ref TObjective objective, ReadOnlySpan<double> start, ReadOnlySpan<double> lower,
        ReadOnlySpan<double> upper, long maxIterations, long maxEvaluations, CancellationToken cancellationToken)
    {
        lower.CopyTo(_lower);
        upper.CopyTo(_upper);
        start.CopyTo(_x);
        NullObserver observer = default;
        return _status = Run(ref objective, ref observer, maxIterations, maxEvaluations, cancellationToken);
    }

    internal ReadOnlySpan<double> CurrentPoint => _x;
    internal double CurrentValue => _f;
    internal long EvaluationsOfLastRun => _evaluations;

    private TerminationReason Run<TObserver>(ref TObjective objective, ref TObserver observer, long maxIterations, long maxEvaluations, CancellationToken cancellationToken)
        where TObserver : struct, IOptimizationObserver
    {
        int n = N;
        _evaluations = 0;
        _nonFiniteEvaluations = 0;
        _iterations = 0;
        _pairs = 0;
        _newest = _m - 1;
        _status = TerminationReason.None;
        _f = objective.ValueAndGradient(_x, _g);
        _evaluations++;
        if (!double.IsFinite(_f) || !AllFinite(_g))
        {
            _nonFiniteEvaluations++;
            return TerminationReason.ObjectiveNotFinite;
        }
        while (true)
        {
            if (_f <= _options.TargetValue)
                return TerminationReason.TargetReached;
            if (ProjectedGradientInfNorm() <= _options.GTol)
                return TerminationReason.GradientTolerance;
            if (cancellationToken.IsCancellationRequested)
                return TerminationReason.Cancelled;
            if (_iterations >= maxIterations)
                return TerminationReason.MaxIterations;
            if (_evaluations >= maxEvaluations)
                return TerminationReason.MaxEvaluations;

            double fOld = _f;
            double gd = ComputeDirection();
            LineSearchOutcome outcome = LineSearch(ref objective, gd, maxEvaluations);
            bool metNonFinite = _lineSearchMetNonFinite;
            if (outcome == LineSearchOutcome.Failed && _pairs > 0)
            {
                // Drop the curvature information and retry along the projected steepest descent.
                _pairs = 0;
                gd = ComputeDirection();
                outcome = LineSearch(ref objective, gd, maxEvaluations);
                metNonFinite |= _lineSearchMetNonFinite;
            }
            if (outcome == LineSearchOutcome.Failed)
                return metNonFinite ? TerminationReason.ObjectiveNotFinite : TerminationReason.LineSearchFailed;
            if (outcome == LineSearchOutcome.BudgetExhausted)
                return TerminationReason.MaxEvaluations;

            // Accepted point is in _xTrial/_gTrial: form the pair, then move.
            double sy = 0, yy = 0, stepNorm = 0;
            int slot = (_newest + 1) % _m;
            Span<double> s = _s.AsSpan(slot * n, n);
            Span<double> y = _y.AsSpan(slot * n, n);
            for (int i = 0; i < n; i++)
            {
                double si = _xTrial[i] - _x[i];
                double yi = _gTrial[i] - _g[i];
                s[i] = si;
                y[i] = yi;
                sy += si * yi;
                yy += yi * yi;
                stepNorm = Math.Max(stepNorm, Math.Abs(si));
            }
            if (sy > FiniteDifference.MachineEpsilon * yy)
            {
                _newest = slot;
                _rho[slot] = 1 / sy;
                if (_pairs < _m) _pairs++;
            }
            _xTrial.AsSpan().CopyTo(_x);
            _gTrial.AsSpan().CopyTo(_g);
            _iterations++;

            var info = new IterationInfo(_iterations, _evaluations, _f, _f, stepNorm, 0);
            if (!observer.OnIteration(in info))
                return TerminationReason.StoppedByObserver;
            if (_f <= _options.TargetValue)
                return TerminationReason.TargetReached;
            // A step cut back because the objective was not finite further on says nothing about convergence: the
            // objective may still decrease up to the edge of the region where it is finite. The run goes on; at such
            // an edge the line search soon finds no finite point with sufficient decrease (ObjectiveNotFinite).
            if (!_lineSearchMetNonFinite
                && (fOld - _f) / Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(_f)), 1) <= _options.FTol)
                return TerminationReason.FunctionTolerance;
        }
    }

    private static bool AllFinite(ReadOnlySpan<double> v)
    {
        for (int i = 0; i < v.Length; i++)
            if (!double.IsFinite(v[i]))
                return false;
        return true;
    }

    /// <summary>scipy's projgr: infinity norm of P(x - g) - x, the gradient with outward components at bounds removed.</summary>
    private double ProjectedGradientInfNorm()
    {
        double norm = 0;
        for (int i = 0; i < _x.Length; i++)
        {
            double gi = _g[i];
            double v = gi < 0 ? Math.Max(_x[i] - _upper[i], gi) : Math.Min(_x[i] - _lower[i], gi);
            norm = Math.Max(norm, Math.Abs(v));
        }
        return norm;
    }

    /// <summary>True when coordinate i is held on its bound this iteration.</summary>
    private bool IsActive(int i) =>
        (_x[i] <= _lower[i] && _g[i] > 0) || (_x[i] >= _upper[i] && _g[i] < 0) || _lower[i] == _upper[i];

    /// <summary>Writes the search direction to _d (zero on the active set) and returns g·d (negative).</summary>
    private double ComputeDirection()
    {
        int n = N;
        Span<double> q = _d;
        for (int i = 0; i < n; i++)
            q[i] = IsActive(i) ? 0 : _g[i];
        if (_pairs > 0)
        {
            // Two-loop recursion (Nocedal & Wright, Algorithm 7.4), newest pair first.
            int k = _newest;
            for (int j = 0; j < _pairs; j++)
            {
                double a = _rho[k] * Blas.Dot(_s.AsSpan(k * n, n), q);
                _alpha[k] = a;
                Blas.Axpy(-a, _y.AsSpan(k * n, n), q);
                k = k == 0 ? _m - 1 : k - 1;
            }
            ReadOnlySpan<double> yNew = _y.AsSpan(_newest * n, n);
            double gamma = 1 / (_rho[_newest] * Blas.Dot(yNew, yNew));
            for (int i = 0; i < n; i++)
                q[i] *= gamma;
            for (int j = 0; j < _pairs; j++)
            {
                k = k == _m - 1 ? 0 : k + 1;
                double beta = _rho[k] * Blas.Dot(_y.AsSpan(k * n, n), q);
                Blas.Axpy(_alpha[k] - beta, _s.AsSpan(k * n, n), q);
            }
        }
        double gd = 0;
        for (int i = 0; i < n; i++)
        {
            double di = IsActive(i) ? 0 : -q[i];
            q[i] = di;
            gd += _g[i] * di;
        }
        if (!(gd < 0) && _pairs > 0)
        {
            // Not a descent direction (the free-variable restriction of H can spoil it): steepest descent.
            _pairs = 0;
            return ComputeDirection();
        }
        return gd;
    }

    private enum LineSearchOutcome { Accepted, Failed, BudgetExhausted }

    /// <summary>
    /// Searches along the projected path P(x + α d); on success the new point, value and gradient are in
    /// _xTrial, _f and _gTrial.
    /// </summary>
    private LineSearchOutcome LineSearch(ref TObjective objective, double gd, long maxEvaluations)
    {
        int n = N;
        _lineSearchMetNonFinite = false;
        if (!(gd < 0))
            return LineSearchOutcome.Failed;
        double f0 = _f;
        double alpha = 1;
        if (_pairs == 0)
            alpha = 1 / Math.Sqrt(Blas.Dot(_d, _d));
        double alphaLo = 0, alphaHi = double.PositiveInfinity, fLo = f0;
        bool haveLo = false;
        for (int trial = 0; trial < _options.MaxLineSearchSteps; trial++)
        {
            if (_evaluations >= maxEvaluations)
                break;
            bool clipped = false, moved = false;
            double gdPath = 0;
            for (int i = 0; i < n; i++)
            {
                double xi = _x[i];
                double t = xi + alpha * _d[i];
                if (t < _lower[i]) { t = _lower[i]; clipped = true; }
                else if (t > _upper[i]) { t = _upper[i]; clipped = true; }
                _xTrial[i] = t;
                moved |= t != xi;
                gdPath += _g[i] * (t - xi);
            }
            if (!moved)
                break;   // the step underflowed: no progress possible along d
            double ft = objective.ValueAndGradient(_xTrial, _gTrial);
            _evaluations++;
            bool finite = double.IsFinite(ft) && AllFinite(_gTrial);
            if (!finite)
            {
                _nonFiniteEvaluations++;
                _lineSearchMetNonFinite = true;
            }
            if (!finite || !(gdPath < 0) || ft > f0 + ArmijoC1 * gdPath)
            {
                alphaHi = alpha;
                if (haveLo)
                    alpha = 0.5 * (alphaLo + alphaHi);
                else if (finite)
                {
                    // Minimizer of the quadratic through f0, gd and f(alpha), kept within [0.1, 0.5] alpha.
                    double denominator = 2 * (ft - f0 - gd * alpha);
                    double aq = denominator > 0 ? -gd * alpha * alpha / denominator : 0.5 * alpha;
                    alpha = Math.Clamp(aq, 0.1 * alpha, 0.5 * alpha);
                }
                else
                    alpha *= 0.1;
                continue;
            }
            // Sufficient decrease holds. Inside the box, also ask for the curvature condition (extrapolate).
            if (!clipped && Blas.Dot(_gTrial, _d) < CurvatureC2 * gd && trial + 1 < _options.MaxLineSearchSteps)
            {
                haveLo = true;
                alphaLo = alpha;
                fLo = ft;
                _xTrial.AsSpan().CopyTo(_xLo);
                _gTrial.AsSpan().CopyTo(_gLo);
                alpha = double.IsPositiveInfinity(alphaHi) ? 4 * alpha : 0.5 * (alphaLo + alphaHi);
                continue;
            }
            _f = ft;
            return LineSearchOutcome.Accepted;
        }
        if (haveLo)
        {
            _xLo.AsSpan().CopyTo(_xTrial);
            _gLo.AsSpan().CopyTo(_gTrial);
            _f = fLo;
            return LineSearchOutcome.Accepted;
        }
        return _evaluations >= maxEvaluations ? LineSearchOutcome.BudgetExhausted : LineSearchOutcome.Failed;
    }
}
