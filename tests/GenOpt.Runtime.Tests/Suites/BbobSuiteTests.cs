using System;
using CmaBbob;

namespace GenOpt.Tests;

/// <summary>
/// The 24 BBOB functions of tests/CmaBbob/BbobSuite.cs (the 24-function comparison with pycma, docs/cma-bbob.md)
/// are pycma's instances: f_opt and f at the start point of run 0, printed by cma.bbobbenchmarks (cma 4.4.0,
/// F&lt;fid&gt;(iinstance=1)). docs/reference/cma_bbob_check.py checks more points against pycma directly.
/// </summary>
public class BbobSuiteTests
{
    /// <summary>n, function id, pycma's f_opt and pycma's f(x0) with x0 = 8 unif(n, 1000) - 4.</summary>
    public static TheoryData<int, int, double, double> PycmaValues => new()
    {
        { 10, 1, 79.48, 162.20726621010533 },
        { 10, 2, -209.88, 2620001.3871060954 },
        { 10, 3, -462.09, -289.48244594000886 },
        { 10, 4, -462.09, 39.56909211819925 },
        { 10, 5, -9.21, 164.74233074044412 },
        { 10, 6, 35.9, 379301.22470332304 },
        { 10, 7, 92.94, 673.8898196618984 },
        { 10, 8, 149.15, 164005.45884683606 },
        { 10, 9, 123.83, 60120.49274857899 },
        { 10, 10, -54.94, 11757631.527773319 },
        { 10, 11, 76.27, 8845012.958388906 },
        { 10, 12, -621.11, 90470366.56714848 },
        { 10, 13, 29.97, 2487.6926440645357 },
        { 10, 14, -52.35, 21.075704731994996 },
        { 10, 15, 1000.0, 1992.22308671306 },
        { 10, 16, 71.35, 240.33802239561717 },
        { 10, 17, -16.94, 202.30497558469642 },
        { 10, 18, -16.94, 1272.3956339471163 },
        { 10, 19, -102.55, -84.47419752952345 },
        { 10, 20, -546.5, 55131.67785801084 },
        { 10, 21, 40.78, 119.38129629491785 },
        { 10, 22, -1000.0, -916.6586148433397 },
        { 10, 23, 6.87, 26.419406780802465 },
        { 10, 24, 102.61, 310.46616784831275 },
        { 20, 1, 79.48, 273.5323783613866 },
        { 20, 2, -209.88, 12293475.93428385 },
        { 20, 3, -462.09, 1239.1082373462725 },
        { 20, 4, -462.09, 448.6109092026416 },
        { 20, 5, -9.21, 339.3269072536335 },
        { 20, 6, 35.9, 1263849.5315852582 },
        { 20, 7, 92.94, 1666.8789178715879 },
        { 20, 8, 149.15, 224227.1501607743 },
        { 20, 9, 123.83, 104334.77401251267 },
        { 20, 10, -54.94, 9440915.747708622 },
        { 20, 11, 76.27, 41641.66714421397 },
        { 20, 12, -621.11, 5581384515.778032 },
        { 20, 13, 29.97, 2848.686438519945 },
        { 20, 14, -52.35, 14.698914073976987 },
        { 20, 15, 1000.0, 2405.229357978118 },
        { 20, 16, 71.35, 160.03867026874022 },
        { 20, 17, -16.94, 112.55368623515122 },
        { 20, 18, -16.94, 610.0714262570211 },
        { 20, 19, -102.55, -79.36752911869954 },
        { 20, 20, -546.5, 123069.99981063497 },
        { 20, 21, 40.78, 119.52399846351405 },
        { 20, 22, -1000.0, -918.1552020614884 },
        { 20, 23, 6.87, 20.98644860373578 },
        { 20, 24, 102.61, 735.7575984629106 },
    };

    [Theory]
    [MemberData(nameof(PycmaValues))]
    public void BbobFunction_IsPycmasInstance(int n, int fid, double fopt, double fx0)
    {
        var f = new BbobFunction(fid, n, 1);
        Assert.Equal(fopt, f.FOpt);
        double value = f.Value(BbobInstance.StartPoint(n, 0));
        Assert.True(Math.Abs(value - fx0) <= 1e-12 * Math.Abs(fx0), $"f{fid}, n = {n}: {value:R}, pycma {fx0:R}");
        // x_opt is a minimizer with the value f_opt.
        Assert.True(Math.Abs(f.Value(f.XOpt) - fopt) <= 1e-12 * Math.Max(1, Math.Abs(fopt)), $"f{fid}, n = {n}: f(x_opt) = {f.Value(f.XOpt):R}");
    }

    [Fact]
    public void BbobObjective_CountsEvaluationsAndTheFirstHit()
    {
        var f = new BbobFunction(1, 10, 1);
        var record = new BbobRecord();
        var objective = new BbobObjective<Dim10>(f, record, 1e-8);
        double[] far = new double[10];
        objective.Value(far);
        double[] near = f.XOpt.ToArray();
        near[0] += 1e-5;   // f - f_opt = 1e-10
        objective.Value(near);
        objective.Value(far);
        objective.Value(f.XOpt);
        Assert.Equal(4, record.Evaluations);
        Assert.Equal(2, record.FirstHit);
        Assert.Equal(0.0, record.BestDelta);
    }

    [Fact]
    public void BbobFunction_RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>("id", () => new BbobFunction(25, 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>("n", () => new BbobFunction(1, 1, 1));
        Assert.Throws<ArgumentException>("x", () => new BbobFunction(1, 10, 1).Value(new double[9]));
        Assert.Throws<ArgumentException>("f", () => new BbobObjective<Dim20>(new BbobFunction(1, 10, 1), new BbobRecord(), 1e-8));
    }
}
