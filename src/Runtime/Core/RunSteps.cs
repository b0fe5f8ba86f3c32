using System;
using System.Threading;

namespace GenOpt;

/// <summary>
/// Steps every run of an optimizer takes the same way: taking in the starting point and the box under the one
/// starting-point policy, and reporting a finished iteration to the observer, then looking at the cancellation token.
/// </summary>
internal static class RunSteps
{
    /// <summary>
    /// Checks <paramref name="x0"/> against <paramref name="bounds"/> (<see cref="StartingPoint.EnsureValid(ReadOnlySpan{double}, int, Bounds?)"/>:
    /// <c>x0.Length</c> finite entries inside the box, else an exception), then writes the box's limits to
    /// <paramref name="lower"/> and <paramref name="upper"/> (±infinity without bounds) and x0 to <paramref name="x"/>.
    /// </summary>
    /// <exception cref="ArgumentException">x0 has the wrong length, a non-finite entry or a coordinate outside the box, or the bounds have the wrong dimension.</exception>
    public static void LoadStart(ReadOnlySpan<double> x0, Bounds? bounds, Span<double> lower, Span<double> upper, Span<double> x)
    {
        StartingPoint.EnsureValid(x0, x.Length, bounds);
        if (bounds is not null)
        {
            bounds.Lower.CopyTo(lower);
            bounds.Upper.CopyTo(upper);
        }
        else
        {
            lower.Fill(double.NegativeInfinity);
            upper.Fill(double.PositiveInfinity);
        }
        x0.CopyTo(x);
    }

    /// <summary>
    /// Reports a finished iteration: <see cref="TerminationReason.StoppedByObserver"/> when the observer asks to stop,
    /// else <see cref="TerminationReason.Cancelled"/> when cancellation was requested, else <see cref="TerminationReason.None"/>.
    /// </summary>
    public static TerminationReason AfterIteration<TObserver>(ref TObserver observer, in IterationInfo info, CancellationToken cancellationToken)
        where TObserver : struct, IOptimizationObserver
    {
        if (!observer.OnIteration(in info))
            return TerminationReason.StoppedByObserver;
        return cancellationToken.IsCancellationRequested ? TerminationReason.Cancelled : TerminationReason.None;
    }
}
