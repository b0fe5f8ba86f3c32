using System;
using System.Globalization;
using System.IO;
using System.Linq;
using GenOpt;
using NetworkScale;
using NeuralFit;

// NetworkScale: where the boundary lies. The same regression task (RegressionData) learnt by 2-H-1 tanh networks of
// 9, 101 and 1,001 weights, trained by every GenOpt method that applies and by Adam with the generated gradient.
//
//   NetworkScale            the CI check: seed 1 with short budgets; exits 1 unless every documented result repeats
//   NetworkScale --full [directory [seeds [method;method... | all [weights,weights... | all [budget | - [first seed]]]]]]
//                           the study: 11 seeds per width, tables, one SVG per width (seed 1), and per width
//                           results-<weights>.csv (one row per seed and method) and curves-<weights>.csv (the
//                           best-loss steps), appended to, so a run split over seeds or methods adds up
//   NetworkScale --tables d|file...  the tables again from results CSV files (a directory: its results-<weights>.csv)
//   NetworkScale --timing   time per value, per value and gradient, per Adam step, at each width
//   NetworkScale --export d writes the data and the seed-1 starting weights as CSV for docs/reference/network_scale_adam.py

var data = new RegressionData();
Size[] sizes =
[
    new(Mlp9.Hidden, Budget: 20_000, Target: Targets.Mlp9),
    new(Mlp101.Hidden, Budget: 20_000, Target: Targets.Mlp101),
    new(Mlp1001.Hidden, Budget: 5_000, Target: Targets.Mlp1001),
];
string mode = args.Length > 0 ? args[0] : "--ci";

switch (mode)
{
    case "--full":
        return Full(data, sizes, args.Length > 1 ? args[1] : ".", args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 11,
            args.Length > 3 && args[3] != "all" ? args[3].Split(';') : null,
            args.Length > 4 && args[4] != "all" ? args[4].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray() : null,
            args.Length > 5 && args[5] != "-" ? long.Parse(args[5], CultureInfo.InvariantCulture) : null,
            args.Length > 6 ? ulong.Parse(args[6], CultureInfo.InvariantCulture) : 1);
    case "--tables" when args.Length > 1:
        return Tables(args[1..]);
    case "--timing":
        PrintTiming(data, sizes);
        return 0;
    case "--export" when args.Length > 1:
        Export(data, sizes, args[1]);
        return 0;
    case "--ci":
        return CiCheck.Run(data, sizes);
    default:
        Console.Error.WriteLine("usage: NetworkScale [--ci | --full [directory [seeds [methods [weights [budget [first seed]]]]]] | --tables directory-or-file... | --timing | --export directory]");
        return 2;
}

static LossCurve[][] RunSize(RegressionData data, Size size, Method[] methods, int seeds, bool progress, ulong firstSeed, Action<ulong, LossCurve[]>? onSeed) => size.Hidden switch
{
    Mlp9.Hidden => Study.Run(new Mlp9(data).AsObjective(), size, methods, seeds, progress, firstSeed, onSeed),
    Mlp101.Hidden => Study.Run(new Mlp101(data).AsObjective(), size, methods, seeds, progress, firstSeed, onSeed),
    Mlp1001.Hidden => Study.Run(new Mlp1001(data).AsObjective(), size, methods, seeds, progress, firstSeed, onSeed),
    _ => throw new ArgumentOutOfRangeException(nameof(size), size.Hidden, "No network of that width is generated."),
};

static int Full(RegressionData data, Size[] sizes, string directory, int Seeds, string[]? only, int[]? widths, long? budget, ulong firstSeed)
{
    if (widths is not null)
        sizes = sizes.Where(s => widths.Contains(s.Dimension)).ToArray();
    if (budget is { } b)
        sizes = sizes.Select(s => s with { Budget = b }).ToArray();
    Directory.CreateDirectory(directory);
    Console.WriteLine($"NetworkScale: 2-H-1 tanh networks fitted to y = sin(2 x0) cos(1.5 x1) at {RegressionData.Samples} points of [-2, 2]², seeds {firstSeed} to {firstSeed + (ulong)Seeds - 1}");
    Console.WriteLine("  start: hidden weights uniform in [-1, 1], output weights in ±1/√H (seed s, the same for every method); box [-5, 5] for all but Adam");
    var all = new System.Collections.Generic.List<SeedResult>();
    foreach (var size in sizes)
    {
        var methods = Methods.All.Where(m => m.AppliesTo(size.Dimension) && (only is null || only.Contains(m.Name))).ToArray();
        string results = Path.Combine(directory, $"results-{size.Dimension}.csv"), curves = Path.Combine(directory, $"curves-{size.Dimension}.csv");
        var study = RunSize(data, size, methods, Seeds, progress: true, firstSeed, (seed, run) =>
        {
            // Written as each seed completes, so a run that is stopped keeps what it finished.
            StudyCsv.Append(results, curves, size, seed, run);
            all.AddRange(run.Select(c => SeedResult.Of(size, seed, c)));
        });
        Console.WriteLine();
        if (firstSeed == 1)
        {
            string plot = Path.Combine(directory, $"networkscale-{size.Dimension}.svg");
            SvgPlot.Write(plot, $"A 2-{size.Hidden}-1 tanh network ({size.Dimension:N0} weights): best loss, seed 1", study[0], size.Target, "target", withTimePanel: true);
            Console.WriteLine($"  plot (seed 1, against evaluations and seconds): {plot}");
        }
        Console.WriteLine($"  per-seed results: {results}; curves: {curves}");
    }
    StudyCsv.PrintTables(all);
    return 0;
}

static int Tables(string[] paths)
{
    // Each path is a results CSV file or a directory of results-<weights>.csv files.
    var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "results-*.csv") : [p]).ToArray();
    foreach (string missing in files.Where(f => !File.Exists(f)))
    {
        Console.Error.WriteLine($"No such results file: {Path.GetFullPath(missing)}.");
        return 2;
    }
    var all = files.SelectMany(StudyCsv.Read).ToList();
    if (all.Count == 0)
    {
        Console.Error.WriteLine($"No results rows in {string.Join(", ", paths)} (expected results-<weights>.csv files).");
        return 2;
    }
    StudyCsv.PrintTables(all);
    return 0;
}

static void PrintTiming(RegressionData data, Size[] sizes)
{
    Console.WriteLine($"Time per call at the seed-1 start ({RegressionData.Samples} samples; fastest of 7 batches):");
    Console.WriteLine($"  {"weights",7} {"value",10} {"value+grad",11} {"ratio",6} {"Adam step",10}");
    foreach (var size in sizes)
    {
        double[] x = RegressionData.StartingPoint(size.Hidden, 1);
        var costs = size.Hidden switch
        {
            Mlp9.Hidden => Timing.Measure(new Mlp9(data).AsObjective(), x),
            Mlp101.Hidden => Timing.Measure(new Mlp101(data).AsObjective(), x),
            _ => Timing.Measure(new Mlp1001(data).AsObjective(), x),
        };
        Console.WriteLine($"  {size.Dimension,7:N0} {costs.ValueMicroseconds,7:F2} µs {costs.GradientMicroseconds,8:F2} µs {costs.GradientRatio,6:F2} {costs.AdamStepMicroseconds,7:F2} µs");
    }
}

static void Export(RegressionData data, Size[] sizes, string directory)
{
    Directory.CreateDirectory(directory);
    using (var writer = new StreamWriter(Path.Combine(directory, "data.csv")))
    {
        writer.WriteLine("x0,x1,y");
        for (int i = 0; i < RegressionData.Samples; i++)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{data.Inputs[2 * i]:R},{data.Inputs[2 * i + 1]:R},{data.Targets[i]:R}"));
    }
    // The seed-1 starting weights of each width, and GenOpt's loss there (the reference script checks it gets the same).
    using var losses = new StreamWriter(Path.Combine(directory, "start-loss.csv"));
    losses.WriteLine("weights,loss");
    foreach (var size in sizes)
    {
        double[] w = RegressionData.StartingPoint(size.Hidden, 1);
        File.WriteAllLines(Path.Combine(directory, $"start-{size.Dimension}.csv"), w.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        double loss = size.Hidden switch
        {
            Mlp9.Hidden => new Mlp9(data).Loss(w),
            Mlp101.Hidden => new Mlp101(data).Loss(w),
            _ => new Mlp1001(data).Loss(w),
        };
        losses.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size.Dimension},{loss:R}"));
    }
    Console.WriteLine($"Wrote data.csv, start-<weights>.csv and start-loss.csv to {Path.GetFullPath(directory)}");
}


/// <summary>The target loss of each width (see README): about where Adam, lr 0.01, arrives from most starts.</summary>
static class Targets
{
    public const double Mlp9 = 0.12;
    public const double Mlp101 = 1e-3;
    public const double Mlp1001 = 1e-3;
}
