using System;
using System.IO;
using System.Linq;
using GenOpt;
using NeuralFit;

// NeuralFit: a tiny neural network trained by SLSQP, particle swarm, CMA-ES, dual annealing and the
// deep-learning baseline Adam. The network has two inputs, two tanh hidden units and two outputs with bias —
// 10 weights — and learns 100 noisy samples of a "teacher" network with the same shape. The teacher's own loss is
// the noise floor: a fit at or below it is as good as the truth, so it is the target every method is timed to.

const int Samples = 100;
const double Noise = 0.05;
const ulong DataSeed = 2026;
const int Seeds = 11;

double[] teacher = [1.5, -2.0, -1.0, 2.5, 2.0, -1.5, 1.0, 1.8, 0.3, -0.2];
var net = TinyNet.TeacherStudent(teacher, Samples, Noise, DataSeed);
double target = net.Loss(teacher);

Console.WriteLine($"NeuralFit: a 2-2-2 tanh network ({TinyNet.Parameters} weights) fitted to {Samples} noisy samples of a teacher network");
Console.WriteLine($"  target: the teacher's own loss {target:E3} (noise standard deviation {Noise})");
Console.WriteLine($"  budget: {Experiment.Budget:N0} evaluations; start: weights uniform in [-1, 1] from the seed; box [-5, 5] for all but Adam");
Console.WriteLine();

// Every method from 11 starting points and seeds. This also warms up the JIT before the timed run below.
var study = new LossCurve[Seeds][];
for (int s = 0; s < Seeds; s++)
{
    if (!Console.IsOutputRedirected)
        Console.Write($"\r  runs from {Seeds} starting points and seeds: {s + 1} of {Seeds}");
    study[s] = Experiment.RunAll(net, StartingPoint((ulong)s + 1), (ulong)s + 1, target, showProgress: false);
}
if (!Console.IsOutputRedirected)
    Console.Write("\r" + new string(' ', 72) + "\r");

// The detailed run: seed 1, with a progress line per method.
double[] x0 = StartingPoint(1);
double initialLoss = net.Loss(x0);
Console.WriteLine($"Seed 1, starting from loss {initialLoss:F3}:");
var run = Experiment.RunAll(net, x0, 1, target, showProgress: true);

Console.WriteLine($"  {"method",-16} {"best loss",10} {"evaluations",12} {"of them ∇f",11} {"time",9} {"per eval",9}   {"reached the target after",-24}");
foreach (var c in run)
{
    string reached = c.ReachedAt < 0 ? "not reached" : $"{c.ReachedAt,6:N0} evaluations, {Milliseconds(c.ReachedSeconds)}";
    Console.WriteLine($"  {c.Name,-16} {c.Best,10:E3} {c.Evaluations,12:N0} {c.Gradients,11:N0} {Milliseconds(c.Seconds),9} {1e6 * c.Seconds / c.Evaluations,6:F2} µs   {reached}");
}
Console.WriteLine();

Console.WriteLine($"Over {Seeds} starting points and seeds:");
Console.WriteLine($"  {"method",-16} {"reached",8} {"median loss",12} {"worst loss",11}   {"median to reach the target",-28}");
for (int m = 0; m < Experiment.Names.Length; m++)
{
    var curves = study.Select(r => r[m]).ToArray();
    var hits = curves.Where(c => c.ReachedAt >= 0).ToArray();
    string toReach = hits.Length == 0 ? "—"
        : $"{Median(hits.Select(c => (double)c.ReachedAt)),6:N0} evaluations, {Milliseconds(Median(hits.Select(c => c.ReachedSeconds)))}";
    Console.WriteLine($"  {Experiment.Names[m],-16} {hits.Length,4} / {Seeds} {Median(curves.Select(c => c.Best)),12:E3} {curves.Max(c => c.Best),11:E3}   {toReach}");
}
Console.WriteLine();

string plot = Path.Combine(AppContext.BaseDirectory, "neuralfit.svg");
SvgPlot.Write(plot, "Training a 2-2-2 tanh network: best loss vs evaluations (seed 1)", run, target, "teacher's loss (target)");
Console.WriteLine($"Convergence plot: {plot}");

// Exit code for scripts and CI. Runs are deterministic for a seed, so the timed run must repeat the study's
// first run exactly, and every method must reach the noise floor in it (all do from seed 1's start).
for (int m = 0; m < run.Length; m++)
{
    if (run[m].Best != study[0][m].Best || run[m].Evaluations != study[0][m].Evaluations)
    {
        Console.Error.WriteLine($"{run[m].Name}: the same seed gave a different result ({run[m].Best} vs {study[0][m].Best}).");
        return 1;
    }
    if (!(run[m].Best <= target))
    {
        Console.Error.WriteLine($"{run[m].Name} did not reach the target: {run[m].Best} > {target}.");
        return 1;
    }
}
return 0;

// Weights uniform in [-1, 1]: the usual small random initialization for a layer of fan-in 2.
static double[] StartingPoint(ulong seed)
{
    var random = new RandomSource(seed * 7919);
    var x = new double[TinyNet.Parameters];
    for (int i = 0; i < x.Length; i++)
        x[i] = random.NextDouble(-1, 1);
    return x;
}

static double Median(System.Collections.Generic.IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    int n = sorted.Length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

static string Milliseconds(double seconds) => seconds < 0.1 ? $"{1e3 * seconds:F1} ms" : $"{1e3 * seconds:F0} ms";
