using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace GenOpt.Benchmarks;

/// <summary>
/// Value-and-gradient against value for the corpus objectives of the generator tests (tests/Shared/Corpus), timed with
/// a stopwatch so that all 74 fit in a couple of minutes: <c>--corpus</c> (the five largest), <c>--corpus all</c>
/// (every corpus objective), <c>--corpus Name</c> (the objectives whose name contains Name).
/// </summary>
/// <remarks>
/// How it is made comparable:
/// <list type="bullet">
/// <item>Both methods are called through the same generated <c>Objective</c> struct, from the same generic code
/// specialised for that struct (no interface or delegate call), through one non-inlined wrapper each that checks the
/// spans' lengths the same way; the loop around the wrapper cannot hoist any of the objective's work out of it.</item>
/// <item>Warm-up past tiered compilation: both methods run in rounds of calls with a pause (longer than the runtime's
/// 100 ms call-counting delay) after each, until a whole round compiles no method
/// (<see cref="System.Runtime.JitInfo.GetCompiledMethodCount"/> unchanged) and at least four rounds have run, so
/// both are measured in their final (tier-1, profile-guided) code.</item>
/// <item>Thread CPU time, not wall time: on Linux each batch is timed with <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>,
/// so the time the thread spends descheduled on a loaded machine is not counted (elsewhere a stopwatch).</item>
/// <item>Alternation: each measuring round times one batch of value calls and one batch of value-and-gradient calls
/// back to back (in alternating order), so a change of load moves both; the ratio of each round is kept and the
/// median over the rounds is reported with the lowest and highest ratio and the interquartile range.</item>
/// </list>
/// </remarks>
public static class CorpusGradientTiming
{
    /// <summary>One corpus objective: its type, how to make its generated objective, and where its point lies.</summary>
    private sealed record Entry(string Name, Func<object> Make, double Lo, double Hi, double[]? Centre = null);

    private static readonly double[] Lattice = [0.79, 0, 0, -0.79, 0, 0, 0, 0.79, 0, 0, -0.79, 0, 0, 0, 0.79, 0, 0, -0.79];
    private static readonly double[] Tetrahedron = [0.3, 0.1, 1.91, 0.2, 1.91, 2.2, 1.91, 4.3];
    private static readonly double[] Square = [0, 0, 1, 0, 1, 1, 0, 1];
    private static readonly double[] Chain = [0.8, -0.5, 1.6, -0.8, 2.4, -0.9, 3.2, -0.6, 3.8, -0.3];
    private static readonly double[] Line = [0, 0, 0.8, 0.1, 1.6, 0, 2.4, 0.1];

    /// <summary>The five largest (tests/Shared/Corpus/Largest.cs), measured by default.</summary>
    private static readonly string[] Largest = ["ElasticNet", "SoftmaxRegression", "MlpLoops", "LennardJonesCluster", "GaussianMixture"];

    // The same objectives, data and point ranges as tests/GenOpt.Generators.Tests/Corpus/NaturalCorpusTests.cs.
    private static readonly Entry[] Entries =
    [
        new("ElasticNet", () => new global::Corpus.ElasticNet(global::Corpus.CorpusData.Uniform(40 * 8, 1, -1, 1), global::Corpus.CorpusData.Uniform(40, 2, -1, 1), 0.05, 0.1).AsObjective(), -0.7, 0.7),
        new("SoftmaxRegression", () => new global::Corpus.SoftmaxRegression.Objective(), -0.7, 0.7),
        new("MlpLoops", () => new global::Corpus.MlpLoops.Objective(), -0.8, 0.8),
        new("LennardJonesCluster", () => new global::Corpus.LennardJonesCluster.Objective(), -0.1, 0.1, Lattice),
        new("GaussianMixture", () => new global::Corpus.GaussianMixture(global::Corpus.CorpusData.Uniform(50, 3, -1, 2)).AsObjective(), -0.5, 0.8),
        new("LogisticRegression", () => new global::Corpus.LogisticRegression(global::Corpus.CorpusData.Uniform(30 * 3, 4, -1, 1), global::Corpus.CorpusData.Labels(global::Corpus.CorpusData.Uniform(30 * 3, 4, -1, 1), 3, 5)).AsObjective(), -1, 1),
        new("HuberRegression", () => new global::Corpus.HuberRegression(global::Corpus.CorpusData.Uniform(20, 6, 0, 2), global::Corpus.CorpusData.Uniform(20, 7, 0, 4), 0.5).AsObjective(), 0.3, 1.4),
        new("RidgeRegression", () => new global::Corpus.RidgeRegression(global::Corpus.CorpusData.Uniform(25 * 5, 8, -1, 1), global::Corpus.CorpusData.Uniform(25, 9, -1, 1), 0.1).AsObjective(), -1, 1),
        new("LassoSmoothed", () => new global::Corpus.LassoSmoothed.Objective(), -1, 1),
        new("MlpStackalloc", () => new global::Corpus.MlpStackalloc.Objective(), -0.8, 0.8),
        new("Mlp2Stackalloc", () => new global::Corpus.Mlp2Stackalloc.Objective(), -0.8, 0.8),
        new("PoissonRegression", () => new global::Corpus.PoissonRegression(global::Corpus.CorpusData.Uniform(15, 10, 0, 2), [1, 0, 2, 3, 1, 4, 2, 5, 3, 6, 2, 4, 7, 5, 3]).AsObjective(), -0.5, 0.5),
        new("GammaRegression", () => new global::Corpus.GammaRegression(global::Corpus.CorpusData.Uniform(12, 11, 0, 2), global::Corpus.CorpusData.Uniform(12, 12, 0.5, 3)).AsObjective(), -0.5, 0.5),
        new("FourParameterLogistic", () => new global::Corpus.FourParameterLogistic.Objective(), 0.3, 1.4),
        new("CauchyRegression", () => new global::Corpus.CauchyRegression.Objective(), -1, 1),
        new("QuantileRegression", () => new global::Corpus.QuantileRegression.Objective(), -1, 1),
        new("SquaredHingeSvm", () => new global::Corpus.SquaredHingeSvm(global::Corpus.CorpusData.Uniform(20 * 2, 13, -1, 1), global::Corpus.CorpusData.Labels(global::Corpus.CorpusData.Uniform(20 * 2, 13, -1, 1), 2, 14)).AsObjective(), -1, 1),
        new("SoftKMeans", () => new global::Corpus.SoftKMeans.Objective(), 0, 2),
        new("ProbitLikeRegression", () => new global::Corpus.ProbitLikeRegression(global::Corpus.CorpusData.Uniform(15, 15, -1, 1), global::Corpus.CorpusData.Labels(global::Corpus.CorpusData.Uniform(15, 15, -1, 1), 1, 16)).AsObjective(), -1, 1),
        new("SpringNetwork", () => new global::Corpus.SpringNetwork.Objective(), -0.2, 0.2, Square),
        new("DoublePendulumEnergy", () => new global::Corpus.DoublePendulumEnergy.Objective(), -1.5, 1.5),
        new("Thomson", () => new global::Corpus.Thomson.Objective(), -0.1, 0.1, Tetrahedron),
        new("OrbitalEnergy", () => new global::Corpus.OrbitalEnergy.Objective(), 0.3, 1.4),
        new("HangingChain", () => new global::Corpus.HangingChain.Objective(), -0.3, 0.3, Chain),
        new("ProjectileRange", () => new global::Corpus.ProjectileRange.Objective(), 0.5, 1.2),
        new("HeatRod", () => new global::Corpus.HeatRod.Objective(), -1, 1),
        new("SoftenedGravity", () => new global::Corpus.SoftenedGravity.Objective(), -1, 1),
        new("MorseChain", () => new global::Corpus.MorseChain.Objective(), -0.2, 0.2, Line),
        new("OscillatorAction", () => new global::Corpus.OscillatorAction.Objective(), -1, 1),
        new("NonlinearSpring", () => new global::Corpus.NonlinearSpring.Objective(), 0.5, 2),
        new("PressureVessel", () => new global::Corpus.PressureVessel.Objective(), 0.3, 1.4),
        new("WeldedBeam", () => new global::Corpus.WeldedBeam.Objective(), 0.3, 1.4),
        new("TensionSpring", () => new global::Corpus.TensionSpring.Objective(), 0.1, 0.9),
        new("ThreeBarTruss", () => new global::Corpus.ThreeBarTruss.Objective(), 0.1, 1),
        new("TrussCompliance", () => new global::Corpus.TrussCompliance.Objective(), 0.3, 1.4),
        new("HeatExchanger", () => new global::Corpus.HeatExchanger.Objective(), 0.3, 1.4),
        new("LmtdArea", () => new global::Corpus.LmtdArea.Objective(), 0.2, 1),
        new("SteppedCantilever", () => new global::Corpus.SteppedCantilever.Objective(), 0.5, 3),
        new("GearTrain", () => new global::Corpus.GearTrain.Objective(), 0, 1),
        new("CompositeBeam", () => new global::Corpus.CompositeBeam.Objective(), 0.3, 1.4),
        new("SpeedReducer", () => new global::Corpus.SpeedReducer.Objective(), 0, 1),
        new("MeanVariance", () => new global::Corpus.MeanVariance([0.05, 0.07, 0.06, 0.09, 0.04], global::Corpus.CorpusData.Uniform(25, 17, 0, 0.01), 2).AsObjective(), 0, 0.5),
        new("SharpeRatio", () => new global::Corpus.SharpeRatio { Mean = [0.06, 0.08, 0.05, 0.10], Covariance = [0.04, 0.01, 0.0, 0.01, 0.01, 0.05, 0.01, 0.0, 0.0, 0.01, 0.02, 0.0, 0.01, 0.0, 0.0, 0.09], RiskFree = 0.02 }.AsObjective(), 0.1, 1),
        new("RiskParity", () => new global::Corpus.RiskParity.Objective(), 0.1, 1),
        new("KellyGrowth", () => new global::Corpus.KellyGrowth(global::Corpus.CorpusData.Uniform(20 * 3, 18, -0.5, 0.6)).AsObjective(), 0, 1),
        new("SmoothedCvar", () => new global::Corpus.SmoothedCvar.Objective(), 0, 0.5),
        new("Rebalancing", () => new global::Corpus.Rebalancing.Objective(), 0, 0.6),
        new("VolatilityCalibration", () => new global::Corpus.VolatilityCalibration.Objective(), 0.3, 1.4),
        new("RosenbrockWhile", () => new global::Corpus.RosenbrockWhile.Objective(), 0.3, 1.4),
        new("RastriginLocal", () => new global::Corpus.RastriginLocal.Objective(), -1, 1),
        new("AckleyHelpers", () => new global::Corpus.AckleyHelpers.Objective(), -1, 1),
        new("LevyGuarded", () => new global::Corpus.LevyGuarded.Objective(), -2, 2),
        new("SchwefelClamped", () => new global::Corpus.SchwefelClamped.Objective(), -6, 6),
        new("TridWeighted", () => new global::Corpus.TridWeighted.Objective(), -2, 2),
        new("PowellSingular", () => new global::Corpus.PowellSingular.Objective(), -1, 1),
        new("Booth", () => new global::Corpus.Booth.Objective(), -2, 2),
        new("HimmelblauShifted", () => new global::Corpus.HimmelblauShifted.Objective(), -3, 3),
        new("SumOfDifferentPowers", () => new global::Corpus.SumOfDifferentPowers.Objective(), 0.3, 1.4),
        new("RotatedHyperEllipsoid", () => new global::Corpus.RotatedHyperEllipsoid.Objective(), -2, 2),
        new("SchwefelPartialSums", () => new global::Corpus.SchwefelPartialSums.Objective(), -2, 2),
        new("Shubert", () => new global::Corpus.Shubert.Objective(), -2, 2),
        new("Perm", () => new global::Corpus.Perm.Objective(), 0.3, 1.4),
        new("Easom", () => new global::Corpus.Easom.Objective(), 0.3, 1.4),
        new("SixHumpCamel", () => new global::Corpus.SixHumpCamel.Objective(), -1.5, 1.5),
        new("Bohachevsky", () => new global::Corpus.Bohachevsky.Objective(), -1, 1),
        new("Colville", () => new global::Corpus.Colville.Objective(), -2, 2),
        new("Hartmann3", () => new global::Corpus.Hartmann3.Objective(), 0, 1),
        new("Shekel", () => new global::Corpus.Shekel.Objective(), 0, 2),
        new("Brown", () => new global::Corpus.Brown.Objective(), -1, 1),
        new("ExponentialGuarded", () => new global::Corpus.ExponentialGuarded.Objective(), -1.5, 1.5),
        new("StyblinskiTangDo", () => new global::Corpus.StyblinskiTangDo.Objective(), -1, 1),
        new("ZettlFloor", () => new global::Corpus.ZettlFloor.Objective(), -1, 2),
        new("TrigonometricStack", () => new global::Corpus.TrigonometricStack.Objective(), -1, 1),
        new("MichalewiczSkipping", () => new global::Corpus.MichalewiczSkipping.Objective(), 0.2, 3),
    ];

    /// <summary>Measuring rounds per objective (each: one batch of value calls, one of value-and-gradient calls).</summary>
    private const int Rounds = 31;

    /// <summary>Target duration of one batch of value calls.</summary>
    private const double BatchMilliseconds = 2;

    /// <summary>The median ratio and its spread for one objective.</summary>
    private readonly record struct Result(double ValueNs, double GradientNs, double Median, double Low, double High, double Q1, double Q3);

    /// <summary>Runs <c>--corpus [all | name]</c>.</summary>
    public static void Run(string filter)
    {
        CheckEveryCorpusObjectiveHasAnEntry();
        IEnumerable<Entry> chosen = filter switch
        {
            "" => Entries.Where(static e => Largest.Contains(e.Name)),
            "all" => Entries,
            _ => Entries.Where(e => e.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)),
        };
        Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
        Console.WriteLine($"# timed with {(s_threadClock ? "the thread's CPU time" : "a stopwatch")}");
        Console.WriteLine($"# DOTNET_TieredCompilation={Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "(default)"}, DOTNET_TieredPGO={Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "(default)"}; {Rounds} alternating rounds per objective");
        Console.WriteLine($"{"objective",-22} {"value ns",9} {"v+g ns",9} {"ratio",6}  {"min",5}-{"max",-5}  {"q1",5}-{"q3",-5}");
        var above = new List<string>();
        MethodInfo measure = typeof(CorpusGradientTiming).GetMethod(nameof(Measure), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (Entry entry in chosen)
        {
            object objective = entry.Make();
            int n = (int)objective.GetType().GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            double[] x = Point(entry, n);
            var r = (Result)measure.MakeGenericMethod(objective.GetType()).Invoke(null, [objective, x])!;
            Console.WriteLine($"{entry.Name,-22} {r.ValueNs,9:F1} {r.GradientNs,9:F1} {r.Median,6:F2}  {r.Low,5:F2}-{r.High,-5:F2}  {r.Q1,5:F2}-{r.Q3,-5:F2}");
            if (r.Median > 4)
                above.Add(entry.Name);
        }
        Console.WriteLine($"# load average {LoadAverage()}; median ratio above 4: {(above.Count == 0 ? "none" : string.Join(", ", above))}");
    }

    /// <summary>x_i = centre_i + U(lo, hi), a fixed point per objective.</summary>
    private static double[] Point(Entry entry, int n)
    {
        ulong seed = 1000;
        foreach (char c in entry.Name)
            seed = seed * 31 + c;
        double[] x = global::Corpus.CorpusData.Uniform(n, seed, entry.Lo, entry.Hi);
        if (entry.Centre is { } centre)
            for (int i = 0; i < n; i++)
                x[i] += centre[i];
        return x;
    }

    private static Result Measure<T>(T objective, double[] x) where T : struct, IDifferentiableObjective
    {
        var gradient = new double[x.Length];
        // Warm-up: rounds of both methods with a pause after each, until a round compiles nothing.
        int calls = 16;
        long compiled = -1;
        for (int round = 0; round < 40; round++)
        {
            long before = System.Runtime.JitInfo.GetCompiledMethodCount();
            long start = Stopwatch.GetTimestamp();
            ValueCalls(ref objective, x, calls);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            GradientCalls(ref objective, x, gradient, calls);
            // grow the warm-up batch towards the measuring batch
            if (ms < BatchMilliseconds)
                calls = (int)Math.Min(calls * 4L, 1 << 24);
            Thread.Sleep(150);
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (round >= 3 && compiled == before)
                break;
        }
        // Calibrate the batch: about BatchMilliseconds of value calls.
        double perCall = TimeValue(ref objective, x, calls);
        int batch = (int)Math.Clamp(BatchMilliseconds * 1e6 / Math.Max(perCall, 0.1), 8, 1 << 26);

        var ratios = new double[Rounds];
        var values = new double[Rounds];
        var gradients = new double[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            double v, g;
            if (round % 2 == 0)
            {
                v = TimeValue(ref objective, x, batch);
                g = TimeGradient(ref objective, x, gradient, batch);
            }
            else
            {
                g = TimeGradient(ref objective, x, gradient, batch);
                v = TimeValue(ref objective, x, batch);
            }
            values[round] = v;
            gradients[round] = g;
            ratios[round] = g / v;
        }
        Array.Sort(ratios);
        Array.Sort(values);
        Array.Sort(gradients);
        return new Result(values[Rounds / 2], gradients[Rounds / 2], ratios[Rounds / 2], ratios[0], ratios[^1], ratios[Rounds / 4], ratios[3 * Rounds / 4]);
    }

    private static double TimeValue<T>(ref T objective, double[] x, int calls) where T : struct, IDifferentiableObjective
    {
        long start = Now();
        double sink = ValueCalls(ref objective, x, calls);
        double ns = (double)(Now() - start) / calls;
        return sink == double.NegativeInfinity ? -ns : ns;
    }

    private static double TimeGradient<T>(ref T objective, double[] x, double[] gradient, int calls) where T : struct, IDifferentiableObjective
    {
        long start = Now();
        double sink = GradientCalls(ref objective, x, gradient, calls);
        double ns = (double)(Now() - start) / calls;
        return sink == double.NegativeInfinity ? -ns : ns;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static readonly bool s_threadClock = OperatingSystem.IsLinux() && Environment.Is64BitProcess && ThreadClockWorks();

    private static bool ThreadClockWorks()
    {
        try
        {
            return ClockGetTime(ClockThreadCpuTime, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The thread's CPU time in ns (Linux), else stopwatch time in ns.</summary>
    private static long Now()
    {
        if (s_threadClock && ClockGetTime(ClockThreadCpuTime, out TimeSpec t) == 0)
            return t.Seconds * 1_000_000_000 + t.Nanoseconds;
        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double ValueCalls<T>(ref T objective, double[] x, int calls) where T : struct, IDifferentiableObjective
    {
        double sink = 0;
        for (int i = 0; i < calls; i++)
            sink += CallValue(ref objective, x);
        return sink;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double GradientCalls<T>(ref T objective, double[] x, double[] gradient, int calls) where T : struct, IDifferentiableObjective
    {
        double sink = 0;
        for (int i = 0; i < calls; i++)
            sink += CallGradient(ref objective, x, gradient);
        return sink;
    }

    // One call each, never inlined into the timing loop, with the same length check in front.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double CallValue<T>(ref T objective, double[] x) where T : struct, IDifferentiableObjective
    {
        if (x.Length != T.Dimension)
            throw new ArgumentException("length");
        return objective.Value(x);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double CallGradient<T>(ref T objective, double[] x, double[] gradient) where T : struct, IDifferentiableObjective
    {
        if (x.Length != T.Dimension || gradient.Length != T.Dimension)
            throw new ArgumentException("length");
        return objective.ValueAndGradient(x, gradient);
    }

    /// <summary>Every type of the Corpus namespace with a generated objective has an entry here, and every entry a type.</summary>
    private static void CheckEveryCorpusObjectiveHasAnEntry()
    {
        string[] declared = [.. typeof(global::Corpus.CorpusData).Assembly.GetTypes()
            .Where(static t => t.Namespace == "Corpus" && t.GetNestedType("Objective") is { } o && typeof(IDifferentiableObjective).IsAssignableFrom(o))
            .Select(static t => t.Name).Order(StringComparer.Ordinal)];
        string[] listed = [.. Entries.Select(static e => e.Name).Order(StringComparer.Ordinal)];
        if (!declared.SequenceEqual(listed))
            throw new InvalidOperationException("corpus entries differ from the corpus types: missing " + string.Join(", ", declared.Except(listed)) + "; extra " + string.Join(", ", listed.Except(declared)));
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "(unknown)";
        }
        catch (UnauthorizedAccessException)
        {
            return "(unknown)";
        }
    }
}
