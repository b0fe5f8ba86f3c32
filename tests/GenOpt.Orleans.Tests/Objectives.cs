using System;
using System.Threading;

namespace GenOpt.Orleans.Tests;

/// <summary>Rastrigin in 10 dimensions: many local minima, so CMA-ES with IPOP restarts runs for a while.</summary>
public struct Rastrigin10 : IObjective
{
    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        double sum = 10 * x.Length;
        foreach (double xi in x)
            sum += xi * xi - 10 * Math.Cos(2 * Math.PI * xi);
        return sum;
    }
}

/// <summary>Rastrigin that takes about 2 ms per evaluation, so that a generation is in flight long enough to lose a silo in it.</summary>
public struct SlowRastrigin10 : IObjective
{
    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        Thread.Sleep(2);
        return default(Rastrigin10).Value(x);
    }
}

/// <summary>Throws for candidates whose first coordinate is above 3.</summary>
public struct ThrowingRastrigin10 : IObjective
{
    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x) =>
        x[0] > 3 ? throw new InvalidOperationException($"the model diverged at x0 = {x[0]}") : default(Rastrigin10).Value(x);
}

/// <summary>Sleeps for a second per candidate, observing nothing: for the cancellation test.</summary>
public struct VerySlow10 : IObjective
{
    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        Thread.Sleep(1000);
        return default(Rastrigin10).Value(x);
    }
}

/// <summary>
/// Rastrigin registered in each silo with that silo's name (the test silos share this process): on the silo named
/// <see cref="Victim"/> an evaluation signals <see cref="VictimBusy"/> and then holds on until <see cref="Released"/>
/// (at most 10 s), so that the silo-failure test kills that silo while it evaluates. Elsewhere it takes 20 ms.
/// </summary>
public readonly struct TrackedSlowRastrigin10(string silo) : IObjective
{
    public static volatile string? Victim;
    public static readonly ManualResetEventSlim VictimBusy = new();
    public static readonly ManualResetEventSlim Released = new();

    public static int Dimension => 10;

    public double Value(ReadOnlySpan<double> x)
    {
        if (silo == Victim)
        {
            VictimBusy.Set();
            Released.Wait(TimeSpan.FromSeconds(10));
        }
        else
        {
            Thread.Sleep(20);
        }
        return default(Rastrigin10).Value(x);
    }
}

/// <summary>Holds every evaluation until <see cref="Release"/> is set (at most 30 s): for the cancellation test.</summary>
public struct Blocking10 : IObjective
{
    public static readonly ManualResetEventSlim Release = new();

    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        Release.Wait(TimeSpan.FromSeconds(30));
        return default(Rastrigin10).Value(x);
    }
}

/// <summary>
/// Rastrigin that first sleeps 0 to 4 ms, the time chosen by the candidate's bits, so that the replies of a
/// generation's calls arrive in an order unrelated to the candidates' order; <see cref="Finished"/> records the first
/// coordinate of each candidate as its evaluation ends (the test silos share this process).
/// </summary>
public struct JitterRastrigin10 : IObjective
{
    public static readonly System.Collections.Concurrent.ConcurrentQueue<double> Finished = new();

    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(x[0]) ^ (ulong)BitConverter.DoubleToInt64Bits(x[1]);
        Thread.Sleep((int)((bits * 0x9E37_79B9_7F4A_7C15UL) >> 61) % 5);
        double value = default(Rastrigin10).Value(x);
        Finished.Enqueue(x[0]);
        return value;
    }
}

/// <summary>
/// Rastrigin with a batch method that counts its calls and returns each value one ulp above <c>Value</c>'s (within what
/// the IBatchObjective contract allows a batch whose transcendental functions round differently), so that a run tells
/// which of the two evaluated it.
/// </summary>
public struct UlpBatchRastrigin10 : IBatchObjective
{
    public static long BatchCalls;

    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x) => default(Rastrigin10).Value(x);

    public readonly void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values)
    {
        Interlocked.Increment(ref BatchCalls);
        PerCandidate.Values(this, candidates, values);
        for (int k = 0; k < values.Length; k++)
            values[k] = Math.BitIncrement(values[k]);
    }
}

/// <summary>Throws for candidates whose first coordinate is above 3, in <c>Value</c> and in its batch method.</summary>
public struct ThrowingBatchRastrigin10 : IBatchObjective
{
    public static long BatchCalls;

    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x) => default(ThrowingRastrigin10).Value(x);

    public readonly void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values)
    {
        Interlocked.Increment(ref BatchCalls);
        PerCandidate.Values(this, candidates, values);
    }
}

/// <summary>A batch method that writes only the first value of each call and leaves the others as it found them.</summary>
public struct FirstOnlyBatch10 : IBatchObjective
{
    public static long BatchCalls;

    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x) => default(Rastrigin10).Value(x);

    public readonly void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values)
    {
        Interlocked.Increment(ref BatchCalls);
        values[0] = Value(candidates[..Dimension]);
    }
}

/// <summary>The batch methods of the test objectives: Value candidate by candidate.</summary>
internal static class PerCandidate
{
    public static void Values<T>(T f, ReadOnlySpan<double> candidates, Span<double> values) where T : struct, IObjective
    {
        for (int k = 0; k < values.Length; k++)
            values[k] = f.Value(candidates.Slice(k * T.Dimension, T.Dimension));
    }
}

/// <summary>A batch method that always throws, while every candidate alone evaluates without error.</summary>
public struct BatchOnlyThrows10 : IBatchObjective
{
    public static int Dimension => 10;

    public readonly double Value(ReadOnlySpan<double> x) => default(Rastrigin10).Value(x);

    public readonly void ValueBatch(ReadOnlySpan<double> candidates, Span<double> values) =>
        throw new InvalidOperationException("the batch kernel failed");
}
