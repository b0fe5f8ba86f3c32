using System;
using System.Threading;

namespace GenOpt;

/// <summary>
/// A population method seen through its ask/tell interface: what <see cref="PopulationDriver"/> needs to run it.
/// <see cref="CmaEs{TObjective}"/> and <see cref="Pso{TObjective}"/> implement it explicitly (not public), so their
/// <c>Minimize</c> is exactly the loop a caller writes with <c>Initialize</c>, <c>Ask</c> and <c>Tell</c>.
/// </summary>
internal interface IPopulationMethod
{
    /// <summary>
    /// Resets the method for a new run as the public <c>Initialize</c> does (without the reentrancy guard), and readies
    /// whatever <see cref="EvaluatePopulation"/> needs (PSO's worker threads).
    /// </summary>
    void Start(ReadOnlySpan<double> x0, bool hasX0, Bounds? bounds);

    /// <summary>Why the run stopped, or <see cref="TerminationReason.None"/> while it goes on.</summary>
    TerminationReason Status { get; }

    /// <summary>Ends the run with <paramref name="reason"/> (cancellation, or the observer asked to stop).</summary>
    void Stop(TerminationReason reason);

    /// <summary>The candidates of this iteration (what the public <c>Ask</c> returns).</summary>
    Population AskCore();

    /// <summary>
    /// Evaluates <paramref name="population"/> with the method's objective and returns the values, one per candidate in
    /// the same order, in the method's own workspace (valid until the next call). The one place where a
    /// <c>Minimize</c> evaluates the objective on a population.
    /// </summary>
    ReadOnlySpan<double> EvaluatePopulation(Population population);

    /// <summary>Takes the values of the last <see cref="AskCore"/> (what the public <c>Tell</c> does).</summary>
    TerminationReason TellCore(ReadOnlySpan<double> values);

    /// <summary>The state after the last <see cref="TellCore"/>, as reported to an observer.</summary>
    IterationInfo Progress { get; }

    /// <summary>The result so far, its data copied out of the workspace (see <see cref="ResultStorage"/>), with the time since <see cref="Start"/>.</summary>
    OptimizationResult Result { get; }

    /// <summary>
    /// Readies a run that goes on from the current state (after <c>RestoreCheckpoint</c>, or a run left between
    /// generations) instead of <see cref="Start"/>; throws <see cref="InvalidOperationException"/> when there is none.
    /// </summary>
    void Resume();

    /// <summary>
    /// Marks (with the calling thread) or unmarks the run as paused at its report to the observer or progress callback,
    /// where <c>SaveCheckpoint</c> may read the state.
    /// </summary>
    void Reporting(bool paused);
}

/// <summary>
/// The one <c>Minimize</c> of the population methods, written over their ask/tell interface as pycma writes
/// <c>optimize()</c> over <c>ask</c>, <c>tell</c> and <c>stop</c>: start → loop { cancellation? → ask → evaluate →
/// tell → observer } until the method stops → result. The run's clock starts in <see cref="IPopulationMethod.Start"/>. Allocates nothing but the result's data.
/// </summary>
internal static class PopulationDriver
{
    /// <summary>Runs <paramref name="method"/> from <paramref name="x0"/> (when <paramref name="hasX0"/>) in <paramref name="bounds"/>.</summary>
    public static OptimizationResult Minimize<TMethod, TObserver>(TMethod method, ReadOnlySpan<double> x0, bool hasX0, Bounds? bounds,
        ref TObserver observer, CancellationToken cancellationToken)
        where TMethod : class, IPopulationMethod
        where TObserver : struct, IOptimizationObserver
    {
        method.Start(x0, hasX0, bounds);
        return Run(method, ref observer, cancellationToken);
    }

    /// <summary>Runs <paramref name="method"/> on from its current state (see <see cref="IPopulationMethod.Resume"/>).</summary>
    public static OptimizationResult Resume<TMethod, TObserver>(TMethod method, ref TObserver observer, CancellationToken cancellationToken)
        where TMethod : class, IPopulationMethod
        where TObserver : struct, IOptimizationObserver
    {
        method.Resume();
        return Run(method, ref observer, cancellationToken);
    }

    private static OptimizationResult Run<TMethod, TObserver>(TMethod method, ref TObserver observer, CancellationToken cancellationToken)
        where TMethod : class, IPopulationMethod
        where TObserver : struct, IOptimizationObserver
    {
        while (method.Status == TerminationReason.None)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                method.Stop(TerminationReason.Cancelled);
                break;
            }
            Population population = method.AskCore();
            method.TellCore(method.EvaluatePopulation(population));
            IterationInfo info = method.Progress;
            bool goOn;
            method.Reporting(true);
            try
            {
                goOn = observer.OnIteration(in info);
            }
            finally
            {
                method.Reporting(false);
            }
            if (!goOn && method.Status == TerminationReason.None)
                method.Stop(TerminationReason.StoppedByObserver);
        }
        return method.Result;
    }
}
