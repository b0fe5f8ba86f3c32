using System;
using System.Runtime.Intrinsics;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>
/// PSO moves blocks of four coordinates with Vector256 where the hardware accelerates it and coordinate by coordinate
/// elsewhere; both must give the same bits. The choice is the runtime's alone (no switch in GenOpt), so these tests
/// pin the bits of a set of runs — the overflow paths of huge boxes included — and CI runs them twice: as part of
/// the suite (the Vector256 path on x64 with AVX) and again with <c>DOTNET_EnableHWIntrinsic=0</c>, where
/// <see cref="Vector256.IsHardwareAccelerated"/> is false and every coordinate takes the scalar loop. The pins were
/// produced by both paths (the same values under both settings).
/// </summary>
public class PsoMovePathTests(ITestOutputHelper output)
{
    /// <summary>CI sets this to "1" for the scalar run, so that the run fails if the setting did not take effect.</summary>
    private const string ExpectScalarVariable = "GENOPT_EXPECT_SCALAR_PSO";

    private static ulong Mix(ulong hash, long bits)
    {
        // FNV-1a over the eight bytes.
        for (int i = 0; i < 8; i++)
        {
            hash ^= (byte)(bits >> (8 * i));
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static ulong Mix(ulong hash, in OptimizationResult r)
    {
        hash = Mix(hash, BitConverter.DoubleToInt64Bits(r.Value));
        hash = Mix(hash, r.Evaluations);
        foreach (double x in r.Point.Span)
            hash = Mix(hash, BitConverter.DoubleToInt64Bits(x));
        return hash;
    }

    private void ReportPath()
    {
        output.WriteLine(Vector256.IsHardwareAccelerated ? "Vector256 path" : "scalar path");
        if (Environment.GetEnvironmentVariable(ExpectScalarVariable) == "1")
            Assert.False(Vector256.IsHardwareAccelerated, "DOTNET_EnableHWIntrinsic=0 should have made Vector256 unaccelerated");
    }

    [Theory]
    [InlineData(PsoBoundaryStrategy.Reflective, double.PositiveInfinity, 0x65889EC15A96E9C8UL)]
    [InlineData(PsoBoundaryStrategy.Nearest, 0.3, 0x465C0ACF6CF9C523UL)]
    [InlineData(PsoBoundaryStrategy.Random, double.PositiveInfinity, 0x52B6A41C0FF009F1UL)]
    [InlineData(PsoBoundaryStrategy.Periodic, 0.3, 0x3F996C698F3C5019UL)]
    public void Rastrigin10_RunBits_ArePinned(PsoBoundaryStrategy boundary, double clamp, ulong expected)
    {
        ReportPath();
        var options = new PsoOptions { Seed = 41, Boundary = boundary, VelocityClamp = clamp, MaxIterations = 200 };
        using var pso = new Pso<Rastrigin<D10>>(options);
        OptimizationResult r = pso.Minimize(Bounds.Uniform(10, -5.12, 5.12));
        ulong hash = Mix(14695981039346656037UL, r);
        output.WriteLine($"{boundary} {clamp}: 0x{hash:X16}UL f = {r.Value:R}");
        Assert.Equal(expected, hash);
    }

    [Fact]
    public void HugeBoxRunBits_ArePinned_AlsoThroughTheOverflowPaths()
    {
        ReportPath();
        ulong hash = 14695981039346656037UL;
        foreach (object[] row in PsoRobustnessTests.BoxesAndCoefficients())
            foreach (PsoBoundaryStrategy strategy in Enum.GetValues<PsoBoundaryStrategy>())
            {
                (_, OptimizationResult r, _) = PsoRobustnessTests.Run((double)row[0], (double)row[1], (int)row[2], strategy);
                hash = Mix(hash, r);
            }
        output.WriteLine($"0x{hash:X16}UL");
        Assert.Equal(0x699F73FD4E33D8FDUL, hash);
    }
}
