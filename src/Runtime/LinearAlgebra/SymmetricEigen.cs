using System;

namespace GenOpt.LinearAlgebra;

/// <summary>
/// Eigen-decomposition of a dense symmetric matrix, <c>A = V diag(d) V^T</c>, allocation-free.
/// </summary>
/// <remarks>
/// Two stages after Golub &amp; Van Loan, <i>Matrix Computations</i> (4th ed.), §8.3:
/// Householder reduction to tridiagonal form <c>T = Q^T A Q</c> (Algorithm 8.3.1, with backward
/// accumulation of <c>Q</c>), then the implicit symmetric QR iteration with Wilkinson shift on <c>T</c>
/// (Algorithm 8.3.2), each Givens rotation also applied to the columns of <c>V</c>. Cost about
/// <c>9n^3</c> flops. Matrices are row-major <c>n x n</c> spans.
/// </remarks>
public static class SymmetricEigen
{
    /// <summary>Workspace length (doubles) needed by <see cref="Decompose"/> for dimension <paramref name="n"/>.</summary>
    public static int WorkspaceLength(int n) => 4 * n;

    /// <summary>
    /// Computes eigenvalues (ascending, into <paramref name="eigenvalues"/>) and orthonormal eigenvectors
    /// (the columns of <paramref name="eigenvectors"/>) of the symmetric matrix <paramref name="a"/>.
    /// Only the lower triangle of <paramref name="a"/> is read; it is scaled by its largest magnitude first, so
    /// any finite matrix works. Returns false for non-finite input, or if the QR iteration did not converge
    /// within 30 steps per eigenvalue (not observed for finite input).
    /// </summary>
    public static bool Decompose(ReadOnlySpan<double> a, int n, Span<double> eigenvalues, Span<double> eigenvectors, Span<double> work)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        if (a.Length < n * n || eigenvectors.Length < n * n || eigenvalues.Length < n || work.Length < WorkspaceLength(n))
            throw new ArgumentException("Span too short for the matrix dimension.");

        Span<double> v = eigenvectors[..(n * n)];
        Span<double> d = eigenvalues[..n];
        Span<double> e = work[..n];                 // sub-diagonal: e[k] couples k and k+1
        Span<double> beta = work.Slice(n, n);       // Householder coefficients
        Span<double> p = work.Slice(2 * n, n);      // scratch: p, then w
        Span<double> u = work.Slice(3 * n, n);      // scratch: current Householder vector

        // The reduction works on a full copy of A held in V, scaled by its largest magnitude so that sums of
        // squares neither overflow nor underflow; Householder vectors are kept below the sub-diagonal of that
        // copy, then V is overwritten by the accumulated Q. Eigenvalues are scaled back at the end.
        double scale = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                scale = Math.Max(scale, Math.Abs(a[i * n + j]));
        if (!double.IsFinite(scale))
            return false;
        double inverse = scale > 0 ? 1.0 / scale : 1.0;
        if (!double.IsFinite(inverse))
            inverse = 1.0; // subnormal scale: its reciprocal overflows; the entries are then tiny but exact to scale
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double aij = a[i * n + j] * inverse;
                v[i * n + j] = aij;
                v[j * n + i] = aij;
            }

        Tridiagonalize(v, n, d, e, beta, p, u);
        AccumulateQ(v, n, beta, u, p);
        // The QR phase rotates pairs of basis vectors: keep them as contiguous rows (Q^T) meanwhile.
        TransposeInPlace(v, n);
        if (!QrIterate(v, n, d, e))
            return false;
        SortAscending(v, n, d);
        TransposeInPlace(v, n);
        if (inverse != 1.0)
            for (int i = 0; i < n; i++)
                d[i] *= scale;
        return true;
    }

    /// <summary>Householder reduction of the symmetric matrix in <paramref name="m"/> to tridiagonal form.
    /// Vector k (with implicit leading 1 at row k+1) is left in column k, rows k+2 and below.</summary>
    private static void Tridiagonalize(Span<double> m, int n, Span<double> d, Span<double> e, Span<double> beta, Span<double> p, Span<double> u)
    {
        e.Clear();
        beta.Clear();
        for (int k = 0; k + 2 < n; k++)
        {
            // x = A[k+1.., k]; Householder vector u with u[k+1] = 1 such that (I - b u u^T) x = mu e_1.
            double x0 = m[(k + 1) * n + k];
            double sigma = 0;
            for (int i = k + 2; i < n; i++)
                sigma += m[i * n + k] * m[i * n + k];
            if (sigma == 0)
            {
                e[k] = x0;
                continue;
            }
            double mu = Math.Sqrt(x0 * x0 + sigma);
            double u0 = x0 <= 0 ? x0 - mu : -sigma / (x0 + mu);
            double b = 2 * u0 * u0 / (sigma + u0 * u0);
            int lo = k + 1;
            u[lo] = 1.0;
            for (int i = k + 2; i < n; i++)
            {
                m[i * n + k] /= u0;
                u[i] = m[i * n + k];
            }
            beta[k] = b;
            e[k] = mu;

            // p = b A22 u with A22 = A[k+1.., k+1..]; then w = p - (b p.u / 2) u, kept in p.
            int len = n - lo;
            ReadOnlySpan<double> uTail = u.Slice(lo, len);
            Span<double> wTail = p.Slice(lo, len);
            double pu = 0;
            for (int i = lo; i < n; i++)
            {
                p[i] = b * Blas.Dot(m.Slice(i * n + lo, len), uTail);
                pu += p[i] * u[i];
            }
            Blas.Axpy(-0.5 * b * pu, uTail, wTail);
            // A22 -= u w^T + w u^T, row by row.
            for (int i = lo; i < n; i++)
            {
                Span<double> row = m.Slice(i * n + lo, len);
                Blas.Axpy(-u[i], wTail, row);
                Blas.Axpy(-p[i], uTail, row);
            }
        }
        for (int i = 0; i < n; i++)
            d[i] = m[i * n + i];
        if (n >= 2)
            e[n - 2] = m[(n - 1) * n + (n - 2)];
        e[n - 1] = 0;
    }

    /// <summary>
    /// Overwrites <paramref name="m"/> with Q = H_0 H_1 ... H_{n-3} by backward accumulation
    /// (Golub &amp; Van Loan §5.1.6). Before H_{j-1} is applied to the trailing block from j, row and
    /// column j are set to the unit vector; vector j-1 lives in column j-1, which that block does not touch.
    /// </summary>
    private static void AccumulateQ(Span<double> m, int n, ReadOnlySpan<double> beta, Span<double> u, Span<double> t)
    {
        m[(n - 1) * n + (n - 1)] = 1.0;
        for (int j = n - 2; j >= 0; j--)
        {
            m[j * n + j] = 1.0;
            for (int c = j + 1; c < n; c++)
            {
                m[j * n + c] = 0.0;
                m[c * n + j] = 0.0;
            }
            if (j == 0)
                break;
            int k = j - 1;
            double b = beta[k];
            if (b == 0)
                continue;
            // Q[j.., j..] -= b u (u^T Q[j.., j..]) with u = (1, m[j+1.., k]), computed row-wise.
            int len = n - j;
            u[j] = 1.0;
            for (int i = j + 1; i < n; i++)
                u[i] = m[i * n + k];
            Span<double> tTail = t.Slice(j, len);
            tTail.Clear();
            for (int i = j; i < n; i++)
                Blas.Axpy(u[i], m.Slice(i * n + j, len), tTail);
            for (int i = j; i < n; i++)
                Blas.Axpy(-b * u[i], tTail, m.Slice(i * n + j, len));
        }
    }

    private static void TransposeInPlace(Span<double> m, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                (m[i * n + j], m[j * n + i]) = (m[j * n + i], m[i * n + j]);
    }

    private static bool QrIterate(Span<double> v, int n, Span<double> d, Span<double> e)
    {
        const double eps = 2.220446049250313e-16;
        int maxSweeps = 30 * n;
        int sweeps = 0;
        int end = n - 1;
        while (end > 0)
        {
            // Deflate converged couplings at the bottom.
            if (Math.Abs(e[end - 1]) <= eps * (Math.Abs(d[end - 1]) + Math.Abs(d[end])))
            {
                e[end - 1] = 0;
                end--;
                continue;
            }
            // Find the start of the unreduced block ending at 'end'.
            int start = end - 1;
            while (start > 0 && Math.Abs(e[start - 1]) > eps * (Math.Abs(d[start - 1]) + Math.Abs(d[start])))
                start--;
            if (start > 0)
                e[start - 1] = 0;
            if (++sweeps > maxSweeps)
                return false;
            QrStep(v, n, d, e, start, end);
        }
        return true;
    }

    /// <summary>One implicit symmetric QR step with Wilkinson shift on the block [l, m] of the tridiagonal matrix;
    /// the rotations are applied to the rows of <paramref name="v"/> (basis vectors stored as rows).</summary>
    private static void QrStep(Span<double> v, int n, Span<double> d, Span<double> e, int l, int m)
    {
        double half = 0.5 * (d[m - 1] - d[m]);
        double b2 = e[m - 1] * e[m - 1];
        double shift = d[m] - b2 / (half + (half >= 0 ? 1.0 : -1.0) * Math.Sqrt(half * half + b2));

        double x = d[l] - shift;
        double z = e[l];
        for (int k = l; k < m; k++)
        {
            // The matrix is scaled to max |a_ij| = 1, so x^2 + z^2 cannot overflow; Hypot only guards underflow.
            double rr = x * x + z * z;
            double rho = rr > 1e-290 ? Math.Sqrt(rr) : double.Hypot(x, z);
            double c = 1, s = 0;
            if (rho != 0)
            {
                double inverse = 1.0 / rho;
                c = x * inverse;
                s = -z * inverse;
            }
            if (k > l)
                e[k - 1] = rho;

            double p = d[k], q = d[k + 1], r = e[k];
            double cc = c * c, ss = s * s, cs = c * s;
            d[k] = cc * p - 2 * cs * r + ss * q;
            d[k + 1] = ss * p + 2 * cs * r + cc * q;
            e[k] = cs * (p - q) + (cc - ss) * r;
            if (k + 1 < m)
            {
                x = e[k];
                z = -s * e[k + 1];
                e[k + 1] *= c;
            }
            Blas.Rotate(v.Slice(k * n, n), v.Slice((k + 1) * n, n), c, s);
        }
    }

    private static void SortAscending(Span<double> v, int n, Span<double> d)
    {
        for (int i = 0; i < n - 1; i++)
        {
            int min = i;
            for (int j = i + 1; j < n; j++)
                if (d[j] < d[min]) min = j;
            if (min == i) continue;
            (d[i], d[min]) = (d[min], d[i]);
            Span<double> a = v.Slice(i * n, n), b = v.Slice(min * n, n);
            for (int c = 0; c < n; c++)
                (a[c], b[c]) = (b[c], a[c]);
        }
    }
}
