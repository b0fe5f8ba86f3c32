using System;
using GenOpt;

namespace Corpus;

/// <summary>Markowitz mean-variance: w' Sigma w - lambda mu' w, the covariance walked as a triangle (symmetric).</summary>
public sealed partial class MeanVariance
{
    private readonly double[] _mu;
    private readonly double[] _sigma;   // 5 x 5, row-major
    private readonly double _riskAversion;

    public MeanVariance(double[] mu, double[] sigma, double riskAversion)
    {
        _mu = mu;
        _sigma = sigma;
        _riskAversion = riskAversion;
    }

    [Objective(Dimension = 5)]
    public partial double Utility(ReadOnlySpan<double> w)
    {
        double variance = 0;
        for (int i = 0; i < 5; i++)
        {
            variance += _sigma[i * 5 + i] * w[i] * w[i];
            for (int j = 0; j < i; j++)
                variance += 2 * _sigma[i * 5 + j] * w[i] * w[j];
        }
        double mean = 0;
        for (int i = 0; i < 5; i++)
            mean += _mu[i] * w[i];
        double budget = 0;
        foreach (double weight in w)
            budget += weight;
        return variance - _riskAversion * mean + 10 * (budget - 1) * (budget - 1);
    }
}

/// <summary>Negative Sharpe ratio of a 4-asset portfolio (struct holding returns and covariance).</summary>
public partial struct SharpeRatio
{
    public double[] Mean;
    public double[] Covariance;
    public double RiskFree;

    [Objective(Dimension = 4)]
    public readonly partial double NegativeSharpe(ReadOnlySpan<double> w)
    {
        double excess = 0, variance = 0;
        for (int i = 0; i < 4; i++)
        {
            excess += w[i] * (Mean[i] - RiskFree);
            for (int j = 0; j < 4; j++)
                variance += w[i] * Covariance[4 * i + j] * w[j];
        }
        return -excess / Math.Sqrt(variance);
    }
}

/// <summary>Risk parity: each asset's risk contribution w_i (Sigma w)_i pulled to the same share.</summary>
public static partial class RiskParity
{
    private static readonly double[] Sigma =
    {
        0.040, 0.006, 0.004, 0.002,
        0.006, 0.025, 0.005, 0.001,
        0.004, 0.005, 0.090, 0.010,
        0.002, 0.001, 0.010, 0.016,
    };

    [Objective(Dimension = 4)]
    public static partial double Spread(ReadOnlySpan<double> w)
    {
        double total = 0;
        for (int i = 0; i < 4; i++)
        {
            double marginal = 0;
            for (int j = 0; j < 4; j++)
                marginal += Sigma[i * 4 + j] * w[j];
            total += w[i] * marginal;
        }
        double spread = 0;
        for (int i = 0; i < 4; i++)
        {
            double marginal = 0;
            for (int j = 0; j < 4; j++)
                marginal += Sigma[i * 4 + j] * w[j];
            double share = w[i] * marginal / total - 0.25;
            spread += share * share;
        }
        return spread;
    }
}

/// <summary>Kelly criterion: minus the expected log growth over equally likely return scenarios.</summary>
public sealed partial class KellyGrowth
{
    private readonly double[] _returns;   // scenarios x 3 assets

    public KellyGrowth(double[] returns) => _returns = returns;

    [Objective(Dimension = 3)]
    public partial double NegativeGrowth(ReadOnlySpan<double> w)
    {
        double growth = 0;
        int scenarios = _returns.Length / 3;
        for (int s = 0; s < scenarios; s++)
        {
            double gain = 1 + 0.3 * (w[0] * _returns[3 * s] + w[1] * _returns[3 * s + 1] + w[2] * _returns[3 * s + 2]);
            growth += Math.Log(gain);
        }
        return -growth / scenarios;
    }
}

/// <summary>Conditional value at risk (Rockafellar and Uryasev 2000) with the positive part smoothed by an unmarked softplus helper.</summary>
public static partial class SmoothedCvar
{
    private static readonly double[] Losses = CorpusData.Uniform(25 * 3, 101, -0.2, 0.3);

    private static double Softplus(double v, double s) => s * Math.Log(1 + Math.Exp(v / s));

    [Objective(Dimension = 4)]
    public static partial double Cvar(ReadOnlySpan<double> x)
    {
        // x[0..2]: weights, x[3]: the value-at-risk level alpha
        const double beta = 0.9;
        double tail = 0;
        for (int s = 0; s < 25; s++)
        {
            double loss = x[0] * Losses[3 * s] + x[1] * Losses[3 * s + 1] + x[2] * Losses[3 * s + 2];
            tail += Softplus(loss - x[3], 0.01);
        }
        return x[3] + tail / ((1 - beta) * 25);
    }
}

/// <summary>Mean-variance rebalancing with a smoothed absolute turnover cost from the current holdings.</summary>
public static partial class Rebalancing
{
    private static readonly double[] Current = { 0.4, 0.3, 0.2, 0.1 };
    private static readonly double[] Mu = { 0.06, 0.05, 0.08, 0.03 };
    private static readonly double[] Vol = { 0.2, 0.15, 0.3, 0.1 };

    [Objective(Dimension = 4)]
    public static partial double Cost(ReadOnlySpan<double> w)
    {
        double cost = 0;
        for (int i = 0; i < 4; i++)
        {
            double trade = w[i] - Current[i];
            cost += 0.5 * 3 * Vol[i] * Vol[i] * w[i] * w[i] - Mu[i] * w[i] + 0.01 * Math.Sqrt(trade * trade + 1e-8);
        }
        return cost;
    }
}

/// <summary>Black-Scholes calibration: squared price errors of calls, volatility per strike bucket from a switch on the index.</summary>
public static partial class VolatilityCalibration
{
    private static readonly double[] Strike = { 80, 90, 100, 110, 120 };
    private static readonly double[] Price = { 22.0, 13.5, 6.9, 2.9, 1.1 };

    [Differentiable]
    private static double NormalCdf(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    // Abramowitz and Stegun 7.1.26 (maximum error 1.5e-7), made odd.
    private static double Erf(double z)
    {
        double a = Math.Abs(z);
        double t = 1 / (1 + 0.3275911 * a);
        double y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-a * a);
        return z >= 0 ? y : -y;
    }

    [Objective(Dimension = 3)]
    public static partial double Error(ReadOnlySpan<double> v)
    {
        const double spot = 100, rate = 0.02, maturity = 1;
        double error = 0;
        for (int k = 0; k < 5; k++)
        {
            double sigma = 0.1 + 0.2 * (k switch { 0 or 1 => v[0], 2 => v[1], _ => v[2] });
            double d1 = (Math.Log(spot / Strike[k]) + (rate + 0.5 * sigma * sigma) * maturity) / (sigma * Math.Sqrt(maturity));
            double d2 = d1 - sigma * Math.Sqrt(maturity);
            double call = spot * NormalCdf(d1) - Strike[k] * Math.Exp(-rate * maturity) * NormalCdf(d2);
            error += (call - Price[k]) * (call - Price[k]);
        }
        return error;
    }
}
