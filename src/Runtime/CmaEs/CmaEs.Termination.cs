// CMA-ES: the termination criteria (after pycma).
using System;
using System.Runtime.CompilerServices;
using System.Threading;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    // ==== Termination (pycma's criteria) ===========================================================

    private TerminationReason CheckTermination(ReadOnlySpan<double> sortedKeys)
    {
        int n = N;
        if (_evaluations >= _options.EvaluationBudget)
            return TerminationReason.MaxEvaluations;
        if (_generationRun >= _maxIterationsRun)
            return TerminationReason.MaxIterations;
        if (_numericalError || !(_sigma > 0) || !double.IsFinite(_sigma))
            return TerminationReason.NumericalError;
        if (_conditionNumber > _options.MaxConditionNumber)
            return TerminationReason.ConditionNumber;

        // tolfun: all values of this generation and the best values of recent generations within TolFun.
        if (_generationRun >= _tolFunHistory)
        {
            double lo = sortedKeys[0], hi = sortedKeys[_lambda - 1];
            foreach (double v in _bestHistory.AsSpan(0, _tolFunHistory))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
            if (hi - lo < _options.TolFun)
                return TerminationReason.FunctionTolerance;
        }

        // tolfunhist (pycma): the best values of the recent generations (at least 10 of them) within TolFunHist.
        int histLength = (int)Math.Min(_generationRun, _tolFunHistory);
        if (histLength > 9 && _options.TolFunHist > 0)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            foreach (double v in _bestHistory.AsSpan(0, histLength))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
            if (hi - lo < _options.TolFunHist)
                return TerminationReason.FunctionHistoryTolerance;
        }

        // tolx: sigma * max(|p_c|, sqrt(diag C)) < TolX in every coordinate. The same pass records whether
        // adding 0.2 standard deviations leaves some coordinate of the mean unchanged (noeffectcoord, tested below).
        bool small = true;
        bool noEffectCoordinate = false;
        double maxStd = 0;
        for (int i = 0; i < n; i++)
        {
            double sd = _model == CovarianceModel.Full ? Math.Sqrt(_c[i * n + i]) : LargeScaleStandardDeviation(i);
            maxStd = Math.Max(maxStd, sd / _scales[i]);   // relative to the initial scale of the coordinate, as pycma
            if (_sigma * Math.Max(Math.Abs(_pc[i]), sd) >= _options.TolX)
                small = false;
            double mi = _mean[i];
            noEffectCoordinate |= mi == mi + 0.2 * _sigma * sd;
        }
        if (small)
            return TerminationReason.StepTolerance;

        // tolfacupx: a standard deviation grew TolFacUpX times beyond its start, sigma0 (times the coordinate's
        // Sigma0Scales entry), so sigma0 was far too small.
        if (_sigma * maxStd > _options.TolFacUpX * _sigma0Run)
            return TerminationReason.StepSizeDiverged;

        // tolupsigma: sigma grew far beyond sigma0 relative to the largest axis (LimitedMemory: not checked).
        double largestVariance = _model == CovarianceModel.Full ? _eigenvalues[n - 1] : LargeScaleLargestVariance();
        if (_sigma / _sigma0Run > _options.TolUpSigma * Math.Sqrt(largestVariance))
            return TerminationReason.StepSizeDiverged;

        // noeffectcoord (computed with tolx above).
        if (noEffectCoordinate)
            return TerminationReason.NoEffect;
        // noeffectaxis: adding 0.1 sigma along principal axis (g mod n) leaves the mean unchanged (Separable: the
        // axes are the coordinates; LimitedMemory: not checked).
        int axis = (int)(_generationRun % n);
        double scale = 0.1 * _sigma * _d[axis];
        bool unchanged = _model == CovarianceModel.Full || (_model == CovarianceModel.Separable && _mean[axis] == _mean[axis] + scale);
        for (int r = 0; r < n && _model == CovarianceModel.Full; r++)
        {
            double mr = _mean[r];
            if (mr != mr + scale * _b[r * n + axis])
            {
                unchanged = false;
                break;
            }
        }
        if (unchanged)
            return TerminationReason.NoEffect;

        if (Stagnated())
            return TerminationReason.Stagnation;

        // tolflatfitness (counted in RecordHistory).
        if (_flatGenerations > _options.TolFlatFitness)
            return TerminationReason.FlatFitness;
        return TerminationReason.None;
    }

    /// <summary>
    /// pycma's tolstagnation (cma/evolution_strategy.py, class _CMAStopDict, cma 4.4.0, commit 8d16505): with the window W, the
    /// records of every 5th generation (newest first) and l = floor(max(W / 10, records / 10)), the run has
    /// stagnated when the medians of the newest l best and of the newest l median values are both no better
    /// (&gt;=, so that flat fitness counts) than the medians of the l records before them. It also requires
    /// more than n (5 + 100 / lambda) generations, more than 100 records, 2 l &lt; records, l &lt;= generations,
    /// and that the run's best value was found more than W / 2 generations' worth of evaluations ago.
    /// The medians change only with a new record, so they are compared once per record.
    /// </summary>
    private bool Stagnated()
    {
        int window = _stagnationWindow;
        if (_stagBest.Length == 0 || window >= StagnationOffWindow)
            return false;
        long g = _generationRun;
        int lambda = _lambda;
        if (!(g > N * (5 + 100.0 / lambda)))
            return false;
        if (!((_evaluationsRun - _runBestEvaluation) / (double)lambda > window / 2.0))
            return false;
        long records = Math.Min(_stagRecorded, MaxStagnationRecords);
        if (records <= 100)
            return false;
        double span = Math.Max(window / 10.0, records / 10.0);
        if (span > g)
            return false;
        int l = (int)span;
        if (2L * l >= records || 2 * l > _stagBest.Length)
            return false;
        if (_stagComparedAt != _stagRecorded)
        {
            _stagComparedAt = _stagRecorded;
            _stagNoImprovement = MedianOfRecords(_stagMedian, 0, l) >= MedianOfRecords(_stagMedian, l, l)
                && MedianOfRecords(_stagBest, 0, l) >= MedianOfRecords(_stagBest, l, l);
        }
        return _stagNoImprovement;
    }

    /// <summary>Median of <paramref name="count"/> records of a ring, starting <paramref name="skip"/> records before the newest.</summary>
    private double MedianOfRecords(double[] ring, int skip, int count)
    {
        Span<double> s = _medianScratch.AsSpan(0, count);
        long newest = _stagRecorded - 1 - skip;
        for (int i = 0; i < count; i++)
            s[i] = ring[(int)((newest - i) % ring.Length)];
        s.Sort();
        int half = count / 2;
        return count % 2 == 1 ? s[half] : (s[half - 1] + s[half]) / 2;
    }
}
