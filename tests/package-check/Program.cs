using System;
using System.Threading;
using System.Threading.Tasks;
using GenOpt;

// A consumer of the GenOpt package, built outside the repository by tests/package-check.sh: the objective and the
// constraints below go through the packaged generator, and both optimizers must reach the known optima.

// SLSQP on the constrained problem: optimum (1.4, 1.7), f = 0.8 (the constrained example of scipy.optimize.minimize's
// documentation).
var slsqp = new Slsqp<Tutorial.Problem>(new SlsqpOptions { Tolerance = 1e-10 });
SlsqpResult<Tutorial.Problem> constrained = slsqp.Minimize([2.0, 0.0], new Bounds([0.0, 0.0], [10.0, 10.0]));
double[] xc = constrained.Point.ToArray();
Console.WriteLine($"SLSQP:  {constrained.Status}, f = {constrained.Value:F9} at ({xc[0]:F6}, {xc[1]:F6})");

// CMA-ES on the objective alone: optimum (1, 2.5), f = 0.
var cma = new CmaEs<Tutorial.Objective>(new CmaEsOptions { Sigma0 = 0.5, Seed = 7, TargetValue = 1e-12 });
OptimizationResult free = cma.Minimize([0.0, 0.0]);
double[] xf = free.Point.ToArray();
Console.WriteLine($"CMA-ES: {free.Status}, f = {free.Value:E2} at ({xf[0]:F6}, {xf[1]:F6}) after {free.Evaluations} evaluations");

// The contract every optimizer shares: a readable result that owns its point, a recorded history, the ask/tell loop
// evaluated with Parallel.For, MinimizeAsync with an awaited evaluator, and an instance objective built from its
// instance. The ask/tell loop and MinimizeAsync must give the bits of Minimize for the same seed.
var options = new CmaEsOptions { Sigma0 = 0.5, Seed = 11, TargetValue = 1e-12 };
var history = new OptimizationHistory();
OptimizationResult direct = new CmaEs<Tutorial.Objective>(options).Minimize([0.0, 0.0], null, history.Record);
Console.WriteLine($"Result: {direct}");
bool printable = direct.ToString().Contains("TargetReached", StringComparison.Ordinal) && direct.Elapsed > TimeSpan.Zero;
bool recorded = history.Count == direct.Iterations && history[history.Count - 1].BestValue == direct.Value;

var asked = new CmaEs<Tutorial.Objective>(options);
var values = new double[asked.PopulationSize];
asked.Initialize([0.0, 0.0]);
while (asked.Status == TerminationReason.None)
{
    Population pop = asked.Ask();
    Parallel.For(0, pop.Count, i => values[i] = Tutorial.Value(pop[i]));
    asked.Tell(values.AsSpan(0, pop.Count));
}
OptimizationResult parallel = asked.Result;
Console.WriteLine($"Ask/tell with Parallel.For: {parallel.Evaluations} evaluations, f = {parallel.Value:E2}");

OptimizationResult awaited = await new CmaEs<Tutorial.Objective>(options).MinimizeAsync(new double[2], null,
    async (ReadOnlyMemory<double> x, CancellationToken ct) => { await Task.Yield(); return Tutorial.Value(x.Span); });
Console.WriteLine($"MinimizeAsync: {awaited.Evaluations} evaluations, f = {awaited.Value:E2}");
bool sameBits = parallel.Value == direct.Value && awaited.Value == direct.Value
    && parallel.Evaluations == direct.Evaluations && awaited.Evaluations == direct.Evaluations
    && parallel.Point.Span.SequenceEqual(direct.Point.Span) && awaited.Point.Span.SequenceEqual(direct.Point.Span);

// A checkpoint after 5 generations, restored into a fresh instance, continues with the bits of the uninterrupted run
// (the format has no reflection: this runs in the NativeAOT publish too).
var saver = new CmaEs<Tutorial.Objective>(options);
saver.Initialize([0.0, 0.0]);
for (int g = 0; g < 5; g++)
{
    Population pop = saver.Ask();
    for (int i = 0; i < pop.Count; i++)
        values[i] = Tutorial.Value(pop[i]);
    saver.Tell(values.AsSpan(0, pop.Count));
}
var restored = new CmaEs<Tutorial.Objective>(options with { Seed = 12 });
restored.RestoreCheckpoint(saver.SaveCheckpoint());
OptimizationResult resumed = restored.Resume();
bool checkpointOk = resumed.Value == direct.Value && resumed.Evaluations == direct.Evaluations
    && resumed.Point.Span.SequenceEqual(direct.Point.Span);

var shifted = new Shifted(3.0);
OptimizationResult instance = new CmaEs<Shifted.Objective>(shifted.AsObjective(), options).Minimize([0.0, 0.0]);
Console.WriteLine($"Instance objective: {instance}");
bool instanceOk = instance.Status == TerminationReason.TargetReached && Math.Abs(instance.Point.Span[0] - 3) < 1e-4;
bool refused = false;
// The packaged analyzer reports this construction as error GENOPT026 at compile time; silenced here to check that the
// runtime refuses it too.
#pragma warning disable GENOPT026
try { _ = new CmaEs<Shifted.Objective>(options); }
catch (ArgumentException) { refused = true; }
#pragma warning restore GENOPT026

// The large-scale covariance models (README: "Large-scale models") reach the same optimum, and the packaged generator
// gives Tutorial's objective a batch method (README: "Batch evaluation") whose values are Value's, bit for bit (the body
// is plain arithmetic); CMA-ES through the batch gives the bits of CMA-ES without it.
// (LimitedMemory's constants are made for large n; README says to keep Full below about 100 variables, and at n = 2
// it is unreliable, so it is checked on a 10-D objective.)
bool largeScaleOk = ReachesTheOptimum(CovarianceModel.Separable) && ReachesTheOptimum(CovarianceModel.LimitedMemory);
bool ReachesTheOptimum(CovarianceModel model)
{
    OptimizationResult large = new CmaEs<Shifted10.Objective>(options with { CovarianceModel = model }).Minimize(new double[10]);
    Console.WriteLine($"{model}: {large}");
    bool atOptimum = large.Status == TerminationReason.TargetReached;
    for (int i = 0; i < 10; i++)
        atOptimum &= Math.Abs(large.Point.Span[i] - 0.1 * i) < 1e-4;
    return atOptimum;
}
IBatchObjective batch = new Tutorial.Objective();
double[] candidates = [0.5, 1.0, -2.0, 3.0, 1.0, 2.5, 7.0, -1.0, 0.25, 0.125];
double[] batchValues = new double[5];
batch.ValueBatch(candidates, batchValues);
bool batchOk = true;
for (int k = 0; k < 5; k++)
    batchOk &= batchValues[k] == new Tutorial.Objective().Value(candidates.AsSpan(2 * k, 2));
OptimizationResult withoutBatch = new CmaEs<Tutorial.Objective>(options with { UseBatch = false }).Minimize([0.0, 0.0]);
batchOk &= withoutBatch.Value == direct.Value && withoutBatch.Evaluations == direct.Evaluations
    && withoutBatch.Point.Span.SequenceEqual(direct.Point.Span);
Console.WriteLine($"large-scale models {largeScaleOk}, batch {batchOk}");

Console.WriteLine($"printable {printable}, history {recorded}, same bits {sameBits}, checkpoint {checkpointOk}, instance {instanceOk}, refused without instance {refused}");
bool ok = constrained.Converged
    && Math.Abs(constrained.Value - 0.8) < 1e-7 && Math.Abs(xc[0] - 1.4) < 1e-5 && Math.Abs(xc[1] - 1.7) < 1e-5
    && free.Status == TerminationReason.TargetReached
    && Math.Abs(xf[0] - 1) < 1e-4 && Math.Abs(xf[1] - 2.5) < 1e-4
    && printable && recorded && sameBits && checkpointOk && instanceOk && refused && largeScaleOk && batchOk;
Console.WriteLine(ok ? "package check: optima reached" : "package check: WRONG RESULT");
return ok ? 0 : 1;

/// <summary>f(x) = (x0 - 1)^2 + (x1 - 2.5)^2 under three linear inequalities g(x) &gt;= 0.</summary>
public static partial class Tutorial
{
    [Objective(Dimension = 2)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double a = x[0] - 1, b = x[1] - 2.5;
        return a * a + b * b;
    }

    [InequalityConstraint]
    public static partial double First(ReadOnlySpan<double> x) => x[0] - 2 * x[1] + 2;

    [InequalityConstraint]
    public static partial double Second(ReadOnlySpan<double> x) => -x[0] - 2 * x[1] + 6;

    [InequalityConstraint]
    public static partial double Third(ReadOnlySpan<double> x) => -x[0] + 2 * x[1] + 2;
}

/// <summary>An instance objective: the shift is data of the instance, so the optimizer must be given the instance.</summary>
public readonly partial record struct Shifted(double Center)
{
    [Objective(Dimension = 2)]
    public partial double Value(ReadOnlySpan<double> x) => (x[0] - Center) * (x[0] - Center) + x[1] * x[1];
}

/// <summary>A 10-D sphere with its minimum at x_i = 0.1 i, f = 0.</summary>
public static partial class Shifted10
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 10; i++)
        {
            double d = x[i] - 0.1 * i;
            sum += d * d;
        }
        return sum;
    }
}
