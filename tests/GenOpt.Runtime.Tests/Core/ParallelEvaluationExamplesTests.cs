using System;
using System.Threading;
using System.Threading.Tasks;

namespace GenOpt.Tests;

/// <summary>A dimension-only objective for an evaluator that runs elsewhere (README, "Evaluating in parallel").</summary>
public struct Remote10 : IObjective
{
    public static int Dimension => 10;
    public readonly double Value(ReadOnlySpan<double> x) => throw new NotSupportedException("evaluated remotely");
}

/// <summary>The README's "Evaluating in parallel" examples, run: each way gives the bits of a plain Minimize.</summary>
public class ParallelEvaluationExamplesTests
{
    private static readonly OptimizationResult Plain = Run();

    private static OptimizationResult Run()
    {
        var cma = new CmaEs<GeneratedRosenbrock.Objective>(new CmaEsOptions { Seed = 42 });
        OptimizationResult r = cma.Minimize(new double[10]);
        return r with { Point = r.Point.ToArray() };
    }

    [Fact]
    public void AskTell_WithParallelFor_GivesTheBitsOfMinimize()
    {
        var cma = new CmaEs<GeneratedRosenbrock.Objective>(new CmaEsOptions { Seed = 42 });
        var values = new double[cma.PopulationSize];
        cma.Initialize(new double[10]);
        while (cma.Status == TerminationReason.None)
        {
            Population pop = cma.Ask();
            Parallel.For(0, pop.Count, i => values[i] = GeneratedRosenbrock.Value(pop[i]));
            cma.Tell(values.AsSpan(0, pop.Count));
        }
        Assert.True(cma.Result.Value < 1e-10, $"f = {cma.Result.Value}");
        SameBits.Assert(Plain, cma.Result);
    }

    [Fact]
    public void Threads_GiveTheBitsOfOneThread()
    {
        using var cma = new CmaEs<GeneratedRosenbrock.Objective>(new CmaEsOptions { Seed = 42, Threads = 4 });
        SameBits.Assert(Plain, cma.Minimize(new double[10]));
    }

    [Fact]
    public async Task MinimizeAsync_WithRemoteEvaluators_GivesTheBitsOfMinimize()
    {
        var simulator = new FakeSimulator();
        var cma = new CmaEs<Remote10>(new CmaEsOptions { Seed = 42 });
        OptimizationResult r = await cma.MinimizeAsync(new double[10], null,
            async (ReadOnlyMemory<double> x, CancellationToken ct) => await simulator.RunAsync(x, ct));
        SameBits.Assert(Plain, r);

        var history = new OptimizationHistory();
        using var pso = new Pso<Remote10>(new PsoOptions { Seed = 7, MaxIterations = 50 });
        using var psoReference = new Pso<GeneratedRosenbrock.Objective>(new PsoOptions { Seed = 7, MaxIterations = 50 });
        OptimizationResult s = await pso.MinimizeAsync(Bounds.Uniform(10, -5, 5),
            async (Population pop, Memory<double> values, CancellationToken ct) => await simulator.EvaluateAsync(pop.AsMemory(), values, ct),
            history.Record);
        SameBits.Assert(psoReference.Minimize(Bounds.Uniform(10, -5, 5)), s);
        Assert.Equal(50, history.Count);
    }

    /// <summary>Stands for a remote simulation: Rosenbrock, answered after a yield.</summary>
    private sealed class FakeSimulator
    {
        public async ValueTask<double> RunAsync(ReadOnlyMemory<double> x, CancellationToken ct)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            return GeneratedRosenbrock.Value(x.Span);
        }

        public async Task EvaluateAsync(ReadOnlyMemory<double> points, Memory<double> values, CancellationToken ct)
        {
            await Task.Yield();
            for (int i = 0; i < values.Length; i++)
                values.Span[i] = GeneratedRosenbrock.Value(points.Span.Slice(i * 10, 10));
        }
    }
}
