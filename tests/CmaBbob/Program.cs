using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CmaBbob;
using GenOpt;

// GenOpt side of the CMA-ES termination comparison with pycma (docs/cma-termination.md; pycma side:
// docs/reference/cma_bbob_ipop.py): IPOP-CMA-ES (at most 9 restarts, population doubled) on BBOB f23 (Katsuura;
// also f1, sphere, and f8, Rosenbrock, with --functions), instance 1, 15 runs per dimension, x0 = 8 u - 4 from the BBOB uniform generator (seed 1000 + run), sigma0 = 2,
// budget 2e4 n evaluations, target f - f_opt <= 1e-8. The first run of each is also run alone (no restarts) to
// show how its run ended.
//   dotnet run -c Release --project tests/CmaBbob -- [--functions 23] [--dims 10,20] [--runs 15] [--stagnation-off]
// Two further modes serve the 24-function comparison (docs/cma-bbob.md):
//   --check FILE   writes f(x) of all 24 functions (BbobSuite.cs), n = 10 and 20, instance 1, at fixed points, for
//                  docs/reference/cma_bbob_check.py to compare with pycma's bbobbenchmarks;
//   --table FILE [--functions 1,...,24] [--dims 10,20] [--modes single,ipop] [--runs 15] [--budget-factor 1e4]
//                  [--popsize L] [--seed-offset K]
//                  runs the table (see BbobTable.cs) and appends one CSV line per run to FILE;
//   --ipop-check [RUNS]  built-in IPOP restarts against separate runs with a seed per restart (IpopCheck.cs).

if (args.Length > 0 && args[0] == "--check") return BbobTable.Check(args);
if (args.Length > 0 && args[0] == "--table") return BbobTable.Table(args);
if (args.Length > 0 && args[0] == "--restarts") return BbobTable.Restarts(args);
if (args.Length > 0 && args[0] == "--ipop-check") return IpopCheck.Run(args);

int[] functions = [23];
int[] dims = [10, 20];
int runs = 15;
bool stagnationOff = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--functions": functions = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--dims": dims = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--stagnation-off": stagnationOff = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

foreach (int fid in functions)
{
    foreach (int n in dims)
    {
        bool ok = (fid, n) switch
        {
            (1, 10) => Run(1, new BbobSphere<Dim10>(1), runs, stagnationOff),
            (1, 20) => Run(1, new BbobSphere<Dim20>(1), runs, stagnationOff),
            (8, 10) => Run(8, new BbobRosenbrock<Dim10>(1), runs, stagnationOff),
            (8, 20) => Run(8, new BbobRosenbrock<Dim20>(1), runs, stagnationOff),
            (23, 10) => Run(23, new Katsuura<Dim10>(1), runs, stagnationOff),
            (23, 20) => Run(23, new Katsuura<Dim20>(1), runs, stagnationOff),
            _ => false,
        };
        if (!ok) { Console.Error.WriteLine($"f{fid} in dimension {n} is not built in (f1, f8, f23; n = 10 or 20)"); return 2; }
    }
}
return 0;

static bool Run<TObjective>(int fid, TObjective f, int runs, bool stagnationOff) where TObjective : struct, IObjective
{
    int n = TObjective.Dimension;
    var df = new List<double>();
    var restarts = new List<double>();
    var evals = new List<double>();
    var firstEvals = new List<double>();
    var firstStops = new List<TerminationReason>();
    for (int run = 0; run < runs; run++)
    {
        double[] x0 = BbobInstance.StartPoint(n, run);
        var options = new CmaEsOptions
        {
            Sigma0 = 2, Seed = (ulong)(1000 * run + 1), Restarts = RestartStrategy.Ipop, MaxRestarts = 9,
            MaxEvaluations = 20_000L * n, TargetValue = 1e-8,
            StagnationIterations = stagnationOff ? int.MaxValue : null,
        };
        OptimizationResult r = Solve(f, options, x0);
        OptimizationResult single = Solve(f, options with { Restarts = RestartStrategy.None }, x0);
        df.Add(r.Value);
        restarts.Add(r.Restarts);
        evals.Add(r.Evaluations);
        firstEvals.Add(single.Evaluations);
        firstStops.Add(single.Status);
        Console.WriteLine(FormattableString.Invariant(
            $"{{\"fid\": {fid}, \"dim\": {n}, \"run\": {run}, \"df\": {r.Value:R}, \"evals\": {r.Evaluations}, \"restarts\": {r.Restarts}, \"status\": \"{r.Status}\", \"first_run_evals\": {single.Evaluations}, \"first_run_stop\": \"{single.Status}\", \"first_run_df\": {single.Value:R}}}"));
    }
    string stops = string.Join(", ", firstStops.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"\"{g.Key}\": {g.Count()}"));
    Console.WriteLine(FormattableString.Invariant(
        $"{{\"summary\": true, \"fid\": {fid}, \"dim\": {n}, \"runs\": {runs}, \"stagnation_off\": {(stagnationOff ? "true" : "false")}, \"median_df\": {Median(df):R}, \"mean_restarts\": {restarts.Average():R}, \"median_evals\": {Median(evals):R}, \"solved\": {df.Count(v => v <= 1e-8)}, \"first_run_median_evals\": {Median(firstEvals):R}, \"first_run_stops\": {{{stops}}}}}"));
    return true;
}

// Each run has its own seed, which an optimizer fixes at construction: one optimizer per run.
static OptimizationResult Solve<TObjective>(TObjective f, CmaEsOptions options, double[] x0) where TObjective : struct, IObjective =>
    new CmaEs<TObjective>(f, options).Minimize(x0);

static double Median(List<double> values)
{
    double[] s = values.OrderBy(v => v).ToArray();
    int h = s.Length / 2;
    return s.Length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}
