using System;
using System.Diagnostics;
using System.IO;
using BenchmarkDotNet.Attributes;
using NetworkScale;

namespace GenOpt.Benchmarks;

/// <summary>
/// The NetworkScale sample's networks (2-H-1 tanh, 100 samples): a value call against a value-and-gradient call of the
/// generated objective at 9, 101 and 1,001 weights (the issue's goal: at most 4 times at 1,001), and the time the
/// generator takes on the sample's source with and without the 1,001-weight network.
/// </summary>
[MemoryDiagnoser]
public class NetworkScaleTiming
{
    private static readonly RegressionData Data = new();
    private readonly Mlp9.Objective _small = new Mlp9(Data).AsObjective();
    private readonly Mlp101.Objective _medium = new Mlp101(Data).AsObjective();
    private readonly Mlp1001.Objective _large = new Mlp1001(Data).AsObjective();
    private readonly double[] _w9 = RegressionData.StartingPoint(Mlp9.Hidden, 1), _g9 = new double[Mlp9.Parameters];
    private readonly double[] _w101 = RegressionData.StartingPoint(Mlp101.Hidden, 1), _g101 = new double[Mlp101.Parameters];
    private readonly double[] _w1001 = RegressionData.StartingPoint(Mlp1001.Hidden, 1), _g1001 = new double[Mlp1001.Parameters];

    [Benchmark] public double Value_Mlp9() => _small.Value(_w9);
    [Benchmark] public double ValueAndGradient_Mlp9() => _small.ValueAndGradient(_w9, _g9);
    [Benchmark] public double Value_Mlp101() => _medium.Value(_w101);
    [Benchmark] public double ValueAndGradient_Mlp101() => _medium.ValueAndGradient(_w101, _g101);
    [Benchmark] public double Value_Mlp1001() => _large.Value(_w1001);
    [Benchmark] public double ValueAndGradient_Mlp1001() => _large.ValueAndGradient(_w1001, _g1001);

    /// <summary>Stopwatch figures: fastest of 15 batches per call, and the generator's time on the sample's source.</summary>
    public static void Run()
    {
        var t = new NetworkScaleTiming();
        Console.WriteLine();
        Console.WriteLine($"{"network",-9} {"value (µs)",11} {"value+grad (µs)",16} {"ratio",6}");
        Row("Mlp9", 20_000, () => t.Value_Mlp9(), () => t.ValueAndGradient_Mlp9());
        Row("Mlp101", 2_000, () => t.Value_Mlp101(), () => t.ValueAndGradient_Mlp101());
        Row("Mlp1001", 200, () => t.Value_Mlp1001(), () => t.ValueAndGradient_Mlp1001());

        string source;
        using (var stream = typeof(NetworkScaleTiming).Assembly.GetManifestResourceStream("NetworkScale.Mlp.cs")!)
        using (var reader = new StreamReader(stream))
            source = reader.ReadToEnd();
        int large = source.IndexOf("/// <summary>2-250-1", StringComparison.Ordinal);
        if (large < 0)
            throw new InvalidOperationException("The 1,001-weight network was not found in samples/NetworkScale/Mlp.cs.");
        string withoutLarge = source[..large];
        GeneratorTiming.Generate(withoutLarge);   // warm-up
        Console.WriteLine();
        Console.WriteLine($"{"generator input",-32} {"time (ms)",10} {"generated (bytes)",18} {"diagnostics",12}");
        foreach ((string name, string text) in new[] { ("Mlp.cs without Mlp1001", withoutLarge), ("Mlp.cs (Mlp9, Mlp101, Mlp1001)", source) })
        {
            double best = double.MaxValue;
            (int size, string diagnostics) = (0, "");
            for (int r = 0; r < 5; r++)
            {
                long start = Stopwatch.GetTimestamp();
                (size, diagnostics) = GeneratorTiming.Generate(text);
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            Console.WriteLine($"{name,-32} {best,10:F0} {size,18} {diagnostics,12}");
        }
    }

    private static void Row(string name, int calls, Func<double> value, Func<double> both)
    {
        double v = Fastest(calls, value), g = Fastest(calls, both);
        Console.WriteLine($"{name,-9} {v,11:F2} {g,16:F2} {g / v,6:F2}");
    }

    private static double Fastest(int calls, Func<double> call)
    {
        double sink = 0, best = double.MaxValue;
        for (int r = 0; r < 16; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
                sink += call();
            if (r > 0)   // the first batch warms up
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls);
        }
        return double.IsNaN(sink) ? double.NaN : best;
    }
}
