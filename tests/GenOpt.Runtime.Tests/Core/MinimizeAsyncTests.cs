using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GenOpt.Tests;

/// <summary>Evaluators for the MinimizeAsync tests.</summary>
internal static class AsyncEvaluators
{
    /// <summary>f evaluated at once (a completed ValueTask).</summary>
    public static Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> Immediate<T>() where T : struct, IObjective =>
        (x, _) => new ValueTask<double>(default(T).Value(x.Span));

    /// <summary>
    /// f evaluated after a random pause (Task.Yield or Task.Delay of 1-3 ms), so that the evaluations of a generation
    /// complete in random order; <paramref name="completionOrder"/> records, in completion order, the rank in which
    /// each evaluation was started within its generation.
    /// </summary>
    public static Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> Shuffled<T>(int seed, int generationSize,
        List<int> completionOrder) where T : struct, IObjective
    {
        var random = new Random(seed);
        var gate = new object();
        int started = 0;
        return async (x, ct) =>
        {
            int rank, pause;
            lock (gate)
            {
                rank = started++ % generationSize;
                pause = random.Next(4);
            }
            if (pause == 0)
                await Task.Yield();
            else
                await Task.Delay(pause, ct);
            double value = default(T).Value(x.Span);
            lock (gate)
                completionOrder.Add(rank);
            return value;
        };
    }

    /// <summary>True when some later entry of <paramref name="order"/> is smaller than the one before it.</summary>
    public static bool IsShuffled(List<int> order)
    {
        for (int i = 1; i < order.Count; i++)
            if (order[i] < order[i - 1] && order[i] != 0)
                return true;
        return false;
    }
}

/// <summary>Records every iteration; cancels a token after iteration <see cref="CancelAfter"/>.</summary>
internal struct RecordingObserver : IOptimizationObserver
{
    public List<IterationInfo> Infos;
    public long CancelAfter;
    public CancellationTokenSource? Cancel;

    public readonly bool OnIteration(in IterationInfo info)
    {
        Infos.Add(info);
        if (info.Iteration == CancelAfter)
            Cancel?.Cancel();
        return true;
    }
}

/// <summary>CmaEs.MinimizeAsync.</summary>
public class CmaEsMinimizeAsyncTests
{
    private static readonly Bounds Box10 = Bounds.Uniform(10, -5.12, 5.12);
    private static readonly double[] X0 = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2];

    // IPOP with short runs: four runs (lambda 10, 20, 40, 80) of 30 generations each.
    private static readonly CmaEsOptions Restarting = new()
    {
        Seed = 23, Sigma0 = 2, Restarts = RestartStrategy.Ipop, MaxRestarts = 3, MaxIterations = 30,
    };

    private static OptimizationResult AskTellLoop<T>(CmaEs<T> cma, ReadOnlySpan<double> x0, Bounds? bounds) where T : struct, IObjective
    {
        var f = default(T);
        cma.Initialize(x0, bounds);
        var values = new double[1024];
        while (cma.Status == TerminationReason.None)
        {
            Population pop = cma.Ask();
            for (int k = pop.Count - 1; k >= 0; k--)
                values[k] = f.Value(pop[k]);
            cma.Tell(values.AsSpan(0, pop.Count));
        }
        return SameBits.Own(cma.Result);
    }

    [Fact]
    public async Task EvaluationsCompletingInRandomOrder_GiveTheBitsOfMinimize_AndOfAnAskTellLoop_WithRestarts()
    {
        using var reference = new CmaEs<Rastrigin<D10>>(Restarting);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));
        Assert.Equal(3, direct.Restarts);
        SameBits.Assert(direct, AskTellLoop(reference, X0, Box10));
        using var threaded = new CmaEs<Rastrigin<D10>>(Restarting with { Threads = 4 });
        SameBits.Assert(direct, threaded.Minimize(X0, Box10));

        var order = new List<int>();
        using var cma = new CmaEs<Rastrigin<D10>>(Restarting);
        OptimizationResult r = await cma.MinimizeAsync(X0, Box10, AsyncEvaluators.Shuffled<Rastrigin<D10>>(5, 10, order));
        SameBits.Assert(direct, r);
        Assert.Equal(direct.Evaluations, order.Count);
        Assert.True(AsyncEvaluators.IsShuffled(order), "the evaluations completed in the order they were started");
        Assert.True(r.Elapsed > TimeSpan.Zero);
        Assert.Equal(OptimizerKind.CmaEs, r.Optimizer);
    }

    [Fact]
    public async Task BatchEvaluator_GivesTheBitsOfMinimize()
    {
        using var reference = new CmaEs<Rastrigin<D10>>(Restarting);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));
        using var cma = new CmaEs<Rastrigin<D10>>(Restarting);
        int batches = 0;
        OptimizationResult r = await cma.MinimizeAsync(X0, Box10, async (Population pop, Memory<double> values, CancellationToken ct) =>
        {
            batches++;
            await Task.Yield();
            // A distributed evaluator: fill the values in any order.
            Parallel.For(0, pop.Count, i => values.Span[i] = default(Rastrigin<D10>).Value(pop[i]));
        });
        SameBits.Assert(direct, r);
        Assert.Equal(direct.Iterations, batches);
    }

    [Fact]
    public async Task Progress_ReportsWhatTheObserverOfMinimizeSees()
    {
        var options = new CmaEsOptions { Seed = 3, MaxEvaluations = 555 };
        using var reference = new CmaEs<Rosenbrock<D10>>(options);
        var observer = new RecordingObserver { Infos = new List<IterationInfo>() };
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, null, ref observer));
        Assert.Equal(TerminationReason.MaxEvaluations, direct.Status);

        using var cma = new CmaEs<Rosenbrock<D10>>(options);
        var history = new OptimizationHistory();
        OptimizationResult r = await cma.MinimizeAsync(X0, null, AsyncEvaluators.Immediate<Rosenbrock<D10>>(), history.Record);
        SameBits.Assert(direct, r);
        Assert.Equal(observer.Infos, history.Entries);
    }

    [Fact]
    public async Task TargetValue_StopsTheAsyncRunAsMinimize()
    {
        var options = new CmaEsOptions { Seed = 8, TargetValue = 1e-6 };
        using var reference = new CmaEs<Sphere<D10>>(options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0));
        Assert.Equal(TerminationReason.TargetReached, direct.Status);
        using var cma = new CmaEs<Sphere<D10>>(options);
        SameBits.Assert(direct, await cma.MinimizeAsync(X0, null, AsyncEvaluators.Immediate<Sphere<D10>>()));
    }

    [Fact]
    public async Task NonFiniteValues_AreHandledAsByTell()
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(1);
        var options = new CmaEsOptions { Seed = 4, MaxIterations = 200 };
        using var reference = new CmaEs<SphereWithNaNHalfSpace>(options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(x0));
        Assert.True(direct.NonFiniteEvaluations > 0);
        using var cma = new CmaEs<SphereWithNaNHalfSpace>(options);
        SameBits.Assert(direct, await cma.MinimizeAsync(x0, null, async (x, ct) =>
        {
            await Task.Yield();
            return default(SphereWithNaNHalfSpace).Value(x.Span);
        }));
    }

    [Fact]
    public async Task GradientInjection_AskEvaluatesTheGradient_TheRunMatchesMinimize()
    {
        var options = new CmaEsOptions { Seed = 6, GradientInjection = true, TargetValue = 1e-12 };
        using var reference = new CmaEs<ProbedSphere>(options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(new double[] { 3, 3 }));
        Assert.Equal(TerminationReason.TargetReached, direct.Status);
        using var cma = new CmaEs<ProbedSphere>(options);
        SameBits.Assert(direct, await cma.MinimizeAsync(new double[] { 3, 3 }, null, AsyncEvaluators.Immediate<ProbedSphere>()));
    }

    [Fact]
    public async Task TheResultOwnsItsPoint_ASecondRunDoesNotChangeIt()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 50 });
        OptimizationResult first = await cma.MinimizeAsync(X0, null, AsyncEvaluators.Immediate<Sphere<D10>>());
        double[] copy = first.Point.ToArray();
        var far = new double[10];
        far.AsSpan().Fill(-40);
        OptimizationResult second = await cma.MinimizeAsync(far, null, AsyncEvaluators.Immediate<Sphere<D10>>());
        Assert.Equal(copy, first.Point.ToArray());
        Assert.NotEqual(copy, second.Point.ToArray());
        Assert.Contains("evaluations", first.ToString());
    }

    [Fact]
    public async Task CancelledBeforeTheStart_EndsWithCancelled_WithoutEvaluating()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        int calls = 0;
        OptimizationResult r = await cma.MinimizeAsync(X0, null, (x, ct) => { calls++; return new ValueTask<double>(0.0); },
            new CancellationToken(canceled: true));
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(0, r.Evaluations);
        Assert.Equal(0, calls);
        Assert.Equal(X0, r.Point.ToArray());
    }

    [Fact]
    public async Task CancelledFromProgress_EndsLikeMinimizeCancelledFromItsObserver()
    {
        var options = new CmaEsOptions { Seed = 12 };
        using var reference = new CmaEs<Rosenbrock<D10>>(options);
        using var cts1 = new CancellationTokenSource();
        var observer = new RecordingObserver { Infos = new List<IterationInfo>(), CancelAfter = 7, Cancel = cts1 };
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, null, ref observer, cts1.Token));
        Assert.Equal(TerminationReason.Cancelled, direct.Status);
        Assert.Equal(7, direct.Iterations);

        using var cma = new CmaEs<Rosenbrock<D10>>(options);
        using var cts2 = new CancellationTokenSource();
        OptimizationResult r = await cma.MinimizeAsync(X0, null, AsyncEvaluators.Immediate<Rosenbrock<D10>>(),
            info => { if (info.Iteration == 7) cts2.Cancel(); }, cts2.Token);
        SameBits.Assert(direct, r);
    }

    [Fact]
    public async Task CancelledWhileEvaluationsAreInFlight_DiscardsThatGeneration_AndEndsWithCancelled()
    {
        var options = new CmaEsOptions { Seed = 12 };
        using var reference = new CmaEs<Rosenbrock<D10>>(options);
        using var cts1 = new CancellationTokenSource();
        var observer = new RecordingObserver { Infos = new List<IterationInfo>(), CancelAfter = 2, Cancel = cts1 };
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, null, ref observer, cts1.Token));

        using var cma = new CmaEs<Rosenbrock<D10>>(options);
        using var cts = new CancellationTokenSource();
        var thirdGeneration = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;
        Task<OptimizationResult> run = cma.MinimizeAsync(X0, null, async (x, ct) =>
        {
            if (Interlocked.Increment(ref calls) <= 20)
                return default(Rosenbrock<D10>).Value(x.Span);
            thirdGeneration.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct); // ends only through the token
            return 0;
        }, cts.Token);
        await thirdGeneration.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(run.IsCompleted);
        cts.Cancel();
        OptimizationResult r = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        SameBits.Assert(direct, r); // 2 generations, 20 evaluations: the third is not told
        Assert.Throws<InvalidOperationException>(() => cma.Tell(new double[10])); // nothing is waiting for values
        Assert.Throws<InvalidOperationException>(() => cma.Ask());                // the run has stopped
    }

    [Fact]
    public async Task CancelledWhileABatchIsInFlight_EndsWithCancelled()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        using var cts = new CancellationTokenSource();
        int batches = 0;
        OptimizationResult r = await cma.MinimizeAsync(X0, null, async (Population pop, Memory<double> values, CancellationToken ct) =>
        {
            if (++batches == 4)
            {
                cts.CancelAfter(10);
                await Task.Delay(Timeout.Infinite, ct);
            }
            for (int i = 0; i < pop.Count; i++)
                values.Span[i] = default(Sphere<D10>).Value(pop[i]);
        }, cts.Token).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(3, r.Iterations);
        Assert.Equal(30, r.Evaluations);
    }

    [Fact]
    public async Task AnEvaluationThatThrows_FailsTheTask_TheOthersAreCancelled_AndTheInstanceIsFreeAgain()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 20 });
        int calls = 0, cancelled = 0;
        Task<OptimizationResult> run = cma.MinimizeAsync(X0, null, async (x, ct) =>
        {
            int call = Interlocked.Increment(ref calls);
            if (call <= 10)
                return default(Sphere<D10>).Value(x.Span);
            if (call == 20) // the last of generation 2, so that all of it has started
            {
                await Task.Yield();
                throw new InvalidOperationException("simulation 20 failed");
            }
            try
            {
                await Task.Delay(Timeout.Infinite, ct); // the others of generation 2 wait until told to stop
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }
            return 0;
        });
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("simulation 20 failed", e.Message);
        Assert.Equal(20, calls);
        Assert.Equal(9, cancelled);
        // The instance is free and runs as a fresh one.
        using var fresh = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 20 });
        SameBits.Assert(SameBits.Own(fresh.Minimize(X0)), cma.Minimize(X0));
    }

    [Fact]
    public async Task AnEvaluatorThatThrowsSynchronously_FailsTheTask_AfterTheStartedOnesFinish()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        int calls = 0, cancelled = 0;
        Task<OptimizationResult> run = cma.MinimizeAsync(X0, null, (x, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 4)
                throw new ArgumentException("bad candidate");
            return WaitForCancel(ct);
        });
        var e = await Assert.ThrowsAsync<ArgumentException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("bad candidate", e.Message);
        Assert.Equal(4, calls);      // no evaluation is started after the failure
        Assert.Equal(3, cancelled);  // the three started before it were cancelled and awaited

        async ValueTask<double> WaitForCancel(CancellationToken ct)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }
            return 0;
        }
    }

    [Fact]
    public async Task AnOperationCanceledExceptionOfTheEvaluatorsOwn_IsAnError_NotCancellation()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        using var own = new CancellationTokenSource();
        own.Cancel();
        Task<OptimizationResult> run = cma.MinimizeAsync(X0, null, async (x, ct) =>
        {
            await Task.Yield();
            own.Token.ThrowIfCancellationRequested(); // e.g. a time-out inside the evaluator
            return 0;
        });
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(own.Token, e.CancellationToken);
    }

    [Fact]
    public async Task ABatchThatThrows_FailsTheTask()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        int batches = 0;
        var e = await Assert.ThrowsAsync<TimeoutException>(() => cma.MinimizeAsync(X0, null,
            async (Population pop, Memory<double> values, CancellationToken ct) =>
            {
                await Task.Yield();
                if (++batches == 3)
                    throw new TimeoutException("cluster did not answer");
                for (int i = 0; i < pop.Count; i++)
                    values.Span[i] = default(Sphere<D10>).Value(pop[i]);
            }));
        Assert.Equal("cluster did not answer", e.Message);
        Assert.Equal(3, batches);
        using var fresh = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        SameBits.Assert(SameBits.Own(fresh.Minimize(X0)), cma.Minimize(X0)); // the instance is free again
    }

    [Fact]
    public async Task BatchEntriesLeftUnwritten_CountAsNaN()
    {
        var options = new CmaEsOptions { Seed = 9, MaxIterations = 40 };
        using var cma = new CmaEs<Sphere<D10>>(options);
        OptimizationResult r = await cma.MinimizeAsync(X0, null, (Population pop, Memory<double> values, CancellationToken ct) =>
        {
            for (int i = 0; i < pop.Count; i += 2) // odd candidates are left out
                values.Span[i] = default(Sphere<D10>).Value(pop[i]);
            return ValueTask.CompletedTask;
        });
        Assert.Equal(200, r.NonFiniteEvaluations);

        using var asked = new CmaEs<Sphere<D10>>(options);
        asked.Initialize(X0);
        var v = new double[10];
        while (asked.Status == TerminationReason.None)
        {
            Population pop = asked.Ask();
            for (int i = 0; i < pop.Count; i++)
                v[i] = i % 2 == 0 ? default(Sphere<D10>).Value(pop[i]) : double.NaN;
            asked.Tell(v);
        }
        SameBits.Assert(SameBits.Own(asked.Result), r);
    }

    [Fact]
    public async Task WhileTheRunIsInFlight_EveryOtherCallThrows_AndAfterItTheInstanceIsFree()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 5, Threads = 2 });
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<OptimizationResult> run = cma.MinimizeAsync(X0, null, async (x, ct) =>
        {
            entered.TrySetResult();
            await release.Task;
            return default(Sphere<D10>).Value(x.Span);
        });
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        AssertInFlight(() => cma.Minimize(X0));
        AssertInFlight(() => cma.MinimizeAsync(X0, null, AsyncEvaluators.Immediate<Sphere<D10>>()));
        AssertInFlight(() => cma.Initialize(X0));
        AssertInFlight(() => cma.Ask());
        AssertInFlight(() => cma.Tell(new double[10]));
        AssertInFlight(() => cma.Dispose());
        release.SetResult();
        OptimizationResult r = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TerminationReason.MaxIterations, r.Status);
        Assert.Equal(TerminationReason.MaxIterations, cma.Minimize(X0).Status); // free again, workers not disposed
    }

    [Fact]
    public async Task AnEvaluatorThatCallsTheOptimizer_GetsInvalidOperationException_WhichFailsTheRun()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => cma.MinimizeAsync(X0, null, (x, ct) =>
        {
            cma.Ask();
            return new ValueTask<double>(0.0);
        }));
        Assert.Contains("in flight", e.Message);
        using var fresh = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1 });
        SameBits.Assert(SameBits.Own(fresh.Minimize(X0)), await cma.MinimizeAsync(X0, null, AsyncEvaluators.Immediate<Sphere<D10>>()));
    }

    internal static void AssertInFlight(Action call)
    {
        var e = Assert.Throws<InvalidOperationException>(call);
        Assert.Contains("MinimizeAsync", e.Message);
        Assert.Contains("in flight", e.Message);
    }

    [Fact]
    public void ArgumentErrors_ThrowAtOnce_AndLeaveTheInstanceFree()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 3 });
        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> evaluate = AsyncEvaluators.Immediate<Sphere<D10>>();
        Assert.Equal("evaluate", Assert.Throws<ArgumentNullException>(() => { _ = cma.MinimizeAsync(X0, null, (Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>>)null!); }).ParamName);
        Assert.Equal("evaluateBatch", Assert.Throws<ArgumentNullException>(() => { _ = cma.MinimizeAsync(X0, null, (Func<Population, Memory<double>, CancellationToken, ValueTask>)null!); }).ParamName);
        Assert.Equal("progress", Assert.Throws<ArgumentNullException>(() => { _ = cma.MinimizeAsync(X0, null, evaluate, (Action<IterationInfo>)null!); }).ParamName);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => { _ = cma.MinimizeAsync(new double[3], null, evaluate); }).ParamName);
        var outside = new double[10];
        outside[4] = 9;
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => { _ = cma.MinimizeAsync(outside, Box10, evaluate); }).ParamName);
        Assert.Equal(TerminationReason.MaxIterations, cma.Minimize(X0).Status);
    }
}

/// <summary>Pso.MinimizeAsync.</summary>
public class PsoMinimizeAsyncTests
{
    private static readonly Bounds Box10 = Bounds.Uniform(10, -5.12, 5.12);

    // The budget ends inside an iteration: the last one evaluates only 22 of the 40 particles.
    private static readonly PsoOptions Options = new() { Seed = 31, Topology = PsoTopology.Random, MaxIterations = 100, MaxEvaluations = 2222 };

    [Fact]
    public async Task EvaluationsCompletingInRandomOrder_GiveTheBitsOfMinimize_AndOfAnAskTellLoop()
    {
        using var reference = new Pso<Rastrigin<D10>>(Options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(Box10));
        Assert.Equal(TerminationReason.MaxEvaluations, direct.Status);
        Assert.Equal(56, direct.Iterations);

        var f = default(Rastrigin<D10>);
        var values = new double[40];
        reference.Initialize(Box10);
        while (reference.Status == TerminationReason.None)
        {
            Population pop = reference.Ask();
            for (int k = pop.Count - 1; k >= 0; k--)
                values[k] = f.Value(pop[k]);
            reference.Tell(values.AsSpan(0, pop.Count));
        }
        SameBits.Assert(direct, reference.Result);
        using var threaded = new Pso<Rastrigin<D10>>(Options with { Threads = 3 });
        SameBits.Assert(direct, threaded.Minimize(Box10));

        var order = new List<int>();
        using var pso = new Pso<Rastrigin<D10>>(Options);
        OptimizationResult r = await pso.MinimizeAsync(Box10, AsyncEvaluators.Shuffled<Rastrigin<D10>>(7, 40, order));
        SameBits.Assert(direct, r);
        Assert.Equal(2222, order.Count);
        Assert.True(AsyncEvaluators.IsShuffled(order), "the evaluations completed in the order they were started");
        Assert.True(r.Elapsed > TimeSpan.Zero);
        Assert.Equal(OptimizerKind.Pso, r.Optimizer);
    }

    [Fact]
    public async Task WithX0_AndWithABatch_GiveTheBitsOfMinimize()
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(1.5);
        using var reference = new Pso<Rastrigin<D10>>(Options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(x0, Box10));
        using var pso = new Pso<Rastrigin<D10>>(Options);
        SameBits.Assert(direct, await pso.MinimizeAsync(x0, Box10, AsyncEvaluators.Immediate<Rastrigin<D10>>()));
        var sizes = new List<int>();
        SameBits.Assert(direct, await pso.MinimizeAsync(x0, Box10, async (Population pop, Memory<double> values, CancellationToken ct) =>
        {
            sizes.Add(pop.Count);
            await Task.Delay(1, ct);
            for (int i = pop.Count - 1; i >= 0; i--)
                values.Span[i] = default(Rastrigin<D10>).Value(pop[i]);
        }));
        Assert.Equal(56, sizes.Count);
        Assert.Equal(22, sizes[^1]);

        OptimizationResult withoutX0 = SameBits.Own(reference.Minimize(Box10));
        SameBits.Assert(withoutX0, await pso.MinimizeAsync(Box10, (Population pop, Memory<double> values, CancellationToken ct) =>
        {
            for (int i = 0; i < pop.Count; i++)
                values.Span[i] = default(Rastrigin<D10>).Value(pop[i]);
            return ValueTask.CompletedTask;
        }));
    }

    [Fact]
    public async Task Progress_ReportsWhatTheObserverOfMinimizeSees_InEveryOverload()
    {
        var x0 = new double[10];
        using var reference = new Pso<Sphere<D10>>(Options with { TargetValue = 1 });
        var observer = new RecordingObserver { Infos = new List<IterationInfo>() };
        OptimizationResult direct = SameBits.Own(reference.Minimize(x0, Box10, ref observer));
        Assert.Equal(TerminationReason.TargetReached, direct.Status);
        var observerNoX0 = new RecordingObserver { Infos = new List<IterationInfo>() };
        OptimizationResult directNoX0 = SameBits.Own(reference.Minimize(Box10, ref observerNoX0));

        using var pso = new Pso<Sphere<D10>>(Options with { TargetValue = 1 });
        ValueTask Batch(Population pop, Memory<double> values, CancellationToken ct)
        {
            for (int i = 0; i < pop.Count; i++)
                values.Span[i] = default(Sphere<D10>).Value(pop[i]);
            return ValueTask.CompletedTask;
        }
        var each = AsyncEvaluators.Immediate<Sphere<D10>>();
        var h1 = new OptimizationHistory();
        SameBits.Assert(direct, await pso.MinimizeAsync(x0, Box10, each, h1.Record));
        Assert.Equal(observer.Infos, h1.Entries);
        var h2 = new OptimizationHistory();
        SameBits.Assert(direct, await pso.MinimizeAsync(x0, Box10, Batch, h2.Record));
        Assert.Equal(observer.Infos, h2.Entries);
        var h3 = new OptimizationHistory();
        SameBits.Assert(directNoX0, await pso.MinimizeAsync(Box10, each, h3.Record));
        Assert.Equal(observerNoX0.Infos, h3.Entries);
        var h4 = new OptimizationHistory();
        SameBits.Assert(directNoX0, await pso.MinimizeAsync(Box10, Batch, h4.Record));
        Assert.Equal(observerNoX0.Infos, h4.Entries);
    }

    [Fact]
    public async Task NonFiniteValues_AreHandledAsByTell()
    {
        var options = new PsoOptions { Seed = 2, MaxIterations = 50 };
        var box = Bounds.Uniform(10, -1, 1);
        using var reference = new Pso<SphereWithNaNHalfSpace>(options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(box));
        Assert.True(direct.NonFiniteEvaluations > 0);
        using var pso = new Pso<SphereWithNaNHalfSpace>(options);
        SameBits.Assert(direct, await pso.MinimizeAsync(box, async (x, ct) =>
        {
            await Task.Yield();
            return default(SphereWithNaNHalfSpace).Value(x.Span);
        }));
    }

    [Fact]
    public async Task CancelledWhileEvaluationsAreInFlight_EndsWithCancelled_AfterTheToldIterations()
    {
        using var pso = new Pso<Sphere<D10>>(Options);
        using var cts = new CancellationTokenSource();
        int calls = 0;
        OptimizationResult r = await pso.MinimizeAsync(Box10, async (x, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 130)
                cts.CancelAfter(20);
            if (calls > 120)
                await Task.Delay(Timeout.Infinite, ct);
            return default(Sphere<D10>).Value(x.Span);
        }, cts.Token).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(3, r.Iterations);
        Assert.Equal(120, r.Evaluations);
        Assert.Throws<InvalidOperationException>(() => pso.Tell(new double[40])); // the fourth iteration was discarded
    }

    [Fact]
    public async Task AnEvaluationThatThrows_FailsTheTask_AndTheInstanceIsFreeAgain()
    {
        using var pso = new Pso<Sphere<D10>>(Options);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => pso.MinimizeAsync(Box10, async (x, ct) =>
        {
            await Task.Yield();
            if (x.Span[0] > 4)
                throw new InvalidOperationException("out of the valid range");
            return default(Sphere<D10>).Value(x.Span);
        }).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("out of the valid range", e.Message);
        using var fresh = new Pso<Sphere<D10>>(Options);
        SameBits.Assert(SameBits.Own(fresh.Minimize(Box10)), pso.Minimize(Box10));
    }

    [Fact]
    public async Task WhileTheRunIsInFlight_EveryOtherCallThrows_AndItWorksAfterDispose()
    {
        var pso = new Pso<Sphere<D10>>(Options with { Threads = 2, MaxIterations = 3 });
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<OptimizationResult> run = pso.MinimizeAsync(Box10, async (x, ct) =>
        {
            entered.TrySetResult();
            await release.Task;
            return default(Sphere<D10>).Value(x.Span);
        });
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        CmaEsMinimizeAsyncTests.AssertInFlight(() => pso.Minimize(Box10));
        CmaEsMinimizeAsyncTests.AssertInFlight(() => pso.MinimizeAsync(Box10, AsyncEvaluators.Immediate<Sphere<D10>>()));
        CmaEsMinimizeAsyncTests.AssertInFlight(() => pso.Initialize(Box10));
        CmaEsMinimizeAsyncTests.AssertInFlight(() => pso.Ask());
        CmaEsMinimizeAsyncTests.AssertInFlight(() => pso.Tell(new double[40]));
        CmaEsMinimizeAsyncTests.AssertInFlight(() => pso.Dispose());
        release.SetResult();
        Assert.Equal(TerminationReason.MaxIterations, (await run.WaitAsync(TimeSpan.FromSeconds(30))).Status);
        pso.Dispose();
        Assert.Equal(120, (await pso.MinimizeAsync(Box10, AsyncEvaluators.Immediate<Sphere<D10>>())).Evaluations);
    }

    [Fact]
    public void ArgumentErrors_ThrowAtOnce_AndLeaveTheInstanceFree()
    {
        using var pso = new Pso<Sphere<D10>>(Options with { MaxIterations = 2 });
        var evaluate = AsyncEvaluators.Immediate<Sphere<D10>>();
        Assert.Equal("bounds", Assert.Throws<ArgumentNullException>(() => { _ = pso.MinimizeAsync(null!, evaluate); }).ParamName);
        Assert.Equal("evaluate", Assert.Throws<ArgumentNullException>(() => { _ = pso.MinimizeAsync(Box10, (Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>>)null!); }).ParamName);
        var outside = new double[10];
        outside[2] = -6;
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => { _ = pso.MinimizeAsync(outside, Box10, evaluate); }).ParamName);
        Assert.Equal(80, pso.Minimize(Box10).Evaluations);
    }
}
