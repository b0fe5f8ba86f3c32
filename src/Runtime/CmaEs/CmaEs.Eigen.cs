// CMA-ES: eigendecomposition of the covariance matrix (C = B D^2 B^T) and its repair.
using System;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    /// <summary>
    /// C = B D^2 B^T; records the condition number. If rounding made C indefinite, its spectrum is shifted
    /// up so that the smallest eigenvalue is 1e-14 of the largest (as pycma repairs C); the condition-number
    /// criterion then stops the run. Returns false (numerical breakdown) when C is not finite.
    /// </summary>
    private bool UpdateEigensystem()
    {
        int n = N;
        _evaluationsAtEigen = _evaluationsRun;
        if (!SymmetricEigen.Decompose(_c, n, _eigenvalues, _b, _eigenWork) || !(_eigenvalues[n - 1] > 0))
        {
            _numericalError = true;
            return false;
        }
        double min = _eigenvalues[0], max = _eigenvalues[n - 1];
        if (!(min > 0))
        {
            double shift = 1e-14 * max - min;
            for (int i = 0; i < n; i++)
            {
                _eigenvalues[i] += shift;
                _c[i * n + i] += shift;
            }
        }
        _conditionNumber = _eigenvalues[n - 1] / _eigenvalues[0];
        for (int i = 0; i < n; i++)
            _d[i] = Math.Sqrt(_eigenvalues[i]);
        return true;
    }
}
