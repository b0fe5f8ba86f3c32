namespace GenOpt;

/// <summary>State reported to an <see cref="IOptimizationObserver"/> once per iteration.</summary>
/// <param name="Iteration">Iteration (generation) number, 1-based, counted over all restarts.</param>
/// <param name="Evaluations">Objective evaluations so far.</param>
/// <param name="BestValue">Best objective value found so far.</param>
/// <param name="IterationBestValue">Best objective value in this iteration.</param>
/// <param name="StepSize">The method's step-size measure (sigma for CMA-ES).</param>
/// <param name="Restart">Index of the current run (0 before the first restart).</param>
public readonly record struct IterationInfo(
    long Iteration,
    long Evaluations,
    double BestValue,
    double IterationBestValue,
    double StepSize,
    int Restart);

/// <summary>
/// Called once per iteration for progress, logging or early stopping. Implement it on a struct:
/// optimizers take it by <c>ref</c> as a generic argument, so nothing is boxed or allocated.
/// </summary>
public interface IOptimizationObserver
{
    /// <summary>Return <c>false</c> to stop the optimizer (it then reports <see cref="TerminationReason.StoppedByObserver"/>).</summary>
    bool OnIteration(in IterationInfo info);
}

/// <summary>An observer that does nothing.</summary>
public struct NullObserver : IOptimizationObserver
{
    /// <inheritdoc/>
    public readonly bool OnIteration(in IterationInfo info) => true;
}
