using System;

namespace GenOpt.Tests;

/// <summary>Sigma0 values whose steps cannot move the search away from x0 are rejected before the run.</summary>
public class CmaEsSigma0Tests
{
    [Theory]
    [InlineData(1e-320)]                  // subnormal
    [InlineData(double.Epsilon)]
    [InlineData(2.2250738585072009e-308)] // largest subnormal
    public void SubnormalSigma0_IsRejectedByTheOptions(double sigma0)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { Sigma0 = sigma0 }));
        Assert.Equal("Sigma0", e.ParamName);
        Assert.Contains("subnormal", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigma0NotAboveTolX_IsRejectedByTheOptions()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { Sigma0 = 1e-12 }));
        Assert.Equal("Sigma0", e.ParamName);
        Assert.Contains("TolX", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { Sigma0 = 0.1, TolX = 0.1 }));
    }

    [Fact]
    public void Sigma0TooSmallForTheMagnitudeOfX0_IsRejectedByMinimizeAndInitialize()
    {
        // 1e-10 is a valid option (TolX = 0), but x0 = 1e8 has a spacing of 1.5e-8: no step of that size can change it.
        var cma = new CmaEs<Sphere<D2>>(new CmaEsOptions { Seed = 1, Sigma0 = 1e-10, TolX = 0 });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => cma.Minimize([1e8, 0]));
        Assert.Equal("Sigma0", e.ParamName);
        Assert.Contains("x0", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => cma.Initialize([0, -1e8]));
    }

    [Fact]
    public void SmallButEffectiveSigma0_StillWorks()
    {
        // Near the origin a tiny step size can move x: the run adapts sigma and does not stop at x0 with a success.
        var cma = new CmaEs<Sphere<D2>>(new CmaEsOptions { Seed = 2, Sigma0 = 1e-6, TolX = 1e-15 });
        OptimizationResult r = cma.Minimize([1e-5, -1e-5]);
        Assert.True(r.Iterations > 10, $"{r.Status} after {r.Iterations} iterations");
        Assert.True(r.Value < 1e-14, $"{r.Status}: f = {r.Value}"); // f(x0) = 2e-10
        // At the boundary of the rule (sigma0 = eps * max |x0_i|) the options are accepted.
        var edge = new CmaEs<Sphere<D2>>(new CmaEsOptions { Seed = 2, Sigma0 = 1e-7, TolX = 0, MaxEvaluations = 600 });
        edge.Initialize([4e8, 0]); // eps * 4e8 = 8.9e-8
    }
}
