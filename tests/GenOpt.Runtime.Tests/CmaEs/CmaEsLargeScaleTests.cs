using System;
using System.IO;
using System.Threading;

namespace GenOpt.Tests;

/// <summary>
/// CovarianceModel.Separable (sep-CMA-ES) and CovarianceModel.LimitedMemory (LM-MA-ES) under CmaEs's contract: targets
/// within budgets (the figures of docs/cma-large-scale.md, next to pycma's), ask/tell, bounds, restarts, threads,
/// checkpoints, zero allocation, O(n) / O(n m) memory and option checks.
/// </summary>
public class CmaEsLargeScaleTests
{
    private static CmaEsOptions Options(CovarianceModel model, long budget, double target = 1e-8, ulong seed = 1) => new()
    {
        CovarianceModel = model,
        Seed = seed,
        Sigma0 = 1,
        TargetValue = target,
        MaxEvaluations = budget,
    };

    private static double[] Ones(int n)
    {
        var x = new double[n];
        Array.Fill(x, 1.0);
        return x;
    }

    private static OptimizationResult Run<T>(CmaEsOptions options) where T : struct, IObjective
    {
        using var cma = new CmaEs<T>(options);
        return cma.Minimize(Ones(T.Dimension));
    }

    // ---- Targets within budgets (x0 = 1, sigma0 = 1, seed 1). docs/cma-large-scale.md lists the evaluations next to
    // pycma's (CMA_diagonal and VkD) on the same functions; the budgets are about 1.5 times GenOpt's count. ----------

    [Fact]
    public void Separable_Sphere100_ReachesTarget() =>
        AssertReached(Run<Sphere<D100>>(Options(CovarianceModel.Separable, 15_000)), 1e-8);

    [Fact]
    public void Separable_Ellipsoid100_ReachesTarget() =>
        AssertReached(Run<FastEllipsoid<D100>>(Options(CovarianceModel.Separable, 40_000)), 1e-8);

    [Fact]
    public void Separable_Sphere1000_ReachesTarget() =>
        AssertReached(Run<Sphere<D1000>>(Options(CovarianceModel.Separable, 150_000)), 1e-8);

    [Fact]
    public void Separable_Ellipsoid1000_ReachesTarget() =>
        AssertReached(Run<FastEllipsoid<D1000>>(Options(CovarianceModel.Separable, 600_000)), 1e-8);

    [Fact]
    public void LimitedMemory_Sphere100_ReachesTarget() =>
        AssertReached(Run<Sphere<D100>>(Options(CovarianceModel.LimitedMemory, 15_000)), 1e-8);

    [Fact]
    public void LimitedMemory_Sphere1000_ReachesTarget() =>
        AssertReached(Run<Sphere<D1000>>(Options(CovarianceModel.LimitedMemory, 120_000)), 1e-8);

    [Fact]
    public void LimitedMemory_RotatedEllipsoid100_ReachesTarget() =>
        AssertReached(Run<RotatedEllipsoid<D100>>(Options(CovarianceModel.LimitedMemory, 3_000_000)), 1e-8);

    [Fact]
    public void LimitedMemory_Ellipsoid100_ReachesTarget() =>
        AssertReached(Run<FastEllipsoid<D100>>(Options(CovarianceModel.LimitedMemory, 3_000_000)), 1e-8);

    [Fact]
    public void Separable_RotatedEllipsoid100_StopsWithTolUpSigma_AsPycma()
    {
        // A diagonal model cannot follow the rotation: the diagonal of C shrinks while sigma grows until TolUpSigma
        // stops the run far from the optimum (pycma's CMA_diagonal: 'tolupsigma' at f = 331 after 1.6 million
        // evaluations, docs/cma-large-scale.md).
        using var cma = new CmaEs<RotatedEllipsoid<D100>>(Options(CovarianceModel.Separable, 1_000_000));
        OptimizationResult r = cma.Minimize(Ones(100));
        Assert.Equal(TerminationReason.StepSizeDiverged, r.Status);
        Assert.True(cma.Sigma > 1e6, $"sigma = {cma.Sigma}");
        Assert.InRange(r.Value, 1, 1e4);
    }

    // ---- n = 1000 where the budget runs out first (seed 1; docs/cma-large-scale.md gives f at the end of the budget
    // next to pycma's CMA_diagonal and VkD on the same cases). The targets are about 1.5 times GenOpt's f there. ------

    [Fact]
    public void LimitedMemory_Ellipsoid1000_ReachesDocumentedValueWithinBudget() =>
        // f = 1.31e3 after 1,000,000 (f(x0) = 7.3e7); VkD learns the diagonal: 2.9e-4 (docs/cma-large-scale.md).
        AssertProgress(Run<FastEllipsoid<D1000>>(Options(CovarianceModel.LimitedMemory, 1_000_000)), 2e3);

    [Fact]
    public void LimitedMemory_RotatedEllipsoid1000_ReachesDocumentedValueWithinBudget() =>
        // f = 1.19e4 after 300,000; pycma's VkD 3.8e4 (docs/cma-large-scale.md).
        AssertProgress(Run<RotatedEllipsoid<D1000>>(Options(CovarianceModel.LimitedMemory, 300_000)), 1.8e4);

    [Fact]
    public void Separable_RotatedEllipsoid1000_DoesNotFollowTheRotation()
    {
        // f = 4.0e5 after 300,000: a diagonal model cannot learn the rotation (pycma's CMA_diagonal, with two-point
        // step-size adaptation at this n: 4.2e4). The target only documents where it stands.
        OptimizationResult r = Run<RotatedEllipsoid<D1000>>(Options(CovarianceModel.Separable, 300_000));
        AssertProgress(r, 6e5);
        Assert.True(r.Value > 1e3, $"f = {r.Value}: better than documented; update docs/cma-large-scale.md");
    }

    private static void AssertProgress(OptimizationResult r, double documented)
    {
        Assert.Equal(TerminationReason.MaxEvaluations, r.Status);
        Assert.True(r.Value <= documented, $"f = {r.Value} after {r.Evaluations} evaluations, documented target {documented}");
    }

    private static void AssertReached(OptimizationResult r, double target)
    {
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        Assert.True(r.Value <= target, $"f = {r.Value} after {r.Evaluations} evaluations");
    }

    // ---- The contract ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(CovarianceModel.Separable)]
    [InlineData(CovarianceModel.LimitedMemory)]
    public void AskTell_GivesTheBitsOfMinimize_WithBounds(CovarianceModel model)
    {
        var bounds = Bounds.Uniform(100, -0.5, 2);
        CmaEsOptions options = Options(model, 6_000) with { Sigma0 = 0.7 };
        using var minimize = new CmaEs<FastEllipsoid<D100>>(options);
        OptimizationResult expected = SameBits.Own(minimize.Minimize(Ones(100), bounds));

        using var cma = new CmaEs<FastEllipsoid<D100>>(options);
        cma.Initialize(Ones(100), bounds);
        var values = new double[cma.PopulationSize];
        while (cma.Status == TerminationReason.None)
        {
            Population p = cma.Ask();
            for (int k = 0; k < p.Count; k++)
            {
                foreach (double xi in p[k])
                    Assert.InRange(xi, -0.5, 2);
                values[k] = cma.Objective.Value(p[k]);
            }
            cma.Tell(values);
        }
        SameBits.Assert(expected, cma.Result);
        Assert.Equal(TerminationReason.MaxEvaluations, expected.Status);
    }

    [Theory]
    [InlineData(CovarianceModel.Separable)]
    [InlineData(CovarianceModel.LimitedMemory)]
    public void Bounds_ActiveBoxConstraint_IsFoundInsideTheBox(CovarianceModel model)
    {
        // min sum x_i^2 over [0.25, 3]^100: the optimum is the corner 0.25 (f* = 6.25).
        var bounds = Bounds.Uniform(100, 0.25, 3);
        using var cma = new CmaEs<Sphere<D100>>(Options(model, 100_000, target: 6.25 + 1e-6));
        OptimizationResult r = cma.Minimize(Ones(100), bounds);
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        foreach (double xi in r.Point.Span)
            Assert.InRange(xi, 0.25, 3);
    }

    [Theory]
    [InlineData(CovarianceModel.Separable, RestartStrategy.Ipop)]
    [InlineData(CovarianceModel.Separable, RestartStrategy.Bipop)]
    [InlineData(CovarianceModel.LimitedMemory, RestartStrategy.Ipop)]
    [InlineData(CovarianceModel.LimitedMemory, RestartStrategy.Bipop)]
    public void Restarts_GrowThePopulation_AndRepeatBitForBit(CovarianceModel model, RestartStrategy restarts)
    {
        var options = new CmaEsOptions
        {
            CovarianceModel = model,
            Seed = 5,
            Sigma0 = 2,
            Restarts = restarts,
            MaxRestarts = 3,
            MaxEvaluations = 60_000,
        };
        var bounds = Bounds.Uniform(20, -5.12, 5.12);
        var x0 = new double[20];
        Array.Fill(x0, 3.0);
        using var first = new CmaEs<Rastrigin<D20>>(options);
        int lambdaDefault = first.PopulationSize;
        OptimizationResult a = SameBits.Own(first.Minimize(x0, bounds));
        Assert.True(a.Restarts >= 2, $"{a.Restarts} restarts ({a.Status})");
        Assert.True(first.PopulationSize > lambdaDefault, $"population {first.PopulationSize} after {a.Restarts} restarts");
        Assert.True(a.Value < 100, $"f = {a.Value}");

        using var second = new CmaEs<Rastrigin<D20>>(options);
        SameBits.Assert(a, second.Minimize(x0, bounds));
    }

    [Theory]
    [InlineData(CovarianceModel.Separable)]
    [InlineData(CovarianceModel.LimitedMemory)]
    public void Threads_GiveTheBitsOfOneThread(CovarianceModel model)
    {
        OptimizationResult one = SameBits.Own(Run<FastEllipsoid<D100>>(Options(model, 20_000)));
        using var cma = new CmaEs<FastEllipsoid<D100>>(Options(model, 20_000) with { Threads = 2 });
        SameBits.Assert(one, cma.Minimize(Ones(100)));
    }

    [Theory]
    [InlineData(CovarianceModel.Separable, 0)]
    [InlineData(CovarianceModel.Separable, 37)]
    [InlineData(CovarianceModel.LimitedMemory, 0)]
    [InlineData(CovarianceModel.LimitedMemory, 37)]
    public void Checkpoint_RoundTrip_ContinuesBitForBit(CovarianceModel model, int generations)
    {
        CmaEsOptions options = Options(model, 30_000) with { Restarts = RestartStrategy.Ipop, MaxRestarts = 2 };
        using var whole = new CmaEs<FastEllipsoid<D100>>(options);
        OptimizationResult expected = SameBits.Own(whole.Minimize(Ones(100)));

        using var first = new CmaEs<FastEllipsoid<D100>>(options);
        first.Initialize(Ones(100));
        var values = new double[first.PopulationSize];
        for (int g = 0; g < generations; g++)
        {
            Population p = first.Ask();
            for (int k = 0; k < p.Count; k++)
                values[k] = first.Objective.Value(p[k]);
            first.Tell(values);
        }
        byte[] checkpoint = first.SaveCheckpoint();
        using var restored = new CmaEs<FastEllipsoid<D100>>(options with { Seed = 99 });
        restored.RestoreCheckpoint(checkpoint);
        SameBits.Assert(expected, restored.Resume());
        Assert.Equal(checkpoint, RoundTrip(checkpoint, options));
    }

    private static byte[] RoundTrip(byte[] checkpoint, CmaEsOptions options)
    {
        using var other = new CmaEs<FastEllipsoid<D100>>(options);
        other.RestoreCheckpoint(checkpoint);
        return other.SaveCheckpoint();
    }

    [Theory]
    [InlineData(CovarianceModel.Full, CovarianceModel.Separable)]
    [InlineData(CovarianceModel.Separable, CovarianceModel.Full)]
    [InlineData(CovarianceModel.Separable, CovarianceModel.LimitedMemory)]
    [InlineData(CovarianceModel.LimitedMemory, CovarianceModel.Separable)]
    public void Checkpoint_OfAnotherModel_IsRefused(CovarianceModel saved, CovarianceModel restoring)
    {
        using var source = new CmaEs<Sphere<D10>>(new CmaEsOptions { CovarianceModel = saved, Seed = 1 });
        source.Initialize(Ones(10));
        byte[] checkpoint = source.SaveCheckpoint();
        using var target = new CmaEs<Sphere<D10>>(new CmaEsOptions { CovarianceModel = restoring, Seed = 1 });
        var error = Assert.Throws<InvalidDataException>(() => target.RestoreCheckpoint(checkpoint));
        Assert.Contains($"CovarianceModel.{saved}", error.Message);
        Assert.Contains($"CovarianceModel.{restoring}", error.Message);
    }

    [Theory]
    [InlineData(CovarianceModel.Separable)]
    [InlineData(CovarianceModel.LimitedMemory)]
    public void AskTell_AllocatesNothing(CovarianceModel model)
    {
        var bounds = Bounds.Uniform(100, -3, 3);
        using var cma = new CmaEs<FastEllipsoid<D100>>(Options(model, long.MaxValue / 2, target: double.NegativeInfinity));
        var values = new double[cma.PopulationSize];
        cma.Initialize(Ones(100), bounds);
        AskTell(cma, values, 30); // warm-up
        Allocations.AssertNone($"200 {model} ask/tell generations", () => AskTell(cma, values, 200));
    }

    [Theory]
    [InlineData(CovarianceModel.Separable)]
    [InlineData(CovarianceModel.LimitedMemory)]
    public void Minimize_WithResultBuffer_AllocatesNothing(CovarianceModel model)
    {
        double[] x0 = Ones(100);
        using var cma = new CmaEs<Sphere<D100>>(Options(model, 20_000)) { ResultBuffer = new double[100] };
        cma.Minimize(x0); // warm-up
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = cma.Minimize(x0));
        Assert.Equal(TerminationReason.TargetReached, r.Status);
        Assert.Equal(0, allocated);
    }

    private static void AskTell(CmaEs<FastEllipsoid<D100>> cma, double[] values, int generations)
    {
        for (int g = 0; g < generations && cma.Status == TerminationReason.None; g++)
        {
            Population p = cma.Ask();
            for (int k = 0; k < p.Count; k++)
                values[k] = cma.Objective.Value(p[k]);
            cma.Tell(values);
        }
    }

    [Theory]
    [InlineData(CovarianceModel.Separable)]
    [InlineData(CovarianceModel.LimitedMemory)]
    public void Construction_AllocatesNoMatrixOfSizeNSquared(CovarianceModel model)
    {
        // n = 1000: one n x n array of doubles alone is 8 MB; the whole workspace must stay far below.
        new CmaEs<Sphere<D1000>>(new CmaEsOptions { CovarianceModel = model, Seed = 1 }).Dispose(); // warm-up
        long bytes = Allocations.Measure(() => new CmaEs<Sphere<D1000>>(new CmaEsOptions { CovarianceModel = model, Seed = 1 }).Dispose());
        Assert.True(bytes < 1_500_000, $"{model} allocated {bytes} bytes at n = 1000");
        long full = Allocations.Measure(() => new CmaEs<Sphere<D1000>>(new CmaEsOptions { Seed = 1 }).Dispose());
        Assert.True(full > 16_000_000, $"Full allocated only {full} bytes");
    }

    [Fact]
    public void Options_AreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D10>>(new CmaEsOptions { CovarianceModel = (CovarianceModel)3 }));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new CmaEs<Sphere<D10>>(new CmaEsOptions { CovarianceModel = CovarianceModel.LimitedMemory, GradientInjection = true }));
        Assert.Equal(nameof(CmaEsOptions.GradientInjection), error.ParamName);
        Assert.Equal(CovarianceModel.Full, new CmaEsOptions().CovarianceModel);
    }

    [Fact]
    public void Separable_ConditionNumber_IsThatOfTheDiagonal_AndLimitedMemoryHasNone()
    {
        using var sep = new CmaEs<FastEllipsoid<D100>>(Options(CovarianceModel.Separable, 20_000));
        sep.Minimize(Ones(100));
        // The learned variances follow the inverse coefficients: condition near 1e6.
        Assert.InRange(sep.ConditionNumber, 1e5, 1e7);
        using var lm = new CmaEs<FastEllipsoid<D100>>(Options(CovarianceModel.LimitedMemory, 2_000));
        lm.Minimize(Ones(100));
        Assert.True(double.IsNaN(lm.ConditionNumber));
    }
}
