using System;
using System.Collections.Generic;
using System.Reflection;
using Xunit;

namespace GenOpt.Tests;

/// <summary>
/// A built-in IPOP restart starts in the state of a new run with the restart's population: at the start of every
/// restart, every private field of the instance equals a new instance's made with PopulationSize = lambda_k and
/// initialized at the same x0, except the state of the whole optimization (<see cref="AcrossRuns"/>) and the buffers
/// each generation writes before it reads them (<see cref="Scratch"/>). A field added to CmaEs that a restart forgets to
/// reset fails here (docs/cma-bbob.md, f3 discussion).
/// </summary>
public class CmaEsRestartStateTests
{
    private static readonly HashSet<string> AcrossRuns =
    [
        "_options", "_lambdaDefault", "_lambdaMax", "_random", "_best", "_bestValue", "_evaluations", "_iterations",
        "_restarts", "_runsCompleted", "_evaluationsLarge", "_evaluationsSmall", "_runIsSmall", "_clock", "_nonFinite",
    ];

    private static readonly HashSet<string> Scratch =
    [
        "_z", "_y", "_x", "_sortKeys", "_order", "_yw", "_zw", "_scratch", "_eigenWork", "_medianScratch",
        "_bestHistory", "_stagBest", "_stagMedian",
    ];

    [Fact]
    public void IpopRestart_StartsInTheStateOfANewRunWithItsPopulation()
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        Type type = typeof(CmaEs<Rastrigin<D10>>);
        FieldInfo[] fields = type.GetFields(Private);
        FieldInfo restartsField = type.GetField("_restarts", Private)!;
        FieldInfo lambdaField = type.GetField("_lambda", Private)!;
        double[] x0 = [3, -2.5, 1, 0.5, 2, -1, 0, 1.5, -3, 2.5];
        var options = new CmaEsOptions { Sigma0 = 2, Seed = 7, Restarts = RestartStrategy.Ipop, MaxRestarts = 9, MaxEvaluations = 100_000 };
        using var ipop = new CmaEs<Rastrigin<D10>>(options);
        ipop.Initialize(x0);
        var f = default(Rastrigin<D10>);
        var unexpected = new List<string>();
        int seen = 0;
        double[] values = [];
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
            using CmaEs<Rastrigin<D10>> fresh = NewRun(options with { Restarts = RestartStrategy.None, PopulationSize = lambda });
            fresh.Initialize(x0);
            foreach (FieldInfo field in fields)
            {
                if (AcrossRuns.Contains(field.Name) || Scratch.Contains(field.Name)) continue;
                object? mine = field.GetValue(ipop), theirs = field.GetValue(fresh);
                // The weights array holds the largest population's; a run reads its first lambda entries.
                if (field.Name == "_weights") (mine, theirs) = (((double[])mine!)[..lambda], ((double[])theirs!)[..lambda]);
                if (!Same(mine, theirs)) unexpected.Add($"restart {restarts} (lambda {lambda}): {field.Name}");
            }
        }
        Assert.True(seen >= 4, $"the run made {seen} restarts; the test needs several");
        Assert.Empty(unexpected);
    }

    // One optimizer per run: the population is fixed at construction.
    private static CmaEs<Rastrigin<D10>> NewRun(CmaEsOptions options) => new(options);

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (double[] x, double[] y) => x.AsSpan().SequenceEqual(y),
        (int[] x, int[] y) => x.AsSpan().SequenceEqual(y),
        _ => Equals(a, b),
    };
}
