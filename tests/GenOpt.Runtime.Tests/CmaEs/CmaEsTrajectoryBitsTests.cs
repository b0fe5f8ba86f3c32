using System;

namespace GenOpt.Tests;

/// <summary>
/// Fingerprints of whole CMA-ES trajectories (Full, Separable, LimitedMemory; fixed seeds; bounds, Sigma0Scales and
/// restarts included): a 64-bit hash of the bits of the final point, the best value, the evaluation and iteration
/// counts, the restarts and the status. The expected hashes were recorded once, so any change of a sampled number,
/// of their order or of an arithmetic result along the run fails here; speed work on the sampler and the large-scale
/// models must keep them (and with them every documented result: the tests' counts, the BBOB tables, NetworkScale).
/// </summary>
public class CmaEsTrajectoryBitsTests
{
    private static CmaEsOptions Options(CovarianceModel model, long budget, ulong seed) => new()
    {
        CovarianceModel = model,
        Seed = seed,
        Sigma0 = 0.8,
        MaxEvaluations = budget,
    };

    private static double[] Filled(int n, double v)
    {
        var x = new double[n];
        Array.Fill(x, v);
        return x;
    }

    /// <summary>FNV-1a over the bits of the result.</summary>
    private static string Fingerprint(OptimizationResult r)
    {
        ulong h = 0xCBF29CE484222325UL;
        void Add(long v)
        {
            for (int b = 0; b < 8; b++)
            {
                h ^= (byte)(v >> (8 * b));
                h *= 0x100000001B3UL;
            }
        }
        foreach (double xi in r.Point.Span)
            Add(BitConverter.DoubleToInt64Bits(xi));
        Add(BitConverter.DoubleToInt64Bits(r.Value));
        Add(r.Evaluations);
        Add(r.Iterations);
        Add(r.Restarts);
        Add((long)r.Status);
        return $"{h:X16} {r.Evaluations} {r.Status}";
    }

    private static OptimizationResult Run<T>(CmaEsOptions options, double start, Bounds? bounds = null) where T : struct, IObjective
    {
        using var cma = new CmaEs<T>(options);
        return cma.Minimize(Filled(T.Dimension, start), bounds);
    }

    private static string Case(string name, CovarianceModel model) => name switch
    {
        "sphere10" => Fingerprint(Run<Sphere<D10>>(Options(model, 2_000, 3), 1)),
        "ellipsoid100" => Fingerprint(Run<FastEllipsoid<D100>>(Options(model, 4_000, 7), 1)),
        "rosenbrock20" => Fingerprint(Run<Rosenbrock<D20>>(Options(model, 6_000, 11) with { TargetValue = 1e-10 }, 0.5)),
        "sphere1000" => Fingerprint(Run<Sphere<D1000>>(Options(model, 1_500, 1), 1)),
        "ellipsoid1000" => Fingerprint(Run<FastEllipsoid<D1000>>(Options(model, 1_500, 2), 1)),
        "bounded100" => Fingerprint(Run<FastEllipsoid<D100>>(Options(model, 3_000, 5), 1, Bounds.Uniform(100, -0.5, 2))),
        "scales100" => Fingerprint(Run<FastEllipsoid<D100>>(Options(model, 3_000, 9) with { Sigma0Scales = Scales(100) }, 1)),
        "ipop20" => Fingerprint(Run<Rastrigin<D20>>(Options(model, 15_000, 5) with
        {
            Sigma0 = 2, Restarts = RestartStrategy.Ipop, MaxRestarts = 2,
        }, 3, Bounds.Uniform(20, -5.12, 5.12))),
        "bipop20" => Fingerprint(Run<Rastrigin<D20>>(Options(model, 15_000, 6) with
        {
            Sigma0 = 2, Restarts = RestartStrategy.Bipop, MaxRestarts = 3,
        }, 3)),
        _ => throw new ArgumentException(name),
    };

    private static double[] Scales(int n)
    {
        var s = new double[n];
        for (int i = 0; i < n; i++)
            s[i] = 0.5 + (i % 7) * 0.25;
        return s;
    }

    [Theory]
    [InlineData("sphere10", CovarianceModel.Full, "DF1BAEFB16EB66F3 2000 MaxEvaluations")]
    [InlineData("ellipsoid100", CovarianceModel.Full, "A992D5F2BF0E49B8 4012 MaxEvaluations")]
    [InlineData("rosenbrock20", CovarianceModel.Full, "9924FB74D798A73E 6000 MaxEvaluations")]
    [InlineData("bounded100", CovarianceModel.Full, "1A74F449916E89F7 3009 MaxEvaluations")]
    [InlineData("ipop20", CovarianceModel.Full, "16D50EF172ED594E 15012 MaxEvaluations")]
    [InlineData("sphere10", CovarianceModel.Separable, "FCA207E4EB16F9E6 2000 MaxEvaluations")]
    [InlineData("ellipsoid100", CovarianceModel.Separable, "C386CE5C05CF9A5D 4012 MaxEvaluations")]
    [InlineData("rosenbrock20", CovarianceModel.Separable, "3D68D6C5A343F4BE 6000 MaxEvaluations")]
    [InlineData("sphere1000", CovarianceModel.Separable, "6076B8E573BCDF5D 1512 MaxEvaluations")]
    [InlineData("ellipsoid1000", CovarianceModel.Separable, "D7E75D4E4EAD4FD2 1512 MaxEvaluations")]
    [InlineData("bounded100", CovarianceModel.Separable, "AD08A97A81600AAD 3009 MaxEvaluations")]
    [InlineData("scales100", CovarianceModel.Separable, "DAD1E9DA1FEB9969 3009 MaxEvaluations")]
    [InlineData("ipop20", CovarianceModel.Separable, "497D01E31300D1AA 15024 MaxEvaluations")]
    [InlineData("bipop20", CovarianceModel.Separable, "65AE7C5926E3013C 15000 MaxEvaluations")]
    [InlineData("sphere10", CovarianceModel.LimitedMemory, "AAAA34829B8002A2 2000 MaxEvaluations")]
    [InlineData("ellipsoid100", CovarianceModel.LimitedMemory, "E990EEA26AC5EC16 4012 MaxEvaluations")]
    [InlineData("rosenbrock20", CovarianceModel.LimitedMemory, "24D3A8F5F56C08CD 6000 MaxEvaluations")]
    [InlineData("sphere1000", CovarianceModel.LimitedMemory, "6CD7E02BA0E3E443 1512 MaxEvaluations")]
    [InlineData("ellipsoid1000", CovarianceModel.LimitedMemory, "3D82DE6E37062F94 1512 MaxEvaluations")]
    [InlineData("bounded100", CovarianceModel.LimitedMemory, "3FB15BF8F760CBC7 3009 MaxEvaluations")]
    [InlineData("scales100", CovarianceModel.LimitedMemory, "B4B1D4D457DC315B 3009 MaxEvaluations")]
    [InlineData("ipop20", CovarianceModel.LimitedMemory, "F59031189FE639E2 15024 MaxEvaluations")]
    [InlineData("bipop20", CovarianceModel.LimitedMemory, "2B28A4F9233B78D5 15006 MaxEvaluations")]
    public void Trajectory_KeepsItsRecordedBits(string name, CovarianceModel model, string expected) =>
        Assert.Equal(expected, Case(name, model));
}
