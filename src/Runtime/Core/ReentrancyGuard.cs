using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;

namespace GenOpt;

/// <summary>
/// Refuses overlapping calls on one optimizer instance. Every public call that reads or changes an optimizer's
/// state enters the guard on the instance's <c>int</c> field (0 when free, otherwise the managed id of the thread
/// whose call holds it) and leaves it when the call returns or throws:
/// <code>using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "CmaEs", nameof(Ask));</code>
/// A second call while the first runs — from another thread, or from the running call's own objective or observer
/// on the same thread — throws <see cref="InvalidOperationException"/> at once, before it touches any state, so the
/// running call is not disturbed. Entering costs one interlocked compare-exchange and allocates nothing.
/// </summary>
internal static class ReentrancyGuard
{
    /// <summary>Marks the instance whose flag is <paramref name="busy"/> as in use by the calling thread.</summary>
    /// <param name="busy">The instance's guard field.</param>
    /// <param name="optimizer">The optimizer's name, for the message (e.g. "CmaEs").</param>
    /// <param name="method">The public method being entered, for the message (e.g. "Ask").</param>
    /// <exception cref="InvalidOperationException">Another call on the same instance is running.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scope Enter(ref int busy, string optimizer, string method)
    {
        int thread = Environment.CurrentManagedThreadId;
        int owner = Interlocked.CompareExchange(ref busy, thread, 0);
        if (owner != 0)
            ThrowBusy(optimizer, method, owner, thread);
        return new Scope(ref busy);
    }

    /// <summary>
    /// Enters the guard for a call that only reads the state (<c>SaveCheckpoint</c>), which is also allowed from the
    /// progress callback or observer of a running Minimize, MinimizeAsync or Resume: there the run is paused between
    /// two generations and <paramref name="reportingThread"/> is the calling thread. Returns true when it entered the
    /// guard (the caller then calls <see cref="Exit"/>), false when the paused run holds it.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another call on the same instance is running and is not paused at its report on this thread.</exception>
    public static bool EnterUnlessReporting(ref int busy, int reportingThread, string optimizer, string method)
    {
        int thread = Environment.CurrentManagedThreadId;
        int owner = Interlocked.CompareExchange(ref busy, thread, 0);
        if (owner == 0)
            return true;
        if (reportingThread == thread)
            return false;
        ThrowBusy(optimizer, method, owner, thread);
        return false;
    }

    /// <summary>The guard's value while an asynchronous run (<c>MinimizeAsync</c>) is in flight: no thread holds it.</summary>
    internal const int AsyncRun = -1;

    /// <summary>
    /// Marks the instance as in use by an asynchronous run, which may continue on any thread; the run calls
    /// <see cref="Exit"/> when it ends (in a <c>finally</c>), since a <see cref="Scope"/> cannot live across an await.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another call on the same instance is running.</exception>
    public static void EnterAsyncRun(ref int busy, string optimizer, string method)
    {
        int owner = Interlocked.CompareExchange(ref busy, AsyncRun, 0);
        if (owner != 0)
            ThrowBusy(optimizer, method, owner, Environment.CurrentManagedThreadId);
    }

    /// <summary>Frees the instance after <see cref="EnterAsyncRun"/>.</summary>
    public static void Exit(ref int busy) => Volatile.Write(ref busy, 0);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBusy(string optimizer, string method, int owner, int thread) =>
        throw new InvalidOperationException(owner == AsyncRun
            ? $"{optimizer}.{method}() was called while an asynchronous run (MinimizeAsync) of the same {optimizer} instance is in flight. An optimizer instance runs one call at a time; await the run first, or use another instance (also inside the evaluator or progress callback)."
            : owner == thread
            ? $"{optimizer}.{method}() was called while a call on the same {optimizer} instance is running on the same thread (from its objective or observer). An optimizer instance runs one call at a time; use another instance inside the objective or observer."
            : $"{optimizer}.{method}() was called while another call on the same {optimizer} instance is running on another thread. An optimizer instance is not thread-safe and runs one call at a time; create one instance per thread.");

    /// <summary>The entered guard; disposing it (at the end of the <c>using</c> scope) frees the instance.</summary>
    internal readonly ref struct Scope
    {
        private readonly ref int _busy;

        internal Scope(ref int busy) => _busy = ref busy;

        /// <summary>Frees the instance for the next call.</summary>
        public void Dispose() => Volatile.Write(ref _busy, 0);
    }
}
