// SLSQP: the quadratic subproblem (Kraft's LSQ) that gives the search direction.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using GenOpt.LinearAlgebra;

namespace GenOpt;

public sealed partial class Slsqp<TProblem>
{
    // ==== Subproblem (Kraft's LSQ) ===================================================================

    /// <summary>
    /// Computes the search direction s. Returns <see cref="TerminationReason.None"/> on success. When the linearized
    /// constraints are inconsistent, solves the augmented problem in (s, delta) with constraints
    /// <c>A s + (1 - delta) c</c> (<c>= 0</c> / <c>&gt;= 0</c>, the inequality rows relaxed only where violated) and
    /// weight rho on delta, multiplying rho by 10 while it stays incompatible; <paramref name="feasibleFraction"/>
    /// is then 1 - delta (else 1).
    /// </summary>
    private TerminationReason SolveSubproblem(out bool inconsistent, out double feasibleFraction)
    {
        int n = N, meq = Meq;
        for (int i = 0; i < n; i++)
        {
            _stepLower[i] = _lower[i] - _x[i];
            _stepUpper[i] = _upper[i] - _x[i];
        }
        feasibleFraction = 1;
        inconsistent = false;
        LeastSquaresStatus status = SolveLeastSquares(augmented: false);
        if (status == LeastSquaresStatus.SingularEqualities && n == meq)
            status = LeastSquaresStatus.Incompatible;
        if (status == LeastSquaresStatus.Incompatible)
        {
            inconsistent = true;
            for (int j = 0; j < _m; j++)
                _relaxationColumn[j] = j < meq ? -_c[j] : Math.Max(-_c[j], 0);
            _relaxationWeight = InitialRelaxationWeight;
            _stepLower[n] = 0;
            _stepUpper[n] = 1;
            for (int increases = 0; ; increases++)
            {
                status = SolveLeastSquares(augmented: true);
                feasibleFraction = 1 - _s[n];
                if (status != LeastSquaresStatus.Incompatible)
                    break;
                if (increases >= MaxRelaxationIncreases)
                    return TerminationReason.IncompatibleConstraints;
                _relaxationWeight *= 10;
            }
        }
        _subproblemStatus = status;
        return status switch
        {
            LeastSquaresStatus.Success => TerminationReason.None,
            LeastSquaresStatus.TooManyEqualities => TerminationReason.TooManyEqualityConstraints,
            LeastSquaresStatus.IterationLimit => TerminationReason.SubproblemIterationLimit,
            LeastSquaresStatus.Incompatible => TerminationReason.IncompatibleConstraints,
            LeastSquaresStatus.SingularObjective or LeastSquaresStatus.SingularEqualities => TerminationReason.SingularSubproblem,
            _ => TerminationReason.RankDeficientConstraints,
        };
    }

    /// <summary>
    /// Sets up and solves <c>min ||E s - f||</c> (<c>= s^T B s + 2 grad f^T s + const</c>) subject to the
    /// linearized constraints <c>A s + c</c> (<c>= 0</c> / <c>&gt;= 0</c>) and the step bounds; on success stores
    /// the constraint multipliers in lambda. The step is clipped into its bounds, as Kraft does.
    /// </summary>
    private LeastSquaresStatus SolveLeastSquares(bool augmented)
    {
        int n = N, meq = Meq, m = _m;
        int nv = augmented ? n + 1 : n;

        // E = D^{1/2} L^T (upper triangular) and f from E^T f = -grad f, by forward substitution as the rows of E
        // are formed (element i of f needs rows 0..i only). The arrays are sized in the constructor for the
        // augmented problem, so the reference arithmetic below stays inside them.
        ref double e0 = ref MemoryMarshal.GetArrayDataReference(_qpE);
        ref double f0 = ref MemoryMarshal.GetArrayDataReference(_qpF);
        ref double ldl0 = ref MemoryMarshal.GetArrayDataReference(_ldl);
        ref double gradient0 = ref MemoryMarshal.GetArrayDataReference(_gradient);
        for (int j = 0, start = 0; j < n; start += n - j, j++)
        {
            double root = Math.Sqrt(Unsafe.Add(ref ldl0, start));
            ref double row = ref Unsafe.Add(ref e0, j * nv);
            for (int i = 0; i < j; i++)
                Unsafe.Add(ref row, i) = 0;
            Unsafe.Add(ref row, j) = root;
            for (int i = j + 1; i < n; i++)
                Unsafe.Add(ref row, i) = root * Unsafe.Add(ref ldl0, start + i - j);
            double sum = Unsafe.Add(ref gradient0, j);
            for (int k = 0; k < j; k++)
                sum -= Unsafe.Add(ref e0, k * nv + j) * Unsafe.Add(ref f0, k);
            Unsafe.Add(ref f0, j) = sum / root;
        }
        for (int i = 0; i < n; i++)
            Unsafe.Add(ref f0, i) = -Unsafe.Add(ref f0, i);
        if (augmented)
        {
            for (int i = 0; i < n; i++)
                Unsafe.Add(ref e0, i * nv + n) = Unsafe.Add(ref e0, n * nv + i) = 0;
            Unsafe.Add(ref e0, n * nv + n) = _relaxationWeight;
            Unsafe.Add(ref f0, n) = 0;
        }

        // Equalities C s = -h; inequalities G s >= -g, then the bounds s_i >= l_i - x_i and -s_i >= x_i - u_i
        // (rows of G: the constraints' gradients, then unit rows).
        Span<double> cMat = _qpC.AsSpan(0, meq * nv);
        Span<double> d = _qpD.AsSpan(0, meq);
        for (int j = 0; j < meq; j++)
        {
            CopyConstraintRow(j, augmented, cMat.Slice(j * nv, nv));
            d[j] = -_c[j];
        }
        Span<double> g = _qpG;
        Span<double> h = _qpH;
        int mg = 0;
        for (int j = meq; j < m; j++, mg++)
        {
            CopyConstraintRow(j, augmented, g.Slice(mg * nv, nv));
            h[mg] = -_c[j];
        }
        ref double g0 = ref MemoryMarshal.GetArrayDataReference(_qpG);
        ref double h0 = ref MemoryMarshal.GetArrayDataReference(_qpH);
        ref double lower0 = ref MemoryMarshal.GetArrayDataReference(_stepLower);
        ref double upper0 = ref MemoryMarshal.GetArrayDataReference(_stepUpper);
        for (int i = 0; i < nv; i++)
        {
            double bound = Unsafe.Add(ref lower0, i);
            if (double.IsFinite(bound))
            {
                SetUnitRow(ref Unsafe.Add(ref g0, mg * nv), nv, i, 1);
                Unsafe.Add(ref h0, mg++) = bound;
            }
        }
        for (int i = 0; i < nv; i++)
        {
            double bound = Unsafe.Add(ref upper0, i);
            if (double.IsFinite(bound))
            {
                SetUnitRow(ref Unsafe.Add(ref g0, mg * nv), nv, i, -1);
                Unsafe.Add(ref h0, mg++) = -bound;
            }
        }
        Span<double> e = _qpE.AsSpan(0, nv * nv);
        Span<double> f = _qpF.AsSpan(0, nv);

        Span<double> s = _s.AsSpan(0, nv);
        LeastSquaresStatus status = _leastSquares.Solve(cMat, d, meq, e, f, g[..(mg * nv)], h[..mg], mg, nv, s, _qpMultipliers);
        if (status == LeastSquaresStatus.Success)
            _qpMultipliers.AsSpan(0, m).CopyTo(_lambda);
        for (int i = 0; i < nv; i++)
            s[i] = Math.Clamp(s[i], _stepLower[i], _stepUpper[i]);
        return status;
    }

    /// <summary>Writes the row of <paramref name="length"/> zeros with <paramref name="value"/> at <paramref name="column"/>.</summary>
    private static void SetUnitRow(ref double row, int length, int column, double value)
    {
        for (int k = 0; k < length; k++)
            Unsafe.Add(ref row, k) = 0;
        Unsafe.Add(ref row, column) = value;
    }

    /// <summary>Row j of the subproblem: the constraint's gradient and, in the augmented problem, its relaxation entry.</summary>
    private void CopyConstraintRow(int j, bool augmented, Span<double> row)
    {
        int n = N;
        ReadOnlySpan<double> gradient = _a.AsSpan(j * n, n);
        for (int i = 0; i < n; i++)
            row[i] = gradient[i];
        if (augmented)
            row[n] = _relaxationColumn[j];
    }
}
