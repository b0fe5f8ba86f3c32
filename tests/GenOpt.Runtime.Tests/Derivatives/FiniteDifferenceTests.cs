using System;

namespace GenOpt.Tests;

public class FiniteDifferenceTests
{
    [Fact]
    public void CentralGradient_MatchesAnalyticRosenbrockGradient()
    {
        var f = default(Rosenbrock<D10>);
        var rng = new RandomSource(4);
        var x = new double[10];
        var g = new double[10];
        for (int trial = 0; trial < 20; trial++)
        {
            for (int i = 0; i < 10; i++) x[i] = rng.NextDouble(-2, 2) * (trial % 2 == 0 ? 1 : 50);
            double fx = FiniteDifference.CentralGradient(ref f, x, g);
            Assert.Equal(f.Value(x), fx);
            var exact = new double[10];
            double scale = 1;
            for (int i = 0; i < 10; i++)
            {
                exact[i] = (i > 0 ? 200 * (x[i] - x[i - 1] * x[i - 1]) : 0)
                    + (i < 9 ? -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]) : 0);
                scale = Math.Max(scale, Math.Abs(exact[i]));
            }
            // Central differences have error ~ eps^(2/3) relative to the scale of f and of its gradient, not of
            // each component (a component can be a small difference of large terms), hence the norm-wise bound.
            for (int i = 0; i < 10; i++)
                Assert.True(Math.Abs(g[i] - exact[i]) <= 1e-7 * scale, $"g[{i}] = {g[i]}, exact {exact[i]}, scale {scale}");
        }
    }

    [Fact]
    public void CentralGradient_RejectsWrongLengths()
    {
        var f = default(Sphere<D10>);
        Assert.Throws<ArgumentException>(() => FiniteDifference.CentralGradient(ref f, new double[9], new double[10]));
        Assert.Throws<ArgumentException>(() => FiniteDifference.CentralGradient(ref f, new double[10], new double[11]));
    }
}
