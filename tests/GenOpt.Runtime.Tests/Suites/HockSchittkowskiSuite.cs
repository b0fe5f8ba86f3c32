using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>What a problem of the suite is expected to give with GenOpt's SLSQP from its published start.</summary>
public enum HsExpectation
{
    /// <summary>f within 1e-6 (relative, absolute near 0) of the published optimum, feasible to 1e-8.</summary>
    Solved,
    /// <summary>Not solved today (the reason is recorded with the case and in docs/hock-schittkowski.md).</summary>
    NotSolved,
}

/// <summary>One problem of tests/testproblems/hock_schittkowski.json: start, bounds, optimum and sources.</summary>
public sealed record HsData(string Id, int N, double[] X0, double[] Lower, double[] Upper, double FStar, double[] XStar, string Source)
{
    /// <summary>The bounds, or null when the problem has none.</summary>
    public Bounds? Bounds => Lower.All(double.IsNegativeInfinity) && Upper.All(double.IsPositiveInfinity) ? null : new Bounds(Lower, Upper);
}

/// <summary>GenOpt's SLSQP on one problem: the row of the side-by-side table, with the point's quality recomputed here.</summary>
public sealed record HsRow(string Id, int N, int EqualityCount, int InequalityCount, TerminationReason Status, bool Converged,
    double Value, double Violation, bool Solved, long Iterations, long Evaluations, long GradientEvaluations, double[] Point);

/// <summary>
/// The Hock–Schittkowski suite (tests/testproblems/hock_schittkowski.json; problem types in
/// HockSchittkowskiSuiteProblems.cs and HockSchittkowskiProblems.cs, all through the generator) run with GenOpt's SLSQP at
/// Tolerance = 1e-9, the tolerance docs/reference/hs_suite.py gives scipy as ftol, and the default 100 iterations.
/// </summary>
public static class HockSchittkowskiSuite
{
    /// <summary>SlsqpOptions.Tolerance of every run (scipy's ftol in the reference script).</summary>
    public const double Tolerance = 1e-9;

    /// <summary>A run counts as solved within this distance of f* (relative; absolute when |f*| &lt; 1).</summary>
    public const double ValueTolerance = 1e-6;

    /// <summary>A run counts as solved only if no constraint or bound is violated by more than this.</summary>
    public const double FeasibilityTolerance = 1e-8;

    /// <summary>One case: the problem's id, how to run it, what to expect and why.</summary>
    /// <param name="Id">The problem's id in the data file.</param>
    /// <param name="Run">Runs GenOpt's SLSQP on it.</param>
    /// <param name="AtOptimum">f and the largest violation at the published solution x*, from the generated code.</param>
    /// <param name="Expected">Solved or not, today.</param>
    /// <param name="Reason">Why a problem is not solved.</param>
    /// <param name="OtherLocalMinimum">
    /// The value of another strict local minimum (a KKT point with positive multipliers) where SLSQP may legitimately converge.
    /// </param>
    /// <param name="FalseConvergence">
    /// Set where SLSQP reports convergence at a point that is not a local minimum (a defect of the method's convergence test,
    /// shared with scipy): the description of what happens. No other problem may end converged at a wrong value.
    /// </param>
    public sealed record Case(string Id, Func<HsData, HsRow> Run, Func<HsData, (double Value, double Violation)> AtOptimum,
        HsExpectation Expected, string? Reason, double? OtherLocalMinimum, string? FalseConvergence);

    private static Case Make<TProblem>(string id, HsExpectation expected = HsExpectation.Solved, string? reason = null,
        double? otherLocalMinimum = null, string? falseConvergence = null)
        where TProblem : struct, IConstrainedProblem =>
        new(id, Run<TProblem>, AtOptimum<TProblem>, expected, reason, otherLocalMinimum, falseConvergence);

    /// <summary>Every case, in the order of the data file.</summary>
    public static readonly Case[] Cases =
    [
        Make<UnconstrainedProblem<HsSuite.Hs1.Objective>>("HS1"),
        Make<UnconstrainedProblem<HsSuite.Hs2.Objective>>("HS2", HsExpectation.NotSolved,
            "converges to the other local minimum on the bound x2 = 1.5, x = (-1.2210262, 1.5), f = 4.9412293 (scipy too)",
            otherLocalMinimum: 4.941229317989185),
        Make<UnconstrainedProblem<HsSuite.Hs3.Objective>>("HS3"),
        Make<UnconstrainedProblem<HsSuite.Hs4.Objective>>("HS4"),
        Make<UnconstrainedProblem<HsSuite.Hs5.Objective>>("HS5"),
        Make<Generated.Hs6.Problem>("HS6"),
        Make<Generated.Hs7.Problem>("HS7"),
        Make<HsSuite.Hs8.Problem>("HS8"),
        Make<HsSuite.Hs9.Problem>("HS9"),
        Make<HsSuite.Hs10.Problem>("HS10"),
        Make<HsSuite.Hs11.Problem>("HS11"),
        Make<HsSuite.Hs12.Problem>("HS12"),
        Make<HsSuite.Hs13.Problem>("HS13", HsExpectation.NotSolved,
            "x* = (1, 0) is a cusp where the constraint qualification fails: converged at x = (0.99995474, 0), f = 1.0000905",
            falseConvergence: "FunctionTolerance 9.1e-5 above f* at x = (0.99995474, 0), on the constraint's cusp (scipy: 1.00067 at its own stop)"),
        Make<Generated.Hs14.Problem>("HS14"),
        Make<HsSuite.Hs15.Problem>("HS15"),
        Make<HsSuite.Hs16.Problem>("HS16", HsExpectation.NotSolved,
            "goes to the other local minimum at the corner x = (-0.5, sqrt(0.5)), f = 58.5 - 25 sqrt(2) = 23.1446609 (scipy too)",
            otherLocalMinimum: 23.144660940672622),
        Make<HsSuite.Hs17.Problem>("HS17"),
        Make<HsSuite.Hs18.Problem>("HS18"),
        Make<HsSuite.Hs19.Problem>("HS19"),
        Make<HsSuite.Hs20.Problem>("HS20", HsExpectation.NotSolved,
            "converges to the other local minimum at the corner x = (-0.5, sqrt(3)/2), f = 83.5 - 25 sqrt(3) = 40.1987298 (scipy too)",
            otherLocalMinimum: 40.19872981077807),
        Make<Generated.Hs21.Problem>("HS21"),
        Make<HsSuite.Hs22.Problem>("HS22"),
        Make<HsSuite.Hs23.Problem>("HS23"),
        Make<HsSuite.Hs24.Problem>("HS24"),
        Make<UnconstrainedProblem<HsSuite.Hs25.Objective>>("HS25", HsExpectation.NotSolved,
            "the gradient at x0 is about 1e-9 (every exp(-(u_i - x2)^x3 / x1) is below 3e-10), so the first step passes the convergence test",
            falseConvergence: "FunctionTolerance after one iteration at x0, f = 32.835 (scipy the same)"),
        Make<HsSuite.Hs26.Problem>("HS26"),
        Make<HsSuite.Hs27.Problem>("HS27"),
        Make<Generated.Hs28.Problem>("HS28"),
        Make<HsSuite.Hs29.Problem>("HS29"),
        Make<HsSuite.Hs30.Problem>("HS30"),
        Make<HsSuite.Hs31.Problem>("HS31"),
        Make<HsSuite.Hs32.Problem>("HS32"),
        Make<HsSuite.Hs33.Problem>("HS33", HsExpectation.NotSolved,
            "x0 has x2 = 0 and every derivative with respect to x2 vanishes there, so x2 stays 0 and the run ends at the KKT point (0, 0, 2), f = -4, not a minimum",
            falseConvergence: "FunctionTolerance at the first-order KKT point (0, 0, 2), f = -4, which is not a local minimum (f decreases along x2 on the active sphere; scipy the same)"),
        Make<HsSuite.Hs34.Problem>("HS34"),
        Make<Generated.Hs35.Problem>("HS35"),
        Make<HsSuite.Hs36.Problem>("HS36"),
        Make<HsSuite.Hs37.Problem>("HS37"),
        Make<UnconstrainedProblem<HsSuite.Hs38.Objective>>("HS38"),
        Make<HsSuite.Hs39.Problem>("HS39"),
        Make<HsSuite.Hs40.Problem>("HS40"),
        Make<HsSuite.Hs41.Problem>("HS41"),
        Make<HsSuite.Hs42.Problem>("HS42"),
        Make<HsSuite.Hs43.Problem>("HS43"),
        Make<HsSuite.Hs44.Problem>("HS44"),
        Make<UnconstrainedProblem<HsSuite.Hs45.Objective>>("HS45"),
        Make<HsSuite.Hs46.Problem>("HS46"),
        Make<HsSuite.Hs47.Problem>("HS47"),
        Make<Generated.Hs48.Problem>("HS48"),
        Make<HsSuite.Hs49.Problem>("HS49"),
        Make<HsSuite.Hs50.Problem>("HS50"),
        Make<HsSuite.Hs51.Problem>("HS51"),
        Make<HsSuite.Hs52.Problem>("HS52"),
        Make<HsSuite.Hs53.Problem>("HS53"),
        Make<Generated.Hs71.Problem>("HS71"),
        Make<HsSuite.Hs76.Problem>("HS76"),
        Make<HsSuite.Hs77.Problem>("HS77"),
        Make<HsSuite.Hs78.Problem>("HS78"),
        Make<HsSuite.Hs79.Problem>("HS79"),
        Make<HsSuite.Hs80.Problem>("HS80"),
        Make<UnconstrainedProblem<HsSuite.ScipyChapra.Objective>>("SCIPY_UNBOUNDED"),
        Make<UnconstrainedProblem<HsSuite.ScipyChapra.Objective>>("SCIPY_BOUNDED"),
        Make<HsSuite.ScipyChapraEquality.Problem>("SCIPY_EQUALITY"),
        Make<HsSuite.ScipyChapraInequality.Problem>("SCIPY_INEQUALITY"),
        Make<HsSuite.ScipyChapraVectorInequality.Problem>("SCIPY_VECTOR_INEQUALITY"),
        Make<HsSuite.ScipyChapraEquality.Problem>("SCIPY_BOUND_EQUALITY"),
        Make<HsSuite.ScipyBoundedConstraint.Problem>("SCIPY_BOUNDED_CONSTRAINT"),
        Make<Generated.InconsistentLinearization.Problem>("SCIPY_INCONSISTENT_LINEARIZATION"),
        Make<HsSuite.ScipyGh1758.Problem>("SCIPY_GH1758"),
        Make<Generated.ScipyTutorialRosenbrock.Problem>("SCIPY_TUTORIAL_ROSENBROCK"),
    ];

    /// <summary>The data file, read once: tests/testproblems/hock_schittkowski.json (copied next to the test assembly).</summary>
    public static readonly IReadOnlyDictionary<string, HsData> Data = Load();

    private static Dictionary<string, HsData> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "testproblems", "hock_schittkowski.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var data = new Dictionary<string, HsData>();
        foreach (JsonElement p in doc.RootElement.GetProperty("problems").EnumerateArray())
        {
            string id = p.GetProperty("id").GetString()!;
            data.Add(id, new HsData(id, p.GetProperty("n").GetInt32(), Numbers(p, "x0", 0), Numbers(p, "lower_bounds", double.NegativeInfinity),
                Numbers(p, "upper_bounds", double.PositiveInfinity), p.GetProperty("f_star").GetDouble(), Numbers(p, "x_star", 0),
                p.GetProperty("source").GetString()!));
        }
        return data;
    }

    private static double[] Numbers(JsonElement p, string name, double whenNull) =>
        p.GetProperty(name).EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? whenNull : v.GetDouble()).ToArray();

    /// <summary>True when <paramref name="value"/> is within <see cref="ValueTolerance"/> of <paramref name="target"/>.</summary>
    public static bool Near(double value, double target) => Math.Abs(value - target) <= ValueTolerance * Math.Max(1, Math.Abs(target));

    /// <summary>Largest violation of the problem's constraints and of the bounds at <paramref name="x"/>, from the generated code.</summary>
    public static double Violation<TProblem>(ReadOnlySpan<double> x, HsData data) where TProblem : struct, IConstrainedProblem
    {
        var problem = new TProblem();
        Span<double> h = stackalloc double[TProblem.EqualityCount], g = stackalloc double[TProblem.InequalityCount];
        problem.Constraints(x, h, g);
        double violation = 0;
        foreach (double v in h) violation = Math.Max(violation, double.IsNaN(v) ? double.PositiveInfinity : Math.Abs(v));
        foreach (double v in g) violation = Math.Max(violation, double.IsNaN(v) ? double.PositiveInfinity : -v);
        for (int i = 0; i < x.Length; i++)
            violation = Math.Max(violation, Math.Max(data.Lower[i] - x[i], x[i] - data.Upper[i]));
        return violation;
    }

    private static HsRow Run<TProblem>(HsData data) where TProblem : struct, IConstrainedProblem
    {
        if (TProblem.Dimension != data.N)
            throw new InvalidOperationException($"{data.Id}: the problem type has dimension {TProblem.Dimension}, the data file says {data.N}.");
        var slsqp = new Slsqp<TProblem>(new SlsqpOptions { Tolerance = Tolerance });
        // A few published starts lie outside their problem's bounds (HS21's x1 = -1 below its bound 2, for one). scipy
        // clips x0 into the box before its first iteration; GenOpt refuses such a start, so the suite clips it here, as
        // scipy does, and both run from the same point.
        double[] x0 = data.Bounds is { } box ? box.Clip(data.X0) : data.X0;
        SlsqpResult<TProblem> r = slsqp.Minimize(x0, data.Bounds);
        double[] point = r.Point.ToArray();
        double value = new TProblem().Value(point);
        double violation = Violation<TProblem>(point, data);
        bool solved = Near(value, data.FStar) && violation <= FeasibilityTolerance;
        return new HsRow(data.Id, TProblem.Dimension, TProblem.EqualityCount, TProblem.InequalityCount, r.Status, r.Converged, value, violation,
            solved, r.Iterations, r.Evaluations, r.GradientEvaluations, point);
    }

    private static (double, double) AtOptimum<TProblem>(HsData data) where TProblem : struct, IConstrainedProblem =>
        (new TProblem().Value(data.XStar), Violation<TProblem>(data.XStar, data));

    /// <summary>Runs every case once (a few milliseconds in all) and keeps the rows.</summary>
    public static readonly Lazy<HsRow[]> Rows = new(() => Cases.Select(c => c.Run(Data[c.Id])).ToArray());

    /// <summary>The Markdown table of docs/hock-schittkowski.md's GenOpt columns.</summary>
    public static string Table(IEnumerable<HsRow> rows)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"GenOpt SLSQP, Tolerance = {Tolerance:g}, MaxIterations = 100, generated gradients");
        s.AppendLine();
        s.AppendLine("| problem | n | m_eq | m_ineq | GenOpt status | solved | iterations | evaluations | gradients | f | violation |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        int solved = 0, total = 0;
        foreach (HsRow r in rows)
        {
            total++;
            if (r.Solved) solved++;
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Id} | {r.N} | {r.EqualityCount} | {r.InequalityCount} | {r.Status} | {(r.Solved ? "yes" : "no")} | {r.Iterations} | {r.Evaluations} | {r.GradientEvaluations} | {r.Value:G10} | {r.Violation:E1} |");
        }
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"solved {solved} of {total}");
        return s.ToString();
    }
}

/// <summary>
/// The side-by-side suite: every problem's expected outcome with GenOpt's SLSQP, the safety rule that holds for all of
/// them (never a converged status at an infeasible point or at a value other than the optimum), and the data checked
/// against the generated formulas. Set GENOPT_HS_TABLE to a file name to write the table there.
/// </summary>
public class HockSchittkowskiSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public void KnownFalseConvergences_AreFewAndDocumented()
    {
        // The exceptions to the safety rule below; each is described in docs/hock-schittkowski.md.
        string[] known = HockSchittkowskiSuite.Cases.Where(c => c.FalseConvergence is not null).Select(c => c.Id).ToArray();
        Assert.Equal(["HS13", "HS25", "HS33"], known);
        Assert.All(HockSchittkowskiSuite.Cases.Where(c => c.FalseConvergence is not null), c => Assert.Equal(HsExpectation.NotSolved, c.Expected));
    }

    [Theory]
    [InlineData("HS36")]
    [InlineData("HS37")]
    public void ProblemsWhereScipyStopsWithExitMode8_EndConvergedAndFeasible(string id)
    {
        // scipy 1.10.1 stops next to x* with "Positive directional derivative for linesearch" on both (violation 3.2e-6
        // and 9.2e-8): its subproblem's step misses the active linearized constraint by up to ~1e-6 (see
        // docs/hock-schittkowski.md). GenOpt must report convergence there, honestly: feasible to 1e-9 and at f*.
        int i = Array.FindIndex(HockSchittkowskiSuite.Cases, c => c.Id == id);
        HsRow r = HockSchittkowskiSuite.Rows.Value[i];
        Assert.Equal(TerminationReason.FunctionTolerance, r.Status);
        Assert.True(r.Violation <= HockSchittkowskiSuite.Tolerance, $"{id}: violation {r.Violation:E2}");
        Assert.True(HockSchittkowskiSuite.Near(r.Value, HockSchittkowskiSuite.Data[id].FStar), $"{id}: f = {r.Value:R}");
    }

    [Fact]
    public void DataFile_HasEveryCaseOnce_AndTheSuiteHasAtLeastFortyHockSchittkowskiProblems()
    {
        Assert.Equal(HockSchittkowskiSuite.Data.Count, HockSchittkowskiSuite.Cases.Length);
        Assert.Equal(HockSchittkowskiSuite.Cases.Length, HockSchittkowskiSuite.Cases.Select(c => c.Id).Distinct().Count());
        foreach (var c in HockSchittkowskiSuite.Cases)
            Assert.True(HockSchittkowskiSuite.Data.ContainsKey(c.Id), $"{c.Id} is not in the data file");
        Assert.True(HockSchittkowskiSuite.Cases.Count(c => c.Id.StartsWith("HS", StringComparison.Ordinal)) >= 40);
    }

    [Fact]
    public void GeneratedFormulas_ReproduceThePublishedOptimum_AtThePublishedSolution()
    {
        // x* is published to 7–10 digits, so this is looser than "solved"; it catches a mistyped formula or datum.
        var failures = new List<string>();
        foreach (var c in HockSchittkowskiSuite.Cases)
        {
            HsData d = HockSchittkowskiSuite.Data[c.Id];
            (double f, double violation) = c.AtOptimum(d);
            if (!(Math.Abs(f - d.FStar) <= 1e-5 * Math.Max(1, Math.Abs(d.FStar))) || !(violation <= 1e-4))
                failures.Add($"{c.Id}: f(x*) = {f:R}, f* = {d.FStar:R}, violation {violation:E2}");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void EveryProblem_HasItsExpectedOutcome()
    {
        HsRow[] rows = HockSchittkowskiSuite.Rows.Value;
        string table = HockSchittkowskiSuite.Table(rows);
        output.WriteLine(table);
        if (Environment.GetEnvironmentVariable("GENOPT_HS_TABLE") is { Length: > 0 } file)
            File.WriteAllText(file, table);

        var failures = new List<string>();
        for (int i = 0; i < rows.Length; i++)
        {
            var c = HockSchittkowskiSuite.Cases[i];
            HsRow r = rows[i];
            bool expected = c.Expected == HsExpectation.Solved;
            if (r.Solved != expected)
                failures.Add($"{r.Id}: expected {(expected ? "solved" : "not solved")} ({c.Reason}), got {r.Status} f = {r.Value:R} violation {r.Violation:E2} after {r.Iterations} iterations");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void NoProblem_EndsConverged_AtAnInfeasiblePointOrAWrongValue()
    {
        var failures = new List<string>();
        for (int i = 0; i < HockSchittkowskiSuite.Cases.Length; i++)
        {
            var c = HockSchittkowskiSuite.Cases[i];
            HsRow r = HockSchittkowskiSuite.Rows.Value[i];
            if (!r.Converged)
                continue;
            HsData d = HockSchittkowskiSuite.Data[c.Id];
            if (!(r.Violation <= HockSchittkowskiSuite.FeasibilityTolerance))
                failures.Add($"{r.Id}: {r.Status} at a point violating the constraints by {r.Violation:E2}");
            // A local method may converge to another local minimum; only those documented with their value are accepted.
            bool rightValue = HockSchittkowskiSuite.Near(r.Value, d.FStar)
                || (c.OtherLocalMinimum is { } local && HockSchittkowskiSuite.Near(r.Value, local));
            if (!rightValue && c.FalseConvergence is { } known)
                output.WriteLine($"{r.Id}: known false convergence: {known}");
            else if (!rightValue)
                failures.Add($"{r.Id}: {r.Status} at f = {r.Value:R}, but f* = {d.FStar:R}");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
