using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using GenOpt;

namespace CmaBbob;

/// <summary>
/// <c>--ipop-check [RUNS]</c> (docs/cma-bbob.md, f3 discussion): whether CmaEs's built-in IPOP restarts behave as new
/// runs with the restart's population, as pycma's runner makes them. Two checks on a shifted 4-D Rastrigin:
/// (1) at the start of every restart of one IPOP run, every private field of the instance is compared with a new
/// instance's made with that population (PopulationSize = lambda_k) and initialized at the same x0 (the weights on
/// their first lambda_k entries, the ones a run reads); only the fields
/// listed in <see cref="AcrossRuns"/> (counters and results of the whole optimization, the random generator, options
/// and capacities that depend on the first population) and the scratch buffers that each generation overwrites before
/// reading may differ, and their list is printed; (2) RUNS runs (default 20,000) from x0 = uniform in [-4, 4]^4, sigma0
/// = 2, budget 20,000 evaluations, target f &lt;= 1e-8, once with the built-in IPOP (seed 1000 r + 1) and once as
/// separate runs with seed 1000 r + 1 + k for restart k: successes in all and by restart. Exit code 1 when a field
/// outside those lists differs.
/// </summary>
public static class IpopCheck
{
    private const long Budget = 20_000;

    /// <summary>State of the whole optimization, not of a run: expected to differ from a new instance's.</summary>
    private static readonly HashSet<string> AcrossRuns =
    [
        "_options", "_lambdaDefault", "_lambdaMax", "_random", "_best", "_bestValue", "_evaluations", "_iterations",
        "_restarts", "_runsCompleted", "_evaluationsLarge", "_evaluationsSmall", "_runIsSmall", "_clock", "_nonFinite",
    ];

    /// <summary>Buffers each generation writes before it reads them (their size depends on the largest population).</summary>
    private static readonly HashSet<string> Scratch =
    [
        "_z", "_y", "_x", "_sortKeys", "_order", "_yw", "_zw", "_scratch", "_eigenWork", "_medianScratch",
        "_bestHistory", "_stagBest", "_stagMedian",
    ];

    private struct ShiftedRastrigin4 : IObjective
    {
        public static int Dimension => 4;

        public readonly double Value(ReadOnlySpan<double> x)
        {
            double s = 10.0 * x.Length;
            for (int i = 0; i < x.Length; i++)
            {
                double y = x[i] - 0.3 * (i + 1);
                s += y * y - 10 * Math.Cos(2 * Math.PI * y);
            }
            return s;
        }
    }

    public static int Run(string[] args)
    {
        int runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        int unexpected = CompareRestartStates();
        const int n = 4;
        int lambda0 = 4 + (int)Math.Floor(3 * Math.Log(n));
        var builtIn = new int[10];
        var separate = new int[10];
        for (int run = 0; run < runs; run++)
        {
            var rx = new RandomSource((ulong)(777 + run));
            double[] x0 = Enumerable.Range(0, n).Select(_ => rx.NextDouble(-4, 4)).ToArray();
            using var ipop = Create(new CmaEsOptions
            {
                Sigma0 = 2, Seed = (ulong)(1000 * run + 1), Restarts = RestartStrategy.Ipop, MaxRestarts = 9,
                MaxEvaluations = Budget, TargetValue = 1e-8,
            });
            OptimizationResult r = ipop.Minimize(x0);
            if (r.Status == TerminationReason.TargetReached) builtIn[r.Restarts]++;
            long used = 0;
            for (int k = 0; k <= 9 && used < Budget; k++)
            {
                using var one = Create(new CmaEsOptions
                {
                    Sigma0 = 2, Seed = (ulong)(1000 * run + 1 + k), PopulationSize = lambda0 << k,
                    MaxEvaluations = Budget - used, TargetValue = 1e-8,
                });
                OptimizationResult s = one.Minimize(x0);
                used += s.Evaluations;
                if (s.Status == TerminationReason.TargetReached) { separate[k]++; break; }
            }
        }
        Console.WriteLine($"{runs} runs: built-in IPOP solved {builtIn.Sum()}, separate runs with a seed per restart {separate.Sum()}");
        Console.WriteLine("  by restart, built-in: " + string.Join(", ", builtIn));
        Console.WriteLine("  by restart, separate: " + string.Join(", ", separate));
        return unexpected == 0 ? 0 : 1;
    }

    /// <summary>Prints the fields that differ at each restart's start; returns how many are outside the two lists.</summary>
    private static int CompareRestartStates()
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        FieldInfo[] fields = typeof(CmaEs<ShiftedRastrigin4>).GetFields(Private);
        FieldInfo restartsField = typeof(CmaEs<ShiftedRastrigin4>).GetField("_restarts", Private)!;
        FieldInfo lambdaField = typeof(CmaEs<ShiftedRastrigin4>).GetField("_lambda", Private)!;
        double[] x0 = [3, -2.5, 1, 0.5];
        var options = new CmaEsOptions { Sigma0 = 2, Seed = 7, Restarts = RestartStrategy.Ipop, MaxRestarts = 9, MaxEvaluations = Budget };
        using var ipop = new CmaEs<ShiftedRastrigin4>(options);
        ipop.Initialize(x0);
        var f = default(ShiftedRastrigin4);
        int seen = 0, unexpected = 0, compared = 0;
        var values = new double[0];
        while (true)
        {
            Population pop = ipop.Ask();
            if (values.Length != pop.Count) values = new double[pop.Count];
            for (int k = 0; k < pop.Count; k++) values[k] = f.Value(pop[k]);
            if (ipop.Tell(values) != TerminationReason.None) break;
            int restarts = (int)restartsField.GetValue(ipop)!;
            if (restarts == seen) continue;
            seen = restarts;
            int lambda = (int)lambdaField.GetValue(ipop)!;
            using var fresh = Create(options with { Restarts = RestartStrategy.None, PopulationSize = lambda });
            fresh.Initialize(x0);
            var differing = new List<string>();
            foreach (FieldInfo field in fields)
            {
                object? mine = field.GetValue(ipop), theirs = field.GetValue(fresh);
                // The weights array holds the largest population's; the run reads its first lambda entries.
                if (field.Name == "_weights" && mine is double[] w && theirs is double[] v)
                    (mine, theirs) = (w[..lambda], v[..lambda]);
                if (Same(mine, theirs)) continue;
                differing.Add(field.Name);
                if (!AcrossRuns.Contains(field.Name) && !Scratch.Contains(field.Name))
                {
                    unexpected++;
                    Console.WriteLine($"restart {restarts} (lambda {lambda}): {field.Name} differs from a new run's");
                }
            }
            compared++;
            if (compared == 1)
                Console.WriteLine("fields that differ at a restart's start (expected): " + string.Join(", ", differing));
        }
        Console.WriteLine($"{compared} restarts compared with new runs: {unexpected} unexpected differences");
        return unexpected;
    }

    // The seed is fixed at construction and every run has its own: one optimizer per run.
    private static CmaEs<ShiftedRastrigin4> Create(CmaEsOptions options) => new(options);

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (double[] x, double[] y) => x.AsSpan().SequenceEqual(y),
        (int[] x, int[] y) => x.AsSpan().SequenceEqual(y),
        (double x, double y) => x.Equals(y),
        _ => Equals(a, b),
    };
}
