using System;
using System.Diagnostics;

namespace GenOpt;

/// <summary>Measures a run's wall-clock time without allocating (a start timestamp).</summary>
internal readonly struct RunClock
{
    private readonly long _start;

    private RunClock(long start) => _start = start;

    /// <summary>Starts measuring now.</summary>
    public static RunClock Start() => new(Stopwatch.GetTimestamp());

    /// <summary>Time since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);
}
