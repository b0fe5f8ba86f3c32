using System;
using System.Threading;
using System.Threading.Tasks;

namespace GenOpt.Tests;

/// <summary>
/// Runs a hook once, in the next objective call after <see cref="Arm"/> (on whichever thread makes it, or only on a
/// thread whose name starts with the given prefix).
/// </summary>
public sealed class Probe
{
    private Action? _hook;
    private string? _threadPrefix;

    public void Arm(Action hook, string? threadPrefix = null)
    {
        _threadPrefix = threadPrefix;
        Volatile.Write(ref _hook, hook);
    }

    public void Hit()
    {
        if (Volatile.Read(ref _hook) is null)
            return;
        if (_threadPrefix is { } prefix && Thread.CurrentThread.Name?.StartsWith(prefix, StringComparison.Ordinal) != true)
            return;
        Interlocked.Exchange(ref _hook, null)?.Invoke();
    }
}

/// <summary>A hook that signals that a call has been entered and waits until the test releases it.</summary>
public sealed class Blocker
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    public readonly ManualResetEventSlim Entered = new();
    public readonly ManualResetEventSlim Released = new();

    public void Block()
    {
        Entered.Set();
        if (!Released.Wait(Timeout))
            throw new TimeoutException("The test never released the blocked call.");
    }
}

/// <summary>f(x) = (x0 - 1)^2 + (x1 + 0.5)^2 (f* = 0 at (1, -0.5)), with a probe in every evaluation.</summary>
public struct ProbedSphere : IDifferentiableObjective
{
    public Probe? Probe;
    public static int Dimension => 2;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        Probe?.Hit();
        return (x[0] - 1) * (x[0] - 1) + (x[1] + 0.5) * (x[1] + 0.5);
    }

    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Probe?.Hit();
        gradient[0] = 2 * (x[0] - 1);
        gradient[1] = 2 * (x[1] + 0.5);
        return (x[0] - 1) * (x[0] - 1) + (x[1] + 0.5) * (x[1] + 0.5);
    }
}

/// <summary>
/// Minimize (x0 - 1)^2 + (x1 + 0.5)^2 subject to x0 + x1 = 1: the solution is (1.25, -0.25) with f = 0.125.
/// A probe runs in every evaluation of the objective.
/// </summary>
public struct ProbedLineProblem : IConstrainedProblem
{
    public Probe? Probe;
    public static int Dimension => 2;
    public static int EqualityCount => 1;
    public static int InequalityCount => 0;

    public readonly double Value(ReadOnlySpan<double> x)
    {
        Probe?.Hit();
        return (x[0] - 1) * (x[0] - 1) + (x[1] + 0.5) * (x[1] + 0.5);
    }

    public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Probe?.Hit();
        gradient[0] = 2 * (x[0] - 1);
        gradient[1] = 2 * (x[1] + 0.5);
        return (x[0] - 1) * (x[0] - 1) + (x[1] + 0.5) * (x[1] + 0.5);
    }

    public readonly void Constraints(ReadOnlySpan<double> x, Span<double> equalities, Span<double> inequalities)
        => equalities[0] = x[0] + x[1] - 1;

    public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> equalityJacobian, Span<double> inequalityJacobian)
    {
        equalityJacobian[0] = 1;
        equalityJacobian[1] = 1;
    }
}

/// <summary>A walk on 0..99 with energy (x - 37)^2 and moves of ±1, with a probe in every proposal.</summary>
public struct ProbedWalk : IAnnealingProblem<int[]>
{
    public Probe? Probe;
    private int _step;
    public readonly int[] CreateState() => new int[1];
    public readonly void Copy(in int[] source, ref int[] destination) => destination[0] = source[0];
    public readonly double Energy(in int[] state) => E(state[0]);
    private static double E(int x) => (x - 37) * (x - 37);

    public double Propose(ref int[] state, ref RandomSource random)
    {
        Probe?.Hit();
        int x = state[0];
        _step = random.NextInt(2) == 0 ? -1 : 1;
        if (x + _step < 0 || x + _step > 99) _step = -_step;
        state[0] = x + _step;
        return E(x + _step) - E(x);
    }

    public readonly void Commit(ref int[] state) { }
    public readonly void Undo(ref int[] state) => state[0] -= _step;
}

/// <summary>
/// One optimizer instance runs one call at a time: a second call while one runs — from another thread, or from the
/// running call's own objective or observer — throws <see cref="InvalidOperationException"/> naming the optimizer,
/// leaves the running call undisturbed and the instance usable afterwards.
/// </summary>
public class ConcurrencyTests
{
    private static readonly Bounds Box = Bounds.Uniform(2, -5, 5);
    private static readonly double[] X0 = [3, 2];

    private static readonly CmaEsOptions CmaOptions = new() { Seed = 7, Sigma0 = 1, TargetValue = 1e-12 };
    private static readonly PsoOptions PsoOptions1 = new() { Seed = 7, MaxIterations = 200 };
    private static readonly DualAnnealingOptions AnnealOptions = new() { Seed = 7, MaxIterations = 50 };
    private static readonly SimulatedAnnealingOptions WalkOptions = new() { Seed = 7, TemperatureSteps = 50, MovesPerTemperature = 100 };

    // ---- helpers ---------------------------------------------------------------------------------

    /// <summary>A copy of a result whose point does not alias an optimizer's workspace.</summary>
    private readonly record struct Snapshot(double[] Point, double Value, long Evaluations, long Iterations, TerminationReason Status)
    {
        public static Snapshot Of(in OptimizationResult r) => new(r.Point.ToArray(), r.Value, r.Evaluations, r.Iterations, r.Status);
        public static Snapshot Of<TProblem>(in SlsqpResult<TProblem> r) where TProblem : struct, IConstrainedProblem
            => new(r.Point.ToArray(), r.Value, r.Evaluations, r.Iterations, r.Status);
    }

    private static void AssertSameRun(Snapshot expected, Snapshot actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Value, actual.Value);
        Assert.Equal(expected.Evaluations, actual.Evaluations);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.Point, actual.Point);
    }

    /// <summary>Asserts that <paramref name="call"/> is refused as an overlapping call on a <paramref name="optimizer"/>.</summary>
    private static InvalidOperationException AssertBusy(string optimizer, Action call)
    {
        var e = Assert.Throws<InvalidOperationException>(call);
        Assert.Contains(optimizer, e.Message);
        Assert.Contains("one call at a time", e.Message);
        return e;
    }

    /// <summary>
    /// Starts <paramref name="run"/> on its own thread, waits until it is blocked inside the objective, runs
    /// <paramref name="whileBlocked"/> on the test thread, releases the run and returns its result.
    /// </summary>
    private static T RunBlocked<T>(Probe probe, Func<T> run, Action whileBlocked)
    {
        var blocker = new Blocker();
        probe.Arm(blocker.Block);
        Task<T> task = Task.Factory.StartNew(run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            Assert.True(blocker.Entered.Wait(Blocker.Timeout), "The run never reached its objective.");
            whileBlocked();
        }
        finally
        {
            blocker.Released.Set();
        }
        Assert.True(task.Wait(Blocker.Timeout), "The released run did not finish.");
        return task.Result;
    }

    private struct Reenter : IOptimizationObserver
    {
        public Action? Once;
        public bool OnIteration(in IterationInfo info)
        {
            Action? a = Once;
            Once = null;
            a?.Invoke();
            return true;
        }
    }

    // ---- CMA-ES -----------------------------------------------------------------------------------

    [Fact]
    public void CmaEs_CallsFromAnotherThreadDuringMinimize_Throw_AndTheRunIsUndisturbed()
    {
        Snapshot expected = Snapshot.Of(new CmaEs<ProbedSphere>(CmaOptions).Minimize(X0, Box));
        Assert.Equal(TerminationReason.TargetReached, expected.Status);

        var probe = new Probe();
        var cma = new CmaEs<ProbedSphere>(new ProbedSphere { Probe = probe }, CmaOptions);
        var values = new double[cma.PopulationSize];
        Snapshot actual = RunBlocked(probe, () => Snapshot.Of(cma.Minimize(X0, Box)), () =>
        {
            InvalidOperationException e = AssertBusy("CmaEs", () => cma.Minimize(X0, Box));
            Assert.Contains("another thread", e.Message);
            AssertBusy("CmaEs", () => cma.Ask());
            AssertBusy("CmaEs", () => cma.Tell(values));
            AssertBusy("CmaEs", () => cma.Initialize(X0, Box));
        });
        AssertSameRun(expected, actual);
        AssertSameRun(expected, Snapshot.Of(cma.Minimize(X0, Box))); // usable again
    }

    [Fact]
    public void CmaEs_CallsDuringAnAsk_Throw_AndTellMayFollowFromAnotherThread()
    {
        // With gradient injection, Ask evaluates the gradient at the mean, so an Ask can be caught while it runs.
        CmaEsOptions options = CmaOptions with { GradientInjection = true };
        Snapshot expected = Snapshot.Of(new CmaEs<ProbedSphere>(options).Minimize(X0, Box));
        Assert.Equal(TerminationReason.TargetReached, expected.Status);

        var probe = new Probe();
        var cma = new CmaEs<ProbedSphere>(new ProbedSphere { Probe = probe }, options);
        var values = new double[cma.PopulationSize];
        cma.Initialize(X0, Box);
        int asked = RunBlocked(probe, () => cma.Ask().Count, () =>
        {
            AssertBusy("CmaEs", () => cma.Ask());
            AssertBusy("CmaEs", () => cma.Tell(values));
            AssertBusy("CmaEs", () => cma.Minimize(X0, Box));
            AssertBusy("CmaEs", () => cma.Initialize(X0, Box));
        });
        Assert.Equal(cma.PopulationSize, asked);

        // The Ask on the other thread is over: Ask (the same candidates again) and Tell from this thread carry on.
        ref ProbedSphere f = ref cma.Objective;
        while (true)
        {
            Population p = cma.Ask();
            for (int k = 0; k < p.Count; k++)
                values[k] = f.Value(p[k]);
            if (cma.Tell(values.AsSpan(0, p.Count)) != TerminationReason.None)
                break;
        }
        AssertSameRun(expected, Snapshot.Of(cma.Result));
    }

    [Fact]
    public void CmaEs_MinimizeFromItsOwnObjective_Throws_AndTheOuterRunGoesOn()
    {
        Snapshot expected = Snapshot.Of(new CmaEs<ProbedSphere>(CmaOptions).Minimize(X0, Box));
        var probe = new Probe();
        var cma = new CmaEs<ProbedSphere>(new ProbedSphere { Probe = probe }, CmaOptions);
        Exception? inner = null;
        probe.Arm(() => inner = Record.Exception(() => cma.Minimize(X0, Box)));
        Snapshot actual = Snapshot.Of(cma.Minimize(X0, Box));
        var e = Assert.IsType<InvalidOperationException>(inner);
        Assert.Contains("CmaEs", e.Message);
        Assert.Contains("same thread", e.Message);
        AssertSameRun(expected, actual);
    }

    [Fact]
    public void CmaEs_AskFromTheObserver_Throws_OutOfTheOuterMinimize_AndReleasesTheInstance()
    {
        Snapshot expected = Snapshot.Of(new CmaEs<ProbedSphere>(CmaOptions).Minimize(X0, Box));
        var cma = new CmaEs<ProbedSphere>(CmaOptions);
        var observer = new Reenter { Once = () => cma.Ask() };
        AssertBusy("CmaEs", () => cma.Minimize(X0, Box, ref observer));
        AssertSameRun(expected, Snapshot.Of(cma.Minimize(X0, Box)));
    }

    // ---- PSO --------------------------------------------------------------------------------------

    [Fact]
    public void Pso_CallsFromAnotherThreadDuringMinimize_Throw_AndTheRunIsUndisturbed()
    {
        Snapshot expected;
        using (var reference = new Pso<ProbedSphere>(PsoOptions1))
            expected = Snapshot.Of(reference.Minimize(Box));
        Assert.True(expected.Value < 1e-12, $"f = {expected.Value}");

        var probe = new Probe();
        using var pso = new Pso<ProbedSphere>(new ProbedSphere { Probe = probe }, PsoOptions1);
        var values = new double[pso.SwarmSize];
        Snapshot actual = RunBlocked(probe, () => Snapshot.Of(pso.Minimize(Box)), () =>
        {
            AssertBusy("Pso", () => pso.Minimize(Box));
            AssertBusy("Pso", () => pso.Minimize(X0, Box));
            AssertBusy("Pso", () => pso.Ask());
            AssertBusy("Pso", () => pso.Tell(values));
            AssertBusy("Pso", () => pso.Initialize(Box));
            AssertBusy("Pso", () => pso.Initialize(X0, Box));
        });
        AssertSameRun(expected, actual);
        AssertSameRun(expected, Snapshot.Of(pso.Minimize(Box)));
    }

    [Fact]
    public void Pso_WithWorkerThreads_InternalParallelEvaluationIsNotRefused_ButAnotherCallAndDisposeAre()
    {
        Snapshot expected;
        using (var reference = new Pso<ProbedSphere>(PsoOptions1))
            expected = Snapshot.Of(reference.Minimize(Box));

        var probe = new Probe();
        var pso = new Pso<ProbedSphere>(new ProbedSphere { Probe = probe }, PsoOptions1 with { Threads = 2 });
        try
        {
            Snapshot actual = RunBlocked(probe, () => Snapshot.Of(pso.Minimize(Box)), () =>
            {
                AssertBusy("Pso", () => pso.Minimize(Box));
                AssertBusy("Pso", () => pso.Ask());
                AssertBusy("Pso", () => pso.Dispose());
            });
            AssertSameRun(expected, actual); // the result does not depend on the number of threads
            AssertSameRun(expected, Snapshot.Of(pso.Minimize(Box)));
        }
        finally
        {
            pso.Dispose();
        }
    }

    [Fact]
    public void Pso_MinimizeFromItsOwnObjective_OnAWorkerThread_Throws_OutOfTheOuterMinimize()
    {
        Snapshot expected;
        using (var reference = new Pso<ProbedSphere>(PsoOptions1))
            expected = Snapshot.Of(reference.Minimize(Box));

        var probe = new Probe();
        using var pso = new Pso<ProbedSphere>(new ProbedSphere { Probe = probe }, PsoOptions1 with { Threads = 2 });
        probe.Arm(() => pso.Minimize(Box), threadPrefix: "GenOpt PSO worker");
        Exception? outer = null;
        var thread = new Thread(() => outer = Record.Exception(() => pso.Minimize(Box))) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(Blocker.Timeout), "The run with a re-entrant objective did not finish.");
        var e = Assert.IsType<InvalidOperationException>(outer);
        Assert.Contains("Pso", e.Message);
        AssertSameRun(expected, Snapshot.Of(pso.Minimize(Box)));
    }

    [Fact]
    public void Pso_InitializeFromTheObserver_Throws_OutOfTheOuterMinimize_AndReleasesTheInstance()
    {
        Snapshot expected;
        using (var reference = new Pso<ProbedSphere>(PsoOptions1))
            expected = Snapshot.Of(reference.Minimize(Box));
        using var pso = new Pso<ProbedSphere>(PsoOptions1);
        var observer = new Reenter { Once = () => pso.Initialize(Box) };
        InvalidOperationException e = AssertBusy("Pso", () => pso.Minimize(Box, ref observer));
        Assert.Contains("same thread", e.Message);
        AssertSameRun(expected, Snapshot.Of(pso.Minimize(Box)));
    }

    // ---- Dual annealing ---------------------------------------------------------------------------

    [Fact]
    public void DualAnnealing_MinimizeFromAnotherThread_Throws_AndTheRunIsUndisturbed()
    {
        Snapshot expected = Snapshot.Of(new DualAnnealing<ProbedSphere>(AnnealOptions).Minimize(X0, Box));
        Assert.True(expected.Value < 1e-12, $"f = {expected.Value}");

        var probe = new Probe();
        var da = new DualAnnealing<ProbedSphere>(new ProbedSphere { Probe = probe }, AnnealOptions);
        Snapshot actual = RunBlocked(probe, () => Snapshot.Of(da.Minimize(X0, Box)), () =>
        {
            AssertBusy("DualAnnealing", () => da.Minimize(X0, Box));
            AssertBusy("DualAnnealing", () => da.Minimize(Box));
        });
        AssertSameRun(expected, actual);
        AssertSameRun(expected, Snapshot.Of(da.Minimize(X0, Box)));
    }

    [Fact]
    public void DualAnnealing_MinimizeFromItsOwnObjective_Throws_AndTheOuterRunGoesOn()
    {
        Snapshot expected = Snapshot.Of(new DualAnnealing<ProbedSphere>(AnnealOptions).Minimize(X0, Box));
        var probe = new Probe();
        var da = new DualAnnealing<ProbedSphere>(new ProbedSphere { Probe = probe }, AnnealOptions);
        Exception? inner = null;
        probe.Arm(() => inner = Record.Exception(() => da.Minimize(X0, Box)));
        Snapshot actual = Snapshot.Of(da.Minimize(X0, Box));
        Assert.Contains("DualAnnealing", Assert.IsType<InvalidOperationException>(inner).Message);
        AssertSameRun(expected, actual);
    }

    // ---- L-BFGS-B ---------------------------------------------------------------------------------

    [Fact]
    public void Lbfgsb_MinimizeFromAnotherThread_Throws_AndTheRunIsUndisturbed()
    {
        Snapshot expected = Snapshot.Of(new Lbfgsb<ProbedSphere>().Minimize(X0, Box));
        Assert.True(expected.Status.IsConverged(), expected.Status.ToString());
        Assert.Equal(1.0, expected.Point[0], 1e-8);
        Assert.Equal(-0.5, expected.Point[1], 1e-8);

        var probe = new Probe();
        var lbfgsb = new Lbfgsb<ProbedSphere>(new ProbedSphere { Probe = probe });
        Snapshot actual = RunBlocked(probe, () => Snapshot.Of(lbfgsb.Minimize(X0, Box)), () =>
        {
            AssertBusy("Lbfgsb", () => lbfgsb.Minimize(X0, Box));
            AssertBusy("Lbfgsb", () => lbfgsb.Minimize([-4.0, 4.0]));
        });
        AssertSameRun(expected, actual);
        AssertSameRun(expected, Snapshot.Of(lbfgsb.Minimize(X0, Box)));
    }

    [Fact]
    public void Lbfgsb_MinimizeFromItsOwnObjective_NotCaught_ThrowsOutOfTheOuterRun_AndReleasesTheInstance()
    {
        Snapshot expected = Snapshot.Of(new Lbfgsb<ProbedSphere>().Minimize(X0, Box));
        var probe = new Probe();
        var lbfgsb = new Lbfgsb<ProbedSphere>(new ProbedSphere { Probe = probe });
        probe.Arm(() => lbfgsb.Minimize(X0, Box));
        InvalidOperationException e = AssertBusy("Lbfgsb", () => lbfgsb.Minimize(X0, Box));
        Assert.Contains("same thread", e.Message);
        AssertSameRun(expected, Snapshot.Of(lbfgsb.Minimize(X0, Box)));
    }

    // ---- SLSQP ------------------------------------------------------------------------------------

    [Fact]
    public void Slsqp_MinimizeFromAnotherThread_Throws_AndTheRunIsUndisturbed()
    {
        Snapshot expected = Snapshot.Of(new Slsqp<ProbedLineProblem>().Minimize(X0, Box));
        Assert.Equal(TerminationReason.FunctionTolerance, expected.Status);
        Assert.Equal(0.125, expected.Value, 1e-10);
        Assert.Equal(1.25, expected.Point[0], 1e-6);
        Assert.Equal(-0.25, expected.Point[1], 1e-6);

        var probe = new Probe();
        var slsqp = new Slsqp<ProbedLineProblem>(new ProbedLineProblem { Probe = probe });
        Snapshot actual = RunBlocked(probe, () => Snapshot.Of(slsqp.Minimize(X0, Box)), () =>
        {
            AssertBusy("Slsqp", () => slsqp.Minimize(X0, Box));
            AssertBusy("Slsqp", () => slsqp.Minimize([-4.0, 4.0]));
        });
        AssertSameRun(expected, actual);
        AssertSameRun(expected, Snapshot.Of(slsqp.Minimize(X0, Box)));
    }

    [Fact]
    public void Slsqp_MinimizeFromItsObserver_Throws_AndTheOuterRunGoesOn()
    {
        Snapshot expected = Snapshot.Of(new Slsqp<ProbedLineProblem>().Minimize(X0, Box));
        var slsqp = new Slsqp<ProbedLineProblem>();
        Exception? inner = null;
        var observer = new Reenter { Once = () => inner = Record.Exception(() => slsqp.Minimize(X0, Box)) };
        Snapshot actual = Snapshot.Of(slsqp.Minimize(X0, Box, ref observer));
        Assert.Contains("Slsqp", Assert.IsType<InvalidOperationException>(inner).Message);
        AssertSameRun(expected, actual);
    }

    // ---- Simulated annealing ------------------------------------------------------------------------

    /// <summary>The result without its wall-clock time, which differs from run to run.</summary>
    private static AnnealingResult Untimed(AnnealingResult r) => r with { Elapsed = TimeSpan.Zero };

    [Fact]
    public void SimulatedAnnealing_MinimizeFromAnotherThread_Throws_AndTheRunIsUndisturbed()
    {
        int[] referenceState = [90];
        AnnealingResult expected = new SimulatedAnnealing<int[], ProbedWalk>(default, WalkOptions).Minimize(ref referenceState);
        Assert.Equal(37, referenceState[0]);
        Assert.Equal(0, expected.Value);

        var probe = new Probe();
        var sa = new SimulatedAnnealing<int[], ProbedWalk>(new ProbedWalk { Probe = probe }, WalkOptions);
        int[] state = [90];
        AnnealingResult actual = RunBlocked(probe, () => sa.Minimize(ref state), () =>
        {
            int[] other = [10];
            AssertBusy("SimulatedAnnealing", () => sa.Minimize(ref other));
            Assert.Equal(10, other[0]);
        });
        Assert.Equal(Untimed(expected), Untimed(actual));
        Assert.Equal(referenceState, state);
        int[] again = [90];
        Assert.Equal(Untimed(expected), Untimed(sa.Minimize(ref again)));
        Assert.Equal(referenceState, again);
    }

    [Fact]
    public void SimulatedAnnealing_MinimizeFromItsOwnProblem_Throws_AndTheOuterRunGoesOn()
    {
        int[] referenceState = [90];
        AnnealingResult expected = new SimulatedAnnealing<int[], ProbedWalk>(default, WalkOptions).Minimize(ref referenceState);
        var probe = new Probe();
        var sa = new SimulatedAnnealing<int[], ProbedWalk>(new ProbedWalk { Probe = probe }, WalkOptions);
        Exception? inner = null;
        probe.Arm(() => inner = Record.Exception(() =>
        {
            int[] other = [10];
            sa.Minimize(ref other);
        }));
        int[] state = [90];
        AnnealingResult actual = sa.Minimize(ref state);
        Assert.Contains("SimulatedAnnealing", Assert.IsType<InvalidOperationException>(inner).Message);
        Assert.Equal(Untimed(expected), Untimed(actual));
        Assert.Equal(referenceState, state);
    }
}
