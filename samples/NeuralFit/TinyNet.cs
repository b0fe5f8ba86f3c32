using System;
using GenOpt;

namespace NeuralFit;

/// <summary>
/// A 2-2-2 network — two inputs, two tanh hidden units without bias, two linear outputs with bias, 10 parameters —
/// and its mean squared error over a training set held in the struct. The generator turns <see cref="Loss"/> into
/// <c>TinyNet.Objective</c> with an analytic gradient, so each evaluation reads the arrays and allocates nothing.
/// </summary>
/// <remarks>
/// Parameter layout: w[0..3] input→hidden weights (unit j uses w[2j], w[2j+1]), w[4..7] hidden→output weights
/// (output k uses w[4+2k], w[5+2k]), w[8..9] output biases.
/// </remarks>
public readonly partial struct TinyNet
{
    public const int Parameters = 10;

    private readonly double[] _inputs;   // x0, x1 of sample i at 2i, 2i+1
    private readonly double[] _targets;  // y0, y1 of sample i at 2i, 2i+1
    private readonly int _samples;

    private TinyNet(double[] inputs, double[] targets)
    {
        _inputs = inputs;
        _targets = targets;
        _samples = targets.Length / 2;
    }

    /// <summary>Number of training samples.</summary>
    public int Samples => _samples;

    /// <summary>The training inputs: x0, x1 of sample i at 2i, 2i+1.</summary>
    public ReadOnlySpan<double> Inputs => _inputs;

    /// <summary>The training targets: y0, y1 of sample i at 2i, 2i+1.</summary>
    public ReadOnlySpan<double> Targets => _targets;

    /// <summary>
    /// A teacher–student task: inputs uniform in [-2, 2]², targets = the teacher network's outputs plus Gaussian
    /// noise of standard deviation <paramref name="noise"/>. The teacher is a feasible point, so its loss is a
    /// yardstick the best fit must reach (about 2·noise² for a large sample).
    /// </summary>
    public static TinyNet TeacherStudent(ReadOnlySpan<double> teacher, int samples, double noise, ulong seed)
    {
        if (teacher.Length != Parameters)
            throw new ArgumentException($"The teacher needs {Parameters} weights, got {teacher.Length}.", nameof(teacher));
        if (samples < 1)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "At least one sample is needed.");
        var random = new RandomSource(seed);
        var inputs = new double[2 * samples];
        var targets = new double[2 * samples];
        Span<double> output = stackalloc double[2];
        for (int i = 0; i < samples; i++)
        {
            inputs[2 * i] = random.NextDouble(-2, 2);
            inputs[2 * i + 1] = random.NextDouble(-2, 2);
            Forward(teacher, inputs[2 * i], inputs[2 * i + 1], output);
            targets[2 * i] = output[0] + noise * random.NextGaussian();
            targets[2 * i + 1] = output[1] + noise * random.NextGaussian();
        }
        return new TinyNet(inputs, targets);
    }

    /// <summary>The network's two outputs for one input.</summary>
    public static void Forward(ReadOnlySpan<double> w, double x0, double x1, Span<double> output)
    {
        double h0 = Math.Tanh(w[0] * x0 + w[1] * x1);
        double h1 = Math.Tanh(w[2] * x0 + w[3] * x1);
        output[0] = w[4] * h0 + w[5] * h1 + w[8];
        output[1] = w[6] * h0 + w[7] * h1 + w[9];
    }

    /// <summary>Mean squared error over the training set, summed over both outputs.</summary>
    [Objective(Dimension = Parameters)]
    public partial double Loss(ReadOnlySpan<double> w)
    {
        double sum = 0;
        for (int i = 0; i < _samples; i++)
        {
            double x0 = _inputs[2 * i];
            double x1 = _inputs[2 * i + 1];
            double h0 = Math.Tanh(w[0] * x0 + w[1] * x1);
            double h1 = Math.Tanh(w[2] * x0 + w[3] * x1);
            double e0 = w[4] * h0 + w[5] * h1 + w[8] - _targets[2 * i];
            double e1 = w[6] * h0 + w[7] * h1 + w[9] - _targets[2 * i + 1];
            sum += e0 * e0 + e1 * e1;
        }
        return sum / _samples;
    }
}
