using System;
using GenOpt;

namespace Corpus;

// The five largest corpus objectives (by work per call). tests/GenOpt.Benchmarks compiles this file too and measures
// value-and-gradient against value for each. Points: see the entries in tests/GenOpt.Generators.Tests/Corpus.

/// <summary>Least squares with L1 (smoothed) and L2 penalties: 40 samples, 8 features and an intercept.</summary>
public sealed partial class ElasticNet
{
    public const int Features = 8;
    private readonly double[] _a;      // samples x features, row-major
    private readonly double[] _b;
    private readonly double _l1, _l2;

    public ElasticNet(double[] a, double[] b, double l1, double l2)
    {
        _a = a;
        _b = b;
        _l1 = l1;
        _l2 = l2;
    }

    [Objective(Dimension = Features + 1)]
    public partial double Loss(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < 40; i++)
        {
            double r = x[Features] - _b[i];
            for (int j = 0; j < Features; j++)
                r += _a[i * Features + j] * x[j];
            sum += r * r;
        }
        double penalty = 0;
        for (int j = 0; j < Features; j++)
            penalty += _l1 * Math.Sqrt(x[j] * x[j] + 1e-6) + 0.5 * _l2 * x[j] * x[j];
        return sum / (2 * 40) + penalty;
    }
}

/// <summary>Multinomial logistic regression: 3 classes, 4 features, 30 samples, weights row-major by class.</summary>
public static partial class SoftmaxRegression
{
    private static readonly double[] Inputs = CorpusData.Uniform(30 * 4, 11, -1, 1);
    private static readonly int[] Labels = CorpusData.Classes(Inputs, 4, 3);

    [Objective(Dimension = 15)]
    public static partial double CrossEntropy(ReadOnlySpan<double> w)
    {
        double loss = 0;
        for (int k = 0; k < 30; k++)
        {
            // log-sum-exp over the classes, shifted by the largest score
            double largest = double.NegativeInfinity;
            for (int c = 0; c < 3; c++)
            {
                double score = w[12 + c];
                for (int j = 0; j < 4; j++)
                    score += w[c * 4 + j] * Inputs[k * 4 + j];
                largest = Math.Max(largest, score);
            }
            double total = 0, target = 0;
            for (int c = 0; c < 3; c++)
            {
                double score = w[12 + c];
                for (int j = 0; j < 4; j++)
                    score += w[c * 4 + j] * Inputs[k * 4 + j];
                total += Math.Exp(score - largest);
                if (c == Labels[k])
                    target = score;
            }
            loss += largest + Math.Log(total) - target;
        }
        double decay = 0;
        for (int i = 0; i < 12; i++)
            decay += w[i] * w[i];
        return loss / 30 + 1e-3 * decay;
    }
}

/// <summary>A one-hidden-layer network (3 inputs, 6 tanh units, 1 output: 31 weights), squared error over 24 samples.</summary>
public static partial class MlpLoops
{
    private const int Inputs = 3, Hidden = 6, Samples = 24;
    private static readonly double[] X = CorpusData.Uniform(Samples * Inputs, 21, -1, 1);
    private static readonly double[] Y = CorpusData.Uniform(Samples, 22, -0.5, 0.5);

    [Objective(Dimension = Hidden * Inputs + Hidden + Hidden + 1)]
    public static partial double Loss(ReadOnlySpan<double> w)
    {
        double loss = 0;
        for (int k = 0; k < Samples; k++)
        {
            double output = w[Hidden * Inputs + 2 * Hidden];
            for (int h = 0; h < Hidden; h++)
            {
                double z = w[Hidden * Inputs + h];
                for (int i = 0; i < Inputs; i++)
                    z += w[h * Inputs + i] * X[k * Inputs + i];
                output += w[Hidden * Inputs + Hidden + h] * Math.Tanh(z);
            }
            double error = output - Y[k];
            loss += error * error;
        }
        return loss / Samples;
    }
}

/// <summary>Lennard-Jones energy of 6 atoms in reduced units (epsilon = sigma = 1): 18 coordinates.</summary>
public static partial class LennardJonesCluster
{
    [Objective(Dimension = 18)]
    public static partial double Energy(ReadOnlySpan<double> x)
    {
        double energy = 0;
        for (int i = 0; i < 6; i++)
        {
            for (int j = i + 1; j < 6; j++)
            {
                double dx = x[3 * i] - x[3 * j];
                double dy = x[3 * i + 1] - x[3 * j + 1];
                double dz = x[3 * i + 2] - x[3 * j + 2];
                double r2 = dx * dx + dy * dy + dz * dz;
                double s6 = 1 / (r2 * r2 * r2);
                energy += 4 * (s6 * s6 - s6);
            }
        }
        return energy;
    }
}

/// <summary>
/// Negative log-likelihood of a two-component 1-D Gaussian mixture over 50 samples; parameters: the logit of the first
/// weight, the two means and the two log standard deviations.
/// </summary>
public partial struct GaussianMixture
{
    private readonly double[] _samples;

    public GaussianMixture(double[] samples) => _samples = samples;

    [Objective(Dimension = 5)]
    public readonly partial double NegativeLogLikelihood(ReadOnlySpan<double> p)
    {
        double weight = 1 / (1 + Math.Exp(-p[0]));
        double s1 = Math.Exp(p[3]), s2 = Math.Exp(p[4]);
        double nll = 0;
        for (int i = 0; i < 50; i++)
        {
            double z1 = (_samples[i] - p[1]) / s1;
            double z2 = (_samples[i] - p[2]) / s2;
            double d1 = weight * Math.Exp(-0.5 * z1 * z1) / s1;
            double d2 = (1 - weight) * Math.Exp(-0.5 * z2 * z2) / s2;
            nll -= Math.Log((d1 + d2) / Math.Sqrt(2 * Math.PI));
        }
        return nll;
    }
}
