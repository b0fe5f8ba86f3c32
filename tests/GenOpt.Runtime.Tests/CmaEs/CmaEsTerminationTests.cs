using System;
using System.Collections.Generic;
using System.Linq;
using CmaBbob;
using Xunit.Abstractions;

namespace GenOpt.Tests;

/// <summary>
/// pycma's (cma 4.4.0) tolstagnation, tolfunhist and tolflatfitness: exact stop generations on constructed value
/// sequences (Ask/Tell), a plateau objective, the Katsuura function, and no false stops on smooth problems.
/// </summary>
public class CmaEsTerminationTests(ITestOutputHelper output)
{
    /// <summary>
    /// Options that leave only the criteria under test. The Tell'd values below ignore the candidates (selection by
    /// index), under which C slowly degenerates; without the active update it stays usable for about 1,000
    /// generations with this seed, so the sequences are at most 900 generations long.
    /// </summary>
    private static readonly CmaEsOptions OnlyStagnation = new()
    {
        Seed = 3, Sigma0 = 1, TolFun = 0, TolX = 0, TolFunHist = 0, TolFlatFitness = int.MaxValue,
        TolFacUpX = 1e300, TolUpSigma = 1e300, MaxConditionNumber = 1e300, MaxIterations = 1_000_000, ActiveCovariance = false,
    };

    // ==== tolstagnation ==========================================================================================

    /// <summary>
    /// The values Tell'd in generation g (1-based): lambda values base(g) + k. Until <paramref name="improveUntil"/>
    /// the base falls by 1 per generation; afterwards it wobbles around a level 0.5 above the best, and every
    /// <paramref name="newBestEvery"/> generations (0: never) one generation sets a slightly better best value.
    /// </summary>
    private static void FillValues(Span<double> values, long g, int improveUntil, int newBestEvery)
    {
        double b;
        if (g <= improveUntil)
            b = 1000 - g;
        else if (newBestEvery > 0 && (g - improveUntil) % newBestEvery == 0)
            b = 1000 - improveUntil - 1e-6 * ((g - improveUntil) / newBestEvery);
        else
            b = 1000 - improveUntil + 0.5 + 0.1 * (g % 7);
        for (int k = 0; k < values.Length; k++)
            values[k] = b + k;
    }

    /// <summary>
    /// pycma's tolstagnation written out plainly (cma/evolution_strategy.py, _CMAStopDict, cma 4.4.0): lists with
    /// the newest record first, a record every 5th generation, spans l = floor(max(W/10, records/10)).
    /// Returns the first generation at which it stops, or 0.
    /// </summary>
    private static long ReferenceStagnationStop(int n, int lambda, int window, int improveUntil, int newBestEvery, long horizon,
        bool ignoreBestAge = false)
    {
        var histBest = new List<double>();
        var histMedian = new List<double>();
        double best = double.PositiveInfinity;
        long bestEvaluation = 0;
        var values = new double[lambda];
        for (long g = 1; g <= horizon; g++)
        {
            FillValues(values, g, improveUntil, newBestEvery);
            long evaluations = g * lambda;
            int argMin = Array.IndexOf(values, values.Min());
            if (values[argMin] < best)
            {
                best = values[argMin];
                bestEvaluation = evaluations - lambda + argMin + 1;
            }
            double[] sorted = values.OrderBy(v => v).ToArray();
            if (g % 5 == 0)
            {
                histBest.Insert(0, sorted[0]);
                histMedian.Insert(0, Median(sorted));
            }
            double span = Math.Max(window / 10.0, histBest.Count / 10.0);
            if (span > g)
                continue;
            int l = (int)span;
            if (g > n * (5 + 100.0 / lambda)
                && (ignoreBestAge || (evaluations - bestEvaluation) / (double)lambda > window / 2.0)
                && histBest.Count > 100 && 2 * l < histBest.Count
                && Median(histMedian.Take(l)) >= Median(histMedian.Skip(l).Take(l))
                && Median(histBest.Take(l)) >= Median(histBest.Skip(l).Take(l)))
                return g;
        }
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] s = values.OrderBy(v => v).ToArray();
        int h = s.Length / 2;
        return s.Length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    /// <summary>
    /// <paramref name="pycmaStop"/> is the generation at which pycma 4.4.0 itself stops with tolstagnation when told
    /// the same values (CMAEvolutionStrategy([0, 0], 1, popsize 6, CMA_active False, the other stop criteria off;
    /// 0: not within 900 generations).
    /// </summary>
    [Theory]
    [InlineData(300, 0, 505)]     // improvement, then a wobbling plateau: stops once the best is old and the spans agree
    [InlineData(40, 0, 505)]      // a short improvement: the 100 records decide
    [InlineData(300, 200, 573)]   // a new best at generation 500: stops once it is older than half the window of 147
    [InlineData(300, 60, 0)]      // a new best every 60 generations (< W/2 = 73.5): never stops, though the medians stall
    public void Stagnation_StopsExactlyWhenPycmasDefinitionDoes(int improveUntil, int newBestEvery, long pycmaStop)
    {
        // n = 2: lambda = 6, window int(100 + 100 * 2^1.5 / 6) = 147.
        const int n = 2, lambda = 6, window = 147;
        const long horizon = 900;
        long expected = ReferenceStagnationStop(n, lambda, window, improveUntil, newBestEvery, horizon);
        output.WriteLine($"reference stop generation: {expected}");

        var cma = new CmaEs<Sphere<D2>>(OnlyStagnation);
        cma.Initialize(new double[n]);
        Assert.Equal(lambda, cma.PopulationSize);
        var values = new double[lambda];
        long stoppedAt = 0;
        for (long g = 1; g <= horizon; g++)
        {
            cma.Ask();
            FillValues(values, g, improveUntil, newBestEvery);
            TerminationReason reason = cma.Tell(values);
            if (reason != TerminationReason.None)
            {
                output.WriteLine($"stopped: {reason} at generation {g}, sigma {cma.Sigma:G3}, condition {cma.ConditionNumber:G3}");
                Assert.Equal(TerminationReason.Stagnation, reason);
                stoppedAt = g;
                break;
            }
        }
        Assert.Equal(expected, stoppedAt);
        Assert.Equal(pycmaStop, stoppedAt);
        if (newBestEvery == 60)
        {
            Assert.Equal(0, expected);
            // Without the condition on the age of the best value the medians alone would have stopped the run.
            Assert.NotEqual(0, ReferenceStagnationStop(n, lambda, window, improveUntil, newBestEvery, horizon, ignoreBestAge: true));
        }
        else
            Assert.True(expected > improveUntil + window / 2, "the best value must be older than half a window");
    }

    [Fact]
    public void Stagnation_WindowOf100000OrMore_SwitchesTheCriterionOff()
    {
        var cma = new CmaEs<Sphere<D2>>(OnlyStagnation with { StagnationIterations = 100_000 });
        cma.Initialize(new double[2]);
        var values = new double[cma.PopulationSize];
        Assert.InRange(ReferenceStagnationStop(2, 6, 147, 40, 0, 900), 1, 900);   // stops with the default window
        for (long g = 1; g <= 900; g++)
        {
            cma.Ask();
            FillValues(values, g, 40, 0);
            Assert.Equal(TerminationReason.None, cma.Tell(values));
        }
    }

    /// <summary>The BBOB instance the tests run on is pycma's: values printed by cma.bbobbenchmarks (cma 4.4.0).</summary>
    [Fact]
    public void Katsuura_IsTheSameInstanceAsPycmas()
    {
        double[] x0 = BbobInstance.StartPoint(10, 0);
        double[] pycmaX0 =
        [
            -2.4752444431536107, -0.28389033874677994, 3.430220689359224, 0.016619918875685258, -0.5080421774219919,
            3.719126060474257, 1.5431675266209837, 1.5854896891794583, 1.6570286032077988, 1.6797341134770463,
        ];
        Assert.Equal(pycmaX0, x0);
        var f = new Katsuura<Dim10>(1);
        double[] pycmaXOpt = [2.7672, 2.1248, -2.52, 1.9896, 3.4416, 2.7304, 0.1296, 2.1192, -2.1992, 0.5304];
        for (int i = 0; i < 10; i++)
            Assert.Equal(pycmaXOpt[i], f.XOpt[i], 1e-12);
        Assert.Equal(0.0, f.Value(f.XOpt));
        // pycma: F23(iinstance=1)(x) - fopt. Katsuura magnifies the rounding of z (another order of the matrix
        // products) by up to 32 terms of 2^j z: agreement to about 1e-12 relative is all that can be asked.
        Assert.Equal(19.549406780802464, f.Value(x0), 1e-9);
        var x = new double[10];
        x[0] = 5.5;   // outside [-5, 5]: the boundary penalty 0.25 is included
        Assert.Equal(16.439744742622384, f.Value(x), 1e-9);
    }

    /// <summary>
    /// BBOB f23 (Katsuura), 10-D, 15 single runs from the BBOB start points with sigma0 = 2 (the setting of
    /// tests/CmaBbob and docs/reference/cma_bbob_ipop.py). pycma 4.4.0 on the same instance and start points
    /// (docs/cma-termination.md) ends 8 of its 15 first runs with tolstagnation, at 5,350 to 7,400 evaluations, the
    /// others with tolx; the median run takes 6,710 evaluations. pycma's rule cannot stop a run before generation
    /// 505 (more than 100 records of every 5th generation), i.e. 5,050 evaluations at lambda = 10. The earlier
    /// criterion (medians of 20 generations a whole window apart, no condition on the age of the best) stopped
    /// 8 of these runs from 4,370 evaluations on, with a median run of 6,020 evaluations.
    /// </summary>
    [Fact]
    public void Katsuura_SingleRunsAreNotCutShortByStagnation()
    {
        var f = new Katsuura<Dim10>(1);
        var evaluations = new List<double>();
        int stagnation = 0;
        for (int run = 0; run < 15; run++)
        {
            var options = new CmaEsOptions { Sigma0 = 2, Seed = (ulong)(1000 * run + 1), MaxEvaluations = 200_000, TargetValue = 1e-8 };
            OptimizationResult r = Solve(f, options, BbobInstance.StartPoint(10, run));
            output.WriteLine($"run {run}: {r.Status} after {r.Evaluations} evaluations, f - f_opt = {r.Value:G4}");
            evaluations.Add(r.Evaluations);
            if (r.Status == TerminationReason.Stagnation)
            {
                stagnation++;
                Assert.True(r.Evaluations >= 5050, $"run {run} stopped by stagnation after {r.Evaluations} evaluations, before generation 505");
            }
        }
        double median = Median(evaluations);
        output.WriteLine($"stagnation stops: {stagnation} of 15, median evaluations {median}");
        Assert.True(stagnation <= 8, $"{stagnation} of 15 runs stopped by stagnation (pycma: 8)");
        Assert.True(median >= 6710, $"median evaluations {median} (pycma: 6,710)");
    }

    [Fact]
    public void StagnationStop_AllocatesNothing()
    {
        // Run 0 of the Katsuura runs ends with Stagnation (after 7,950 evaluations): the records, the cached span
        // medians and their sorting work in the workspace allocated at construction.
        var f = new Katsuura<Dim10>(1);
        double[] x0 = BbobInstance.StartPoint(10, 0);
        var cma = new CmaEs<Katsuura<Dim10>>(f, new CmaEsOptions { Sigma0 = 2, Seed = 1, TargetValue = 1e-8 })
        {
            ResultBuffer = new double[10],
        };
        cma.Minimize(x0);   // warm-up: JIT, tiering
        OptimizationResult r = default;
        long allocated = Allocations.Measure(() => r = cma.Minimize(x0));
        Assert.Equal(TerminationReason.Stagnation, r.Status);
        Assert.Equal(0, allocated);
    }

    private static OptimizationResult Solve(Katsuura<Dim10> f, CmaEsOptions options, double[] x0) =>
        new CmaEs<Katsuura<Dim10>>(f, options).Minimize(x0);

    // ==== tolflatfitness ==========================================================================================

    /// <summary>f = 1 outside the unit ball around the origin, |x|^2 inside: a plateau far from the start.</summary>
    private struct Plateau : IObjective
    {
        public static int Dimension => 2;
        public readonly double Value(ReadOnlySpan<double> x)
        {
            double r2 = x[0] * x[0] + x[1] * x[1];
            return r2 < 1 ? r2 : 1;
        }
    }

    private static readonly double[] FarStart = [10, 10];

    [Theory]
    // pycma 4.4.0 told flat generations stops at generation 2 (tolflatfitness 1) and 6 (tolflatfitness 5).
    [InlineData(1, 2)]     // pycma's default: a flat generation is tolerated, the second in a row stops
    [InlineData(5, 6)]
    public void FlatFitness_StopsOnAPlateau_AfterTolFlatFitnessPlusOneFlatGenerations(int tolerated, long generations)
    {
        var cma = new CmaEs<Plateau>(new CmaEsOptions { Seed = 1, Sigma0 = 0.5, TolFlatFitness = tolerated });
        OptimizationResult r = cma.Minimize(FarStart);
        Assert.Equal(TerminationReason.FlatFitness, r.Status);
        Assert.Equal(generations, r.Iterations);
        Assert.False(r.Converged);
        Assert.Equal(1.0, r.Value);
        Assert.Contains("flat", r.Message);
    }

    [Fact]
    public void FlatFitness_Off_LeavesThePlateauToTheOtherCriteria()
    {
        // Off, the best values' range 0 stops the run through tolfunhist after 10 generations; with that off too,
        // through TolFun once its history (floor(10 + 30 n / lambda) = 20 generations) is full.
        var off = new CmaEsOptions { Seed = 1, Sigma0 = 0.5, TolFlatFitness = int.MaxValue };
        OptimizationResult r = new CmaEs<Plateau>(off).Minimize(FarStart);
        Assert.Equal(TerminationReason.FunctionHistoryTolerance, r.Status);
        Assert.Equal(10, r.Iterations);
        Assert.False(r.Converged);

        r = new CmaEs<Plateau>(off with { TolFunHist = 0 }).Minimize(FarStart);
        Assert.Equal(TerminationReason.FunctionTolerance, r.Status);
        Assert.Equal(20, r.Iterations);
    }

    [Fact]
    public void FlatFitness_CountsOnlyConsecutiveFlatGenerations()
    {
        // Flat (best = value of rank floor(0.75 * 6) = 4), not flat, flat, not flat, ...: never two in a row.
        // pycma 4.4.0 told the same values stops with tolflatfitness at generation 202 too.
        var cma = new CmaEs<Sphere<D2>>(OnlyStagnation with { TolFlatFitness = 1, StagnationIterations = 100_000 });
        cma.Initialize(new double[2]);
        double[] flat = [1, 1, 1, 1, 1, 2];
        double[] notFlat = [0, 1, 1, 1, 2, 2];
        for (int g = 1; g <= 200; g++)
        {
            cma.Ask();
            Assert.Equal(TerminationReason.None, cma.Tell(g % 2 == 1 ? flat : notFlat));
        }
        cma.Ask();
        Assert.Equal(TerminationReason.None, cma.Tell(flat));   // generation 200 was not flat: the first in a row
        cma.Ask();
        Assert.Equal(TerminationReason.FlatFitness, cma.Tell(flat));
    }

    // ==== tolfunhist ==============================================================================================

    [Theory]
    [InlineData(0.0, 10)]      // best values equal: stops at the 10th generation (pycma: more than 9 recorded)
    [InlineData(5e-13, 10)]    // within the default 1e-12
    [InlineData(2e-12, 0)]     // wider than 1e-12: never
    public void FunctionHistory_StopsWhenTheBestValuesStayWithinTolFunHist(double wobble, long expected)
    {
        // Each generation: best 1 + wobble * (g mod 2), the rest spread over [2, 6], so neither TolFun (the current
        // range) nor flat fitness can fire. pycma 4.4.0 told the same values (popsize 6, n = 2, default options)
        // stops with tolfunhist at generation 10 for wobbles 0 and 5e-13 and runs on for 2e-12.
        Assert.Equal(expected, FunctionHistoryStop(6, g => 1 + wobble * (g % 2)));
    }

    /// <summary>
    /// Tells a 2-D CMA-ES with population <paramref name="lambda"/> (default options) generation after generation the
    /// values best(g), 2, 3, ..., lambda, so that only TolFunHist can stop it; returns the generation at which it
    /// stops with FunctionHistoryTolerance, or 0 within 300 generations.
    /// </summary>
    private static long FunctionHistoryStop(int lambda, Func<long, double> best)
    {
        var cma = new CmaEs<Sphere<D2>>(new CmaEsOptions { Seed = 2, Sigma0 = 1, PopulationSize = lambda, MaxIterations = 500 });
        cma.Initialize(new double[2]);
        var values = new double[lambda];
        for (long g = 1; g <= 300; g++)
        {
            cma.Ask();
            values[0] = best(g);
            for (int k = 1; k < lambda; k++)
                values[k] = 1 + k;
            TerminationReason reason = cma.Tell(values);
            if (reason != TerminationReason.None)
            {
                Assert.Equal(TerminationReason.FunctionHistoryTolerance, reason);
                return g;
            }
        }
        return 0;
    }

    [Theory]
    [InlineData(6, 49)]    // history floor(10 + 30 * 2 / 6) = 20 generations: the 20 bests from generation 30 on
    [InlineData(8, 46)]    // floor(10 + 7.5) = 17 (not 18): pycma keeps floor(10 + 30 n / lambda) bests
    public void FunctionHistory_LooksAtTheBestValuesOfFloor10Plus30NOverLambdaGenerations(int lambda, long expected)
    {
        // The best value falls by 1e-3 per generation until generation 30 and stays at 1 from then on; the other values
        // are spread over [2, lambda], so only TolFunHist can stop the run: at the first generation whose history holds
        // nothing older than generation 30. pycma 4.4.0 told the same values (n = 2, default options) stops with
        // tolfunhist at generation 49 (popsize 6) and 46 (popsize 8) (docs/reference/cma_stop_sequences.py).
        Assert.Equal(expected, FunctionHistoryStop(lambda, g => 1 + 1e-3 * Math.Max(0, 30 - g)));
    }

    [Fact]
    public void FunctionHistory_ZeroSwitchesItOff()
    {
        var cma = new CmaEs<Sphere<D2>>(new CmaEsOptions { Seed = 2, Sigma0 = 1, TolFunHist = 0 });
        cma.Initialize(new double[2]);
        var values = new double[cma.PopulationSize];
        for (long g = 1; g <= 100; g++)
        {
            cma.Ask();
            for (int k = 0; k < values.Length; k++)
                values[k] = 1 + k;
            Assert.Equal(TerminationReason.None, cma.Tell(values));
        }
    }

    // ==== no false stops on smooth problems ======================================================================

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    [InlineData(5UL)]
    public void SmoothProblems_EndByConvergence_NotByTheNewCriteria(ulong seed)
    {
        var x0 = new double[10];
        x0.AsSpan().Fill(1);
        OptimizationResult sphere = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = seed }).Minimize(x0);
        output.WriteLine($"sphere: {sphere.Status} f={sphere.Value:G3} evals={sphere.Evaluations}");
        Assert.True(sphere.Converged, sphere.Status.ToString());
        Assert.True(sphere.Value < 1e-10);

        OptimizationResult rosenbrock = new CmaEs<Rosenbrock<D10>>(new CmaEsOptions { Seed = seed }).Minimize(new double[10]);
        output.WriteLine($"rosenbrock: {rosenbrock.Status} f={rosenbrock.Value:G3} evals={rosenbrock.Evaluations}");
        Assert.True(rosenbrock.Converged, rosenbrock.Status.ToString());
        Assert.True(rosenbrock.Value < 1e-10);
    }

    [Fact]
    public void NewOptions_AreValidated()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { TolFunHist = -1 }));
        Assert.Equal("TolFunHist", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { TolFunHist = double.NaN }));
        Assert.Equal("TolFunHist", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEs<Sphere<D2>>(new CmaEsOptions { TolFlatFitness = -1 }));
        Assert.Equal("TolFlatFitness", e.ParamName);
    }
}
