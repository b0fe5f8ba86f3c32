// SLSQP: the line search, Armijo backtracking on the L1 merit function (Kraft's step-length loop).
using System;

namespace GenOpt;

public sealed partial class Slsqp<TProblem>
{
    /// <summary>Smallest step factor of the line search (Kraft's alfmin).</summary>
    private const double MinStepFactor = 0.1;
    /// <summary>Line-search trials per iteration before a step is taken anyway (Kraft: 10).</summary>
    private const int MaxLineSearchTrials = 10;
    /// <summary>Factor by which the line search shortens a step whose end point gives a NaN or infinite value or derivative.</summary>
    private const double NonFiniteStepFactor = 0.5;
    /// <summary>Shortenings for non-finite values within one line search (the step is then below 2^-60 of the first) before the run stops.</summary>
    private const int MaxNonFiniteShortenings = 60;

    /// <summary>The step a line search accepted.</summary>
    /// <param name="Length">Length of the step taken, ||x - x_start||.</param>
    /// <param name="Converged">Kraft's convergence test holds at the new point (small change of f or small step, feasible, consistent subproblem).</param>
    /// <param name="ShortenedForNonFinite">At least one trial was shortened because a value or derivative was NaN or infinite.</param>
    /// <param name="Full">The full step (alpha = 1) was taken at the first trial.</param>
    private readonly record struct LineStep(double Length, bool Converged, bool ShortenedForNonFinite, bool Full);

    /// <summary>
    /// Armijo backtracking on the L1 merit function f + sum mu_j |violation_j| along the direction in <c>_s</c> from
    /// <c>_xStart</c> (f, c at the start in <c>_fStart</c>, <c>_cStart</c>): tries alpha = 1, then the minimizer of the
    /// quadratic through the merit's value and slope (at least <see cref="MinStepFactor"/>), up to
    /// <see cref="MaxLineSearchTrials"/> times, after which the last step is taken anyway. Leaves <c>_x</c>, <c>_f</c>,
    /// <c>_c</c> at the accepted point and <c>_s</c> scaled to the step taken; the derivatives there are evaluated
    /// unless the step converged.
    /// </summary>
    /// <remarks>
    /// A NaN or infinite value, or derivative at the accepted point, halves the step instead (such trials do not count
    /// as Armijo trials); a shortened step that makes no progress is not convergence (the solution may lie beyond the
    /// edge of the region where the functions are finite), and the caller stops after two in a row at the last finite
    /// iterate.
    /// </remarks>
    /// <param name="derivative">Directional derivative of the merit function along the full step (negative).</param>
    /// <param name="meritStart">The merit function at the start point.</param>
    /// <param name="inconsistent">The subproblem needed the relaxation (then the step never counts as converged).</param>
    /// <param name="step">The step taken.</param>
    /// <returns>False when more than <see cref="MaxNonFiniteShortenings"/> shortenings found no finite point; the start is then restored.</returns>
    private bool SearchLine(double derivative, double meritStart, bool inconsistent, out LineStep step)
    {
        int n = N, m = _m;
        double acc = _options.Tolerance;
        Span<double> s = _s.AsSpan(0, n);
        double alpha = 1;
        int shortenings = 0;
        bool fullStep = true;
        bool stepConverged;
        double stepLength;
        for (int trial = 1; ; )
        {
            derivative *= alpha;
            for (int i = 0; i < n; i++)
            {
                s[i] *= alpha;
                _x[i] = _xStart[i] + s[i];
            }
            ClipToBounds(_x);
            if (!EvaluateValues(_x))
            {
                if (++shortenings > MaxNonFiniteShortenings)
                    return GiveUp(out step);
                alpha = NonFiniteStepFactor;
                fullStep = false;
                continue;
            }
            double decrease = _f + Penalty(_c) - meritStart;
            if (!(decrease <= derivative / 10) && trial <= MaxLineSearchTrials)
            {
                alpha = Math.Max(derivative / (2 * (derivative - decrease)), MinStepFactor);
                fullStep = false;
                trial++;
                continue;
            }

            stepLength = Norm(s);
            double violation = 0;
            for (int j = 0; j < m; j++)
                violation += Violation(j, _c[j]);
            stepConverged = (Math.Abs(_f - _fStart) < acc || stepLength < acc) && violation < acc && !inconsistent;
            // The derivatives are needed to go on (not at a final point); non-finite ones shorten the step too.
            if (stepConverged || EvaluateDerivatives(_x))
                break;
            if (++shortenings > MaxNonFiniteShortenings)
                return GiveUp(out step);
            alpha = NonFiniteStepFactor;
            fullStep = false;
        }
        step = new LineStep(stepLength, stepConverged, shortenings > 0, fullStep);
        return true;
    }

    /// <summary>The line search found no finite point: back to its start.</summary>
    private bool GiveUp(out LineStep step)
    {
        RestoreStart();
        step = default;
        return false;
    }

    /// <summary>Back to the start of the line search (where all values are finite).</summary>
    private void RestoreStart()
    {
        _xStart.CopyTo(_x, 0);
        _cStart.CopyTo(_c, 0);
        _f = _fStart;
    }

    /// <summary>sum_j mu_j violation_j: the penalty term of the L1 merit function.</summary>
    private double Penalty(ReadOnlySpan<double> c)
    {
        double sum = 0;
        for (int j = 0; j < c.Length; j++)
            sum += _mu[j] * Violation(j, c[j]);
        return sum;
    }
}
