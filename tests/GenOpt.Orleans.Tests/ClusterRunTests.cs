using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GenOpt.Tests;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace GenOpt.Orleans.Tests;

/// <summary>Runs on an in-process cluster of three silos (TestingHost), compared with the single-process runs.</summary>
public class ClusterRunTests : IClassFixture<ThreeSilos>
{
    private static readonly Bounds Box10 = Bounds.Uniform(10, -5.12, 5.12);
    private static readonly double[] X0 = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2];

    // IPOP: four runs (lambda 10, 20, 40, 80) of 25 generations each.
    private static readonly CmaEsOptions Ipop = new()
    {
        Seed = 23, Sigma0 = 2, Restarts = RestartStrategy.Ipop, MaxRestarts = 3, MaxIterations = 25,
    };

    private readonly TestCluster _cluster;

    public ClusterRunTests(ThreeSilos silos) => _cluster = silos.Cluster;

    [Fact]
    public async Task CmaEs_WithRestarts_OnThreeSilos_GivesTheBitsOfTheSingleProcessRun()
    {
        using var reference = new CmaEs<Rastrigin10>(Ipop);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));
        Assert.Equal(3, direct.Restarts);

        var evaluator = ClusterEvaluator.For<Rastrigin10>(_cluster.Client);
        using var cma = new CmaEs<Rastrigin10>(Ipop);
        OptimizationResult r = await cma.MinimizeAsync(X0, Box10, evaluator.EvaluateAsync);
        SameBits.Assert(direct, r);
        Assert.Equal(direct.Evaluations, evaluator.Evaluations);
        Assert.Equal(0, evaluator.Retries);
        // The population was spread: more than one silo evaluated candidates.
        Assert.True(evaluator.EvaluationsBySilo.Count > 1, $"only {string.Join(", ", evaluator.EvaluationsBySilo.Keys)} evaluated");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(40)]
    public async Task Pso_OnThreeSilos_GivesTheBitsOfTheSingleProcessRun_WhateverTheSlicing(int slices)
    {
        var options = new PsoOptions { Seed = 31, SwarmSize = 30, Topology = PsoTopology.Random, MaxIterations = 40 };
        using var reference = new Pso<Rastrigin10>(options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));

        var evaluator = ClusterEvaluator.For<Rastrigin10>(_cluster.Client, new ClusterEvaluatorOptions { Slices = slices });
        using var pso = new Pso<Rastrigin10>(options);
        SameBits.Assert(direct, await pso.MinimizeAsync(X0, Box10, evaluator.EvaluateAsync));
    }

    [Fact]
    public async Task OneSiloAndThreeSilos_RepliesInShuffledOrder_GiveTheBitsOfTheSingleProcessRun()
    {
        // One call per particle; each evaluation sleeps 0-4 ms, chosen by the particle, so replies arrive shuffled.
        var options = new PsoOptions { Seed = 37, SwarmSize = 24, Topology = PsoTopology.Random, MaxIterations = 12 };
        using var reference = new Pso<JitterRastrigin10>(options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));
        var slicing = new ClusterEvaluatorOptions { Slices = 24 };

        await using TestCluster oneSilo = await ThreeSilos.StartAsync(silos: 1);
        foreach (TestCluster cluster in new[] { oneSilo, _cluster })
        {
            var evaluator = ClusterEvaluator.For<JitterRastrigin10>(cluster.Client, slicing);
            int shuffled = 0;
            using var pso = new Pso<JitterRastrigin10>(options);
            OptimizationResult r = await pso.MinimizeAsync(X0, Box10, async (Population pop, Memory<double> values, CancellationToken ct) =>
            {
                JitterRastrigin10.Finished.Clear();
                await evaluator.EvaluateAsync(pop, values, ct);
                // The order the evaluations ended in, as candidate indices: not 0, 1, 2, ... in some generation.
                double[] ended = JitterRastrigin10.Finished.ToArray();
                Assert.Equal(pop.Count, ended.Length);
                int[] order = ended.Select(x0 => Enumerable.Range(0, pop.Count).First(k => pop[k][0] == x0)).ToArray();
                if (!order.SequenceEqual(Enumerable.Range(0, pop.Count)))
                    shuffled++;
            });
            SameBits.Assert(direct, r);
            Assert.Equal(direct.Evaluations, evaluator.Evaluations);
            Assert.True(shuffled > 0, "the replies arrived in the candidates' order in every generation");
            Assert.Equal(cluster == oneSilo ? 1 : 3, cluster.GetActiveSilos().Count());
            Assert.True(cluster == oneSilo ? evaluator.EvaluationsBySilo.Count == 1 : evaluator.EvaluationsBySilo.Count > 1, $"evaluated on {evaluator.EvaluationsBySilo.Count} silos");
        }
    }

    [Fact]
    public async Task DriverRestartedFromACheckpoint_FinishesWithTheBitsOfTheUninterruptedRun()
    {
        using var reference = new CmaEs<Rastrigin10>(Ipop);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));

        // The first driver saves a checkpoint after every generation and "dies" (is cancelled) after generation 40.
        byte[]? checkpoint = null;
        using var stop = new CancellationTokenSource();
        using var first = new CmaEs<Rastrigin10>(Ipop);
        OptimizationResult cut = await first.MinimizeAsync(X0, Box10, ClusterEvaluator.For<Rastrigin10>(_cluster.Client).EvaluateAsync, info =>
        {
            checkpoint = first.SaveCheckpoint();
            if (info.Iteration == 40)
                stop.Cancel();
        }, stop.Token);
        Assert.Equal(TerminationReason.Cancelled, cut.Status);
        Assert.Equal(40, cut.Iterations);

        // A new driver (another instance, another evaluator) takes the checkpoint and finishes.
        using var second = new CmaEs<Rastrigin10>(Ipop with { Seed = 1 });
        second.RestoreCheckpoint(checkpoint);
        var evaluator = ClusterEvaluator.For<Rastrigin10>(_cluster.Client);
        OptimizationResult resumed = await second.ResumeAsync(evaluator.EvaluateAsync);
        SameBits.Assert(direct, resumed);
        Assert.Equal(direct.Evaluations - cut.Evaluations, evaluator.Evaluations);
    }

    [Fact]
    public async Task ObjectiveThatThrows_EndsTheRunWithAClearError()
    {
        var evaluator = ClusterEvaluator.For<ThrowingRastrigin10>(_cluster.Client);
        using var cma = new CmaEs<ThrowingRastrigin10>(new CmaEsOptions { Seed = 5, Sigma0 = 3 });
        var e = await Assert.ThrowsAsync<ObjectiveEvaluationException>(() => cma.MinimizeAsync(X0, Box10, evaluator.EvaluateAsync));
        Assert.Contains("ThrowingRastrigin10", e.Message);
        Assert.Contains("System.InvalidOperationException: the model diverged at x0 = ", e.Message);
        Assert.InRange(e.Candidate, 0, cma.PopulationSize - 1);
        Assert.NotEqual("", e.Silo);
        Assert.Equal(0, evaluator.Retries); // an objective's error is not retried
        cma.Initialize(X0, Box10);          // the instance is free again
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BatchObjective_IsEvaluatedAsTheSingleProcessRunEvaluatesIt_AndGivesItsBits(bool useBatch)
    {
        var options = Ipop with { UseBatch = useBatch };
        using var reference = new CmaEs<UlpBatchRastrigin10>(options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));

        long before = Interlocked.Read(ref UlpBatchRastrigin10.BatchCalls);
        var evaluator = ClusterEvaluator.For<UlpBatchRastrigin10>(_cluster.Client, new ClusterEvaluatorOptions { UseBatch = useBatch });
        using var cma = new CmaEs<UlpBatchRastrigin10>(options);
        SameBits.Assert(direct, await cma.MinimizeAsync(X0, Box10, evaluator.EvaluateAsync));
        long calls = Interlocked.Read(ref UlpBatchRastrigin10.BatchCalls) - before;
        if (useBatch)
            // At most CandidatesPerBatchCall candidates per call: at least count / 8 calls.
            Assert.True(calls >= direct.Evaluations / EvaluationGrain.CandidatesPerBatchCall, $"{calls} batch calls for {direct.Evaluations} evaluations");
        else
            Assert.Equal(0, calls);
    }

    [Fact]
    public async Task BatchObjective_EvaluatedOtherwiseThanInTheSingleProcessRun_GivesOtherBits()
    {
        // Why ClusterEvaluatorOptions.UseBatch must follow the optimizer's: this batch method is one ulp above Value.
        using var reference = new CmaEs<UlpBatchRastrigin10>(Ipop);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));
        var evaluator = ClusterEvaluator.For<UlpBatchRastrigin10>(_cluster.Client, new ClusterEvaluatorOptions { UseBatch = false });
        using var cma = new CmaEs<UlpBatchRastrigin10>(Ipop);
        OptimizationResult r = await cma.MinimizeAsync(X0, Box10, evaluator.EvaluateAsync);
        // The same ranking (one ulp up is monotone), so the same point, and its value one ulp apart.
        Assert.Equal(direct.Point.ToArray(), r.Point.ToArray());
        Assert.Equal(Math.BitIncrement(r.Value), direct.Value);
    }

    [Fact]
    public async Task BatchObjectiveThatLeavesValuesUnwritten_TheyCountAsNonFinite_NeverAsZero()
    {
        // One slice: each batch call of a silo (8 candidates, then 2) writes only its first value; the others must not
        // arrive as 0 (better than any value this Rastrigin takes away from its minimum) but as NaN, ranked last.
        long before = Interlocked.Read(ref FirstOnlyBatch10.BatchCalls);
        var evaluator = ClusterEvaluator.For<FirstOnlyBatch10>(_cluster.Client, new ClusterEvaluatorOptions { UseBatch = true, Slices = 1 });
        using var cma = new CmaEs<FirstOnlyBatch10>(new CmaEsOptions { Seed = 5, Sigma0 = 3, MaxIterations = 30 });
        OptimizationResult r = await cma.MinimizeAsync(X0, Box10, evaluator.EvaluateAsync);
        Assert.True(Interlocked.Read(ref FirstOnlyBatch10.BatchCalls) > before, "the silos did not use the batch method");
        double truth = default(Rastrigin10).Value(r.Point.Span);
        Assert.Equal(truth, r.Value);
        Assert.True(r.NonFiniteEvaluations > 0, "no unwritten value arrived as non-finite");
    }

    [Fact]
    public async Task BatchObjectiveThatThrows_NamesTheCandidateThatThrew()
    {
        var evaluator = ClusterEvaluator.For<ThrowingBatchRastrigin10>(_cluster.Client, new ClusterEvaluatorOptions { Slices = 2 });
        using var cma = new CmaEs<ThrowingBatchRastrigin10>(new CmaEsOptions { Seed = 5, Sigma0 = 3 });
        double[][] last = [];
        long before = Interlocked.Read(ref ThrowingBatchRastrigin10.BatchCalls);
        var e = await Assert.ThrowsAsync<ObjectiveEvaluationException>(() => cma.MinimizeAsync(X0, Box10, async (Population pop, Memory<double> values, CancellationToken ct) =>
        {
            last = Enumerable.Range(0, pop.Count).Select(k => pop[k].ToArray()).ToArray();
            await evaluator.EvaluateAsync(pop, values, ct);
        }));
        Assert.True(Interlocked.Read(ref ThrowingBatchRastrigin10.BatchCalls) > before, "the silos did not use the batch method");
        Assert.Contains("System.InvalidOperationException: the model diverged at x0 = ", e.Message);
        Assert.InRange(e.Candidate, 0, last.Length - 1);
        Assert.True(last[e.Candidate][0] > 3, $"candidate {e.Candidate} has x0 = {last[e.Candidate][0]}");
        // The first candidate of its slice that throws: none before it in the same slice of 2 does.
        int sliceStart = e.Candidate < last.Length / 2 ? 0 : last.Length / 2;
        for (int k = sliceStart; k < e.Candidate; k++)
            Assert.True(last[k][0] <= 3, $"candidate {k} (x0 = {last[k][0]}) throws too and comes first");
    }

    [Fact]
    public async Task BatchCallThatThrowsWhileEachCandidateAloneDoesNot_NamesTheCandidatesInThePopulation()
    {
        // Two slices of the population of 10: candidates 0..4 and 5..9, each one ValueBatch call on its silo.
        var evaluator = ClusterEvaluator.For<BatchOnlyThrows10>(_cluster.Client, new ClusterEvaluatorOptions { Slices = 2 });
        using var cma = new CmaEs<BatchOnlyThrows10>(new CmaEsOptions { Seed = 5 });
        Assert.Equal(10, cma.PopulationSize);
        var e = await Assert.ThrowsAsync<ObjectiveEvaluationException>(() => cma.MinimizeAsync(X0, Box10, evaluator.EvaluateAsync));
        Assert.Contains("BatchOnlyThrows10", e.Message);
        Assert.Matches(@"threw in ValueBatch on candidates (0\.\.4|5\.\.9) on silo .*, each of which evaluates alone without error: System.InvalidOperationException: the batch kernel failed", e.Message);
        Assert.Equal(-1, e.Candidate);
    }

    [Fact]
    public async Task ObjectiveNotHostedBySilos_IsAClearError()
    {
        var evaluator = new ClusterEvaluator(_cluster.Client, "NoSuchObjective", 10);
        using var cma = new CmaEs<Rastrigin10>(new CmaEsOptions { Seed = 5 });
        var e = await Assert.ThrowsAsync<ObjectiveEvaluationException>(() => cma.MinimizeAsync(X0, Box10, evaluator.EvaluateAsync));
        Assert.Contains("'NoSuchObjective' is not registered", e.Message);
    }

    [Fact]
    public async Task Cancellation_EndsTheRunWithCancelled_WithoutWaitingForTheSilos()
    {
        var evaluator = ClusterEvaluator.For<Blocking10>(_cluster.Client);
        using var cma = new CmaEs<Blocking10>(new CmaEsOptions { Seed = 5 });
        using var cancel = new CancellationTokenSource();
        OptimizationResult r;
        try
        {
            // The silos hold every candidate until the run is over; the run is cancelled once the calls are out.
            r = await cma.MinimizeAsync(X0, Box10, async (Population pop, Memory<double> values, CancellationToken ct) =>
            {
                Task evaluation = evaluator.EvaluateAsync(pop, values, ct).AsTask();
                cancel.Cancel();
                await evaluation;
            }, cancel.Token);
        }
        finally
        {
            Blocking10.Release.Set();
        }
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(0, r.Iterations);    // the generation in flight was discarded
        Assert.Equal(0, r.Evaluations);
        Assert.Equal(0, evaluator.Evaluations);
    }

    [Fact]
    public async Task CallsThatTimeOut_AreRetried_ThenFailClearly()
    {
        var evaluator = ClusterEvaluator.For<VerySlow10>(_cluster.Client, new ClusterEvaluatorOptions
        {
            Slices = 2, AttemptTimeout = TimeSpan.FromMilliseconds(150), MaxAttempts = 2, RetryDelay = TimeSpan.Zero,
        });
        using var cma = new CmaEs<VerySlow10>(new CmaEsOptions { Seed = 5 });
        var e = await Assert.ThrowsAsync<ClusterEvaluationException>(() => cma.MinimizeAsync(X0, Box10, evaluator.EvaluateAsync));
        Assert.Contains("in 2 attempts", e.Message);
        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.True(evaluator.Retries >= 1);
    }
}

/// <summary>A silo lost in the middle of a run: on a cluster of its own, since the test stops one of its silos.</summary>
public class SiloFailureTests(ITestOutputHelper output)
{
    private static readonly Bounds Box10 = Bounds.Uniform(10, -5.12, 5.12);
    private static readonly double[] X0 = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2];

    [Fact]
    public async Task SiloKilledWhileItEvaluates_ChangesNothingInTheResult()
    {
        var options = new CmaEsOptions { Seed = 17, Sigma0 = 2, MaxIterations = 16 };
        using var reference = new CmaEs<Rastrigin10>(options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));

        await using TestCluster cluster = await ThreeSilos.StartAsync();
        var evaluator = ClusterEvaluator.For<TrackedSlowRastrigin10>(cluster.Client, new ClusterEvaluatorOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(3), RetryDelay = TimeSpan.FromMilliseconds(50),
        });
        SiloHandle victim = cluster.SecondarySilos[0]; // not the primary, which holds the test cluster's membership
        bool killed = false;
        int generation = 0, killedIn = 0;
        using var cma = new CmaEs<TrackedSlowRastrigin10>(options);
        OptimizationResult r;
        try
        {
            r = await cma.MinimizeAsync(X0, Box10, async (Population pop, Memory<double> values, CancellationToken ct) =>
            {
                generation++;
                if (generation == 5)
                    TrackedSlowRastrigin10.Victim = victim.Name;   // from now on the victim holds on to its candidates
                Task evaluation = evaluator.EvaluateAsync(pop, values, ct).AsTask();
                if (!killed && generation >= 5)
                {
                    // Wait until the victim evaluates one of this generation's candidates (or the generation is done without it).
                    while (!TrackedSlowRastrigin10.VictimBusy.IsSet && !evaluation.IsCompleted)
                        await Task.Delay(1, ct);
                    if (TrackedSlowRastrigin10.VictimBusy.IsSet)
                    {
                        await cluster.KillSiloAsync(victim);
                        killed = true;
                        killedIn = generation;
                        TrackedSlowRastrigin10.Released.Set();
                    }
                }
                await evaluation;
            });
        }
        finally
        {
            TrackedSlowRastrigin10.Victim = null;
            TrackedSlowRastrigin10.Released.Set();
        }
        output.WriteLine($"killed {victim.Name} in generation {killedIn}; retries: {evaluator.Retries}; by silo: {string.Join(", ", evaluator.EvaluationsBySilo.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.True(killed, "the victim silo evaluated a candidate after generation 5");
        Assert.True(evaluator.Retries >= 1, "a call in flight on the killed silo was made again");
        SameBits.Assert(direct, r);
        Assert.Equal(direct.Evaluations, evaluator.Evaluations);
        Assert.Equal(2, cluster.GetActiveSilos().Count());
    }
}
