// CMA-ES: runs and restarts (IPOP/BIPOP) and the strategy parameters of a run.
using System;
using System.Runtime.CompilerServices;
using System.Threading;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    // ==== Runs and restarts ========================================================================

    /// <summary>
    /// Decides whether and how to restart after a run stopped, with pycma's bookkeeping (cma.fmin):
    /// at most <see cref="CmaEsOptions.MaxRestarts"/> runs with a grown population follow the first run.
    /// IPOP: run k has lambda = lambda_default * growth^k. BIPOP (Hansen 2009): the first run counts as
    /// small; while the small runs have used fewer evaluations than the large ones, a small run follows
    /// with lambda_s = floor(lambda_default * (lambda_large / lambda_default)^(U^2)), sigma0 * 10^(-2U') and
    /// at most 0.5 * (large evaluations) / lambda_s generations; otherwise the next large run.
    /// </summary>
    private bool TryRestart()
    {
        _runsCompleted++;
        if (_options.Restarts == RestartStrategy.None || _runsCompleted - _smallRuns > _options.MaxRestarts)
            return false;
        _restarts++;
        double growth = _options.PopulationGrowth;
        if (_options.Restarts == RestartStrategy.Bipop && _evaluationsSmall < _evaluationsLarge)
        {
            _smallRuns++;
            double u = _random.NextDouble();
            double ratio = _lambdaLarge / (double)_lambdaDefault;
            int lambdaSmall = Math.Clamp((int)Math.Floor(_lambdaDefault * Math.Pow(ratio, u * u)), 2, _lambdaMax);
            double sigmaSmall = _options.Sigma0 * Math.Pow(10, -2 * _random.NextDouble());
            _runIsSmall = true;
            StartRun(lambdaSmall, sigmaSmall);
            _maxIterationsRun = Math.Max(1, Math.Min(_maxIterationsRun, (long)(0.5 * _evaluationsLarge / lambdaSmall)));
            return true;
        }
        int largeRuns = _runsCompleted - _smallRuns;   // k-th grown population
        _lambdaLarge = (int)Math.Min(_lambdaMax, Math.Round(_lambdaDefault * Math.Pow(growth, largeRuns)));
        _runIsSmall = false;
        StartRun(_lambdaLarge, _options.Sigma0);
        return true;
    }

    /// <summary>Sets the strategy parameters for population size <paramref name="lambda"/> and resets the distribution to (x0, sigma0, I).</summary>
    private void StartRun(int lambda, double sigma0)
    {
        int n = N;
        SetStrategyParameters(lambda);
        _x0.CopyTo(_mean);
        _sigma = sigma0;
        _sigma0Run = sigma0;
        Array.Clear(_pc);
        Array.Clear(_ps);
        Array.Clear(_c);
        Array.Clear(_b);
        if (_model != CovarianceModel.Full)
            StartLargeScaleRun();
        // C = diag(scales)^2 (the identity without Sigma0Scales): column k of B is the unit vector of the coordinate
        // with the k-th smallest scale, so that D and the eigenvalues ascend as after an eigen-decomposition.
        for (int k = 0; k < n && _model == CovarianceModel.Full; k++)
        {
            int i = _scaleOrder[k];
            double s = _scales[i];
            _c[i * n + i] = s * s;
            _b[i * n + k] = 1;
            _d[k] = s;
            _eigenvalues[k] = s * s;
        }
        if (_model == CovarianceModel.Full)
            _conditionNumber = _eigenvalues[n - 1] / _eigenvalues[0];
        _numericalError = false;
        _generationRun = 0;
        _evaluationsRun = 0;
        _evaluationsAtEigen = 0;
        _asked = false;
        _maxIterationsRun = _options.MaxIterations ?? (long)(100 + 150 * (n + 3.0) * (n + 3.0) / Math.Sqrt(lambda));
        _tolFunHistory = TolFunHistoryLength(lambda);
        _stagnationWindow = StagnationWindow(lambda);
        _nonFiniteGenerations = 0;
        _runBestValue = double.PositiveInfinity;
        _runBestEvaluation = 0;
        _flatGenerations = 0;
        _stagRecorded = 0;
        _stagComparedAt = -1;
    }

    /// <summary>
    /// TolFun and TolFunHist look at the best values of the last floor(10 + 30 n / lambda) generations: pycma
    /// (cma 4.4.0, <c>CMAEvolutionStrategy.tell</c>) prepends each generation's best to its history and then drops the
    /// oldest entry while the history is longer than 10 + 30 n / lambda, which keeps floor(10 + 30 n / lambda) entries.
    /// </summary>
    private static int TolFunHistoryLength(int lambda) => 10 + (int)Math.Floor(30.0 * N / lambda);

    /// <summary>pycma's tolstagnation default int(100 + 100 n^1.5 / lambda), unless the option sets it.</summary>
    private int StagnationWindow(int lambda) =>
        _options.StagnationIterations ?? (int)Math.Min(int.MaxValue - 100, 100 + 100 * Math.Pow(N, 1.5) / lambda);

    /// <summary>
    /// Records the stagnation rings must keep: the two spans of l = floor(max(W / 10, records / 10)) records each.
    /// Every run has lambda &gt;= lambda_default, so its window W and its iteration limit (hence its records) are
    /// at most those of a run with lambda_default. Zero when the criterion is off.
    /// </summary>
    private int StagnationRingLength(int n)
    {
        int window = StagnationWindow(_lambdaDefault);
        if (window >= StagnationOffWindow)
            return 0;
        long maxIterations = _options.MaxIterations ?? (long)(100 + 150 * (n + 3.0) * (n + 3.0) / Math.Sqrt(_lambdaDefault));
        long records = Math.Min(MaxStagnationRecords, maxIterations / StagnationRecordInterval);
        return 2 * (int)Math.Max(window / 10, records / 10);
    }

    /// <summary>Default strategy parameters for population size lambda (Hansen 2016, Appendix A, eqs. 48-58).</summary>
    private void SetStrategyParameters(int lambda)
    {
        int n = N;
        _lambda = lambda;
        _mu = lambda / 2;
        Span<double> w = _weights.AsSpan(0, lambda);
        double sumPos = 0, sumPos2 = 0, sumNeg = 0, sumNeg2 = 0;
        for (int i = 0; i < lambda; i++)
        {
            double wi = Math.Log((lambda + 1) / 2.0) - Math.Log(i + 1);   // w'_i
            w[i] = wi;
            if (i < _mu) { sumPos += wi; sumPos2 += wi * wi; }
            else { sumNeg += -wi; sumNeg2 += wi * wi; }
        }
        _mueff = sumPos * sumPos / sumPos2;
        double mueffMinus = sumNeg2 > 0 ? sumNeg * sumNeg / sumNeg2 : 0;

        // The tutorial's formulas with pycma's (4.5) refinements: c_1 times min(1, lambda / 6), the rank-mu
        // offset 1/4 in c_mu (keeps the rank-mu and active updates on when mu_eff = 1), and the c_sigma of
        // Hansen's earlier papers, (mu_eff + 2) / (n + mu_eff + 3).
        const double alphaCov = 2, rankMuOffset = 0.25;
        _c1 = alphaCov / ((n + 1.3) * (n + 1.3) + _mueff) * Math.Min(1, lambda / 6.0);
        _cmu = Math.Min(1 - _c1, alphaCov * (rankMuOffset + _mueff - 2 + 1 / _mueff) / ((n + 2.0) * (n + 2.0) + alphaCov * _mueff / 2));
        _cc = (4 + _mueff / n) / (n + 4 + 2 * _mueff / n);
        _cs = (_mueff + 2) / (n + _mueff + 3);
        _damps = 1 + 2 * Math.Max(0, Math.Sqrt((_mueff - 1) / (n + 1)) - 1) + _cs;
        if (_model != CovarianceModel.Full)
            SetLargeScaleRates(n);

        // Positive weights sum to 1; negative ones sum to -min(alpha_mu^-, alpha_mueff^-, alpha_posdef^-).
        double negativeScale = 0;
        if (_options.ActiveCovariance && sumNeg > 0)
        {
            double alphaMu = 1 + _c1 / _cmu;
            double alphaMueff = 1 + 2 * mueffMinus / (_mueff + 2);
            double alphaPosdef = (1 - _c1 - _cmu) / (n * _cmu);
            negativeScale = Math.Min(alphaMu, Math.Min(alphaMueff, alphaPosdef)) / sumNeg;
        }
        _weightSum = 0;
        for (int i = 0; i < lambda; i++)
        {
            w[i] = i < _mu ? w[i] / sumPos : (w[i] < 0 ? w[i] * negativeScale : 0);
            _weightSum += w[i];
        }
        _lazyGapEvaluations = 0.5 * lambda / ((_c1 + _cmu) * n);
    }
}
