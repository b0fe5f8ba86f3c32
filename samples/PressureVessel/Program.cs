using System;
using GenOpt;

// PressureVessel: the classic engineering design problem of a cylindrical vessel capped by hemispherical heads
// (Sandgren 1990; Kannan & Kramer 1994), solved with SLSQP in its continuous form.
// Variables: shell thickness Ts, head thickness Th, inner radius R, length L of the cylindrical section (inches).
// The objective and the constraints are partial methods; GenOpt generates PressureVessel.Problem with the
// gradient and the constraint Jacobians, and names each Lagrange multiplier after its constraint method.

double[] x0 = [1.0, 1.0, 50.0, 100.0];
var bounds = new Bounds([0.0625, 0.0625, 10, 10], [99, 99, 200, 200]);
var slsqp = new Slsqp<PressureVessel.Problem>(new SlsqpOptions { Tolerance = 1e-9, MaxIterations = 200 });
SlsqpResult<PressureVessel.Problem> result = slsqp.Minimize(x0, bounds);

double[] x = result.Point.ToArray();
Console.WriteLine("Pressure vessel design with SLSQP");
Console.WriteLine($"{result.Status}: {result.Message}");
Console.WriteLine($"{result.Iterations} iterations, {result.Evaluations} objective, {result.GradientEvaluations} gradient and {result.ConstraintEvaluations} constraint evaluations");
Console.WriteLine();
Console.WriteLine($"  shell thickness Ts = {x[0],10:F6} in");
Console.WriteLine($"  head thickness  Th = {x[1],10:F6} in");
Console.WriteLine($"  inner radius    R  = {x[2],10:F6} in");
Console.WriteLine($"  length          L  = {x[3],10:F6} in");
double cost = 1000 * result.Value;
Console.WriteLine($"  cost               = {cost,12:F4}   (published continuous optimum {PressureVessel.PublishedCost:F4})");
Console.WriteLine();

// Constraint activity: g(x) >= 0 is feasible; an active constraint (g = 0) has a positive multiplier.
var problem = new PressureVessel.Problem();
Span<double> g = stackalloc double[PressureVessel.Problem.InequalityCount];
problem.Constraints(x, [], g);
PressureVessel.Problem.Multipliers m = result.Multipliers;
string[] names = ["ShellThickness", "HeadThickness", "Volume", "Length"];
double[] lambdas = [m.ShellThickness, m.HeadThickness, m.Volume, m.Length];
Console.WriteLine("  constraint        g(x)          multiplier   status");
for (int i = 0; i < names.Length; i++)
{
    string status = Math.Abs(g[i]) < 1e-6 ? "active" : "inactive";
    Console.WriteLine($"  {names[i],-15} {g[i],12:E3}  {lambdas[i],12:E4}   {status}");
}
Console.WriteLine($"  largest violation {result.MaxConstraintViolation:E2}");

// Exit code for scripts and CI: 0 only if SLSQP converged to the published optimum.
bool found = result.Converged && Math.Abs(cost - PressureVessel.PublishedCost) <= 1e-4 * PressureVessel.PublishedCost;
return found ? 0 : 1;

/// <summary>
/// Minimum-cost pressure vessel (material, forming and welding). Constraints in scipy's convention g(x) &gt;= 0, from
/// the ASME code: minimum shell and head thicknesses for the radius, a volume of at least 750 ft^3 (1,296,000 in^3,
/// divided by that volume here so that all constraints have comparable scale), and L &lt;= 240.
/// </summary>
public static partial class PressureVessel
{
    /// <summary>Best cost reported for the continuous problem (e.g. Coello Coello 2000; He &amp; Wang 2007): 5885.3328.</summary>
    public const double PublishedCost = 5885.3328;

    /// <summary>
    /// Cost in thousands (about 6 at the optimum). SLSQP's tolerance is absolute and its merit function adds the
    /// objective to the constraint violations: with the cost in units (about 6000) against constraints of order 1,
    /// SLSQP (GenOpt's and scipy's alike) stops with a failed line search near the optimum; in thousands it converges.
    /// </summary>
    [Objective(Dimension = 4)]
    public static partial double Cost(ReadOnlySpan<double> x)
    {
        double ts = x[0], th = x[1], r = x[2], l = x[3];
        return (0.6224 * ts * r * l + 1.7781 * th * r * r + 3.1661 * ts * ts * l + 19.84 * ts * ts * r) / 1000;
    }

    [InequalityConstraint]
    public static partial double ShellThickness(ReadOnlySpan<double> x) => x[0] - 0.0193 * x[2];

    [InequalityConstraint]
    public static partial double HeadThickness(ReadOnlySpan<double> x) => x[1] - 0.00954 * x[2];

    [InequalityConstraint]
    public static partial double Volume(ReadOnlySpan<double> x)
    {
        double r = x[2], l = x[3];
        return (Math.PI * r * r * l + 4.0 / 3.0 * Math.PI * r * r * r) / 1_296_000.0 - 1;
    }

    [InequalityConstraint]
    public static partial double Length(ReadOnlySpan<double> x) => 240 - x[3];
}
