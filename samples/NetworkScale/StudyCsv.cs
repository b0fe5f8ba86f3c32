using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NeuralFit;

namespace NetworkScale;

/// <summary>One method's run from one seed at one width: what the tables are computed from.</summary>
public sealed record SeedResult(int Weights, long Budget, double Target, ulong Seed, string Method, double Best,
    long Evaluations, double Seconds, long ReachedAt, double ReachedSeconds)
{
    public bool Reached => ReachedAt >= 0;

    public static SeedResult Of(Size size, ulong seed, LossCurve curve) =>
        new(size.Dimension, size.Budget, size.Target, seed, curve.Name, curve.Best, curve.Evaluations, curve.Seconds,
            curve.ReachedAt, curve.ReachedSeconds);
}

/// <summary>
/// The study's files: results-&lt;weights&gt;.csv, one row per seed and method, and curves-&lt;weights&gt;.csv, the
/// best-loss steps of each run (evaluations, seconds, best). Both are appended to, so runs split over seeds or
/// methods add up; <see cref="PrintTables"/> reads the rows back into the documented tables.
/// </summary>
public static class StudyCsv
{
    private const string ResultsHeader = "weights,budget,target,seed,method,best,evaluations,seconds,reached_at,reached_seconds";
    private const string CurvesHeader = "weights,budget,seed,method,evaluations,seconds,best";

    public static void Append(string resultsPath, string curvesPath, Size size, ulong seed, LossCurve[] run)
    {
        bool newResults = !File.Exists(resultsPath), newCurves = !File.Exists(curvesPath);
        using (var writer = new StreamWriter(resultsPath, append: true))
        {
            if (newResults) writer.WriteLine(ResultsHeader);
            foreach (var c in run)
                writer.WriteLine(Invariant($"{size.Dimension},{size.Budget},{size.Target:R},{seed},{Quote(c.Name)},{c.Best:R},{c.Evaluations},{c.Seconds:R},{c.ReachedAt},{c.ReachedSeconds:R}"));
        }
        using (var writer = new StreamWriter(curvesPath, append: true))
        {
            if (newCurves) writer.WriteLine(CurvesHeader);
            foreach (var c in run)
            {
                for (int i = 0; i < c.Points; i++)
                    writer.WriteLine(Invariant($"{size.Dimension},{size.Budget},{seed},{Quote(c.Name)},{c.EvaluationAt(i)},{c.SecondsAt(i):R},{c.BestAt(i):R}"));
                // The run's end: the best value holds to the last evaluation.
                writer.WriteLine(Invariant($"{size.Dimension},{size.Budget},{seed},{Quote(c.Name)},{c.Evaluations},{c.Seconds:R},{c.Best:R}"));
            }
        }
    }

    public static IEnumerable<SeedResult> Read(string resultsPath)
    {
        foreach (string line in File.ReadLines(resultsPath).Skip(1))
        {
            if (line.Length == 0) continue;
            string[] f = Split(line);
            if (f.Length != 10)
                throw new FormatException($"{resultsPath}: expected 10 fields ({ResultsHeader}), found {f.Length} in \"{line}\".");
            yield return new SeedResult(int.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture), ulong.Parse(f[3], CultureInfo.InvariantCulture), f[4],
                double.Parse(f[5], CultureInfo.InvariantCulture), long.Parse(f[6], CultureInfo.InvariantCulture),
                double.Parse(f[7], CultureInfo.InvariantCulture), long.Parse(f[8], CultureInfo.InvariantCulture),
                double.Parse(f[9], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Per width and budget: each method's seeds, how many reached the target, median and worst best loss, time per
    /// evaluation, and the median evaluations and seconds to the target (a miss counts as infinite, so a method that
    /// misses on more than half the seeds has none); then the first method to each target. A seed run twice counts once
    /// (the last row).
    /// </summary>
    public static void PrintTables(IEnumerable<SeedResult> rows)
    {
        var firsts = new List<string>();
        var order = Methods.All.Select(m => m.Name).ToList();
        foreach (var group in rows.GroupBy(r => (r.Weights, r.Budget)).OrderBy(g => g.Key.Weights).ThenBy(g => g.Key.Budget))
        {
            var byMethod = group
                .GroupBy(r => r.Method)
                .OrderBy(g => order.IndexOf(g.Key) < 0 ? int.MaxValue : order.IndexOf(g.Key))
                .Select(g => g.GroupBy(r => r.Seed).Select(s => s.Last()).OrderBy(r => r.Seed).ToArray())
                .ToArray();
            double target = group.First().Target;
            Console.WriteLine();
            Console.WriteLine(Invariant($"{group.Key.Weights:N0} weights: target {target}, budget {group.Key.Budget:N0} evaluations"));
            Console.WriteLine("| method | seeds | reached | median loss | worst loss | per eval | median to the target |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
            var toTarget = new List<(string Method, double Evaluations, double Seconds)>();
            foreach (var runs in byMethod)
            {
                var (evaluations, seconds) = ToTarget(runs);
                toTarget.Add((runs[0].Method, evaluations, seconds));
                double perEvaluation = 1e6 * runs.Sum(r => r.Seconds) / runs.Sum(r => r.Evaluations);
                string reached = double.IsPositiveInfinity(evaluations) ? "—" : Invariant($"{evaluations:N0} evaluations, {FormatSeconds(seconds)}");
                Console.WriteLine(Invariant($"| {runs[0].Method} | {runs.Length} | {runs.Count(r => r.Reached)} / {runs.Length} | {Loss(Study.Median(runs.Select(r => r.Best)))} | {Loss(runs.Max(r => r.Best))} | {(perEvaluation < 100 ? perEvaluation.ToString("F1", CultureInfo.InvariantCulture) : perEvaluation.ToString("N0", CultureInfo.InvariantCulture))} µs | {reached} |"));
            }
            firsts.Add(Invariant($"| {group.Key.Weights:N0} | {target} | {group.Key.Budget:N0} | {First(toTarget, t => t.Evaluations, e => $"{e:N0}")} | {First(toTarget, t => t.Seconds, FormatSeconds)} |"));
        }
        Console.WriteLine();
        Console.WriteLine("First to the target (median over the seeds; a method that misses on more than half of them is not ranked):");
        Console.WriteLine("| weights | target | budget | by evaluations (median) | by wall time (median) |");
        Console.WriteLine("|---:|---:|---:|---|---|");
        foreach (string line in firsts)
            Console.WriteLine(line);
    }

    /// <summary>Median evaluations and seconds to the target over the seeds (a miss counts as infinite).</summary>
    private static (double Evaluations, double Seconds) ToTarget(SeedResult[] runs) =>
        (Study.Median(runs.Select(r => r.Reached ? r.ReachedAt : double.PositiveInfinity)),
         Study.Median(runs.Select(r => r.Reached ? r.ReachedSeconds : double.PositiveInfinity)));

    /// <summary>The fastest method by <paramref name="score"/>, with the runner-up in brackets; "none" if no one reached.</summary>
    private static string First(List<(string Method, double Evaluations, double Seconds)> all,
        Func<(string Method, double Evaluations, double Seconds), double> score, Func<double, string> format)
    {
        var ranked = all.Where(t => double.IsFinite(score(t))).OrderBy(score).ToArray();
        if (ranked.Length == 0) return "none";
        string first = $"{ranked[0].Method} ({format(score(ranked[0]))})";
        return ranked.Length > 1 ? $"{first}; then {ranked[1].Method} ({format(score(ranked[1]))})" : first;
    }

    private static string Loss(double value) => value >= 0.1 ? Invariant($"{value:G4}") : Invariant($"{value:0.0e+0}");

    /// <summary>Three significant digits: 1.05 ms, 228 ms, 1.76 s, 123 s.</summary>
    public static string FormatSeconds(double seconds) =>
        seconds < 1 ? Invariant($"{1e3 * seconds:G3} ms") : seconds < 100 ? Invariant($"{seconds:G3} s") : Invariant($"{seconds:F0} s");

    private static string Quote(string field) => field.Contains(',') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    /// <summary>Splits a CSV line whose fields may be quoted (the method names contain commas).</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
