// CMA-ES: what the large-scale covariance models (Separable, LimitedMemory) share: their workspace, the dispatch
// from the generation steps, the quantities the termination criteria read, and their block of the checkpoint.
using System;
using System.IO;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    /// <summary>Separable: the diagonal of C (<see cref="_d"/> holds its square roots). Empty for the other models.</summary>
    private double[] _diagonalC = Array.Empty<double>();
    /// <summary>LimitedMemory: the m evolution paths M_j of LM-MA-ES, m x n row-major. Empty for the other models.</summary>
    private double[] _memoryPaths = Array.Empty<double>();
    /// <summary>LimitedMemory: m, the number of paths, 4 + floor(3 ln n) (LM-MA-ES's default). 0 for the other models.</summary>
    private int _memoryCount;

    /// <summary>Allocates the workspace of the large-scale model (nothing for Full): O(n) or O(n m) doubles.</summary>
    private void AllocateLargeScaleModel(int n)
    {
        if (_model == CovarianceModel.Separable)
            _diagonalC = new double[n];
        else if (_model == CovarianceModel.LimitedMemory)
        {
            _memoryCount = 4 + (int)Math.Floor(3 * Math.Log(n));
            _memoryPaths = new double[(long)_memoryCount * n <= 1 << 26 ? _memoryCount * n
                : throw new ArgumentOutOfRangeException(nameof(CmaEsOptions.CovarianceModel), $"The {_memoryCount} paths of LimitedMemory times the dimension ({n}) are too large for the workspace (more than 2^26 doubles).")];
        }
    }

    /// <summary>Starts the model of a new run: C = diag(Sigma0Scales)^2 (Separable), no paths (LimitedMemory).</summary>
    private void StartLargeScaleRun()
    {
        if (_model == CovarianceModel.Separable)
            StartSeparableRun();
        else
            StartLimitedMemoryRun();
    }

    /// <summary>The learning rates of the model, replacing Full's (called by SetStrategyParameters before the active weights are scaled).</summary>
    private void SetLargeScaleRates(int n)
    {
        if (_model == CovarianceModel.Separable)
            SetSeparableRates(n);
        else
            SetLimitedMemoryRates(n);
    }

    /// <summary>
    /// Draws the lambda candidates of a generation: z_k ~ N(0, I); y_k = D z_k (Separable) or
    /// y_k = diag(Sigma0Scales) d_k with d_k the LM-MA-ES transformation of z_k (LimitedMemory); x_k = fold(m + sigma y_k).
    /// The variates of all candidates are drawn first, in one call (z_0, then z_1, ...: the order of one draw per
    /// candidate, since nothing else draws in between).
    /// </summary>
    private void SampleLargeScale()
    {
        int n = N;
        _random.FillGaussian(_z.AsSpan(0, _lambda * n));
        if (_model == CovarianceModel.Separable)
        {
            for (int k = 0; k < _lambda; k++)
                Blas.ScaleStep(_d, _z.AsSpan(k * n, n), _mean, _sigma, _y.AsSpan(k * n, n), _x.AsSpan(k * n, n));
        }
        else
            TransformLimitedMemoryAll();
        if (_bounded)
            for (int k = 0; k < _lambda; k++)
                FoldIntoBox(_x.AsSpan(k * n, n));
    }

    /// <summary>Everything after the new mean: paths, model and sigma (y_w and z_w are the weighted steps).</summary>
    private void UpdateLargeScaleModel()
    {
        if (_model == CovarianceModel.Separable)
            UpdateSeparable();
        else
            UpdateLimitedMemory();
    }

    /// <summary>
    /// The standard deviation of coordinate i in units of sigma that TolX, TolFacUpX and noeffectcoord use:
    /// sqrt(C_ii) (Separable), Sigma0Scales[i] (LimitedMemory, whose transformation is not tracked per coordinate).
    /// </summary>
    private double LargeScaleStandardDeviation(int i) => _model == CovarianceModel.Separable ? _d[i] : _scales[i];

    /// <summary>The largest eigenvalue of C for TolUpSigma: max_i C_ii (Separable); +infinity switches it off (LimitedMemory).</summary>
    private double LargeScaleLargestVariance()
    {
        if (_model != CovarianceModel.Separable)
            return double.PositiveInfinity;
        double max = 0;
        foreach (double v in _diagonalC)
            max = Math.Max(max, v);
        return max;
    }

    /// <summary>
    /// The covariance model's block of the checkpoint (all models write it, first): the model, then the diagonal of C
    /// and the LM-MA-ES paths (empty arrays for the models that have none). Restoring refuses a checkpoint of another model.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint was saved with another <see cref="CmaEsOptions.CovarianceModel"/>.</exception>
    private void VisitCovarianceModel(ref CheckpointCursor c)
    {
        int saved = (int)_model;
        c.Field(ref saved, 0, (int)CovarianceModel.LimitedMemory, "covariance model");
        if (c.IsRestoring && saved != (int)_model)
            throw new InvalidDataException($"The checkpoint was saved by a CmaEs with CovarianceModel.{(CovarianceModel)saved}, but this instance uses CovarianceModel.{_model}: restore it into an instance made with the same options.");
        c.Field(_diagonalC, "diagonal of C");
        c.Field(_memoryPaths, "limited-memory paths");
    }
}
