using System;

namespace GenOpt;

/// <summary>Why an optimizer stopped.</summary>
public enum TerminationReason
{
    /// <summary>The optimizer has not run or is still running.</summary>
    None = 0,
    /// <summary>The best value reached <c>TargetValue</c>.</summary>
    TargetReached,
    /// <summary>The change of the objective values fell below <c>TolFun</c> (converged in f).</summary>
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
    /// <summary>The objective kept returning NaN or infinity for every candidate, even after the step size was reduced.</summary>
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
    /// <summary>The linearized inequality constraints are incompatible, even in the relaxed subproblem (scipy SLSQP exit mode 4).</summary>
    IncompatibleConstraints,
    /// <summary>A matrix of the least-squares subproblem is singular (scipy SLSQP exit modes 5 and 6).</summary>
    SingularSubproblem,
    /// <summary>The linearized equality constraints are rank-deficient (scipy SLSQP exit mode 7).</summary>
    RankDeficientConstraints,
    /// <summary>The method stopped at a point that violates the constraints by more than the tolerance.</summary>
    Infeasible,
    /// <summary>The best values of recent generations stayed within <c>TolFunHist</c> (CMA-ES; not a convergence test: the population may still be spread).</summary>
    FunctionHistoryTolerance,
    /// <summary>The objective was flat over most of the population for several generations in a row (CMA-ES's <c>TolFlatFitness</c>).</summary>
    FlatFitness,
}

/// <summary>Messages for <see cref="TerminationReason"/> values.</summary>
public static class TerminationReasonExtensions
{
    /// <summary>True for the reasons that mean the optimizer converged or reached its target.</summary>
    public static bool IsConverged(this TerminationReason reason) =>
        reason is TerminationReason.TargetReached or TerminationReason.FunctionTolerance or TerminationReason.StepTolerance
            or TerminationReason.GradientTolerance;

    /// <summary>A sentence a user can act on.</summary>
    public static string Message(this TerminationReason reason) => reason switch
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
        TerminationReason.ObjectiveNotFinite => "Stopped: the objective returned NaN or infinity for every candidate, generation after generation, even with a smaller step size; check that it is defined around the starting point.",
        TerminationReason.NumericalError => "Stopped: numerical breakdown of the optimizer's state (step size or covariance not finite); rescale the problem or loosen the tolerances.",
        TerminationReason.Cancelled => "Stopped: cancellation was requested.",
        TerminationReason.StoppedByObserver => "Stopped: the observer asked to stop.",
        TerminationReason.GradientTolerance => "Converged: the projected gradient fell below the gradient tolerance.",
        TerminationReason.LineSearchFailed => "Stopped: the line search found no step that decreases the merit function (positive directional derivative); the gradient may be inaccurate or the problem badly scaled.",
        TerminationReason.TooManyEqualityConstraints => "Stopped: there are more equality constraints than variables; remove redundant equalities.",
        TerminationReason.SubproblemIterationLimit => "Stopped: the quadratic subproblem needed more than 3n iterations; the constraints may be degenerate or badly scaled.",
        TerminationReason.IncompatibleConstraints => "Stopped: the linearized inequality constraints are incompatible; the problem may be infeasible near this point, try another starting point.",
        TerminationReason.SingularSubproblem => "Stopped: a matrix of the least-squares subproblem is singular; check for duplicate or dependent constraints.",
        TerminationReason.RankDeficientConstraints => "Stopped: the linearized equality constraints are rank-deficient; check for duplicate or dependent equalities.",
        TerminationReason.Infeasible => "Stopped: the final point violates the constraints by more than the tolerance; the problem may be infeasible, or needs another starting point or more iterations.",
        TerminationReason.FunctionHistoryTolerance => "Stopped: the best values of recent generations changed less than TolFunHist; the search stalled (possibly on a plateau), which is not proof of a minimum.",
        TerminationReason.FlatFitness => "Stopped: most candidates of several generations in a row had the same objective value (flat fitness, TolFlatFitness); the objective may be piecewise constant or too coarsely computed here.",
        _ => "Unknown termination reason.",
    };
}

/// <summary>
/// Outcome of a minimization. <see cref="Point"/> is a view of the optimizer's workspace: it stays valid
/// until the optimizer is run again (copy it with <c>Point.ToArray()</c> to keep it).
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
    long NonFiniteEvaluations = 0)
{
    /// <summary>A message describing <see cref="Status"/>.</summary>
    public string Message => Status.Message();

    /// <summary>True when the optimizer converged or reached its target.</summary>
    public bool Converged => Status.IsConverged();
}
