using System;
using GenOpt.LinearAlgebra;

namespace GenOpt.Tests;

/// <summary>The constrained least-squares kernel of SLSQP's subproblem (LSEI/LSI/LDP/NNLS) on problems solved by hand.</summary>
public class SlsqpLeastSquaresTests
{
    private static readonly ConstrainedLeastSquares Solver = new(maxVariables: 4, maxEqualities: 2, maxInequalities: 4);

    [Fact]
    public void InequalityOnly_ProjectsOntoTheHalfPlane()
    {
        // min ||x - (3, 1)|| s.t. -x0 - x1 >= -2: x = (2, 0); x - f = G^T lambda gives lambda = 1.
        double[] e = [1, 0, 0, 1], f = [3, 1], g = [-1, -1], h = [-2], x = new double[2], lambda = new double[1];
        var status = Solver.Solve([], [], 0, e, f, g, h, 1, 2, x, lambda);
        Assert.Equal(LeastSquaresStatus.Success, status);
        Assert.Equal(2, x[0], 1e-12);
        Assert.Equal(0, x[1], 1e-12);
        Assert.Equal(1, lambda[0], 1e-12);
    }

    [Fact]
    public void EqualityAndInequality_MatchTheKktSolution()
    {
        // min ||x - (1, 2, 3)|| s.t. x0 + x1 + x2 = 3, -x2 >= -1: x = (0.5, 1.5, 1), mu = -0.5, lambda = 1.5.
        double[] c = [1, 1, 1], d = [3], e = [1, 0, 0, 0, 1, 0, 0, 0, 1], f = [1, 2, 3], g = [0, 0, -1], h = [-1];
        double[] x = new double[3], multipliers = new double[2];
        var status = Solver.Solve(c, d, 1, e, f, g, h, 1, 3, x, multipliers);
        Assert.Equal(LeastSquaresStatus.Success, status);
        Assert.Equal(0.5, x[0], 1e-12);
        Assert.Equal(1.5, x[1], 1e-12);
        Assert.Equal(1, x[2], 1e-12);
        Assert.Equal(-0.5, multipliers[0], 1e-12);
        Assert.Equal(1.5, multipliers[1], 1e-12);
    }

    [Fact]
    public void InactiveInequality_HasZeroMultiplier_AndEqualitiesAloneUseTheRankRevealingSolver()
    {
        double[] c = [1, -1], d = [1], e = [2, 0, 0, 1], f = [0, 0], g = [1, 0], h = [-10];
        double[] x = new double[2], multipliers = new double[2];
        Assert.Equal(LeastSquaresStatus.Success, Solver.Solve(c, d, 1, e, f, g, h, 1, 2, x, multipliers));
        // min 4 x0^2 + x1^2 s.t. x0 - x1 = 1: x = (0.2, -0.8).
        Assert.Equal(0.2, x[0], 1e-12);
        Assert.Equal(-0.8, x[1], 1e-12);
        Assert.Equal(0, multipliers[1]);

        double[] c2 = [1, -1], d2 = [1], e2 = [2, 0, 0, 1], f2 = [0, 0];
        Assert.Equal(LeastSquaresStatus.Success, Solver.Solve(c2, d2, 1, e2, f2, [], [], 0, 2, x, multipliers));
        Assert.Equal(0.2, x[0], 1e-12);
        Assert.Equal(-0.8, x[1], 1e-12);
        // E^T (E x - f) = C^T mu: (4 * 0.2, 1 * -0.8) = mu (1, -1), mu = 0.8.
        Assert.Equal(0.8, multipliers[0], 1e-12);
    }

    [Fact]
    public void IncompatibleInequalities_AreDetected()
    {
        double[] e = [1, 0, 0, 1], f = [0, 0], g = [1, 0, -1, 0], h = [1, 0];
        var status = Solver.Solve([], [], 0, e, f, g, h, 2, 2, new double[2], new double[2]);
        Assert.Equal(LeastSquaresStatus.Incompatible, status);
    }

    [Fact]
    public void DependentEqualities_AreSingular_AndSingularObjectives_AreRankDeficient()
    {
        double[] c = [1, 1, 2, 2], d = [1, 2], e = [1, 0, 0, 1], f = [0, 0];
        Assert.Equal(LeastSquaresStatus.SingularEqualities, Solver.Solve(c, d, 2, e, f, [], [], 0, 2, new double[2], new double[2]));

        double[] e2 = [1, 0, 0, 0], f2 = [1, 1];
        Assert.Equal(LeastSquaresStatus.RankDeficient, Solver.Solve([], [], 0, e2, f2, [], [], 0, 2, new double[2], new double[0]));
        Assert.Equal(LeastSquaresStatus.TooManyEqualities, Solver.Solve(new double[6], new double[3], 3, e2, f2, [], [], 0, 2, new double[2], new double[3]));
    }

    [Fact]
    public void FarUnconstrainedMinimum_ActiveConstraintHoldsToRounding()
    {
        // SLSQP's subproblem next to HS36's solution, with B = I: min ||s - f|| (f = -grad f = (165, 300, 220)) s.t.
        // -s0 - 2 s1 - 2 s2 >= h0 (the constraint, violated by 3.27e-9 at x), -s0 >= 0 and -s1 >= 0 (upper bounds
        // reached). Solution s = (0, 0, -h0 / 2), multiplier (220 + h0 / 2) / 2 on the constraint. The dual NNLS
        // gives x = G^T u / (1 - h^T u) with 1 - h^T u ~ 1 / |f|^2, which alone misses the active row by ~2e-8;
        // the rounding of s = E^-1 (z + f) with |f| ~ 400 leaves a few 1e-13.
        const double h0 = 3.27e-9;
        double[] e = [1, 0, 0, 0, 1, 0, 0, 0, 1], f = [165, 300, 220];
        double[] g = [-1, -2, -2, -1, 0, 0, 0, -1, 0], h = [h0, 0, 0], x = new double[3], lambda = new double[3];
        Assert.Equal(LeastSquaresStatus.Success, Solver.Solve([], [], 0, e, f, g, h, 3, 3, x, lambda));
        Assert.True(Math.Abs(-x[0] - 2 * x[1] - 2 * x[2] - h0) <= 1e-11, $"active row missed by {-x[0] - 2 * x[1] - 2 * x[2] - h0:E3}");
        Assert.Equal(-h0 / 2, x[2], 1e-11);
        Assert.True(Math.Abs(x[0]) <= 1e-11 && Math.Abs(x[1]) <= 1e-11, $"x = ({x[0]:E3}, {x[1]:E3})");
        Assert.Equal(110, lambda[0], 1e-6);
    }

    [Theory]
    [InlineData(1UL, 3, 0, 5)]
    [InlineData(2UL, 5, 2, 12)]
    [InlineData(3UL, 8, 3, 20)]
    [InlineData(4UL, 6, 6, 9)]
    public void RandomFeasibleProblems_SatisfyTheKktConditions(ulong seed, int n, int mc, int mg)
    {
        // min ||E x - f|| s.t. C x = d, G x >= h with E upper triangular (as in SLSQP), built around a known
        // feasible point; the solution must be feasible, stationary with the returned multipliers, and
        // complementary (lambda >= 0, lambda_i (G_i x - h_i) = 0).
        var rng = new RandomSource(seed);
        var solver = new ConstrainedLeastSquares(n, mc, mg);
        for (int trial = 0; trial < 50; trial++)
        {
            double[] e = new double[n * n], f = new double[n], c = new double[mc * n], d = new double[mc];
            double[] g = new double[mg * n], h = new double[mg], feasible = new double[n];
            for (int i = 0; i < n; i++)
            {
                feasible[i] = rng.NextGaussian();
                f[i] = 3 * rng.NextGaussian();
                e[i * n + i] = 0.5 + rng.NextDouble();
                for (int j = i + 1; j < n; j++)
                    e[i * n + j] = 0.3 * rng.NextGaussian();
            }
            for (int k = 0; k < mc * n; k++) c[k] = rng.NextGaussian();
            for (int k = 0; k < mg * n; k++) g[k] = rng.NextGaussian();
            for (int i = 0; i < mc; i++) d[i] = Dot(c.AsSpan(i * n, n), feasible);
            for (int i = 0; i < mg; i++) h[i] = Dot(g.AsSpan(i * n, n), feasible) - rng.NextDouble();
            double[] e0 = (double[])e.Clone(), c0 = (double[])c.Clone(), d0 = (double[])d.Clone(), g0 = (double[])g.Clone(), h0 = (double[])h.Clone();

            double[] x = new double[n], lambda = new double[mc + mg];
            Assert.Equal(LeastSquaresStatus.Success, solver.Solve(c, d, mc, e, f, g, h, mg, n, x, lambda));

            for (int i = 0; i < mc; i++)
                Assert.Equal(d0[i], Dot(c0.AsSpan(i * n, n), x), 1e-9);
            for (int i = 0; i < mg; i++)
            {
                double slack = Dot(g0.AsSpan(i * n, n), x) - h0[i];
                Assert.True(slack >= -1e-9, $"trial {trial}: inequality {i} violated by {-slack}");
                Assert.True(lambda[mc + i] >= 0, $"trial {trial}: negative multiplier {lambda[mc + i]}");
                Assert.True(Math.Abs(lambda[mc + i] * slack) <= 1e-8, $"trial {trial}: complementarity {lambda[mc + i] * slack}");
            }
            // Stationarity: E^T (E x - f) = C^T lambda_eq + G^T lambda_ineq.
            double[] r = new double[n];
            for (int i = 0; i < n; i++) r[i] = Dot(e0.AsSpan(i * n, n), x) - f[i];
            for (int j = 0; j < n; j++)
            {
                double lhs = 0, rhs = 0;
                for (int i = 0; i < n; i++) lhs += e0[i * n + j] * r[i];
                for (int i = 0; i < mc; i++) rhs += c0[i * n + j] * lambda[i];
                for (int i = 0; i < mg; i++) rhs += g0[i * n + j] * lambda[mc + i];
                Assert.True(Math.Abs(lhs - rhs) <= 1e-8 * (1 + Math.Abs(lhs)), $"trial {trial}: stationarity {lhs} vs {rhs}");
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
