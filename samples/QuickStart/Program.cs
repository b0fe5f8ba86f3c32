using System;
using GenOpt;

// QuickStart: minimize the 10-D Rosenbrock function with CMA-ES.
// The objective is written once as a partial method; GenOpt's generator completes it and emits
// Rosenbrock.Objective, a struct with Dimension = 10 fixed at compile time.

var x0 = new double[Rosenbrock.Objective.Dimension];          // start at the origin
var options = new CmaEsOptions { Sigma0 = 0.5, Seed = 42, TargetValue = 1e-10 };
var cma = new CmaEs<Rosenbrock.Objective>(options);

var progress = new ProgressPrinter { Every = 50 };
OptimizationResult result = cma.Minimize(x0, null, ref progress);

Console.WriteLine();
Console.WriteLine($"{result.Status}: {result.Message}");
Console.WriteLine($"f = {result.Value:E3} after {result.Evaluations} evaluations, {result.Iterations} generations");
Console.WriteLine($"x = [{string.Join(", ", Array.ConvertAll(result.Point.ToArray(), v => v.ToString("F6")))}]");

// Exit code for scripts and CI: 0 only if the known optimum (1, ..., 1) was found.
foreach (double xi in result.Point.Span)
    if (Math.Abs(xi - 1) > 1e-4)
        return 1;
return result.Status == TerminationReason.TargetReached ? 0 : 1;

/// <summary>The objective: f(x) = sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, minimum 0 at (1, ..., 1).</summary>
public static partial class Rosenbrock
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }
}

/// <summary>Prints a progress line every few generations; a struct, so observing allocates nothing in the optimizer.</summary>
internal struct ProgressPrinter : IOptimizationObserver
{
    public int Every;

    public readonly bool OnIteration(in IterationInfo info)
    {
        if (info.Iteration % Every == 0)
            Console.WriteLine($"generation {info.Iteration,5}  evaluations {info.Evaluations,6}  best {info.BestValue,12:E3}  sigma {info.StepSize:E2}");
        return true;
    }
}
