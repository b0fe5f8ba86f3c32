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

    /// <summary>Windows <see cref="AssertNone"/> measures at most before it fails.</summary>
    public const int Windows = 3;

    /// <summary>
    /// Asserts that <paramref name="action"/> allocates nothing on the current thread; the message names <paramref name="what"/>.
    /// </summary>
    /// <remarks>
    /// A garbage collection started by another thread (tests run in parallel) retires this thread's allocation context,
    /// and the runtime then charges the context's unused tail (up to a few kilobytes) to this thread at once, although
    /// nothing was allocated. So a window that reads non-zero is measured again, up to <see cref="Windows"/> windows,
    /// and the assertion holds when one of them reads exactly 0: an action that allocates on every call reads non-zero
    /// in each window and still fails, with every reading in the message.
    /// </remarks>
    /// <param name="what">Names the action in the failure message.</param>
    /// <param name="action">The measured action.</param>
    /// <param name="prepare">Runs before each window, outside the measurement (e.g. to restore the state the action ends).</param>
    public static void AssertNone(string what, Action action, Action? prepare = null)
    {
        var readings = new long[Windows];
        for (int window = 0; window < Windows; window++)
        {
            prepare?.Invoke();
            readings[window] = Measure(action);
            if (readings[window] == 0)
                return;
        }
        Assert.Fail($"{what} allocated {string.Join(", then ", readings)} bytes in {Windows} runs; expected none.");
    }
}
