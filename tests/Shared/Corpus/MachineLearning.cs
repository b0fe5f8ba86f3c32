using System;
using GenOpt;

namespace Corpus;

/// <summary>Logistic regression over an instance's data set (rows of 3 features), with a numerically stable log(1 + e^z).</summary>
public sealed partial class LogisticRegression
{
    private readonly double[] _features;
    private readonly double[] _labels;

    public LogisticRegression(double[] features, double[] labels)
    {
        _features = features;
        _labels = labels;
    }

    [Objective(Dimension = 4)]
    public partial double Loss(ReadOnlySpan<double> w)
    {
        double loss = 0;
        for (int i = 0; i < _labels.Length; i++)
        {
            double z = w[3] + w[0] * _features[3 * i] + w[1] * _features[3 * i + 1] + w[2] * _features[3 * i + 2];
            double softplus = z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
            loss += softplus - _labels[i] * z;
        }
        return loss / _labels.Length;
    }
}

/// <summary>Huber regression (a struct holding the data and the threshold), the loss as a local function.</summary>
public partial struct HuberRegression
{
    private readonly double[] _t;
    private readonly double[] _y;
    private readonly double _delta;

    public HuberRegression(double[] t, double[] y, double delta)
    {
        _t = t;
        _y = y;
        _delta = delta;
    }

    [Objective(Dimension = 3)]
    public readonly partial double Loss(ReadOnlySpan<double> p)
    {
        double total = 0;
        for (int i = 0; i < 20; i++)
            total += Huber(p[0] + p[1] * _t[i] + p[2] * _t[i] * _t[i] - _y[i], _delta);
        return total;

        static double Huber(double r, double delta)
        {
            double a = Math.Abs(r);
            return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
        }
    }
}

/// <summary>Ridge regression: residuals accumulated over a row-major design matrix.</summary>
public sealed partial class RidgeRegression
{
    private readonly double[] _a;
    private readonly double[] _b;
    private readonly double _lambda;

    public RidgeRegression(double[] a, double[] b, double lambda)
    {
        _a = a;
        _b = b;
        _lambda = lambda;
    }

    [Objective(Dimension = 5)]
    public partial double Loss(ReadOnlySpan<double> x)
    {
        const int n = 5;
        double sum = 0;
        for (int i = 0; i < 25; i++)
        {
            double r = -_b[i];
            for (int j = 0; j < n; j++)
                r += _a[i * n + j] * x[j];
            sum += r * r;
        }
        double norm = 0;
        foreach (double v in x)
            norm += v * v;
        return 0.5 * sum + _lambda * norm;
    }
}

/// <summary>Lasso with the absolute value smoothed by a pseudo-Huber term, through an unmarked static helper.</summary>
public static partial class LassoSmoothed
{
    private static readonly double[] A = CorpusData.Uniform(20 * 4, 31, -1, 1);
    private static readonly double[] B = CorpusData.Uniform(20, 32, -1, 1);

    private static double SmoothAbs(double v, double mu) => Math.Sqrt(v * v + mu * mu) - mu;

    [Objective(Dimension = 4)]
    public static partial double Loss(ReadOnlySpan<double> x)
    {
        double fit = 0;
        for (int i = 0; i < 20; i++)
        {
            double r = A[4 * i] * x[0] + A[4 * i + 1] * x[1] + A[4 * i + 2] * x[2] + A[4 * i + 3] * x[3] - B[i];
            fit += r * r;
        }
        double l1 = 0;
        for (int j = 0; j < 4; j++)
            l1 += SmoothAbs(x[j], 0.01);
        return fit / 40 + 0.1 * l1;
    }
}

/// <summary>A one-hidden-layer network whose hidden activations live in a stackalloc span.</summary>
public static partial class MlpStackalloc
{
    private static readonly double[] X = CorpusData.Uniform(16 * 2, 41, -1, 1);
    private static readonly double[] Y = CorpusData.Uniform(16, 42, -1, 1);

    [Objective(Dimension = 17)]
    public static partial double Loss(ReadOnlySpan<double> w)
    {
        Span<double> hidden = stackalloc double[4];
        double loss = 0;
        for (int k = 0; k < 16; k++)
        {
            for (int h = 0; h < 4; h++)
                hidden[h] = Math.Tanh(w[2 * h] * X[2 * k] + w[2 * h + 1] * X[2 * k + 1] + w[8 + h]);
            double output = w[16];
            for (int h = 0; h < 4; h++)
                output += w[12 + h] * hidden[h];
            double e = output - Y[k];
            loss += e * e;
        }
        return loss / 16;
    }
}

/// <summary>A two-hidden-layer network (2-3-3-1, 25 weights), both hidden layers in stackalloc spans.</summary>
public static partial class Mlp2Stackalloc
{
    private static readonly double[] X = CorpusData.Uniform(12 * 2, 51, -1, 1);
    private static readonly double[] Y = CorpusData.Uniform(12, 52, -1, 1);

    [Objective(Dimension = 25)]
    public static partial double Loss(ReadOnlySpan<double> w)
    {
        Span<double> h1 = stackalloc double[3];
        Span<double> h2 = stackalloc double[3];
        double loss = 0;
        for (int k = 0; k < 12; k++)
        {
            for (int a = 0; a < 3; a++)
                h1[a] = Math.Tanh(w[2 * a] * X[2 * k] + w[2 * a + 1] * X[2 * k + 1] + w[6 + a]);
            for (int b = 0; b < 3; b++)
            {
                double z = w[18 + b];
                for (int a = 0; a < 3; a++)
                    z += w[9 + 3 * b + a] * h1[a];
                h2[b] = z > 0 ? z : 0.1 * z;   // leaky ReLU
            }
            double output = w[24] + w[21] * h2[0] + w[22] * h2[1] + w[23] * h2[2];
            loss += (output - Y[k]) * (output - Y[k]);
        }
        return loss;
    }
}

/// <summary>Poisson regression (log link) over counts held by the instance: the negative log-likelihood without log y!.</summary>
public sealed partial class PoissonRegression
{
    private readonly double[] _t;
    private readonly double[] _counts;

    public PoissonRegression(double[] t, double[] counts)
    {
        _t = t;
        _counts = counts;
    }

    [Objective(Dimension = 3)]
    public partial double NegativeLogLikelihood(ReadOnlySpan<double> beta)
    {
        double nll = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            double eta = beta[0] + beta[1] * _t[i] + beta[2] * Math.Sin(_t[i]);
            nll += Math.Exp(eta) - _counts[i] * eta;
        }
        return nll;
    }
}

/// <summary>A gamma GLM with log link, its samples walked with a while loop and an int index.</summary>
public sealed partial class GammaRegression
{
    private readonly double[] _t;
    private readonly double[] _y;

    public GammaRegression(double[] t, double[] y)
    {
        _t = t;
        _y = y;
    }

    [Objective(Dimension = 2)]
    public partial double Deviance(ReadOnlySpan<double> beta)
    {
        double deviance = 0;
        int i = 0;
        while (i < _y.Length)
        {
            double mu = Math.Exp(beta[0] + beta[1] * _t[i]);
            deviance += _y[i] / mu + Math.Log(mu);
            i++;
        }
        return deviance;
    }
}

/// <summary>Four-parameter logistic (4PL) dose-response fit: bottom, Hill slope, EC50, top.</summary>
public static partial class FourParameterLogistic
{
    private static readonly double[] Dose = { 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4 };
    private static readonly double[] Response = { 0.12, 0.15, 0.22, 0.38, 0.61, 0.80, 0.91, 0.95 };

    [Objective(Dimension = 4)]
    public static partial double SumOfSquares(ReadOnlySpan<double> p)
    {
        double a = p[0], b = p[1], c = p[2], d = p[3];
        double sum = 0;
        for (int i = 0; i < Dose.Length; i++)
        {
            double predicted = d + (a - d) / (1 + Math.Pow(Dose[i] / c, b));
            double r = predicted - Response[i];
            sum += r * r;
        }
        return sum;
    }
}

/// <summary>Robust regression with the Cauchy loss log(1 + (r/c)^2).</summary>
public static partial class CauchyRegression
{
    private static readonly double[] T = CorpusData.Uniform(15, 61, 0, 2);
    private static readonly double[] Y = CorpusData.Uniform(15, 62, 0, 3);

    [Objective(Dimension = 2)]
    public static partial double Loss(ReadOnlySpan<double> p)
    {
        const double c = 0.5;
        double loss = 0;
        for (int i = 0; i < 15; i++)
        {
            double r = (Y[i] - p[0] - p[1] * T[i]) / c;
            loss += Math.Log(1 + r * r);
        }
        return loss;
    }
}

/// <summary>Quantile regression (tau = 0.8) with the pinball loss written as a ternary, plus a small ridge term.</summary>
public static partial class QuantileRegression
{
    private static readonly double[] T = CorpusData.Uniform(18, 71, -1, 1);
    private static readonly double[] Y = CorpusData.Uniform(18, 72, -1, 2);

    [Objective(Dimension = 2)]
    public static partial double Loss(ReadOnlySpan<double> p)
    {
        const double tau = 0.8;
        double loss = 0.01 * (p[0] * p[0] + p[1] * p[1]);
        for (int i = 0; i < 18; i++)
        {
            double r = Y[i] - p[0] - p[1] * T[i];
            loss += r >= 0 ? tau * r : (tau - 1) * r;
        }
        return loss;
    }
}

/// <summary>A linear SVM with the squared hinge loss, Math.Max(0, 1 - y f)^2, and labels +-1.</summary>
public sealed partial class SquaredHingeSvm
{
    private readonly double[] _x;
    private readonly double[] _y;

    public SquaredHingeSvm(double[] x, double[] y)
    {
        _x = x;
        _y = y;
    }

    [Objective(Dimension = 3)]
    public partial double Loss(ReadOnlySpan<double> w)
    {
        double loss = 0.5 * (w[0] * w[0] + w[1] * w[1]);
        for (int i = 0; i < _y.Length; i++)
        {
            double label = 2 * _y[i] - 1;
            double margin = label * (w[0] * _x[2 * i] + w[1] * _x[2 * i + 1] + w[2]);
            double hinge = Math.Max(0, 1 - margin);
            loss += hinge * hinge;
        }
        return loss;
    }
}

/// <summary>Soft k-means (3 centres in 2-D): minus the log of a sum of Gaussian kernels per point, in a helper method.</summary>
public static partial class SoftKMeans
{
    private static readonly double[] P = CorpusData.Uniform(20 * 2, 81, 0, 2);

    [Differentiable]
    private static double SoftMin(double a, double b, double c, double temperature)
    {
        double m = Math.Min(a, Math.Min(b, c));
        return m - temperature * Math.Log(Math.Exp((m - a) / temperature) + Math.Exp((m - b) / temperature) + Math.Exp((m - c) / temperature));
    }

    [Objective(Dimension = 6)]
    public static partial double Cost(ReadOnlySpan<double> centres)
    {
        double cost = 0;
        for (int i = 0; i < 20; i++)
        {
            double px = P[2 * i], py = P[2 * i + 1];
            double d0 = (px - centres[0]) * (px - centres[0]) + (py - centres[1]) * (py - centres[1]);
            double d1 = (px - centres[2]) * (px - centres[2]) + (py - centres[3]) * (py - centres[3]);
            double d2 = (px - centres[4]) * (px - centres[4]) + (py - centres[5]) * (py - centres[5]);
            cost += SoftMin(d0, d1, d2, 0.2);
        }
        return cost;
    }
}

/// <summary>Binary cross-entropy of a probit-like model, early return for an empty data set.</summary>
public sealed partial class ProbitLikeRegression
{
    private readonly double[] _x;
    private readonly double[] _y;

    public ProbitLikeRegression(double[] x, double[] y)
    {
        _x = x;
        _y = y;
    }

    [Objective(Dimension = 2)]
    public partial double Loss(ReadOnlySpan<double> w)
    {
        if (_y.Length == 0)
            return 0;
        double loss = 0;
        for (int i = 0; i < _y.Length; i++)
        {
            double z = w[0] + w[1] * _x[i];
            double p = 0.5 * (1 + Math.Tanh(0.8 * z));
            p = Math.Clamp(p, 1e-9, 1 - 1e-9);
            loss -= _y[i] * Math.Log(p) + (1 - _y[i]) * Math.Log(1 - p);
        }
        return loss / _y.Length;
    }
}
