using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text;
using GenOpt;

// PeerBench: the fixed cases on which GenOpt is compared with scipy, pyswarms and pycma (docs/peerbench.md).
// Default output is a table; with --json, one JSON line per case with the same fields as the Python scripts in
// docs/reference/peer_*.py. The exit code is 0 only if every case reaches its expected quality.

bool json = false;
foreach (string arg in args)
{
    if (arg == "--json")
        json = true;
    else
    {
        Console.Error.WriteLine($"Unknown argument '{arg}'. Usage: PeerBench [--json]");
        return 2;
    }
}

var rows = new List<CaseResult>
{
    Cases.CmaEsCase<Rosenbrock.Objective>("cmaes-rosenbrock-10d", 0.0, 1e-8),
    Cases.CmaEsCase<Sphere.Objective>("cmaes-sphere-10d", 1.0, 1e-10),
    Cases.PsoRastrigin(useBatch: true),
    Cases.PsoRastrigin(useBatch: false),
    Cases.DualAnnealingRastrigin(),
    Cases.SlsqpHs71(),
};

if (json)
{
    foreach (CaseResult row in rows)
        Console.WriteLine(row.ToJson());
}
else
{
    Console.WriteLine($"{"case",-34} {"fbest",13} {"evals",8} {"seconds",11} {"us/eval",9} {"us/solve",9} {"lanes",-10} quality");
    foreach (CaseResult row in rows)
    {
        string perSolve = double.IsNaN(row.MicrosecondsPerSolve) ? "" : row.MicrosecondsPerSolve.ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Case,-34} {row.FBest,13:0.0000E+00} {row.Evaluations,8} {row.Seconds,11:F6} {row.MicrosecondsPerEvaluation,9:F3} {perSolve,9} {row.Lanes ?? "",-10} {(row.Passed ? "ok" : "FAILED: " + row.Expectation)}"));
    }
}

bool allPassed = true;
foreach (CaseResult row in rows)
    allPassed &= row.Passed;
if (!allPassed && json)
    Console.Error.WriteLine("PeerBench: at least one case missed its expected quality.");
return allPassed ? 0 : 1;

/// <summary>
/// One benchmark case: best value, evaluations, time and whether the expected quality was reached; for the PSO cases,
/// <paramref name="Lanes"/> says how the population was evaluated (<c>Vector512</c>, <c>Vector256</c> or <c>scalar</c>).
/// </summary>
internal readonly record struct CaseResult(
    string Case, double FBest, long Evaluations, double Seconds, double MicrosecondsPerSolve, bool Passed, string Expectation,
    string? Lanes = null)
{
    public double MicrosecondsPerEvaluation => Seconds * 1e6 / Evaluations;

    /// <summary>The JSON line, written by hand (NativeAOT: no reflection-based serializer), numbers in invariant culture.</summary>
    public string ToJson()
    {
        var sb = new StringBuilder(160);
        sb.Append("{\"case\": \"").Append(Case).Append("\", \"peer\": \"genopt\"");
        sb.Append(", \"fbest\": ").Append(Number(FBest));
        sb.Append(", \"evals\": ").Append(Evaluations.ToString(CultureInfo.InvariantCulture));
        sb.Append(", \"seconds\": ").Append(Number(Seconds));
        sb.Append(", \"us_per_eval\": ").Append(Number(MicrosecondsPerEvaluation));
        if (!double.IsNaN(MicrosecondsPerSolve))
            sb.Append(", \"us_per_solve\": ").Append(Number(MicrosecondsPerSolve));
        if (Lanes is not null)
            sb.Append(", \"lanes\": \"").Append(Lanes).Append('"');
        sb.Append('}');
        return sb.ToString();
    }

    // JSON has no NaN or infinity: write null for them.
    private static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "null";
}

/// <summary>The fixed cases of the peer benchmark.</summary>
internal static class Cases
{
    private const int Dimension = 10;
    private const ulong Seed = 1;

    /// <summary>CMA-ES from x0 = (start, ..., start), sigma0 = 0.5, until f &lt; target; seconds = best of 3 runs with the same seed.</summary>
    public static CaseResult CmaEsCase<TObjective>(string name, double start, double target)
        where TObjective : struct, IObjective
    {
        var cma = new CmaEs<TObjective>(new CmaEsOptions { Sigma0 = 0.5, TargetValue = target, Seed = Seed });
        var x0 = new double[TObjective.Dimension];
        Array.Fill(x0, start);
        OptimizationResult result = default;
        double best = double.PositiveInfinity;
        for (int run = 0; run < 3; run++)
        {
            long t0 = Stopwatch.GetTimestamp();
            result = cma.Minimize(x0);
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        bool passed = result.Status == TerminationReason.TargetReached && result.Value < target;
        return new CaseResult(name, result.Value, result.Evaluations, best, double.NaN, passed, $"f < {target:E0}");
    }

    /// <summary>
    /// PSO on 10-D Rastrigin: 40 particles, 1,000 iterations, c1 = c2 = 1.49445, w = 0.729, global best and the periodic
    /// boundary (pyswarms' GlobalBestPSO defaults). Seconds = best of 3 runs with the same seed. The objective is the plain
    /// scalar <see cref="Rastrigin.Value"/> (Math.Cos in a for loop); the generator also writes its lane-parallel
    /// <c>ValueBatch</c>, which PSO calls once per iteration for the whole swarm when <paramref name="useBatch"/> is true
    /// (<c>PsoOptions.UseBatch</c>), and otherwise it calls <c>Value</c> per particle.
    /// </summary>
    public static CaseResult PsoRastrigin(bool useBatch)
    {
        var options = new PsoOptions
        {
            SwarmSize = 40,
            MaxIterations = 1000,
            C1 = 1.49445,
            C2 = 1.49445,
            W = 0.729,
            Topology = PsoTopology.Global,
            Boundary = PsoBoundaryStrategy.Periodic,
            Seed = Seed,
            UseBatch = useBatch,
        };
        using var pso = new Pso<Rastrigin.Objective>(options);
        Bounds box = Bounds.Uniform(Dimension, -5.12, 5.12);
        OptimizationResult result = default;
        double best = double.PositiveInfinity;
        for (int run = 0; run < 3; run++)
        {
            long t0 = Stopwatch.GetTimestamp();
            result = pso.Minimize(box);
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        string name = useBatch ? "pso-rastrigin-10d" : "pso-rastrigin-10d-per-candidate";
        string lanes = useBatch ? BatchLanes<Rastrigin.Objective>() : "scalar";
        return new CaseResult(name, result.Value, result.Evaluations, best, double.NaN, result.Value < 10, "f < 10", lanes);
    }

    /// <summary>
    /// The lanes a generated <c>ValueBatch</c> runs in here: it takes <c>Vector512</c> where
    /// <see cref="Vector512.IsHardwareAccelerated"/>, else <c>Vector256</c> where accelerated, else <c>Value</c> per
    /// candidate ("scalar"). Both properties are fixed when the code is compiled: by the JIT for this machine, by NativeAOT
    /// for the instruction-set baseline of the publish (PeerBench.csproj sets x86-64-v3 for linux-x64 and win-x64). The
    /// constraint makes the build fail if the generator stops writing the objective's batch method.
    /// </summary>
    private static string BatchLanes<TObjective>() where TObjective : struct, IBatchObjective =>
        Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "scalar";

    /// <summary>Dual annealing on 10-D Rastrigin in [-5.12, 5.12], 1,000 iterations, seed 1. Seconds = best of 3 runs.</summary>
    public static CaseResult DualAnnealingRastrigin()
    {
        var da = new DualAnnealing<Rastrigin.Objective>(new DualAnnealingOptions { MaxIterations = 1000, Seed = Seed });
        Bounds box = Bounds.Uniform(Dimension, -5.12, 5.12);
        OptimizationResult result = default;
        double best = double.PositiveInfinity;
        for (int run = 0; run < 3; run++)
        {
            long t0 = Stopwatch.GetTimestamp();
            result = da.Minimize(box);
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        return new CaseResult("dual-annealing-rastrigin-10d", result.Value, result.Evaluations, best, double.NaN, result.Value < 1e-6, "f < 1e-6");
    }

    /// <summary>SLSQP on HS71 from (1, 5, 5, 1), bounds [1, 5], Tolerance 1e-9; seconds = mean of 200 solves after one warm-up solve.</summary>
    public static CaseResult SlsqpHs71()
    {
        const int solves = 200;
        var slsqp = new Slsqp<Hs71.Problem>(new SlsqpOptions { Tolerance = 1e-9 });
        Bounds box = Bounds.Uniform(4, 1, 5);
        double[] x0 = [1, 5, 5, 1];
        SlsqpResult<Hs71.Problem> result = slsqp.Minimize(x0, box);
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < solves; i++)
            result = slsqp.Minimize(x0, box);
        double mean = Stopwatch.GetElapsedTime(t0).TotalSeconds / solves;
        bool passed = result.Converged && Math.Abs(result.Value - Hs71.PublishedOptimum) <= 1e-6;
        return new CaseResult("slsqp-hs71", result.Value, result.Evaluations, mean, mean * 1e6, passed, "|f - 17.0140173| <= 1e-6");
    }
}

/// <summary>Rosenbrock: f(x) = sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, minimum 0 at (1, ..., 1).</summary>
public static partial class Rosenbrock
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }
}

/// <summary>Sphere: f(x) = sum x_i^2, minimum 0 at the origin.</summary>
public static partial class Sphere
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
            sum += x[i] * x[i];
        return sum;
    }
}

/// <summary>
/// Rastrigin: f(x) = 10 n + sum (x_i^2 - 10 cos(2 pi x_i)), minimum 0 at the origin, domain [-5.12, 5.12]^n. Plain scalar
/// code; the generator also writes its lane-parallel ValueBatch (Vector256.Cos/Vector512.Cos, which may differ from
/// Math.Cos in the last bit, docs/batch-objectives.md), used by the PSO case.
/// </summary>
public static partial class Rastrigin
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 10.0 * x.Length;
        for (int i = 0; i < x.Length; i++)
            sum += x[i] * x[i] - 10 * Math.Cos(2 * Math.PI * x[i]);
        return sum;
    }
}

/// <summary>
/// HS71 (Hock &amp; Schittkowski no. 71): min x0 x3 (x0 + x1 + x2) + x2 s.t. x0 x1 x2 x3 &gt;= 25, sum x_i^2 = 40, 1 &lt;= x &lt;= 5.
/// The generator writes the analytic gradient and the constraint Jacobians.
/// </summary>
public static partial class Hs71
{
    /// <summary>Published optimum f* = 17.0140173 at (1, 4.7429994, 3.8211503, 1.3794082).</summary>
    public const double PublishedOptimum = 17.0140173;

    [Objective(Dimension = 4)]
    public static partial double Cost(ReadOnlySpan<double> x) => x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2];

    [InequalityConstraint]
    public static partial double Product(ReadOnlySpan<double> x) => x[0] * x[1] * x[2] * x[3] - 25;

    [EqualityConstraint]
    public static partial double Norm(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 40;
}
