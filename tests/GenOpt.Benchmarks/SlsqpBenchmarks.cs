using System;
using System.Diagnostics;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace GenOpt.Benchmarks;

/// <summary>
/// HS71 (Hock &amp; Schittkowski no. 71, the Ipopt tutorial problem) as a user writes it: min x0 x3 (x0 + x1 + x2) + x2
/// s.t. sum x_i^2 = 40, x0 x1 x2 x3 &gt;= 25, 1 &lt;= x &lt;= 5. The generator writes <c>Hs71Problem.Problem</c> with the
/// analytic gradient and Jacobians.
/// </summary>
public static partial class Hs71Problem
{
    [Objective(Dimension = 4)]
    public static partial double Cost(ReadOnlySpan<double> x) => x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2];

    [InequalityConstraint]
    public static partial double Product(ReadOnlySpan<double> x) => x[0] * x[1] * x[2] * x[3] - 25;

    [EqualityConstraint]
    public static partial double Norm(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 40;
}

/// <summary>
/// Time of one complete SLSQP solve of HS71 from x0 = (1, 5, 5, 1) with bounds [1, 5] and Tolerance 1e-9
/// (6 iterations, f = 17.0140173) with the generated analytic derivatives, the setting in which scipy's SLSQP takes
/// about 380 µs (measured here) and NLopt's (from Python) about 66 µs per solve.
/// </summary>
[MemoryDiagnoser]
public class SlsqpBenchmarks
{
    private static readonly double[] X0 = [1, 5, 5, 1];
    private readonly Bounds _bounds = Bounds.Uniform(4, 1, 5);
    private Slsqp<Hs71Problem.Problem> _slsqp = null!;

    [GlobalSetup]
    public void Setup()
    {
        // With a result buffer a solve allocates nothing (without, the point and the multipliers are one array of 6 doubles).
        _slsqp = new Slsqp<Hs71Problem.Problem>(new SlsqpOptions { Tolerance = 1e-9 }) { ResultBuffer = new double[4 + 1 + 1] };
        var r = _slsqp.Minimize(X0, _bounds);
        if (r.Status != TerminationReason.FunctionTolerance || Math.Abs(r.Value - 17.0140173) > 1e-6)
            throw new InvalidOperationException($"HS71 benchmark run did not converge: {r.Status}, f = {r.Value}.");
    }

    [Benchmark]
    public double Slsqp_Hs71() => _slsqp.Minimize(X0, _bounds).Value;

    /// <summary>Stopwatch timing for the --quick mode (minimum over repetitions), in µs per solve.</summary>
    public static void Quick(string filter)
    {
        if (!"Slsqp_Hs71".Contains(filter, StringComparison.Ordinal))
            return;
        var bench = new SlsqpBenchmarks();
        bench.Setup();
        var check = bench._slsqp.Minimize(X0, bench._bounds);
        Console.WriteLine($"HS71: f = {check.Value:R}, x = ({string.Join(", ", check.Point.ToArray().Select(v => v.ToString("R")))}), {check.Iterations} iterations, lambda = ({string.Join(", ", check.LagrangeMultipliers.ToArray().Select(v => v.ToString("R")))}), {check.Evaluations} evaluations");
        const int solves = 200;
        double best = double.MaxValue;
        for (int r = 0; r < 300; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < solves; i++)
                bench.Slsqp_Hs71();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / solves);
        }
        Console.WriteLine($"{"Slsqp_Hs71",-26} {best,10:F2} us/solve (min of 300 x {solves})");

        // Processor time of the process over many solves: less sensitive than wall time when other processes
        // compete for the cores (the optimizer is single-threaded; the runtime's own threads are idle here).
        const int cpuSolves = 200_000;
        TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
        for (int i = 0; i < cpuSolves; i++)
            bench.Slsqp_Hs71();
        double cpu = (Environment.CpuUsage.TotalTime - cpuStart).TotalMicroseconds / cpuSolves;
        Console.WriteLine($"{"Slsqp_Hs71 (CPU time)",-26} {cpu,10:F2} us/solve (mean of {cpuSolves})");
    }
}
