using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using GenOpt;

namespace CmaBbob;

/// <summary>
/// The 24-function comparison of GenOpt's CMA-ES with pycma (docs/cma-bbob.md; pycma side:
/// docs/reference/cma_bbob_table.py) and the check of <see cref="BbobFunction"/> against pycma's bbobbenchmarks
/// (docs/reference/cma_bbob_check.py).
/// </summary>
public static class BbobTable
{
    /// <summary>f - f_opt at or below this is a success (COCO's final target).</summary>
    public const double Target = 1e-8;

    /// <summary>The CSV columns, the same as the pycma script's.</summary>
    public const string Header = "function,n,mode,run,evaluations,best_df,success,evals_to_target,restarts,status";

    /// <summary>
    /// <c>--check FILE</c>: for f1..f24, n = 10 and 20, instance 1, writes f_opt, x_opt and f at 7 points: c (2u - 1)
    /// with u = Uniform(n, 7000 + k) and c = 6, 5, 4, 1 (the first two partly outside [-5, 5]^n, where the
    /// penalties act), x_opt + 10^-2 (2u - 1), x_opt + 10^-5 (2u - 1), and the start point of run 0.
    /// </summary>
    public static int Check(string[] args)
    {
        if (args.Length != 2) { Console.Error.WriteLine("usage: --check FILE"); return 2; }
        using var w = new StreamWriter(args[1]);
        foreach (int n in (int[])[10, 20])
        {
            for (int fid = 1; fid <= 24; fid++)
            {
                var f = new BbobFunction(fid, n, 1);
                w.WriteLine(Inv($"fopt,{fid},{n},{f.FOpt:R}"));
                w.WriteLine(Inv($"xopt,{fid},{n},{Join(f.XOpt)}"));
                w.WriteLine(Inv($"atopt,{fid},{n},{f.Value(f.XOpt) - f.FOpt:R}"));
                double[] scales = [6, 5, 4, 1];
                for (int k = 0; k < 7; k++)
                {
                    double[] u = BbobInstance.Uniform(n, 7000 + k);
                    var x = new double[n];
                    for (int i = 0; i < n; i++)
                        x[i] = k switch
                        {
                            < 4 => scales[k] * (2 * u[i] - 1),
                            4 => f.XOpt[i] + 1e-2 * (2 * u[i] - 1),
                            5 => f.XOpt[i] + 1e-5 * (2 * u[i] - 1),
                            _ => BbobInstance.StartPoint(n, 0)[i],
                        };
                    w.WriteLine(Inv($"f,{fid},{n},{k},{Join(x)},{f.Value(x):R}"));
                }
            }
        }
        return 0;
    }

    /// <summary>
    /// <c>--table FILE</c>: runs GenOpt's CMA-ES on the BBOB functions, instance 1: per function, dimension and mode
    /// (single: no restarts; ipop: population doubled on each restart, at most 9 restarts) <c>runs</c> runs from
    /// x0 = <see cref="BbobInstance.StartPoint"/>(n, run) with sigma0 = 2, seed 1000 run + 1, budget
    /// budget-factor * n evaluations including restarts, target f - f_opt &lt;= 1e-8; --popsize sets the population of
    /// the first run (default 4 + floor(3 ln n)); --seed-offset K makes the seeds 1000 run + 1 + K (the same runs with
    /// other random numbers, to tell a difference of the strategy from chance). Appends one CSV line per run
    /// (<see cref="Header"/>); lines already in FILE are not run again.
    /// </summary>
    public static int Table(string[] args)
    {
        string path = args.Length > 1 ? args[1] : "";
        if (path.Length == 0 || path.StartsWith("--", StringComparison.Ordinal)) { Console.Error.WriteLine("usage: --table FILE [options]"); return 2; }
        int[] functions = new int[24];
        for (int i = 0; i < 24; i++) functions[i] = i + 1;
        int[] dims = [10, 20];
        string[] modes = ["single", "ipop"];
        int runs = 15;
        double budgetFactor = 1e4;
        int? popsize = null;
        ulong seedOffset = 0;
        for (int i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--functions": functions = Ints(args[++i]); break;
                case "--dims": dims = Ints(args[++i]); break;
                case "--modes": modes = args[++i].Split(','); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--budget-factor": budgetFactor = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--popsize": popsize = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed-offset": seedOffset = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        var done = new HashSet<string>();
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
        if (exists)
            foreach (string line in File.ReadLines(path))
            {
                string[] c = line.Split(',');
                if (c.Length > 4 && c[0] != "function") done.Add(string.Join(',', c[0], c[1], c[2], c[3]));
            }
        using var w = new StreamWriter(path, append: true);
        if (!exists) w.WriteLine(Header);
        foreach (int n in dims)
        {
            foreach (int fid in functions)
            {
                var f = new BbobFunction(fid, n, 1);
                foreach (string mode in modes)
                {
                    if (mode is not ("single" or "ipop")) { Console.Error.WriteLine($"unknown mode {mode}"); return 2; }
                    var clock = Stopwatch.StartNew();
                    for (int run = 0; run < runs; run++)
                    {
                        if (done.Contains(Inv($"{fid},{n},{mode},{run}"))) continue;
                        var options = new CmaEsOptions
                        {
                            Sigma0 = 2, Seed = (ulong)(1000 * run + 1) + seedOffset,
                            Restarts = mode == "ipop" ? RestartStrategy.Ipop : RestartStrategy.None, MaxRestarts = 9,
                            MaxEvaluations = (long)(budgetFactor * n), TargetValue = f.FOpt + Target, PopulationSize = popsize,
                        };
                        double[] x0 = BbobInstance.StartPoint(n, run);
                        var record = new BbobRecord();
                        OptimizationResult r = n switch
                        {
                            10 => Solve(new BbobObjective<Dim10>(f, record, Target), options, x0),
                            20 => Solve(new BbobObjective<Dim20>(f, record, Target), options, x0),
                            _ => throw new ArgumentOutOfRangeException(nameof(args), n, "Dimensions 10 and 20 are built in."),
                        };
                        if (r.Evaluations != record.Evaluations)
                            throw new InvalidOperationException($"f{fid} n={n} run {run}: the optimizer reports {r.Evaluations} evaluations, the objective counted {record.Evaluations}.");
                        w.WriteLine(Inv($"{fid},{n},{mode},{run},{record.Evaluations},{record.BestDelta:R},{(record.FirstHit > 0 ? 1 : 0)},{(record.FirstHit > 0 ? record.FirstHit.ToString(CultureInfo.InvariantCulture) : "")},{r.Restarts},{r.Status}"));
                        w.Flush();
                    }
                    Console.Error.WriteLine(Inv($"f{fid} n={n} {mode}: {clock.Elapsed.TotalSeconds:F1} s"));
                }
            }
        }
        return 0;
    }

    /// <summary>
    /// <c>--restarts FILE --function F --dim N --runs R</c>: IPOP written out as separate runs, one CSV line per restart
    /// (<c>function,n,run,restart,lambda,evals,best_df,stop,success</c>): restart k has population lambda0 2^k, seed
    /// 1000 run + 1 + k, the budget left, x0 and sigma0 = 2 as in <c>--table</c>. docs/reference/cma_bbob_restarts.py
    /// writes the same lines for pycma, so that the two can be compared restart by restart (how long each population
    /// runs, how each run stops, how often it succeeds).
    /// </summary>
    public static int Restarts(string[] args)
    {
        string path = args.Length > 1 ? args[1] : "";
        if (path.Length == 0 || path.StartsWith("--", StringComparison.Ordinal)) { Console.Error.WriteLine("usage: --restarts FILE --function F --dim N [--runs R] [--first-run K]"); return 2; }
        int fid = 3, n = 10, runs = 15, firstRun = 0;
        for (int i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--function": fid = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dim": n = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--first-run": firstRun = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        var f = new BbobFunction(fid, n, 1);
        long budget = 10_000L * n;
        int lambda0 = 4 + (int)Math.Floor(3 * Math.Log(n));
        using var w = new StreamWriter(path);
        w.WriteLine("function,n,run,restart,lambda,evals,best_df,stop,success");
        for (int run = firstRun; run < firstRun + runs; run++)
        {
            double[] x0 = BbobInstance.StartPoint(n, run);
            long used = 0;
            for (int k = 0; k <= 9; k++)
            {
                var options = new CmaEsOptions
                {
                    Sigma0 = 2, Seed = (ulong)(1000 * run + 1 + k), PopulationSize = lambda0 << k,
                    MaxEvaluations = budget - used, TargetValue = f.FOpt + Target,
                };
                var record = new BbobRecord();
                OptimizationResult r = n switch
                {
                    10 => Solve(new BbobObjective<Dim10>(f, record, Target), options, x0),
                    20 => Solve(new BbobObjective<Dim20>(f, record, Target), options, x0),
                    _ => throw new ArgumentOutOfRangeException(nameof(args), n, "Dimensions 10 and 20 are built in."),
                };
                used += record.Evaluations;
                bool hit = record.FirstHit > 0;
                w.WriteLine(Inv($"{fid},{n},{run},{k},{lambda0 << k},{record.Evaluations},{record.BestDelta:R},{r.Status},{(hit ? 1 : 0)}"));
                w.Flush();
                if (hit || used >= budget) break;
            }
        }
        return 0;
    }

    // The seed is fixed at construction and every run has its own: one optimizer per run.
    private static OptimizationResult Solve<TObjective>(TObjective f, CmaEsOptions options, double[] x0) where TObjective : struct, IObjective =>
        new CmaEs<TObjective>(f, options).Minimize(x0);

    private static int[] Ints(string s)
    {
        string[] parts = s.Split(',');
        var r = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++) r[i] = int.Parse(parts[i], CultureInfo.InvariantCulture);
        return r;
    }

    private static string Join(ReadOnlySpan<double> x)
    {
        var parts = new string[x.Length];
        for (int i = 0; i < x.Length; i++) parts[i] = x[i].ToString("R", CultureInfo.InvariantCulture);
        return string.Join(' ', parts);
    }

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);
}
