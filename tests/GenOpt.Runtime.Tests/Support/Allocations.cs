using System;

namespace GenOpt.Tests;

/// <summary>
/// Measures what a steady-state action allocates on the calling thread. The caller warms up first (JIT, tiering, static
/// initializers); only the action runs between the two readings of <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// A lambda's closure is created before the call, so it is not counted; nothing else in the measured region allocates.
/// </summary>
internal static class Allocations
{
    /// <summary>The bytes <paramref name="action"/> allocates on the current thread.</summary>
    public static long Measure(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Asserts that <paramref name="action"/> allocates nothing on the current thread; the message names <paramref name="what"/>.</summary>
    public static void AssertNone(string what, Action action)
    {
        long allocated = Measure(action);
        if (allocated != 0)
            Assert.Fail($"{what} allocated {allocated} bytes; expected none.");
    }
}
