using System;

namespace GenOpt.Tests;

/// <summary>Two results with the same bits: value, point, counts, status and optimizer (also used by GenOpt.Orleans.Tests).</summary>
internal static class SameBits
{
    public static void Assert(OptimizationResult a, OptimizationResult b)
    {
        Xunit.Assert.Equal(BitConverter.DoubleToInt64Bits(a.Value), BitConverter.DoubleToInt64Bits(b.Value));
        Xunit.Assert.Equal(a.Evaluations, b.Evaluations);
        Xunit.Assert.Equal(a.Iterations, b.Iterations);
        Xunit.Assert.Equal(a.Status, b.Status);
        Xunit.Assert.Equal(a.Restarts, b.Restarts);
        Xunit.Assert.Equal(a.NonFiniteEvaluations, b.NonFiniteEvaluations);
        Xunit.Assert.Equal(a.Optimizer, b.Optimizer);
        Xunit.Assert.Equal(a.Point.Length, b.Point.Length);
        for (int i = 0; i < a.Point.Length; i++)
            Xunit.Assert.Equal(BitConverter.DoubleToInt64Bits(a.Point.Span[i]), BitConverter.DoubleToInt64Bits(b.Point.Span[i]));
    }

    /// <summary>A copy whose point no longer aliases the optimizer's workspace.</summary>
    public static OptimizationResult Own(OptimizationResult r) => r with { Point = r.Point.ToArray() };
}
