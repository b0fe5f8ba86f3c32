using System;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace GenOpt.Benchmarks;

/// <summary>Rosenbrock in n dimensions, written as users write it; the generator differentiates it.</summary>
public static partial class Rosenbrock10
{
    [Objective(Dimension = 10)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }
}

/// <summary>Rosenbrock, 50 dimensions.</summary>
public static partial class Rosenbrock50
{
    [Objective(Dimension = 50)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }
}

/// <summary>Rosenbrock, 100 dimensions.</summary>
public static partial class Rosenbrock100
{
    [Objective(Dimension = 100)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }
}

/// <summary>A small network's loss: 2 inputs, 8 tanh hidden units, 1 output (33 weights), 32 samples.</summary>
public static partial class NetworkLoss
{
    private static readonly double[] Inputs = MakeInputs();
    private static readonly double[] Targets = MakeTargets();

    [Objective(Dimension = 33)]
    public static partial double Value(ReadOnlySpan<double> w)
    {
        double loss = 0;
        for (int k = 0; k < 32; k++)
        {
            double output = w[32];
            for (int h = 0; h < 8; h++)
                output += w[24 + h] * Math.Tanh(w[2 * h] * Inputs[2 * k] + w[2 * h + 1] * Inputs[2 * k + 1] + w[16 + h]);
            double error = output - Targets[k];
            loss += error * error;
        }
        return loss / 32;
    }

    private static double[] MakeInputs()
    {
        var random = new RandomSource(1);
        var inputs = new double[64];
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = 2 * random.NextDouble() - 1;
        return inputs;
    }

    private static double[] MakeTargets()
    {
        var targets = new double[32];
        for (int k = 0; k < 32; k++)
            targets[k] = Math.Sin(3 * Inputs[2 * k]) * Inputs[2 * k + 1];
        return targets;
    }
}

/// <summary>
/// The same network's loss written with a <c>stackalloc</c> hidden layer over data held in the instance: 2 inputs,
/// 8 tanh hidden units, 1 output (33 weights), 32 samples.
/// </summary>
public sealed partial class SpanMlpLoss
{
    private const int D = 2, H = 8, N = 32;
    private readonly double[] _inputs;
    private readonly double[] _targets;

    public SpanMlpLoss()
    {
        var random = new RandomSource(1);
        _inputs = new double[N * D];
        for (int i = 0; i < _inputs.Length; i++)
            _inputs[i] = 2 * random.NextDouble() - 1;
        _targets = new double[N];
        for (int k = 0; k < N; k++)
            _targets[k] = Math.Sin(3 * _inputs[2 * k]) * _inputs[2 * k + 1];
    }

    [Objective(Dimension = H * D + H + H + 1)]
    public partial double Loss(ReadOnlySpan<double> w)
    {
        Span<double> hidden = stackalloc double[H];
        double loss = 0;
        for (int k = 0; k < N; k++)
        {
            for (int j = 0; j < H; j++)
            {
                hidden[j] = w[H * D + j];
                for (int i = 0; i < D; i++)
                    hidden[j] += w[j * D + i] * _inputs[k * D + i];
                hidden[j] = Math.Tanh(hidden[j]);
            }
            double output = w[H * D + 2 * H];
            for (int j = 0; j < H; j++)
                output += w[H * D + H + j] * hidden[j];
            double error = output - _targets[k];
            loss += error * error;
        }
        return loss / N;
    }
}

/// <summary>
/// An elastic-net regression loss, written as users write it: 80 rows of a 30-column design matrix held row-major in
/// one array, the residual accumulated in an inner loop (<c>r += A[i * n + j] * x[j]</c>), then the L1 and L2 penalties.
/// </summary>
public static partial class ElasticNet
{
    private const int Rows = 80, Columns = 30;
    private static readonly double[] Design = MakeDesign();
    private static readonly double[] Response = MakeResponse();

    [Objective(Dimension = Columns)]
    public static partial double Value(ReadOnlySpan<double> x)
    {
        double loss = 0;
        for (int i = 0; i < Rows; i++)
        {
            double r = -Response[i];
            for (int j = 0; j < Columns; j++)
                r += Design[i * Columns + j] * x[j];
            loss += r * r;
        }
        double penalty = 0;
        for (int j = 0; j < Columns; j++)
            penalty += 0.1 * Math.Abs(x[j]) + 0.05 * x[j] * x[j];
        return loss / (2 * Rows) + penalty;
    }

    private static double[] MakeDesign()
    {
        var random = new RandomSource(3);
        var design = new double[Rows * Columns];
        for (int i = 0; i < design.Length; i++)
            design[i] = 2 * random.NextDouble() - 1;
        return design;
    }

    private static double[] MakeResponse()
    {
        var random = new RandomSource(4);
        var response = new double[Rows];
        for (int i = 0; i < Rows; i++)
            response[i] = 2 * random.NextDouble() - 1;
        return response;
    }
}

/// <summary>
/// Cost of the generated analytic gradient against one evaluation of the objective and against central finite
/// differences (2n evaluations). The cheap-gradient principle expects ValueAndGradient within a small multiple of Value.
/// </summary>
[MemoryDiagnoser]
public class GradientBenchmarks
{
    private readonly double[] _x10 = Point(10), _g10 = new double[10];
    private readonly double[] _x50 = Point(50), _g50 = new double[50];
    private readonly double[] _x100 = Point(100), _g100 = new double[100];
    private readonly double[] _w = Point(33), _gw = new double[33];
    private Rosenbrock10.Objective _f10;
    private Rosenbrock50.Objective _f50;
    private Rosenbrock100.Objective _f100;
    private NetworkLoss.Objective _network;
    private SpanMlpLoss.Objective _spanMlp = new SpanMlpLoss().AsObjective();
    private readonly double[] _xe = Point(30), _ge = new double[30];
    private ElasticNet.Objective _elastic;

    private static double[] Point(int n)
    {
        var random = new RandomSource(2);
        var x = new double[n];
        for (int i = 0; i < n; i++)
            x[i] = random.NextDouble() - 0.5;
        return x;
    }

    [Benchmark] public double Value_Rosenbrock10() => _f10.Value(_x10);
    [Benchmark] public double Analytic_Rosenbrock10() => _f10.ValueAndGradient(_x10, _g10);
    [Benchmark] public double FiniteDifference_Rosenbrock10() => FiniteDifference.CentralGradient(ref _f10, _x10, _g10);
    [Benchmark] public double Value_Rosenbrock50() => _f50.Value(_x50);
    [Benchmark] public double Analytic_Rosenbrock50() => _f50.ValueAndGradient(_x50, _g50);
    [Benchmark] public double FiniteDifference_Rosenbrock50() => FiniteDifference.CentralGradient(ref _f50, _x50, _g50);
    [Benchmark] public double Value_Rosenbrock100() => _f100.Value(_x100);
    [Benchmark] public double Analytic_Rosenbrock100() => _f100.ValueAndGradient(_x100, _g100);
    [Benchmark] public double FiniteDifference_Rosenbrock100() => FiniteDifference.CentralGradient(ref _f100, _x100, _g100);
    [Benchmark] public double Value_Network() => _network.Value(_w);
    [Benchmark] public double Analytic_Network() => _network.ValueAndGradient(_w, _gw);
    [Benchmark] public double FiniteDifference_Network() => FiniteDifference.CentralGradient(ref _network, _w, _gw);
    [Benchmark] public double Value_SpanMlp() => _spanMlp.Value(_w);
    [Benchmark] public double Analytic_SpanMlp() => _spanMlp.ValueAndGradient(_w, _gw);
    [Benchmark] public double FiniteDifference_SpanMlp() => FiniteDifference.CentralGradient(ref _spanMlp, _w, _gw);
    [Benchmark] public double Value_ElasticNet() => _elastic.Value(_xe);
    [Benchmark] public double Analytic_ElasticNet() => _elastic.ValueAndGradient(_xe, _ge);
    [Benchmark] public double FiniteDifference_ElasticNet() => FiniteDifference.CentralGradient(ref _elastic, _xe, _ge);

    /// <summary>Stopwatch figures (ns per call, minimum of repeated runs) for <c>--quick Gradient</c>.</summary>
    public static void Quick(string filter)
    {
        if (!"Gradient".Contains(filter, StringComparison.Ordinal))
            return;
        var b = new GradientBenchmarks();
        Report("Rosenbrock10", b.Value_Rosenbrock10, b.Analytic_Rosenbrock10, b.FiniteDifference_Rosenbrock10);
        Report("Rosenbrock50", b.Value_Rosenbrock50, b.Analytic_Rosenbrock50, b.FiniteDifference_Rosenbrock50);
        Report("Rosenbrock100", b.Value_Rosenbrock100, b.Analytic_Rosenbrock100, b.FiniteDifference_Rosenbrock100);
        Report("Network33", b.Value_Network, b.Analytic_Network, b.FiniteDifference_Network);
        Report("SpanMlp33", b.Value_SpanMlp, b.Analytic_SpanMlp, b.FiniteDifference_SpanMlp);
        Report("ElasticNet30", b.Value_ElasticNet, b.Analytic_ElasticNet, b.FiniteDifference_ElasticNet);
    }

    private static void Report(string name, Func<double> value, Func<double> analytic, Func<double> finite)
    {
        double v = Time(value), a = Time(analytic), f = Time(finite);
        Console.WriteLine($"{name,-14} Value {v,9:F1} ns   ValueAndGradient {a,9:F1} ns ({a / v,4:F1}x)   central differences {f,10:F1} ns ({f / v,5:F1}x)");
    }

    /// <summary>Nanoseconds per call of <paramref name="run"/>: the fastest of 15 runs of <paramref name="calls"/> calls.</summary>
    internal static double Time(Func<double> run, int calls = 20000)
    {
        double best = double.MaxValue, sink = 0;
        for (int r = 0; r < 15; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
                sink += run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls);
        }
        return sink == double.NegativeInfinity ? 0 : best;
    }
}
