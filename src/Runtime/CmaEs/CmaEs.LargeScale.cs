// CMA-ES: what the large-scale covariance models (Separable, LimitedMemory) share: their workspace, the dispatch
// from the generation steps, the quantities the termination criteria read, and their block of the checkpoint.
using System;
using System.IO;

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

    /// <summary>Draws the lambda candidates of a generation.</summary>
    private void SampleLargeScale()
    {
        if (_model == CovarianceModel.Separable)
            SampleSeparable();
        else
            SampleLimitedMemory();
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
    /// The covariance model's block of the checkpoint (all models write it): the model, then the diagonal of C and
    /// the LM-MA-ES paths (empty arrays for the models that have none).
    /// </summary>
    private void WriteCovarianceModel(CheckpointWriter w)
    {
        w.Write((int)_model);
        w.Write(_diagonalC);
        w.Write(_memoryPaths);
    }

    /// <summary>Reads <see cref="WriteCovarianceModel"/>'s block; a checkpoint of another model is refused.</summary>
    /// <exception cref="InvalidDataException">The checkpoint was saved with another <see cref="CmaEsOptions.CovarianceModel"/>.</exception>
    private void ReadCovarianceModel(ref CheckpointReader r)
    {
        int saved = r.ReadInt32(0, (int)CovarianceModel.LimitedMemory, "covariance model");
        if (saved != (int)_model)
            throw new InvalidDataException($"The checkpoint was saved by a CmaEs with CovarianceModel.{(CovarianceModel)saved}, but this instance uses CovarianceModel.{_model}: restore it into an instance made with the same options.");
        r.ReadDoubles(_diagonalC, "diagonal of C");
        r.ReadDoubles(_memoryPaths, "limited-memory paths");
    }
}
