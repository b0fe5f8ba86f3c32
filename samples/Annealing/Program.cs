using System;
using GenOpt;
using GenOpt.Samples;

// Annealing: classic simulated annealing on two combinatorial problems, and dual annealing on a generated objective.

// ---- 1. Travelling salesman: 300 random cities, 2-opt moves, against the nearest-neighbour tour ------------------
var tsp = new TspProblem(cities: 300, seed: 2026);
int[] greedy = tsp.NearestNeighbourTour();
double greedyLength = tsp.Length(greedy);

int[] tour = tsp.IdentityTour();                      // a random tour: the cities were generated in random order
var annealer = new SimulatedAnnealing<int[], TspProblem>(tsp, TspProblem.SampleOptions);
AnnealingResult tspResult = annealer.Minimize(ref tour);

Console.WriteLine($"TSP, {tsp.Cities} cities");
Console.WriteLine($"  nearest-neighbour tour  {greedyLength,9:F4}");
Console.WriteLine($"  simulated annealing     {tspResult.Value,9:F4}  ({100 * (1 - tspResult.Value / greedyLength):F1}% shorter; " +
    $"{tspResult.Evaluations:N0} moves, {tspResult.AcceptedMoves:N0} accepted, start temperature {tspResult.StartTemperature:G3})");

// ---- 2. 0/1 knapsack with a penalty for overweight selections --------------------------------------------------
var knapsack = new KnapsackProblem(items: 200, seed: 7);
var selection = new KnapsackSelection(knapsack.Items);  // start empty
var packer = new SimulatedAnnealing<KnapsackSelection, KnapsackProblem>(knapsack,
    // Temperatures given: a random walk from the empty knapsack is mostly overweight, so the automatic start
    // temperature would be set by the penalty (about 1e4) rather than by the item values (1..100).
    new SimulatedAnnealingOptions { Seed = 7, StartTemperature = 30, EndTemperature = 0.01, TemperatureSteps = 1000, MovesPerTemperature = 2000, Restarts = 1 });
AnnealingResult packed = packer.Minimize(ref selection);
Console.WriteLine();
Console.WriteLine($"Knapsack, {knapsack.Items} items, capacity {knapsack.Capacity}");
Console.WriteLine($"  greedy by value/weight  {knapsack.GreedyValue(),6}");
Console.WriteLine($"  simulated annealing     {selection.Value,6}  (weight {selection.Weight} <= {knapsack.Capacity}: {selection.Weight <= knapsack.Capacity})");
int optimum = knapsack.OptimalValue();
Console.WriteLine($"  optimum (dynamic prog.) {optimum,6}  (annealing within {100.0 * (optimum - selection.Value) / optimum:F2}%)");

// ---- 3. Dual annealing on a generated objective ------------------------------------------------------------------
var da = new DualAnnealing<Rastrigin6.Objective>(new DualAnnealingOptions { Seed = 1 });
OptimizationResult r = da.Minimize(Bounds.Uniform(Rastrigin6.Objective.Dimension, -5.12, 5.12));
Console.WriteLine();
Console.WriteLine($"Dual annealing, 6-D Rastrigin: f = {r.Value:E3} ({r.Status}), {r.Evaluations:N0} evaluations " +
    $"({da.GradientEvaluations:N0} of them with a gradient, in {da.LocalSearches} local searches), {r.Iterations} iterations");

bool ok = tspResult.Value < greedyLength && tsp.IsPermutation(tour)
    && selection.Weight <= knapsack.Capacity && selection.Value >= 0.99 * optimum
    && r.Value < 1e-6;
return ok ? 0 : 1;

/// <summary>Rastrigin in 6 dimensions: 10 n + sum (x_i^2 - 10 cos(2 pi x_i)), minimum 0 at the origin.</summary>
public static partial class Rastrigin6
{
    [Objective(Dimension = 6)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double s = 10.0 * x.Length;
        for (int i = 0; i < x.Length; i++)
            s += x[i] * x[i] - 10 * Math.Cos(2 * Math.PI * x[i]);
        return s;
    }
}
