// SLSQP: construction, Minimize, the main iteration (Kraft's SLSQPB; its line search in Slsqp.LineSearch.cs), evaluations and helpers.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using GenOpt.LinearAlgebra;

namespace GenOpt;

/// <summary>
/// Sequential least-squares quadratic programming (SLSQP) after D. Kraft, "A software package for sequential
/// quadratic programming" (DFVLR-FB 88-28, 1988), the method behind scipy's <c>minimize(method='SLSQP')</c>:
/// minimize <c>f(x)</c> subject to <c>h(x) = 0</c>, <c>g(x) &gt;= 0</c> and bounds, with gradients.
/// </summary>
/// <remarks>
/// <para>Each major iteration solves a quadratic subproblem — the quadratic model of the Lagrangian, whose
/// Hessian is a BFGS approximation kept as an <c>L D L^T</c> factorization with Powell's damping, subject to the
/// linearized constraints and the bounds — as a constrained linear least-squares problem (equalities eliminated
/// by Householder reflections, then LSI, LDP and Lawson–Hanson NNLS; the LDP's solution gets one step of iterative
/// refinement on its active rows, so that the step meets the active linearized constraints to rounding even where the
/// dual formula loses digits, next to a solution with large multipliers). If the linearized constraints are
/// inconsistent, an augmented subproblem with one more variable relaxes them. The step length comes from an
/// Armijo backtracking line search (steps 0.1 to 1) on the exact L1 penalty function. A trial point where the
/// objective, the constraints or (at the accepted point) their derivatives are NaN or infinite halves the step
/// instead; such a shortened step is never taken for convergence.</para>
/// <para>Bounds are constraints of the subproblem, and every iterate is clipped into the box, so the returned
/// point always satisfies them. The starting point must lie inside the box: a coordinate outside is an
/// <see cref="ArgumentException"/> (scipy clips it; <see cref="Bounds.Clip(ReadOnlySpan{double})"/> does that
/// explicitly).</para>
/// <para>The whole workspace is allocated in the constructor; <c>Minimize</c> allocates nothing but the result's
/// copy of the point and the multipliers (one array; nothing at all with a <see cref="ResultBuffer"/>) and involves
/// no randomness, so repeated runs repeat exactly. A run reports success
/// (<see cref="TerminationReason.FunctionTolerance"/>) only where the constraints are satisfied to
/// <see cref="SlsqpOptions.FeasibilityTolerance"/>, otherwise <see cref="TerminationReason.Infeasible"/>.</para>
/// <para>scipy's exit modes map to: 0 → FunctionTolerance, 2 → TooManyEqualityConstraints, 3 →
/// SubproblemIterationLimit, 4 → IncompatibleConstraints, 5 and 6 → SingularSubproblem, 7 →
/// RankDeficientConstraints, 8 → LineSearchFailed, 9 → MaxIterations. NaN or infinity from the objective, its
/// gradient, the constraints or their Jacobians gives ObjectiveNotFinite at the starting point, or when steps
/// shortened for such values make no progress in two iterations in a row (the solution may then lie beyond the
/// edge of the region where the functions are finite). A singular quadratic model (modes 5 and 7) after at least five
/// full steps in a row that each decreased f and were no shorter than the one before is reported as
/// <see cref="TerminationReason.Unbounded"/>: the BFGS matrix lost its curvature along a direction in which f
/// keeps falling.</para>
/// <para><b>Thread safety.</b> An instance is not thread-safe: it runs one call (Minimize) at a time. A call that
/// overlaps a running one — from another thread, or from the running call's own objective or observer — throws
/// <see cref="InvalidOperationException"/> before it changes anything, so the running call is not disturbed (an
/// exception the objective or observer does not catch ends the outer call like any exception it throws, and the
/// instance is free again). Calls one after the other may come from different threads. Distinct instances may run
/// concurrently: use one instance per thread.</para>
/// </remarks>
/// <typeparam name="TProblem">The problem; its static counts fix the workspace sizes.</typeparam>
public sealed partial class Slsqp<TProblem> where TProblem : struct, IConstrainedProblem
{
    private static int N => TProblem.Dimension;
    private static int Meq => TProblem.EqualityCount;
    private static int Mineq => TProblem.InequalityCount;

    /// <summary>BFGS resets (the first initialization included) after which the run stops (Kraft: 5).</summary>
    private const int MaxResets = 5;
    /// <summary>Initial weight of the relaxation variable in the augmented subproblem (Kraft: 100).</summary>
    private const double InitialRelaxationWeight = 100;
    /// <summary>Times the relaxation weight is multiplied by ten before the constraints are declared incompatible (Kraft: 5).</summary>
    private const int MaxRelaxationIncreases = 5;
    /// <summary>Powell's damping threshold: s^T y is kept at least this times s^T B s.</summary>
    private const double DampingThreshold = 0.2;
    /// <summary>Iterations in a row that a step shortened for non-finite values makes no progress before the run stops.</summary>
    private const int MaxStalledAtNonFinite = 2;
    /// <summary>
    /// Full steps in a row, each decreasing f and at least as long as the one before, after which a singular
    /// subproblem is diagnosed as an objective unbounded below rather than as a degenerate subproblem.
    /// </summary>
    private const int UnboundedGrowingSteps = 5;

    private TProblem _problem;
    private readonly SlsqpOptions _options;

    // ---- Sizes ---------------------------------------------------------------------------------
    /// <summary>m: all general constraints, equalities first.</summary>
    private readonly int _m;
    /// <summary>n + 1: unknowns of the augmented subproblem (step plus relaxation variable).</summary>
    private readonly int _n1;
    /// <summary>Inequality rows of the subproblem at most: m - meq + 2 (n + 1) (constraints and both bounds of every unknown).</summary>
    private readonly int _maxSubproblemInequalities;

    // ---- Iterate and its derivatives --------------------------------------------------------------
    /// <summary>x: current iterate, n.</summary>
    private readonly double[] _x;
    /// <summary>x at the start of the line search, n.</summary>
    private readonly double[] _xStart;
    /// <summary>Lower and upper bounds (±infinity when absent), n each.</summary>
    private readonly double[] _lower, _upper;
    /// <summary>f(x).</summary>
    private double _f;
    /// <summary>f at the start of the line search.</summary>
    private double _fStart;
    /// <summary>grad f(x), n.</summary>
    private readonly double[] _gradient;
    /// <summary>c(x) = (h(x), g(x)), m.</summary>
    private readonly double[] _c;
    /// <summary>c at the start of the line search, m.</summary>
    private readonly double[] _cStart;
    /// <summary>A: Jacobian of c, m x n row-major (equality rows first), exactly as the problem writes it.</summary>
    private readonly double[] _a;

    // ---- SQP state ----------------------------------------------------------------------------------
    /// <summary>lambda: multipliers of the general constraints from the last subproblem, m.</summary>
    private readonly double[] _lambda;
    /// <summary>mu: penalty weights of the L1 merit function, m.</summary>
    private readonly double[] _mu;
    /// <summary>s: search direction (n) and relaxation variable (index n), n + 1.</summary>
    private readonly double[] _s;
    /// <summary>Bounds of the step, l - x and u - x (and [0, 1] for the relaxation variable), n + 1 each.</summary>
    private readonly double[] _stepLower, _stepUpper;
    /// <summary>Packed L D L^T factor of the BFGS matrix B, column by column: d_j, then l_ij for i &gt; j; n (n + 1) / 2.</summary>
    private readonly double[] _ldl;
    /// <summary>Weight of the relaxation variable in the augmented subproblem.</summary>
    private double _relaxationWeight;
    /// <summary>Gradient of the Lagrangian, grad f - A^T lambda, at the start of the line search, n.</summary>
    private readonly double[] _gradLagrangianStart;
    /// <summary>y: change of the gradient of the Lagrangian over the step (damped), n.</summary>
    private readonly double[] _y;
    /// <summary>B s, n.</summary>
    private readonly double[] _bs;
    /// <summary>Scratch of the negative rank-one update, n.</summary>
    private readonly double[] _ldlScratch;

    // ---- Subproblem data (row-major, n + 1 columns at most) ------------------------------------------
    /// <summary>E = D^{1/2} L^T (plus the relaxation weight), (n + 1)^2.</summary>
    private readonly double[] _qpE;
    /// <summary>f = -E^{-T} grad f, n + 1.</summary>
    private readonly double[] _qpF;
    /// <summary>Linearized equalities, meq x (n + 1), right-hand side meq.</summary>
    private readonly double[] _qpC, _qpD;
    /// <summary>Linearized inequalities and bound rows, (m - meq + 2 (n + 1)) x (n + 1), right-hand side likewise.</summary>
    private readonly double[] _qpG, _qpH;
    /// <summary>Multipliers of the subproblem: meq + m - meq + 2 (n + 1).</summary>
    private readonly double[] _qpMultipliers;
    /// <summary>Column of the relaxation variable in the augmented subproblem, m.</summary>
    private readonly double[] _relaxationColumn;
    private readonly ConstrainedLeastSquares _leastSquares;

    // ---- Counters --------------------------------------------------------------------------------
    private long _iterations, _objectiveEvaluations, _gradientEvaluations, _constraintEvaluations;
    private int _resets;
    /// <summary>Outcome of the last least-squares subproblem.</summary>
    private LeastSquaresStatus _subproblemStatus;
    /// <summary>0, or the id of the thread whose Minimize is running: see <see cref="ReentrancyGuard"/>.</summary>
    private int _busy;
    private Memory<double> _resultBuffer;

    /// <summary>Creates the optimizer for a stateless problem (<c>default(TProblem)</c>).</summary>
    /// <exception cref="ArgumentException"><typeparamref name="TProblem"/> <see cref="IObjective.RequiresInstance">requires an instance</see> (an instance
    /// <see cref="ObjectiveAttribute"/> method's generated type): use the constructor that takes the problem.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Slsqp(SlsqpOptions? options = null) : this(InstanceObjective.DefaultOrThrow<TProblem>("Slsqp", nameof(TProblem)), options)
    {
    }

    /// <summary>
    /// Creates the optimizer for <paramref name="problem"/> and allocates its whole workspace: with n =
    /// Dimension, meq = EqualityCount, m = meq + InequalityCount, n1 = n + 1 and mg = m - meq + 2 n1 (the most
    /// inequality rows of a subproblem), <c>3 n1^2 + n (n + 1) / 2 + m n + meq n1 + (3 n1 + 5) mg + 9 n + 5 m +
    /// 9 n1 + 3 meq + 2</c> doubles and <c>mg + 2 n1</c> ints (HS71: 414 doubles).
    /// </summary>
    /// <exception cref="ArgumentException">The problem's dimension or constraint counts are invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Slsqp(TProblem problem, SlsqpOptions? options = null)
    {
        int n = N, meq = Meq, mineq = Mineq;
        if (n < 1)
            throw new ArgumentException($"{typeof(TProblem).Name}.Dimension must be at least 1 but is {n}.", nameof(problem));
        if (meq < 0 || mineq < 0)
            throw new ArgumentException($"{typeof(TProblem).Name} has negative constraint counts ({meq} equalities, {mineq} inequalities).", nameof(problem));
        _options = options ?? new SlsqpOptions();
        _options.Validate();
        _problem = problem;

        // Checked: the subproblem is built and solved without per-element bounds checks, trusting these sizes.
        checked
        {
            _m = meq + mineq;
            _n1 = n + 1;
            _maxSubproblemInequalities = mineq + 2 * _n1;
            int m = _m, n1 = _n1, mg = _maxSubproblemInequalities;

            _x = new double[n];
            _xStart = new double[n];
            _lower = new double[n];
            _upper = new double[n];
            _gradient = new double[n];
            _c = new double[m];
            _cStart = new double[m];
            _a = new double[m * n];
            _lambda = new double[m];
            _mu = new double[m];
            _s = new double[n1];
            _stepLower = new double[n1];
            _stepUpper = new double[n1];
            _ldl = new double[n * (n + 1) / 2];
            _gradLagrangianStart = new double[n];
            _y = new double[n];
            _bs = new double[n];
            _ldlScratch = new double[n];
            _qpE = new double[n1 * n1];
            _qpF = new double[n1];
            _qpC = new double[meq * n1];
            _qpD = new double[meq];
            _qpG = new double[mg * n1];
            _qpH = new double[mg];
            _qpMultipliers = new double[meq + mg];
            _relaxationColumn = new double[m];
            _leastSquares = new ConstrainedLeastSquares(n1, meq, mg);
        }
    }

    /// <summary>The problem instance (by reference, so that its fields can be changed between runs).</summary>
    public ref TProblem Problem => ref _problem;

    /// <summary>The options in use.</summary>
    public SlsqpOptions Options => _options;

    /// <summary>
    /// Where results go instead of a fresh array: empty (the default) gives every result its own copy of the point and
    /// the multipliers (one array of <c>Dimension + EqualityCount + InequalityCount</c> doubles per run, the point
    /// first); a buffer of at least that length makes <c>Minimize</c> allocate nothing: the result's
    /// <see cref="SlsqpResult{TProblem}.Point"/> and <see cref="SlsqpResult{TProblem}.LagrangeMultipliers"/> are then
    /// views of the buffer, which the next run overwrites.
    /// </summary>
    /// <exception cref="ArgumentException">The buffer is not empty and shorter than <c>Dimension + EqualityCount + InequalityCount</c>.</exception>
    public Memory<double> ResultBuffer
    {
        get => _resultBuffer;
        set => _resultBuffer = ResultStorage.CheckBuffer(value, N + _m,
            "the point and the multipliers (the problem's Dimension + EqualityCount + InequalityCount)");
    }

    /// <summary>Minimizes from <paramref name="x0"/>, which must lie inside <paramref name="bounds"/> when given.</summary>
    /// <exception cref="ArgumentException">x0 has the wrong length, a non-finite entry or a coordinate outside the bounds, or the bounds have the wrong dimension.</exception>
    public SlsqpResult<TProblem> Minimize(ReadOnlySpan<double> x0, Bounds? bounds = null, CancellationToken cancellationToken = default)
    {
        var observer = new NullObserver();
        return Minimize(x0, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes from <paramref name="x0"/>, which must lie inside <paramref name="bounds"/> when given, calling
    /// <paramref name="progress"/> where the observer overload calls its observer, on this thread (pass
    /// <c>progress.Report</c> for an <see cref="IProgress{IterationInfo}"/>, or <see cref="OptimizationHistory.Record"/>
    /// to record the curve).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="progress"/> is null.</exception>
    /// <exception cref="ArgumentException">x0 has the wrong length, a non-finite entry or a coordinate outside the bounds, or the bounds have the wrong dimension.</exception>
    public SlsqpResult<TProblem> Minimize(ReadOnlySpan<double> x0, Bounds? bounds, Action<IterationInfo> progress,
        CancellationToken cancellationToken = default)
    {
        var observer = new ProgressObserver(progress);
        return Minimize(x0, bounds, ref observer, cancellationToken);
    }

    /// <summary>
    /// Minimizes from <paramref name="x0"/>, which must lie inside <paramref name="bounds"/> when given, calling
    /// <paramref name="observer"/> after every major iteration that takes a step or converges (not after one that only
    /// resets the BFGS matrix): <see cref="IterationInfo.StepSize"/> is the length of the step,
    /// <see cref="IterationInfo.Restart"/> the number of resets of the BFGS matrix so far, BestValue and
    /// IterationBestValue the current f.
    /// </summary>
    /// <exception cref="ArgumentException">x0 has the wrong length, a non-finite entry or a coordinate outside the bounds, or the bounds have the wrong dimension.</exception>
    public SlsqpResult<TProblem> Minimize<TObserver>(ReadOnlySpan<double> x0, Bounds? bounds, ref TObserver observer,
        CancellationToken cancellationToken = default)
        where TObserver : struct, IOptimizationObserver
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "Slsqp", nameof(Minimize));
        RunClock clock = RunClock.Start();
        int n = N;
        RunSteps.LoadStart(x0, bounds, _lower, _upper, _x);
        _iterations = _objectiveEvaluations = _gradientEvaluations = _constraintEvaluations = 0;
        _resets = 0;
        Array.Clear(_lambda);

        TerminationReason status = Run(ref observer, cancellationToken);
        double violation = MaxViolation(_c);
        if (status == TerminationReason.FunctionTolerance && !(violation <= _options.EffectiveFeasibilityTolerance))
            status = TerminationReason.Infeasible;

        // The point and the multipliers in one array (or the caller's buffer): the point first, then the multipliers.
        Memory<double> kept = _resultBuffer.IsEmpty ? new double[n + _m] : _resultBuffer[..(n + _m)];
        _x.CopyTo(kept.Span);
        _lambda.CopyTo(kept.Span[n..]);
        return new SlsqpResult<TProblem>(kept[..n], _f, _objectiveEvaluations, _iterations, status, kept[n..],
            _gradientEvaluations, _constraintEvaluations, violation)
        {
            Elapsed = clock.Elapsed,
        };
    }

    // ==== Main iteration (Kraft's SLSQPB) ===========================================================

    private TerminationReason Run<TObserver>(ref TObserver observer, CancellationToken cancellationToken)
        where TObserver : struct, IOptimizationObserver
    {
        int n = N, meq = Meq, m = _m;
        double acc = _options.Tolerance;

        if (!EvaluateValues(_x) || !EvaluateDerivatives(_x))
            return TerminationReason.ObjectiveNotFinite;
        if (meq > n)
            return TerminationReason.TooManyEqualityConstraints;

        Array.Clear(_s);
        Array.Clear(_mu);
        _fStart = _f;
        bool inconsistent = false;
        bool resetHessian = true;
        int stalledAtNonFinite = 0;   // iterations in a row whose step, shortened for non-finite values, made no progress
        int growingSteps = 0;         // full steps in a row that decreased f and grew (unboundedness)
        double previousStepLength = 0;
        Span<double> s = _s.AsSpan(0, n);
        while (true)
        {
            if (resetHessian)
            {
                if (++_resets > MaxResets)
                    return RelaxedConvergence(inconsistent);
                ResetHessian();
                resetHessian = false;
            }
            if (cancellationToken.IsCancellationRequested)
                return TerminationReason.Cancelled;
            if (_iterations >= _options.EffectiveMaxIterations)
                return TerminationReason.MaxIterations;
            if (_objectiveEvaluations >= _options.EffectiveMaxEvaluations)
                return TerminationReason.MaxEvaluations;
            _iterations++;

            // Search direction from the quadratic subproblem (relaxed if the linearization is inconsistent).
            TerminationReason subproblem = SolveSubproblem(out inconsistent, out double feasibleFraction);
            if (subproblem is TerminationReason.RankDeficientConstraints or TerminationReason.SingularSubproblem
                && _subproblemStatus is LeastSquaresStatus.RankDeficient or LeastSquaresStatus.SingularObjective
                && growingSteps >= UnboundedGrowingSteps)
            {
                // The BFGS matrix lost its curvature along a direction in which f kept falling with ever longer full
                // steps (damped updates with s^T y ~ 0 shrink it there): the objective decreases without bound.
                return TerminationReason.Unbounded;
            }
            if (subproblem != TerminationReason.None)
                return subproblem;

            // Gradient of the Lagrangian at the start point; penalty weights mu_j = max(|lambda_j|, (mu_j + |lambda_j|) / 2).
            GradientOfLagrangian(_gradLagrangianStart);
            _fStart = _f;
            _x.CopyTo(_xStart, 0);
            _c.CopyTo(_cStart, 0);
            double gs = Blas.Dot(_gradient, s);
            double kkt = Math.Abs(gs);
            double violation = 0;
            for (int j = 0; j < m; j++)
            {
                violation += Violation(j, _c[j]);
                double lambda = Math.Abs(_lambda[j]);
                _mu[j] = Math.Max(lambda, (_mu[j] + lambda) / 2);
                kkt += lambda * Math.Abs(_c[j]);
            }
            if (kkt < acc && violation < acc && !inconsistent)
            {
                var converged = new IterationInfo(_iterations, _objectiveEvaluations, _f, _f, Norm(s), _resets - 1);
                observer.OnIteration(in converged);
                return TerminationReason.FunctionTolerance;
            }

            double penaltyStart = Penalty(_c);
            double meritStart = _f + penaltyStart;
            double derivative = gs - penaltyStart * feasibleFraction;
            if (derivative >= 0)
            {
                // Not a descent direction for the merit function: restart from B = I.
                resetHessian = true;
                continue;
            }

            // Step length by Armijo backtracking on the L1 merit function (non-finite values halve the step).
            if (!SearchLine(derivative, meritStart, inconsistent, out LineStep step))
                return TerminationReason.ObjectiveNotFinite;
            double stepLength = step.Length;
            bool stepConverged = step.Converged;

            var info = new IterationInfo(_iterations, _objectiveEvaluations, _f, _f, stepLength, _resets - 1);
            bool proceed = observer.OnIteration(in info);
            if (stepConverged)
            {
                if (!step.ShortenedForNonFinite)
                    return TerminationReason.FunctionTolerance;
                if (++stalledAtNonFinite >= MaxStalledAtNonFinite)
                    return TerminationReason.ObjectiveNotFinite;
                // Not final after all: the derivatives are needed to go on (the values here are finite).
                if (!EvaluateDerivatives(_x))
                    return TerminationReason.ObjectiveNotFinite;
            }
            else
                stalledAtNonFinite = 0;
            if (!proceed)
                return TerminationReason.StoppedByObserver;

            growingSteps = step.Full && _f < _fStart && stepLength >= previousStepLength ? growingSteps + 1 : 0;
            previousStepLength = stepLength;
            resetHessian = !UpdateHessian();
        }
    }

    /// <summary>
    /// Kraft's test after too many BFGS resets: converged if the last step or change of f and the summed
    /// violation are below ten times the tolerance; otherwise the line search has failed (reported as
    /// incompatible constraints if the last subproblem needed the relaxation).
    /// </summary>
    private TerminationReason RelaxedConvergence(bool inconsistent)
    {
        double tol = 10 * _options.Tolerance;
        double violation = 0;
        for (int j = 0; j < _m; j++)
            violation += Violation(j, _c[j]);
        bool small = Math.Abs(_f - _fStart) < tol || Norm(_s.AsSpan(0, N)) < tol;
        if (small && violation < tol && !inconsistent)
            return TerminationReason.FunctionTolerance;
        // Kraft reports a failed line search (mode 8) here; when the last linearization was inconsistent, the
        // more useful diagnosis is that the constraints cannot be satisfied near this point.
        return inconsistent ? TerminationReason.IncompatibleConstraints : TerminationReason.LineSearchFailed;
    }

    // ==== Evaluations and helpers ====================================================================

    /// <summary>f and c at x; false if any is NaN or infinite.</summary>
    private bool EvaluateValues(ReadOnlySpan<double> x)
    {
        int meq = Meq;
        _objectiveEvaluations++;
        _f = _problem.Value(x);
        _constraintEvaluations++;
        _problem.Constraints(x, _c.AsSpan(0, meq), _c.AsSpan(meq));
        return double.IsFinite(_f) && AllFinite(_c);
    }

    /// <summary>grad f and the Jacobians at x (the value at x is known already); false if any entry is NaN or infinite.</summary>
    private bool EvaluateDerivatives(ReadOnlySpan<double> x)
    {
        int n = N, meq = Meq;
        _gradientEvaluations++;
        _problem.ValueAndGradient(x, _gradient);
        _problem.ConstraintJacobians(x, _a.AsSpan(0, meq * n), _a.AsSpan(meq * n));
        return AllFinite(_gradient) && AllFinite(_a);
    }

    /// <summary>grad f - A^T lambda.</summary>
    private void GradientOfLagrangian(Span<double> result)
    {
        int n = N;
        _gradient.CopyTo(result);
        for (int j = 0; j < _m; j++)
            Blas.Axpy(-_lambda[j], _a.AsSpan(j * n, n), result);
    }

    /// <summary>Violation of constraint j with value cj: |cj| for an equality, max(0, -cj) for an inequality.</summary>
    private static double Violation(int j, double cj) => j < Meq ? Math.Abs(cj) : Math.Max(-cj, 0);

    /// <summary>max_j violation_j (0 without constraints).</summary>
    private static double MaxViolation(ReadOnlySpan<double> c)
    {
        double max = 0;
        for (int j = 0; j < c.Length; j++)
        {
            double v = Violation(j, c[j]);
            if (!(v <= max))
                max = v;   // NaN propagates
        }
        return max;
    }

    private void ClipToBounds(Span<double> x)
    {
        for (int i = 0; i < x.Length; i++)
            x[i] = Math.Min(Math.Max(x[i], _lower[i]), _upper[i]);
    }

    private static bool AllFinite(ReadOnlySpan<double> v)
    {
        for (int i = 0; i < v.Length; i++)
            if (!double.IsFinite(v[i]))
                return false;
        return true;
    }

    private static double Norm(ReadOnlySpan<double> v) => Math.Sqrt(Blas.Dot(v, v));
}
