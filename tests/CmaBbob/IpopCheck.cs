using System;
using System.Globalization;
using System.Linq;
using GenOpt;

namespace CmaBbob;

/// <summary>
/// <c>--ipop-check [RUNS]</c> (docs/cma-bbob.md, f3 discussion): whether CmaEs's built-in IPOP restarts solve as often
/// as new runs with the restart's population and a seed of their own, as pycma's runner makes them. RUNS runs (default
/// 20,000) on a shifted 4-D Rastrigin from x0 = uniform in [-4, 4]^4, sigma0 = 2, budget 20,000 evaluations, target
/// f &lt;= 1e-8, once with the built-in IPOP (seed 1000 r + 1) and once as separate runs with seed 1000 r + 1 + k for
/// restart k: successes in all and by restart. (That a restart starts in a new run's state is a unit test:
/// CmaEsRestartStateTests.)
/// </summary>
public static class IpopCheck
{
    private const long Budget = 20_000;

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
        return 0;
    }

    // The seed is fixed at construction and every run has its own: one optimizer per run.
    private static CmaEs<ShiftedRastrigin4> Create(CmaEsOptions options) => new(options);
}
