using System;
using Xunit;

namespace GenOpt.Tests;

/// <summary>The test functions reproduce the published optima (tests/testproblems/unconstrained.json, "check").</summary>
public class TestFunctionTests
{
    private static double[] Fill(int n, double v) { var x = new double[n]; Array.Fill(x, v); return x; }

    [Fact]
    public void Optima_MatchPublishedValues()
    {
        Assert.Equal(0.0, new Rastrigin<D10>().Value(Fill(10, 0)), 12);
        Assert.Equal(0.0, new Ackley<D10>().Value(Fill(10, 0)), 12);
        Assert.Equal(0.0, new Griewank<D10>().Value(Fill(10, 0)), 12);
        Assert.Equal(0.0, new Levy<D10>().Value(Fill(10, 1)), 12);
        Assert.Equal(0.0, new Schwefel<D10>().Value(Fill(10, 420.9687463600)), 9);
        Assert.Equal(-959.6406627208507, new Eggholder().Value([512.0, 404.2318051372554]), 9);
    }

    [Fact]
    public void Optima_AreLocalMinima()
    {
        // A small step in any coordinate increases the value (guards against a sign or index slip).
        Check(new Ackley<D10>(), Fill(10, 0));
        Check(new Griewank<D10>(), Fill(10, 0));
        Check(new Levy<D10>(), Fill(10, 1));
        Check(new Schwefel<D10>(), Fill(10, 420.9687463600));
        Check(new Rastrigin<D10>(), Fill(10, 0));

        static void Check<T>(T f, double[] xs) where T : struct, IObjective
        {
            double f0 = f.Value(xs);
            for (int i = 0; i < xs.Length; i++)
                foreach (double h in new[] { -1e-3, 1e-3 })
                {
                    var y = (double[])xs.Clone();
                    y[i] += h;
                    Assert.True(f.Value(y) > f0, $"coordinate {i}, step {h}");
                }
        }
    }
}
