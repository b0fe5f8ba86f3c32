using System;

namespace GenOpt.Tests;

// Objectives whose gradients the generator writes at compile time (this project builds in Release, so the generated
// first-call gradient check is off; the tests below compare with finite differences themselves).

public static partial class AnalyticRastrigin
{
    [Objective(Dimension = 8)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 10.0 * x.Length;
        for (int i = 0; i < x.Length; i++)
            sum += x[i] * x[i] - 10 * Math.Cos(2 * Math.PI * x[i]);
        return sum;
    }
}

public static partial class AnalyticAckley
{
    [Objective(Dimension = 5)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double squares = 0, cosines = 0;
        foreach (double v in x)
        {
            squares += v * v;
            cosines += Math.Cos(2 * Math.PI * v);
        }
        return -20 * Math.Exp(-0.2 * Math.Sqrt(squares / x.Length)) - Math.Exp(cosines / x.Length) + 20 + Math.E;
    }
}

/// <summary>A loop-carried product: each iteration overwrites the value the next one multiplies.</summary>
public static partial class RunningProduct
{
    [Objective(Dimension = 6)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double p = 1, s = 0;
        for (int i = 0; i < 6; i++)
        {
            p = p * (1 + x[i] * x[i]);
            s += Math.Log(p);
        }
        return s + p;
    }
}

/// <summary>Piecewise: an L1 term, a hinge and a clipped square.</summary>
public static partial class Piecewise
{
    [Objective(Dimension = 4)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < 4; i++)
        {
            s += Math.Abs(x[i] - 0.5);
            s += Math.Max(0, x[i] * x[(i + 1) % 4] - 0.25);
        }
        double clipped = x[0] > 1 ? 1 + 2 * (x[0] - 1) : x[0] * x[0];
        return s + clipped;
    }
}

/// <summary>A two-layer tanh network's squared loss over data held in static arrays.</summary>
public static partial class TinyNetwork
{
    private static readonly double[] Inputs = [0.1, 0.9, -0.4, 0.3, 0.8, -0.7, -0.2, -0.5, 0.6, 0.6];
    private static readonly double[] Targets = [0.5, -0.1, 0.7, 0.2, -0.4];

    [Differentiable]
    public static double Square(double a) => a * a;

    [Objective(Dimension = 13)]
    public static partial double Loss(ReadOnlySpan<double> w)
    {
        double loss = 0;
        for (int k = 0; k < 5; k++)
        {
            double output = w[12];
            for (int h = 0; h < 3; h++)
                output += w[9 + h] * Math.Tanh(w[2 * h] * Inputs[2 * k] + w[2 * h + 1] * Inputs[2 * k + 1] + w[6 + h]);
            loss += Square(output - Targets[k]);
        }
        return loss / 5;
    }
}

public class AnalyticGradientTests
{
    [Fact]
    public void Rosenbrock_GradientIsExact()
    {
        var f = new GeneratedRosenbrock.Objective();
        double[] x = [-1.2, 1, 0.5, -0.3, 0.9, 1.1, 0, 2, -2, 0.7];
        var g = new double[10];
        double value = f.ValueAndGradient(x, g);
        Assert.Equal(GeneratedRosenbrock.Value(x), value);
        for (int i = 0; i < 10; i++)
        {
            double exact = (i > 0 ? 200 * (x[i] - x[i - 1] * x[i - 1]) : 0)
                + (i < 9 ? -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]) : 0);
            // Far tighter than central differences can reach (about 1e-10 relative here).
            Assert.True(Math.Abs(g[i] - exact) <= 1e-13 * Math.Max(1, Math.Abs(exact)), $"g[{i}] = {g[i]} vs {exact}");
        }
    }

    [Fact]
    public void TestFunctionGradientsMatchFiniteDifferences()
    {
        var random = new RandomSource(42);
        for (int trial = 0; trial < 10; trial++)
        {
            CheckAgainstFiniteDifferences(new AnalyticRastrigin.Objective(), ref random, -5.12, 5.12);
            CheckAgainstFiniteDifferences(new AnalyticAckley.Objective(), ref random, -5, 5);
            CheckAgainstFiniteDifferences(new RunningProduct.Objective(), ref random, -1.5, 1.5);
            CheckAgainstFiniteDifferences(new Piecewise.Objective(), ref random, -2, 2);
            CheckAgainstFiniteDifferences(new TinyNetwork.Objective(), ref random, -1, 1);
            CheckAgainstFiniteDifferences(new GeneratedRosenbrock.Objective(), ref random, -2, 2);
        }
    }

    [Fact]
    public void InstanceObjectiveWithDataArray_DifferentiatesTheParametersOnly()
    {
        var fit = new ExponentialFit(a: 2, b: -1.5, c: 0.5, samples: 40);
        var random = new RandomSource(7);
        for (int trial = 0; trial < 10; trial++)
            CheckAgainstFiniteDifferences(fit.AsObjective(), ref random, -2, 2);
        var bowl = new ShiftedBowl { Cx = 3, Cy = -2 }.AsObjective();
        var g = new double[2];
        bowl.ValueAndGradient([1, 1], g);
        Assert.Equal([2 * (1 - 3), 8 * (1 + 2)], g);
    }

    [Fact]
    public void PiecewiseGradientTakesTheActivePiece()
    {
        var f = new Piecewise.Objective();
        var g = new double[4];
        // x0 = 2 > 1: the linear piece (slope 2) of the clipped square; |x0 - 0.5| slope 1; hinge x0*x1 - 0.25 > 0.
        f.ValueAndGradient([2, 0.5, 0, 0], g);
        Assert.Equal(1 + 0.5 + 2, g[0], 12);
        // x1 = 0.5 sits on the kink of |x1 - 0.5|: derivative 0 there; the hinge x0*x1 active gives x0 = 2, x1*x2 = 0 inactive.
        Assert.Equal(0 + 2, g[1], 12);
    }

    [Fact]
    public void ConstraintJacobiansOfTheHockSchittkowskiProblemsMatchFiniteDifferences()
    {
        var random = new RandomSource(5);
        for (int trial = 0; trial < 5; trial++)
        {
            CheckJacobians(new Generated.Hs6.Problem(), ref random);
            CheckJacobians(new Generated.Hs7.Problem(), ref random);
            CheckJacobians(new Generated.Hs14.Problem(), ref random);
            CheckJacobians(new Generated.Hs21.Problem(), ref random);
            CheckJacobians(new Generated.Hs28.Problem(), ref random);
            CheckJacobians(new Generated.Hs35.Problem(), ref random);
            CheckJacobians(new Generated.Hs48.Problem(), ref random);
            CheckJacobians(new Generated.Hs71.Problem(), ref random);
            CheckJacobians(new Generated.ScipyTutorialRosenbrock.Problem(), ref random);
            CheckJacobians(new Generated.InconsistentLinearization.Problem(), ref random);
        }
    }

    [Fact]
    public void AnalyticGradientsAndJacobiansAllocateNothing()
    {
        var f = new TinyNetwork.Objective();
        var rosenbrock = new GeneratedRosenbrock.Objective();
        var problem = new Generated.ScipyTutorialRosenbrock.Problem();
        var fit = new ExponentialFit(2, -1.5, 0.5, 40).AsObjective();
        var w = new double[13];
        var g = new double[13];
        var x10 = new double[10];
        var g10 = new double[10];
        double[] x2 = [0.3, 0.4], eq = new double[2], ineq = new double[6];
        double[] p = [1, 0, 0];
        var gp = new double[3];
        void Run()
        {
            f.ValueAndGradient(w, g);
            rosenbrock.ValueAndGradient(x10, g10);
            problem.ValueAndGradient(x2, eq);
            problem.ConstraintJacobians(x2, eq, ineq);
            fit.ValueAndGradient(p, gp);
        }
        Run();
        Allocations.AssertNone("the generated gradients and Jacobians", Run);
    }

    [Fact]
    public void GradientCheck_AcceptsGeneratedGradients_AndRejectsAWrongOne()
    {
        var f = new TinyNetwork.Objective();
        var w = new double[13];
        var random = new RandomSource(3);
        for (int i = 0; i < w.Length; i++)
            w[i] = random.NextDouble() - 0.5;
        var g = new double[13];
        double value = f.ValueAndGradient(w, g);
        GradientCheck.Verify(ref f, w, g, value, "TinyNetwork");

        g[4] *= 1.01;
        var exception = Assert.Throws<GradientCheckException>(() => GradientCheck.Verify(ref f, w, g, value, "TinyNetwork"));
        Assert.Contains("'TinyNetwork'", exception.Message);
        Assert.Contains("component 4", exception.Message);
    }

    [Fact]
    public void GradientCheck_AcceptsASubgradientAtAKink()
    {
        var f = new Piecewise.Objective();
        double[] x = [0.5, 0.5, 0.5, 0.5]; // every |x_i - 0.5| at its kink, every hinge x_i x_j - 0.25 at its kink
        var g = new double[4];
        double value = f.ValueAndGradient(x, g);
        GradientCheck.Verify(ref f, x, g, value, "Piecewise");
        g[1] = 5; // not between the one-sided slopes
        Assert.Throws<GradientCheckException>(() => GradientCheck.Verify(ref f, x, g, value, "Piecewise"));
    }

    [Fact]
    public void GradientCheck_VerifiesJacobians()
    {
        var problem = new Generated.Hs71.Problem();
        double[] x = [1, 5, 5, 1];
        var eq = new double[4];
        var ineq = new double[4];
        problem.ConstraintJacobians(x, eq, ineq);
        GradientCheck.VerifyJacobians(ref problem, x, eq, ineq, "Hs71");
        ineq[2] += 0.5;
        var exception = Assert.Throws<GradientCheckException>(() => GradientCheck.VerifyJacobians(ref problem, x, eq, ineq, "Hs71"));
        Assert.Contains("inequality Jacobian", exception.Message);
        Assert.Contains("entry (0, 2)", exception.Message);
    }

    [Fact]
    public void WrongSpanLengthsAreRejected()
    {
        var f = new GeneratedRosenbrock.Objective();
        Assert.Throws<ArgumentException>(() => f.ValueAndGradient(new double[9], new double[10]));
        Assert.Throws<ArgumentException>(() => f.ValueAndGradient(new double[10], new double[9]));
        var problem = new Generated.Hs71.Problem();
        Assert.Throws<ArgumentException>(() => problem.ConstraintJacobians(new double[4], new double[3], new double[4]));
    }

    private static void CheckAgainstFiniteDifferences<T>(T objective, ref RandomSource random, double low, double high)
        where T : struct, IDifferentiableObjective
    {
        int n = T.Dimension;
        var x = new double[n];
        for (int i = 0; i < n; i++)
            x[i] = low + (high - low) * random.NextDouble();
        var analytic = new double[n];
        var reference = new double[n];
        double value = objective.ValueAndGradient(x, analytic);
        Assert.Equal(objective.Value(x), value);
        FiniteDifference.CentralGradient(ref objective, x, reference);
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(analytic[i] - reference[i]) <= 1e-6 * Math.Max(1, Math.Abs(reference[i])),
                $"{typeof(T).DeclaringType!.Name}: g[{i}] = {analytic[i]} vs {reference[i]} (finite differences)");
        }
    }

    private static void CheckJacobians<T>(T problem, ref RandomSource random)
        where T : struct, IConstrainedProblem
    {
        int n = T.Dimension, me = T.EqualityCount, mi = T.InequalityCount;
        var x = new double[n];
        for (int i = 0; i < n; i++)
            x[i] = 0.5 + 2 * random.NextDouble();
        double[] eq = new double[me * n], ineq = new double[mi * n], eqRef = new double[me * n], ineqRef = new double[mi * n];
        problem.ConstraintJacobians(x, eq, ineq);
        FiniteDifference.CentralConstraintJacobians(ref problem, x, eqRef, ineqRef);
        for (int k = 0; k < eq.Length; k++)
            Assert.True(Math.Abs(eq[k] - eqRef[k]) <= 1e-6 * Math.Max(1, Math.Abs(eqRef[k])), $"{typeof(T).DeclaringType!.Name}: equality J[{k}] = {eq[k]} vs {eqRef[k]}");
        for (int k = 0; k < ineq.Length; k++)
            Assert.True(Math.Abs(ineq[k] - ineqRef[k]) <= 1e-6 * Math.Max(1, Math.Abs(ineqRef[k])), $"{typeof(T).DeclaringType!.Name}: inequality J[{k}] = {ineq[k]} vs {ineqRef[k]}");
    }
}
