using System;

namespace GenOpt;

/// <summary>Why an optimizer stopped.</summary>
public enum TerminationReason
{
    /// <summary>The optimizer has not run or is still running.</summary>
    None = 0,
    /// <summary>The best value reached <c>TargetValue</c>.</summary>
    TargetReached,
    /// <summary>The change of the objective values fell below the function tolerance (<c>TolFun</c>, <c>FTol</c> or <c>Tolerance</c>; converged in f).</summary>
    FunctionTolerance,
    /// <summary>The search distribution became smaller than <c>TolX</c> in every coordinate (converged in x).</summary>
    StepTolerance,
    /// <summary>The evaluation budget <c>MaxEvaluations</c> was used up.</summary>
    MaxEvaluations,
    /// <summary>The iteration limit was reached.</summary>
    MaxIterations,
    /// <summary>Neither the best nor the median objective values of recent iterations improved over a long window.</summary>
    Stagnation,
    /// <summary>The covariance matrix became too ill-conditioned to continue.</summary>
    ConditionNumber,
    /// <summary>Adding a step along a principal axis or a coordinate no longer changes the mean (numerical precision reached).</summary>
    NoEffect,
    /// <summary>The step size grew far beyond its initial value: the problem is probably unbounded below or sigma0 was far too small.</summary>
    StepSizeDiverged,
    /// <summary>
    /// The objective (or its gradient, or the constraints) returned NaN or infinity where a finite value was needed:
    /// at the start, for every candidate over many generations, or along a search direction however short the step
    /// (see the optimizer's message).
    /// </summary>
    ObjectiveNotFinite,
    /// <summary>The method's internal state broke down numerically (e.g. the step size underflowed to zero or became NaN).</summary>
    NumericalError,
    /// <summary>The <see cref="System.Threading.CancellationToken"/> was cancelled.</summary>
    Cancelled,
    /// <summary>The observer asked to stop.</summary>
    StoppedByObserver,
    /// <summary>The (projected) gradient became smaller than the gradient tolerance (converged to a stationary point).</summary>
    GradientTolerance,
    /// <summary>The line search found no acceptable step along the search direction (e.g. a positive directional derivative; scipy SLSQP exit mode 8).</summary>
    LineSearchFailed,
    /// <summary>More equality constraints than variables (scipy SLSQP exit mode 2).</summary>
    TooManyEqualityConstraints,
    /// <summary>The quadratic subproblem needed more than 3n iterations (scipy SLSQP exit mode 3).</summary>
    SubproblemIterationLimit,
    /// <summary>
    /// The linearized constraints are incompatible, even in the relaxed subproblem (scipy SLSQP exit mode 4), or the
    /// line search failed for good while they were.
    /// </summary>
    IncompatibleConstraints,
    /// <summary>A matrix of the least-squares subproblem is singular (scipy SLSQP exit modes 5 and 6).</summary>
    SingularSubproblem,
    /// <summary>
    /// The least-squares problem left after eliminating the linearized equality constraints is rank-deficient
    /// (scipy SLSQP exit mode 7, "rank-deficient equality constraint subproblem HFTI"): the quadratic model is
    /// singular on the subspace the equalities leave free.
    /// </summary>
    RankDeficientConstraints,
    /// <summary>The method stopped at a point that violates the constraints by more than the tolerance.</summary>
    Infeasible,
    /// <summary>
    /// The objective appears unbounded below: it kept decreasing along ever longer steps until the quadratic model
    /// became singular (SLSQP).
    /// </summary>
    Unbounded,
    /// <summary>The best values of recent generations stayed within <c>TolFunHist</c> (CMA-ES; not a convergence test: the population may still be spread).</summary>
    FunctionHistoryTolerance,
    /// <summary>The objective was flat over most of the population for several generations in a row (CMA-ES's <c>TolFlatFitness</c>).</summary>
    FlatFitness,
    /// <summary>
    /// The method ran its whole schedule (simulated annealing's cooling schedule): its normal end. It has no convergence
    /// test, so <see cref="TerminationReasonExtensions.IsConverged"/> is false; the result is the best state found.
    /// </summary>
    ScheduleCompleted,
}

/// <summary>The optimizer that produced a result, for status messages that depend on the method.</summary>
public enum OptimizerKind
{
    /// <summary>Not known: <see cref="TerminationReasonExtensions.Message(TerminationReason)"/> gives the generic message.</summary>
    Unspecified = 0,
    /// <summary><see cref="CmaEs{TObjective}"/>.</summary>
    CmaEs,
    /// <summary><see cref="Pso{TObjective}"/>.</summary>
    Pso,
    /// <summary><see cref="DualAnnealing{TObjective}"/>.</summary>
    DualAnnealing,
    /// <summary><see cref="SimulatedAnnealing{TState, TProblem}"/>.</summary>
    SimulatedAnnealing,
    /// <summary><see cref="Lbfgsb{TObjective}"/>.</summary>
    Lbfgsb,
    /// <summary><see cref="Slsqp{TProblem}"/>.</summary>
    Slsqp,
}

/// <summary>Messages for <see cref="TerminationReason"/> values.</summary>
public static class TerminationReasonExtensions
{
    /// <summary>True for the reasons that mean the optimizer converged or reached its target.</summary>
    public static bool IsConverged(this TerminationReason reason) =>
        reason is TerminationReason.TargetReached or TerminationReason.FunctionTolerance or TerminationReason.StepTolerance
            or TerminationReason.GradientTolerance;

    /// <summary>A sentence a user can act on, in the words that fit every optimizer.</summary>
    public static string Message(this TerminationReason reason) => reason.Message(OptimizerKind.Unspecified);

    /// <summary>
    /// A sentence a user can act on, true for <paramref name="optimizer"/>: where the optimizers reach a status in
    /// different ways (a non-finite objective, a function tolerance, a failed line search, an iteration limit), the
    /// message says how this one did.
    /// </summary>
    public static string Message(this TerminationReason reason, OptimizerKind optimizer) => (reason, optimizer) switch
    {
        (TerminationReason.FunctionTolerance, OptimizerKind.CmaEs) =>
            "Converged: the best values of the recent generations and all values of the last generation lie within TolFun of each other.",
        (TerminationReason.FunctionTolerance, OptimizerKind.Pso) =>
            "Converged: the best value improved by less than FTol (relative) in each of the last FTolIterations iterations.",
        (TerminationReason.FunctionTolerance, OptimizerKind.Lbfgsb) =>
            "Converged: the relative decrease of the objective in the last iteration was at most FTol.",
        (TerminationReason.FunctionTolerance, OptimizerKind.Slsqp) =>
            "Converged: the predicted decrease of the quadratic subproblem (or the last change of f or of x) and the summed constraint violation are below Tolerance.",

        (TerminationReason.MaxIterations, OptimizerKind.CmaEs) =>
            "Stopped: a run reached its iteration limit (MaxIterations, counted per run). Raise it to continue.",
        (TerminationReason.ScheduleCompleted, OptimizerKind.SimulatedAnnealing) =>
            "Finished: the cooling schedule was completed (TemperatureSteps levels in the first run and in each restart).",

        (TerminationReason.FunctionHistoryTolerance, OptimizerKind.CmaEs) =>
            "Stopped: the best values of recent generations changed less than TolFunHist; the search stalled (possibly on a plateau), which is not proof of a minimum.",
        (TerminationReason.FlatFitness, OptimizerKind.CmaEs) =>
            "Stopped: most candidates of several generations in a row had the same objective value (flat fitness, TolFlatFitness); the objective may be piecewise constant or too coarsely computed here.",

        (TerminationReason.ObjectiveNotFinite, OptimizerKind.CmaEs) =>
            "Stopped: the objective returned NaN or infinity for every candidate of 20 generations in a row, even with the step size halved after each; check that it is defined around the starting point.",
        (TerminationReason.ObjectiveNotFinite, OptimizerKind.Pso) =>
            "Stopped: the objective returned NaN or infinity at every position the swarm evaluated in its first 20 iterations; check that it is defined inside the bounds.",
        (TerminationReason.ObjectiveNotFinite, OptimizerKind.DualAnnealing) =>
            "Stopped: the objective returned NaN or infinity at a start point (x0, or the random start of a re-annealing) and at each of the 1000 random points of the box drawn to replace it; check that it is defined inside the bounds.",
        (TerminationReason.ObjectiveNotFinite, OptimizerKind.Lbfgsb) =>
            "Stopped: the objective or its gradient returned NaN or infinity, at the starting point or at the trial points of a line search that found no finite point with sufficient decrease however short the step; the objective may decrease without bound, or towards the edge of the region where it is finite (bounds can exclude that region).",
        (TerminationReason.ObjectiveNotFinite, OptimizerKind.Slsqp) =>
            "Stopped: the objective, the constraints or their derivatives returned NaN or infinity, at the starting point or along the search direction, where the line search shortened the step until it made no more progress; the solution may lie at the edge of the region where they are defined (bounds can exclude that region).",

        (TerminationReason.LineSearchFailed, OptimizerKind.Lbfgsb) =>
            "Stopped: the line search found no step with sufficient decrease of the objective, also after dropping the curvature pairs and searching along the projected steepest descent; the gradient may be inaccurate, the problem badly scaled, or f at the precision of its computation.",
        (TerminationReason.LineSearchFailed, OptimizerKind.Slsqp) =>
            "Stopped: the search direction was not a descent direction of the merit function (positive directional derivative), even after resetting the BFGS matrix five times; the gradient may be inaccurate or the problem badly scaled.",

        _ => reason switch
        {
            TerminationReason.None => "The optimizer has not finished.",
            TerminationReason.TargetReached => "The target value was reached.",
            TerminationReason.FunctionTolerance => "Converged: objective values changed less than the function tolerance (TolFun, FTol or Tolerance).",
            TerminationReason.StepTolerance => "Converged: the step size fell below TolX in every coordinate.",
            TerminationReason.MaxEvaluations => "Stopped: the evaluation budget (MaxEvaluations) was used up. Raise it to continue.",
            TerminationReason.MaxIterations => "Stopped: the iteration limit was reached. Raise it to continue.",
            TerminationReason.Stagnation => "Stopped: neither the best nor the median objective values improved over many iterations (stagnation).",
            TerminationReason.ConditionNumber => "Stopped: the covariance matrix became too ill-conditioned (condition number above the limit); the problem may be badly scaled.",
            TerminationReason.NoEffect => "Stopped: steps no longer change the mean in floating-point arithmetic (precision reached).",
            TerminationReason.StepSizeDiverged => "Stopped: the step size diverged; the objective may be unbounded below or Sigma0 far too small.",
            TerminationReason.ObjectiveNotFinite => "Stopped: the objective returned NaN or infinity where the optimizer needed a finite value; check that it is defined around the starting point and inside the bounds.",
            TerminationReason.NumericalError => "Stopped: numerical breakdown of the optimizer's state (step size or covariance not finite); rescale the problem or loosen the tolerances.",
            TerminationReason.Cancelled => "Stopped: cancellation was requested.",
            TerminationReason.StoppedByObserver => "Stopped: the observer asked to stop.",
            TerminationReason.GradientTolerance => "Converged: the projected gradient fell below the gradient tolerance.",
            TerminationReason.LineSearchFailed => "Stopped: the line search found no acceptable step along the search direction; the gradient may be inaccurate or the problem badly scaled.",
            TerminationReason.TooManyEqualityConstraints => "Stopped: there are more equality constraints than variables; remove redundant equalities.",
            TerminationReason.SubproblemIterationLimit => "Stopped: the quadratic subproblem needed more than 3n iterations; the constraints may be degenerate or badly scaled.",
            TerminationReason.IncompatibleConstraints => "Stopped: the linearized constraints are incompatible, even in the relaxed subproblem (or the line search failed while they were); the problem may be infeasible near this point, try another starting point.",
            TerminationReason.SingularSubproblem => "Stopped: a matrix of the least-squares subproblem is singular: the Jacobian of the equality constraints (check for duplicate or dependent equalities) or the quasi-Newton model of the objective (rescale the problem).",
            TerminationReason.RankDeficientConstraints => "Stopped: the least-squares subproblem left after eliminating the linearized equality constraints is rank-deficient (the quasi-Newton model is singular on the subspace the equalities leave free); rescale the problem or try another starting point.",
            TerminationReason.Infeasible => "Stopped: the final point violates the constraints by more than FeasibilityTolerance; the problem may be infeasible, or needs another starting point or more iterations.",
            TerminationReason.Unbounded => "Stopped: the objective appears unbounded below: it kept decreasing along ever longer steps until its quasi-Newton model became singular; add bounds or constraints, or check the sign of the objective.",
            TerminationReason.FunctionHistoryTolerance => "Stopped: the best values of recent iterations changed less than TolFunHist; the search stalled (possibly on a plateau), which is not proof of a minimum.",
            TerminationReason.ScheduleCompleted => "Finished: the method ran its whole schedule.",
            TerminationReason.FlatFitness => "Stopped: the objective had the same value at most of the points evaluated over several iterations in a row (flat fitness, TolFlatFitness); the objective may be piecewise constant or too coarsely computed here.",
            _ => "Unknown termination reason.",
        },
    };
}

/// <summary>
/// What every GenOpt result has, under the same names: <see cref="OptimizationResult"/>, <see cref="SlsqpResult{TProblem}"/>
/// and <see cref="AnnealingResult"/>.
/// </summary>
public interface IOptimizationResult
{
    /// <summary>Best objective value found (the energy of the best state for annealing).</summary>
    double Value { get; }

    /// <summary>Objective evaluations (moves for annealing: each proposed move evaluates an energy change).</summary>
    long Evaluations { get; }

    /// <summary>Iterations: generations, major iterations or temperature levels, over all restarts.</summary>
    long Iterations { get; }

    /// <summary>Why the optimizer stopped.</summary>
    TerminationReason Status { get; }

    /// <summary>A sentence describing <see cref="Status"/> in the optimizer's terms.</summary>
    string Message { get; }

    /// <summary>True when the optimizer converged or reached its target.</summary>
    bool Converged { get; }

    /// <summary>Wall-clock time of the run.</summary>
    TimeSpan Elapsed { get; }
}

/// <summary>
/// Outcome of a minimization. The result owns its data: <see cref="Point"/> is a copy made when the run ended (one
/// allocation per run), so it stays valid when the optimizer runs again — unless the caller gave the optimizer a
/// <c>ResultBuffer</c>, in which case <see cref="Point"/> is that buffer (no allocation; the next run overwrites it).
/// </summary>
/// <param name="Point">Best point found.</param>
/// <param name="Value">Objective value at <see cref="Point"/>.</param>
/// <param name="Evaluations">Number of objective evaluations, including non-finite ones.</param>
/// <param name="Iterations">Number of iterations (generations for population methods), over all restarts.</param>
/// <param name="Status">Why the optimizer stopped.</param>
/// <param name="Restarts">Number of restarts performed.</param>
/// <param name="NonFiniteEvaluations">Evaluations that returned NaN or infinity (ranked worst, never a best).</param>
public readonly record struct OptimizationResult(
    ReadOnlyMemory<double> Point,
    double Value,
    long Evaluations,
    long Iterations,
    TerminationReason Status,
    int Restarts = 0,
    long NonFiniteEvaluations = 0) : IOptimizationResult
{
    /// <summary>The optimizer that produced this result (<see cref="OptimizerKind.Unspecified"/> for a result made by hand).</summary>
    public OptimizerKind Optimizer { get; init; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>A message describing <see cref="Status"/>, in the terms of <see cref="Optimizer"/>.</summary>
    public string Message => Status.Message(Optimizer);

    /// <summary>True when the optimizer converged or reached its target.</summary>
    public bool Converged => Status.IsConverged();

    /// <summary>Status, value, a short form of the point and the counts, on one line.</summary>
    public override string ToString() =>
        ResultText.Format(Status, Value, Point.Span, Evaluations, Iterations, Elapsed, Restarts, extra: null);
}
