using System;
using GenOpt;

// A consumer of the GenOpt package, built outside the repository by tests/package-check.sh: the objective and the
// constraints below go through the packaged generator, and both optimizers must reach the known optima.

// SLSQP on the constrained problem: optimum (1.4, 1.7), f = 0.8 (the constrained example of scipy.optimize.minimize's
// documentation).
var slsqp = new Slsqp<Tutorial.Problem>(new SlsqpOptions { Tolerance = 1e-10 });
SlsqpResult<Tutorial.Problem> constrained = slsqp.Minimize([2.0, 0.0], new Bounds([0.0, 0.0], [10.0, 10.0]));
double[] xc = constrained.Point.ToArray();
Console.WriteLine($"SLSQP:  {constrained.Status}, f = {constrained.Value:F9} at ({xc[0]:F6}, {xc[1]:F6})");

// CMA-ES on the objective alone: optimum (1, 2.5), f = 0.
var cma = new CmaEs<Tutorial.Objective>(new CmaEsOptions { Sigma0 = 0.5, Seed = 7, TargetValue = 1e-12 });
OptimizationResult free = cma.Minimize([0.0, 0.0]);
double[] xf = free.Point.ToArray();
Console.WriteLine($"CMA-ES: {free.Status}, f = {free.Value:E2} at ({xf[0]:F6}, {xf[1]:F6}) after {free.Evaluations} evaluations");

bool ok = constrained.Converged
    && Math.Abs(constrained.Value - 0.8) < 1e-7 && Math.Abs(xc[0] - 1.4) < 1e-5 && Math.Abs(xc[1] - 1.7) < 1e-5
    && free.Status == TerminationReason.TargetReached
    && Math.Abs(xf[0] - 1) < 1e-4 && Math.Abs(xf[1] - 2.5) < 1e-4;
Console.WriteLine(ok ? "package check: optima reached" : "package check: WRONG RESULT");
return ok ? 0 : 1;

/// <summary>f(x) = (x0 - 1)^2 + (x1 - 2.5)^2 under three linear inequalities g(x) &gt;= 0.</summary>
public static partial class Tutorial
{
    [Objective(Dimension = 2)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double a = x[0] - 1, b = x[1] - 2.5;
        return a * a + b * b;
    }

    [InequalityConstraint]
    public static partial double First(ReadOnlySpan<double> x) => x[0] - 2 * x[1] + 2;

    [InequalityConstraint]
    public static partial double Second(ReadOnlySpan<double> x) => -x[0] - 2 * x[1] + 6;

    [InequalityConstraint]
    public static partial double Third(ReadOnlySpan<double> x) => -x[0] + 2 * x[1] + 2;
}
