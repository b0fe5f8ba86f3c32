using System;
using GenOpt;

namespace NeuralFit;

/// <summary>
/// Full-batch Adam (Kingma &amp; Ba, 2015) on a differentiable objective, the deep-learning baseline, in the
/// paper's efficient form: step α·√(1−β2ᵗ)/(1−β1ᵗ) · m/(√v + ε̂), so <see cref="Epsilon"/> is the paper's ε̂ (as in
/// TensorFlow/Keras; PyTorch adds ε to the bias-corrected √v̂). Defaults are the paper's β1 = 0.9, β2 = 0.999,
/// ε = 1e-8. Buffers are allocated once.
/// </summary>
public sealed class Adam<TObjective> where TObjective : struct, IDifferentiableObjective
{
    private TObjective _objective;
    private readonly double[] _x, _g, _m, _v;

    public Adam(TObjective objective)
    {
        _objective = objective;
        int n = TObjective.Dimension;
        _x = new double[n];
        _g = new double[n];
        _m = new double[n];
        _v = new double[n];
    }

    public double LearningRate { get; init; } = 0.001;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>The current iterate.</summary>
    public ReadOnlySpan<double> Point => _x;

    /// <summary>Takes <paramref name="steps"/> steps from <paramref name="x0"/>; returns the loss at the last iterate.</summary>
    public double Minimize(ReadOnlySpan<double> x0, long steps)
    {
        if (x0.Length != _x.Length)
            throw new ArgumentException($"x0 has length {x0.Length}; the objective has dimension {_x.Length}.", nameof(x0));
        if (!(LearningRate > 0))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
        x0.CopyTo(_x);
        Array.Clear(_m);
        Array.Clear(_v);
        double beta1Power = 1, beta2Power = 1;
        for (long t = 1; t <= steps; t++)
        {
            double loss = _objective.ValueAndGradient(_x, _g);
            if (!double.IsFinite(loss))
                throw new InvalidOperationException($"The loss became {loss} at step {t}.");
            beta1Power *= Beta1;
            beta2Power *= Beta2;
            double stepSize = LearningRate * Math.Sqrt(1 - beta2Power) / (1 - beta1Power);
            for (int i = 0; i < _x.Length; i++)
            {
                _m[i] = Beta1 * _m[i] + (1 - Beta1) * _g[i];
                _v[i] = Beta2 * _v[i] + (1 - Beta2) * _g[i] * _g[i];
                _x[i] -= stepSize * _m[i] / (Math.Sqrt(_v[i]) + Epsilon);
            }
        }
        return _objective.Value(_x);
    }
}
