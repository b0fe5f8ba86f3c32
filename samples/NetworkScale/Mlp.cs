using System;
using GenOpt;

namespace NetworkScale;

/// <summary>
/// The regression task every network learns: y = sin(2·x0)·cos(1.5·x1) on <see cref="Samples"/> inputs drawn
/// uniformly from [-2, 2]² by a fixed seed — a smooth surface with two ridges and two valleys along each axis, which a
/// network needs several hidden units to follow. Inputs are stored x0, x1 of sample i at 2i, 2i + 1.
/// </summary>
public sealed class RegressionData
{
    public const int Samples = 100;
    public const ulong Seed = 2026;

    public RegressionData()
    {
        var random = new RandomSource(Seed);
        Inputs = new double[2 * Samples];
        Targets = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            double x0 = random.NextDouble(-2, 2), x1 = random.NextDouble(-2, 2);
            Inputs[2 * i] = x0;
            Inputs[2 * i + 1] = x1;
            Targets[i] = Math.Sin(2 * x0) * Math.Cos(1.5 * x1);
        }
    }

    /// <summary>x0, x1 of sample i at 2i, 2i + 1.</summary>
    public double[] Inputs { get; }
    public double[] Targets { get; }

    /// <summary>
    /// A network's starting weights for <paramref name="seed"/>, in the layout of <see cref="MlpLayout"/>: hidden
    /// weights and biases uniform in [-1, 1] (fan-in 2), output weights and bias uniform in ±1/√hidden (LeCun's
    /// fan-in scaling), so the initial output has the same size at every width.
    /// </summary>
    public static double[] StartingPoint(int hidden, ulong seed)
    {
        var random = new RandomSource(seed * 7919);
        var w = new double[MlpLayout.Parameters(hidden)];
        double outputScale = 1 / Math.Sqrt(hidden);
        for (int i = 0; i < w.Length; i++)
            w[i] = i < 3 * hidden ? random.NextDouble(-1, 1) : random.NextDouble(-outputScale, outputScale);
        return w;
    }
}

/// <summary>
/// The weight layout of the 2-H-1 tanh networks below: w[3j], w[3j+1] are hidden unit j's input weights and w[3j+2]
/// its bias; w[3H + j] is the output weight of unit j and w[4H] the output bias; 4H + 1 weights in all.
/// </summary>
public static class MlpLayout
{
    public static int Parameters(int hidden) => 4 * hidden + 1;

    /// <summary>The network's output for one input (the same arithmetic as the objectives, for checks and export).</summary>
    public static double Output(ReadOnlySpan<double> w, int hidden, double x0, double x1)
    {
        double y = w[4 * hidden];
        for (int j = 0; j < hidden; j++)
            y += w[3 * hidden + j] * Math.Tanh(w[3 * j] * x0 + w[3 * j + 1] * x1 + w[3 * j + 2]);
        return y;
    }
}

// The three networks differ only in their width H. Each is its own [Objective] because the generator writes a
// fixed-dimension type per method. The layer held in a stackalloc span is the output over the whole training set,
// y[s] = output of sample s minus its target, built one hidden unit at a time: every statement accumulates, so the
// reverse sweep saves nothing and recomputes each unit's tanh, and the gradient is analytic (no GENOPT100/101) at every
// width. The textbook form — the hidden layer in a span, one sample at a time — is analytic only while samples × H
// saved activations fit the generator's 8,192-double buffer (a compile-time sample count), so not at 1,001 weights;
// with the sample count read from the data at run time it falls back to finite differences (GENOPT100).

/// <summary>2-2-1 tanh network, 9 weights: mean squared error over the data.</summary>
public readonly partial struct Mlp9(RegressionData data)
{
    public const int Hidden = 2;
    public const int Parameters = 4 * Hidden + 1;
    private readonly double[] _inputs = data.Inputs, _targets = data.Targets;

    /// <summary>Mean squared error of the network with weights <paramref name="w"/> over the data.</summary>
    [Objective(Dimension = Parameters)]
    public partial double Loss(ReadOnlySpan<double> w)
    {
        Span<double> y = stackalloc double[RegressionData.Samples];
        for (int s = 0; s < RegressionData.Samples; s++)
            y[s] = w[4 * Hidden] - _targets[s];
        for (int j = 0; j < Hidden; j++)
            for (int s = 0; s < RegressionData.Samples; s++)
                y[s] += w[3 * Hidden + j] * Math.Tanh(w[3 * j] * _inputs[2 * s] + w[3 * j + 1] * _inputs[2 * s + 1] + w[3 * j + 2]);
        double sum = 0;
        for (int s = 0; s < RegressionData.Samples; s++)
            sum += y[s] * y[s];
        return sum / RegressionData.Samples;
    }
}

/// <summary>2-25-1 tanh network, 101 weights: mean squared error over the data.</summary>
public readonly partial struct Mlp101(RegressionData data)
{
    public const int Hidden = 25;
    public const int Parameters = 4 * Hidden + 1;
    private readonly double[] _inputs = data.Inputs, _targets = data.Targets;

    /// <summary>Mean squared error of the network with weights <paramref name="w"/> over the data.</summary>
    [Objective(Dimension = Parameters)]
    public partial double Loss(ReadOnlySpan<double> w)
    {
        Span<double> y = stackalloc double[RegressionData.Samples];
        for (int s = 0; s < RegressionData.Samples; s++)
            y[s] = w[4 * Hidden] - _targets[s];
        for (int j = 0; j < Hidden; j++)
            for (int s = 0; s < RegressionData.Samples; s++)
                y[s] += w[3 * Hidden + j] * Math.Tanh(w[3 * j] * _inputs[2 * s] + w[3 * j + 1] * _inputs[2 * s + 1] + w[3 * j + 2]);
        double sum = 0;
        for (int s = 0; s < RegressionData.Samples; s++)
            sum += y[s] * y[s];
        return sum / RegressionData.Samples;
    }
}

/// <summary>2-250-1 tanh network, 1001 weights: mean squared error over the data.</summary>
public readonly partial struct Mlp1001(RegressionData data)
{
    public const int Hidden = 250;
    public const int Parameters = 4 * Hidden + 1;
    private readonly double[] _inputs = data.Inputs, _targets = data.Targets;

    /// <summary>Mean squared error of the network with weights <paramref name="w"/> over the data.</summary>
    [Objective(Dimension = Parameters)]
    public partial double Loss(ReadOnlySpan<double> w)
    {
        Span<double> y = stackalloc double[RegressionData.Samples];
        for (int s = 0; s < RegressionData.Samples; s++)
            y[s] = w[4 * Hidden] - _targets[s];
        for (int j = 0; j < Hidden; j++)
            for (int s = 0; s < RegressionData.Samples; s++)
                y[s] += w[3 * Hidden + j] * Math.Tanh(w[3 * j] * _inputs[2 * s] + w[3 * j + 1] * _inputs[2 * s + 1] + w[3 * j + 2]);
        double sum = 0;
        for (int s = 0; s < RegressionData.Samples; s++)
            sum += y[s] * y[s];
        return sum / RegressionData.Samples;
    }
}
