using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NeuralFit;

namespace NetworkScale;

/// <summary>
/// The CI check (the sample's default command): every method from seed 1's start at every width, with short budgets,
/// must repeat its documented best loss and evaluation count exactly (every run is deterministic for its seed, and
/// the native executable computes the same bits as the JIT). A few seconds in all.
/// </summary>
public static class CiCheck
{
    /// <summary>Budgets of the check: the study's at 9 weights, a tenth of it at 101, 300 evaluations at 1,001.</summary>
    public static long Budget(int dimension) => dimension switch { Mlp9.Parameters => 20_000, Mlp101.Parameters => 2_000, _ => 300 };

    /// <summary>The documented results: (weights, method) → best loss and evaluations, from seed 1.</summary>
    public static readonly Dictionary<(int Weights, string Method), (double Best, long Evaluations)> Expected = new()
    {
        [(9, "Adam, lr 0.001")] = (0.13814545325157146, 20000),
        [(9, "Adam, lr 0.01")] = (0.13683639925220542, 20000),
        [(9, "L-BFGS-B")] = (0.17150043080080557, 122),
        [(9, "SLSQP")] = (0.17150043080098365, 140),
        [(9, "CMA-ES")] = (0.11841792554703975, 5750),
        [(9, "sep-CMA-ES")] = (0.13929984849146862, 4150),
        [(9, "LM-MA-ES")] = (0.17135266978064972, 20000),
        [(9, "PSO")] = (0.14487624398152985, 20000),
        [(9, "dual annealing")] = (0.11842544021140561, 18361),
        [(101, "Adam, lr 0.001")] = (0.01047037078428421, 2000),
        [(101, "Adam, lr 0.01")] = (0.0002609439667295614, 2000),
        [(101, "L-BFGS-B")] = (9.989437493936385E-06, 2000),
        [(101, "SLSQP")] = (5.033053882344246E-06, 2069),
        [(101, "CMA-ES")] = (0.298109143571193, 2006),
        [(101, "sep-CMA-ES")] = (0.34086001691508194, 2006),
        [(101, "LM-MA-ES")] = (0.11752005463520623, 2006),
        [(101, "PSO")] = (7.353037456744014, 2000),
        [(101, "dual annealing")] = (5.4215511563093754E-05, 2000),
        [(1001, "Adam, lr 0.001")] = (0.06245797234875952, 300),
        [(1001, "Adam, lr 0.01")] = (0.006282521368141876, 300),
        [(1001, "L-BFGS-B")] = (0.0005618288653631654, 300),
        [(1001, "CMA-ES")] = (2.7755355155991124, 312),
        [(1001, "sep-CMA-ES")] = (2.82346736218293, 312),
        [(1001, "LM-MA-ES")] = (2.6506044252400525, 312),
        [(1001, "PSO")] = (207.08929412179614, 300),
        [(1001, "dual annealing")] = (0.6456123131689796, 300),
    };

    public static int Run(RegressionData data, Size[] sizes)
    {
        Console.WriteLine("NetworkScale check: seed 1, every method, short budgets (the study: NetworkScale --full)");
        int failures = 0;
        foreach (var full in sizes)
        {
            var size = full with { Budget = Budget(full.Dimension) };
            var methods = Methods.All.Where(m => m.AppliesTo(size.Dimension)).ToArray();
            LossCurve[] run = (size.Hidden switch
            {
                Mlp9.Hidden => Study.Run(new Mlp9(data).AsObjective(), size, methods, 1, false),
                Mlp101.Hidden => Study.Run(new Mlp101(data).AsObjective(), size, methods, 1, false),
                _ => Study.Run(new Mlp1001(data).AsObjective(), size, methods, 1, false),
            })[0];
            Console.WriteLine($"{size.Label}, budget {size.Budget:N0}, target {size.Target}:");
            foreach (var curve in run)
            {
                string reached = curve.ReachedAt < 0 ? "not reached" : $"target after {curve.ReachedAt:N0}";
                Console.WriteLine($"  {curve.Name,-16} {curve.Best,12:E4} {curve.Evaluations,8:N0} evaluations   {reached}");
                if (!Expected.TryGetValue((size.Dimension, curve.Name), out var expected))
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  no documented result for {curve.Name} at {size.Dimension}: [({size.Dimension}, \"{curve.Name}\")] = ({curve.Best:R}, {curve.Evaluations}),"));
                    failures++;
                }
                else if (curve.Best != expected.Best || curve.Evaluations != expected.Evaluations)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {curve.Name} at {size.Dimension} weights: best {curve.Best:R} after {curve.Evaluations} evaluations; documented {expected.Best:R} after {expected.Evaluations}"));
                    failures++;
                }
            }
        }
        Console.WriteLine(failures == 0 ? "Every documented result repeated." : $"{failures} result(s) differ from the documented ones.");
        return failures == 0 ? 0 : 1;
    }
}
