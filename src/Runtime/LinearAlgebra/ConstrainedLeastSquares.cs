using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenOpt.LinearAlgebra;

/// <summary>Outcome of <see cref="ConstrainedLeastSquares.Solve"/> (the exit modes of Kraft's LSQ/LSEI).</summary>
internal enum LeastSquaresStatus
{
    /// <summary>Solved.</summary>
    Success = 1,
    /// <summary>More equality constraints than variables.</summary>
    TooManyEqualities = 2,
    /// <summary>NNLS needed more than 3 x (number of its unknowns) iterations.</summary>
    IterationLimit = 3,
    /// <summary>The inequality constraints are incompatible.</summary>
    Incompatible = 4,
    /// <summary>The matrix E of the objective is singular.</summary>
    SingularObjective = 5,
    /// <summary>The matrix C of the equality constraints is singular.</summary>
    SingularEqualities = 6,
    /// <summary>The unconstrained least-squares problem left after eliminating the equalities is rank-deficient.</summary>
    RankDeficient = 7,
}

/// <summary>
/// Linearly constrained linear least squares, <c>min ||E x - f||</c> subject to <c>C x = d</c> and
/// <c>G x &gt;= h</c>, by the methods of Lawson &amp; Hanson ("Solving Least Squares Problems", 1974,
/// chapters 23 (LSEI, LSI, LDP) and 23.3 (NNLS)) in the arrangement Kraft (1988) uses for SLSQP's subproblem:
/// the equalities are eliminated with Householder reflections, the rest becomes an inequality-constrained
/// problem (LSI), then a least-distance problem (LDP) whose dual is a nonnegative least-squares problem (NNLS).
/// </summary>
/// <remarks>
/// Matrices are dense and row-major with a row stride equal to their number of columns. All scratch space is
/// allocated in the constructor for at most <c>maxVariables</c> unknowns, <c>maxEqualities</c> equality rows
/// and <c>maxInequalities</c> inequality rows; <see cref="Solve"/> allocates nothing. Inputs are overwritten.
/// </remarks>
internal sealed class ConstrainedLeastSquares
{
    /// <summary>Machine epsilon as used by the pivot tests of LSEI and LSI (Kraft's value).</summary>
    private const double Epsilon = 2.22e-16;

    /// <summary>NNLS: a column enters only if its new diagonal is not negligible relative to this factor (Lawson &amp; Hanson).</summary>
    private const double NnlsDependenceFactor = 1e-2;

    private readonly int _maxVariables;
    private readonly int _maxEqualities;
    private readonly int _maxInequalities;

    // ---- LSEI -----------------------------------------------------------------------------------
    /// <summary>Pivot components of the reflectors that triangularize C from the right (one per equality).</summary>
    private readonly double[] _equalityReflectors;
    /// <summary>E2: the columns of the transformed E belonging to the free (null-space) unknowns, maxVariables^2.</summary>
    private readonly double[] _reducedE;
    /// <summary>f2 = f - E1 y1, maxVariables.</summary>
    private readonly double[] _reducedF;
    /// <summary>G2: the columns of the transformed G belonging to the free unknowns, maxInequalities x maxVariables.</summary>
    private readonly double[] _reducedG;
    /// <summary>E x - f at the solution, for the equality multipliers, maxVariables.</summary>
    private readonly double[] _residual;

    // ---- LDP / NNLS -----------------------------------------------------------------------------
    /// <summary>Dual matrix of the LDP, column-major (columns = [G_i, h_i]), (maxVariables + 1) x maxInequalities.</summary>
    private readonly double[] _dualMatrix;
    /// <summary>Right-hand side of the dual NNLS, (0, ..., 0, 1), maxVariables + 1.</summary>
    private readonly double[] _dualRhs;
    /// <summary>NNLS scratch vector z, maxVariables + 1.</summary>
    private readonly double[] _nnlsZ;
    /// <summary>Solution u &gt;= 0 of the dual NNLS, maxInequalities.</summary>
    private readonly double[] _dualSolution;
    /// <summary>NNLS dual vector w (gradient of the residual), maxInequalities.</summary>
    private readonly double[] _nnlsW;
    /// <summary>NNLS index set: positions [0, nsetp) form the passive set P, the rest the active set Z.</summary>
    private readonly int[] _nnlsIndex;
    /// <summary>Rows of G with a positive dual solution (the LDP's active constraints), maxVariables.</summary>
    private readonly int[] _activeRows;
    /// <summary>Refinement: G_P G_P^T and its Cholesky factor, maxVariables^2.</summary>
    private readonly double[] _activeGram;
    /// <summary>Refinement: the active rows' residual, then the correction's coefficients, maxVariables.</summary>
    private readonly double[] _activeResidual;

    // ---- HFTI -----------------------------------------------------------------------------------
    /// <summary>Column interchanges of the pivoted QR, maxVariables.</summary>
    private readonly int[] _pivots;

    /// <summary>Allocates the scratch space for problems up to the given sizes.</summary>
    public ConstrainedLeastSquares(int maxVariables, int maxEqualities, int maxInequalities)
    {
        _maxVariables = maxVariables;
        _maxEqualities = maxEqualities;
        _maxInequalities = maxInequalities;
        // Checked: the solver's loops address these arrays without bounds checks, trusting products of the sizes.
        checked
        {
            _equalityReflectors = new double[maxEqualities];
            _reducedE = new double[maxVariables * maxVariables];
            _reducedF = new double[maxVariables];
            _reducedG = new double[maxInequalities * maxVariables];
            _residual = new double[maxVariables];
            _dualMatrix = new double[(maxVariables + 1) * maxInequalities];
            _dualRhs = new double[maxVariables + 1];
            _nnlsZ = new double[maxVariables + 1];
            _dualSolution = new double[maxInequalities];
            _nnlsW = new double[maxInequalities];
            _nnlsIndex = new int[maxInequalities];
            _activeRows = new int[maxVariables];
            _activeGram = new double[maxVariables * maxVariables];
            _activeResidual = new double[maxVariables];
            _pivots = new int[maxVariables];
        }
    }

    /// <summary>
    /// Solves <c>min ||E x - f||</c> s.t. <c>C x = d</c>, <c>G x &gt;= h</c> with <c>n</c> unknowns, <c>E</c> of
    /// <c>n x n</c> (row-major), <c>C</c> of <c>mc x n</c>, <c>G</c> of <c>mg x n</c>. Writes x and the Lagrange
    /// multipliers (<c>mc</c> for the equalities, then <c>mg</c> &gt;= 0 for the inequalities) of
    /// <c>E^T (E x - f) = C^T lambda_eq + G^T lambda_ineq</c>. Overwrites C, d, E, G and h.
    /// </summary>
    public LeastSquaresStatus Solve(Span<double> c, Span<double> d, int mc, Span<double> e, ReadOnlySpan<double> f,
        Span<double> g, Span<double> h, int mg, int n, Span<double> x, Span<double> multipliers)
    {
        if (mc > n)
            return LeastSquaresStatus.TooManyEqualities;
        if (n > _maxVariables || mc > _maxEqualities || mg > _maxInequalities)
            throw new InvalidOperationException("Least-squares problem larger than its workspace.");
        int me = n;
        int l = n - mc;
        if (c.Length < mc * n || d.Length < mc || e.Length < me * n || f.Length < me || g.Length < mg * n || h.Length < mg
            || x.Length < n || multipliers.Length < mc + mg)
            throw new ArgumentOutOfRangeException(nameof(e), "Least-squares operands shorter than the problem.");
        // Past the check above, rows of E and G are addressed by reference (no per-element bounds checks).
        ref double e0 = ref MemoryMarshal.GetReference(e);
        ref double g0 = ref MemoryMarshal.GetReference(g);
        ref double x0 = ref MemoryMarshal.GetReference(x);

        // Triangularize C from the right, C Q = [L 0], and apply Q to the rows of E and G.
        for (int i = 0; i < mc; i++)
        {
            Span<double> ci = c.Slice(i * n, n);
            double up = Householder.Build(ci, 1, i, i + 1, n);
            _equalityReflectors[i] = up;
            Householder.ApplyToEach(ci, 1, i, i + 1, n, up, c[((i + 1) * n)..], mc - i - 1, n, 1);
            Householder.ApplyToEach(ci, 1, i, i + 1, n, up, e, me, n, 1);
            Householder.ApplyToEach(ci, 1, i, i + 1, n, up, g, mg, n, 1);
        }

        // Solve L y1 = d for the first mc transformed unknowns.
        for (int i = 0; i < mc; i++)
        {
            double pivot = c[i * n + i];
            if (Math.Abs(pivot) < Epsilon)
                return LeastSquaresStatus.SingularEqualities;
            double sum = d[i];
            for (int k = 0; k < i; k++)
                sum -= c[i * n + k] * x[k];
            x[i] = sum / pivot;
        }
        Span<double> inequalityMultipliers = multipliers.Slice(mc, mg);
        for (int i = 0; i < mg; i++)
            inequalityMultipliers[i] = 0;

        if (mc < n)
        {
            // Reduced problem in the l free unknowns y2: min ||E2 y2 - (f - E1 y1)|| s.t. G2 y2 >= h - G1 y1.
            Span<double> e2 = _reducedE.AsSpan(0, me * l);
            Span<double> f2 = _reducedF.AsSpan(0, me);
            Span<double> g2 = _reducedG.AsSpan(0, mg * l);
            ref double e20 = ref MemoryMarshal.GetReference(e2);
            ref double g20 = ref MemoryMarshal.GetReference(g2);
            for (int i = 0; i < me; i++)
            {
                ref double row = ref Unsafe.Add(ref e0, i * n);
                f2[i] = f[i] - Dot(ref row, ref x0, mc);
                Copy(ref Unsafe.Add(ref row, mc), ref Unsafe.Add(ref e20, i * l), l);
            }
            for (int i = 0; i < mg; i++)
            {
                ref double row = ref Unsafe.Add(ref g0, i * n);
                h[i] -= Dot(ref row, ref x0, mc);
                Copy(ref Unsafe.Add(ref row, mc), ref Unsafe.Add(ref g20, i * l), l);
            }
            Span<double> y2 = x.Slice(mc, l);
            if (mg == 0)
            {
                if (SolveRankRevealing(e2, f2, me, l, Math.Sqrt(Epsilon), y2) != l)
                    return LeastSquaresStatus.RankDeficient;
            }
            else
            {
                LeastSquaresStatus status = SolveInequalityConstrained(e2, f2, g2, h, me, mg, l, y2, inequalityMultipliers);
                if (status != LeastSquaresStatus.Success)
                    return status;
            }
            if (mc == 0)
                return LeastSquaresStatus.Success;
        }

        // Equality multipliers from E^T (E y - f) = C^T lambda_eq + G^T lambda_ineq in the transformed
        // coordinates: L^T lambda_eq = E1^T r - G1^T lambda_ineq (back substitution).
        Span<double> residual = _residual.AsSpan(0, me);
        ref double residual0 = ref MemoryMarshal.GetReference(residual);
        ref double lambda0 = ref MemoryMarshal.GetReference(inequalityMultipliers);
        for (int i = 0; i < me; i++)
            residual[i] = Dot(ref Unsafe.Add(ref e0, i * n), ref x0, n) - f[i];
        for (int i = 0; i < mc; i++)
        {
            double sum = 0;
            for (int k = 0; k < me; k++)
                sum += Unsafe.Add(ref e0, k * n + i) * Unsafe.Add(ref residual0, k);
            for (int k = 0; k < mg; k++)
                sum -= Unsafe.Add(ref g0, k * n + i) * Unsafe.Add(ref lambda0, k);
            d[i] = sum;
        }
        for (int i = mc - 1; i >= 0; i--)
            Householder.Apply(c.Slice(i * n, n), 1, i, i + 1, n, _equalityReflectors[i], x, 1);
        for (int i = mc - 1; i >= 0; i--)
        {
            double sum = d[i];
            for (int j = i + 1; j < mc; j++)
                sum -= c[j * n + i] * multipliers[j];
            multipliers[i] = sum / c[i * n + i];
        }
        return LeastSquaresStatus.Success;
    }

    /// <summary>
    /// LSI: <c>min ||E x - f||</c> s.t. <c>G x &gt;= h</c> (E of <c>me x n</c> with <c>me &gt;= n</c>, G of
    /// <c>mg x n</c>), via the QR factorization of E and the least-distance problem in <c>z = R x - Q^T f</c>.
    /// </summary>
    private LeastSquaresStatus SolveInequalityConstrained(Span<double> e, Span<double> f, Span<double> g, Span<double> h,
        int me, int mg, int n, Span<double> x, Span<double> multipliers)
    {
        // E = Q R by Householder reflections on the columns; f := Q^T f.
        for (int i = 0; i < n; i++)
            ReflectColumn(e, me, n, i, f);

        // G := G R^{-1}, h := h - G R^{-1} f1 (R checked once: the rows of G are independent).
        for (int j = 0; j < n; j++)
            if (mg > 0 && !(Math.Abs(e[j * n + j]) >= Epsilon))
                return LeastSquaresStatus.SingularObjective;
        // Forward substitution on every row of G, column by column: the divisions of different rows are then
        // independent and overlap, and every element still sees the operations of a row-by-row substitution.
        if (g.Length < mg * n || e.Length < n * n || h.Length < mg)
            throw new ArgumentOutOfRangeException(nameof(g), "LSI operands shorter than the problem.");
        ref double g0 = ref MemoryMarshal.GetReference(g);
        ref double r0 = ref MemoryMarshal.GetReference(e);
        for (int j = 0; j < n; j++)
        {
            double diagonal = Unsafe.Add(ref r0, j * n + j);
            for (int i = 0; i < mg; i++)
            {
                ref double gi = ref Unsafe.Add(ref g0, i * n);
                double sum = Unsafe.Add(ref gi, j);
                for (int k = 0; k < j; k++)
                    sum -= Unsafe.Add(ref gi, k) * Unsafe.Add(ref r0, k * n + j);
                Unsafe.Add(ref gi, j) = sum / diagonal;
            }
        }
        ReadOnlySpan<double> f1 = f[..n];
        for (int i = 0; i < mg; i++)
            h[i] -= Blas.Dot(g.Slice(i * n, n), f1);

        LeastSquaresStatus status = SolveLeastDistance(g, h, mg, n, x, multipliers);
        if (status != LeastSquaresStatus.Success)
            return status;

        // x = R^{-1} (z + f1).
        Blas.Axpy(1, f[..n], x);
        SolveUpperTriangular(e, n, x);
        return LeastSquaresStatus.Success;
    }

    /// <summary>
    /// LDP: <c>min ||x||</c> s.t. <c>G x &gt;= h</c> (G of <c>mg x n</c>, left unchanged), through the dual NNLS
    /// <c>min ||[G^T; h^T] u - e_{n+1}||</c>, <c>u &gt;= 0</c> (Lawson &amp; Hanson, chapter 23, section 4).
    /// </summary>
    private LeastSquaresStatus SolveLeastDistance(ReadOnlySpan<double> g, ReadOnlySpan<double> h, int mg, int n,
        Span<double> x, Span<double> multipliers)
    {
        x[..n].Clear();
        if (mg == 0)
            return LeastSquaresStatus.Success;
        int rows = n + 1;
        Span<double> dual = _dualMatrix.AsSpan(0, rows * mg);
        if (g.Length < mg * n || h.Length < mg)
            throw new ArgumentOutOfRangeException(nameof(g), "LDP operands shorter than the problem.");
        ref double dual0 = ref MemoryMarshal.GetReference(dual);
        ref double gRow = ref MemoryMarshal.GetReference(g);
        for (int j = 0; j < mg; j++)
        {
            ref double column = ref Unsafe.Add(ref dual0, j * rows);
            Copy(ref Unsafe.Add(ref gRow, j * n), ref column, n);
            Unsafe.Add(ref column, n) = h[j];
        }
        Span<double> rhs = _dualRhs.AsSpan(0, rows);
        for (int i = 0; i < n; i++)
            rhs[i] = 0;
        rhs[n] = 1;
        Span<double> u = _dualSolution.AsSpan(0, mg);
        LeastSquaresStatus status = NonnegativeLeastSquares(dual, rows, mg, rhs, u, out double residualNorm);
        if (status != LeastSquaresStatus.Success)
            return status;
        if (residualNorm <= 0)
            return LeastSquaresStatus.Incompatible;

        // The primal solution is x = G^T u / (1 - h^T u); the same factor scales u into the multipliers.
        double factor = 1 - Blas.Dot(h[..mg], u);
        if (!((1 + factor) - 1 > 0))
            return LeastSquaresStatus.Incompatible;
        factor = 1 / factor;
        if (x.Length < n)
            throw new ArgumentOutOfRangeException(nameof(x), "LDP solution shorter than the problem.");
        ref double g0 = ref MemoryMarshal.GetReference(g);
        ref double u0 = ref MemoryMarshal.GetReference(u);
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < mg; i++)
                sum += Unsafe.Add(ref g0, i * n + j) * Unsafe.Add(ref u0, i);
            x[j] = factor * sum;
        }
        for (int i = 0; i < mg; i++)
            multipliers[i] = factor * u[i];
        RefineOnActiveRows(g, h, mg, n, u, x);
        return LeastSquaresStatus.Success;
    }

    /// <summary>
    /// One step of iterative refinement of the LDP solution on its active rows P (u_i &gt; 0): the solution is the
    /// minimum-norm solution of <c>G_P x = h_P</c>, but <c>x = G^T u / (1 - h^T u)</c> loses accuracy when
    /// <c>1 - h^T u</c> is small (a long x), by up to about <c>eps |x|^2</c> in the active rows. The residual
    /// <c>r = h_P - G_P x</c> is removed by the minimum-norm correction <c>G_P^T w</c>, <c>(G_P G_P^T) w = r</c>
    /// (Cholesky). Skipped when the active rows already hold to rounding, are more than n or are numerically dependent.
    /// </summary>
    private void RefineOnActiveRows(ReadOnlySpan<double> g, ReadOnlySpan<double> h, int mg, int n, ReadOnlySpan<double> u, Span<double> x)
    {
        int p = 0;
        for (int i = 0; i < mg; i++)
        {
            if (u[i] > 0)
            {
                if (p == n)
                    return;
                _activeRows[p++] = i;
            }
        }
        if (p == 0)
            return;
        Span<double> gram = _activeGram.AsSpan(0, p * p);
        Span<double> w = _activeResidual.AsSpan(0, p);
        ReadOnlySpan<double> xs = x[..n];
        // Residuals first: where every active row already holds to rounding (|r_i| within 8 eps of the terms' magnitude),
        // the dual formula lost nothing and x stays exactly as it is.
        bool accurate = true;
        for (int a = 0; a < p; a++)
        {
            ReadOnlySpan<double> ga = g.Slice(_activeRows[a] * n, n);
            double hi = h[_activeRows[a]], sum = 0, magnitude = Math.Abs(hi);
            for (int k = 0; k < n; k++)
            {
                double term = ga[k] * xs[k];
                sum += term;
                magnitude += Math.Abs(term);
            }
            w[a] = hi - sum;
            if (!(Math.Abs(w[a]) <= 8 * Epsilon * magnitude))
                accurate = false;
        }
        if (accurate)
            return;
        for (int a = 0; a < p; a++)
        {
            ReadOnlySpan<double> ga = g.Slice(_activeRows[a] * n, n);
            for (int b = 0; b <= a; b++)
                gram[a * p + b] = Blas.Dot(ga, g.Slice(_activeRows[b] * n, n));
        }
        // Cholesky G_P G_P^T = L L^T in the lower triangle; a pivot lost to cancellation means dependent rows.
        for (int j = 0; j < p; j++)
        {
            double diagonal = gram[j * p + j];
            for (int k = 0; k < j; k++)
                diagonal -= gram[j * p + k] * gram[j * p + k];
            if (!(diagonal > 1e-10 * gram[j * p + j]))
                return;
            diagonal = Math.Sqrt(diagonal);
            gram[j * p + j] = diagonal;
            for (int i = j + 1; i < p; i++)
            {
                double sum = gram[i * p + j];
                for (int k = 0; k < j; k++)
                    sum -= gram[i * p + k] * gram[j * p + k];
                gram[i * p + j] = sum / diagonal;
            }
        }
        for (int i = 0; i < p; i++)
        {
            double sum = w[i];
            for (int k = 0; k < i; k++)
                sum -= gram[i * p + k] * w[k];
            w[i] = sum / gram[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--)
        {
            double sum = w[i];
            for (int k = i + 1; k < p; k++)
                sum -= gram[k * p + i] * w[k];
            w[i] = sum / gram[i * p + i];
        }
        for (int a = 0; a < p; a++)
            Blas.Axpy(w[a], g.Slice(_activeRows[a] * n, n), x[..n]);
    }

    /// <summary>
    /// NNLS (Lawson &amp; Hanson's active-set algorithm): <c>min ||A u - b||</c> subject to <c>u &gt;= 0</c>, A of
    /// <c>m x n</c> stored column-major. A and b are overwritten by <c>Q A</c> and <c>Q b</c>. At most 3n iterations.
    /// </summary>
    /// <remarks>
    /// The sizes are checked once at the start; the loops then address A (element (i, j) at <c>j m + i</c>), b, z,
    /// u, w and the index set through references, without per-element bounds checks.
    /// </remarks>
    private LeastSquaresStatus NonnegativeLeastSquares(Span<double> a, int m, int n, Span<double> b, Span<double> u,
        out double residualNorm)
    {
        if (m < 1 || n < 1 || a.Length < m * n || b.Length < m || u.Length < n || m > _nnlsZ.Length || n > _nnlsW.Length)
            throw new ArgumentOutOfRangeException(nameof(a), "NNLS operands shorter than the problem.");
        Span<double> w = _nnlsW.AsSpan(0, n);
        Span<double> z = _nnlsZ.AsSpan(0, m);
        Span<int> index = _nnlsIndex.AsSpan(0, n);
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double b0 = ref MemoryMarshal.GetReference(b);
        ref double z0 = ref MemoryMarshal.GetReference(z);
        ref double u0 = ref MemoryMarshal.GetReference(u);
        ref double w0 = ref MemoryMarshal.GetReference(w);
        ref int index0 = ref MemoryMarshal.GetReference(index);
        for (int i = 0; i < n; i++)
        {
            index[i] = i;
            u[i] = 0;
        }
        int iterations = 0;
        int maxIterations = 3 * n;
        int nsetp = 0;   // size of the passive set P = index[0, nsetp); the active set Z is index[nsetp, n)
        LeastSquaresStatus status = LeastSquaresStatus.Success;

        while (nsetp < n && nsetp < m)
        {
            // Dual vector w = A^T (b - A u) restricted to Z, in the rotated coordinates.
            ReadOnlySpan<double> bTail = b[nsetp..m];
            for (int iz = nsetp; iz < n; iz++)
            {
                int j = Unsafe.Add(ref index0, iz);
                Unsafe.Add(ref w0, j) = Blas.Dot(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref a0, j * m + nsetp), m - nsetp), bTail);
            }

            // Pick the column of Z with the largest positive w_j whose Householder pivot is not negligible and
            // which moves the least-squares solution to a positive value.
            int chosen = -1, chosenPosition = -1;
            double up = 0;
            while (true)
            {
                double wmax = 0;
                int izmax = -1;
                for (int iz = nsetp; iz < n; iz++)
                {
                    double wj = Unsafe.Add(ref w0, Unsafe.Add(ref index0, iz));
                    if (wj > wmax)
                    {
                        wmax = wj;
                        izmax = iz;
                    }
                }
                if (izmax < 0)
                    break;
                int jc = Unsafe.Add(ref index0, izmax);
                Span<double> column = a.Slice(jc * m, m);
                ref double pivot = ref Unsafe.Add(ref a0, jc * m + nsetp);
                double saved = pivot;
                up = Householder.Build(column, 1, nsetp, nsetp + 1, m);
                // Norm of the part above the pivot; it only decides whether the pivot is negligible against it.
                // The plain square root of the sum of squares serves while the sum is far from overflow and
                // underflow; outside that range the scaled norm keeps the test exact for badly scaled data.
                double squares = SumOfSquares(ref Unsafe.Add(ref a0, jc * m), nsetp);
                double unorm = squares > 1e-290 && squares < 1e290 ? Math.Sqrt(squares) : Norm(column[..nsetp]);
                if ((unorm + NnlsDependenceFactor * Math.Abs(pivot)) - unorm > 0)
                {
                    for (int i = 0; i < m; i++)
                        Unsafe.Add(ref z0, i) = Unsafe.Add(ref b0, i);
                    Householder.Apply(column, 1, nsetp, nsetp + 1, m, up, z, 1);
                    if (Unsafe.Add(ref z0, nsetp) / pivot > 0)
                    {
                        chosen = jc;
                        chosenPosition = izmax;
                        break;
                    }
                }
                pivot = saved;
                Unsafe.Add(ref w0, jc) = 0;
            }
            if (chosen < 0)
                break;

            // Move the chosen column from Z to P and apply its reflector to b and the remaining columns of Z.
            for (int i = 0; i < m; i++)
                Unsafe.Add(ref b0, i) = Unsafe.Add(ref z0, i);
            Unsafe.Add(ref index0, chosenPosition) = Unsafe.Add(ref index0, nsetp);
            Unsafe.Add(ref index0, nsetp) = chosen;
            nsetp++;
            Householder.ApplyToColumns(a.Slice(chosen * m, m), nsetp - 1, nsetp, m, up, a, m, index[nsetp..]);
            for (int i = nsetp; i < m; i++)
                Unsafe.Add(ref a0, chosen * m + i) = 0;
            Unsafe.Add(ref w0, chosen) = 0;

            // Inner loop: solve the least-squares problem on P; step back towards feasibility while some
            // component of that solution is not positive, moving such components back to Z.
            while (true)
            {
                SolveTriangularOnPassiveSet(ref a0, m, ref index0, nsetp, ref z0);
                if (++iterations > maxIterations)
                {
                    status = LeastSquaresStatus.IterationLimit;
                    goto Done;
                }
                double alpha = 1;
                int blocking = -1;
                for (int ip = 0; ip < nsetp; ip++)
                {
                    double zp = Unsafe.Add(ref z0, ip);
                    if (zp > 0)
                        continue;
                    double ul = Unsafe.Add(ref u0, Unsafe.Add(ref index0, ip));
                    double t = -ul / (zp - ul);
                    if (alpha >= t)
                    {
                        alpha = t;
                        blocking = ip;
                    }
                }
                for (int ip = 0; ip < nsetp; ip++)
                {
                    ref double ul = ref Unsafe.Add(ref u0, Unsafe.Add(ref index0, ip));
                    ul = (1 - alpha) * ul + alpha * Unsafe.Add(ref z0, ip);
                }
                if (blocking < 0)
                    break;

                // Remove from P every coefficient that is now zero (or below, by rounding), restoring the
                // triangular form of the passive columns with plane rotations of rows j - 1 and j.
                int position = blocking;
                while (true)
                {
                    int removed = Unsafe.Add(ref index0, position);
                    Unsafe.Add(ref u0, removed) = 0;
                    for (int j = position + 1; j < nsetp; j++)
                    {
                        int ii = Unsafe.Add(ref index0, j);
                        Unsafe.Add(ref index0, j - 1) = ii;
                        double p = Unsafe.Add(ref a0, ii * m + j - 1), q = Unsafe.Add(ref a0, ii * m + j);
                        double r = Math.Sqrt(p * p + q * q);
                        double cs = r > 0 ? p / r : 1, sn = r > 0 ? q / r : 0;
                        ref double rowAbove = ref Unsafe.Add(ref a0, j - 1);
                        for (int col = 0; col < n; col++)
                        {
                            ref double top = ref Unsafe.Add(ref rowAbove, col * m);
                            ref double bottom = ref Unsafe.Add(ref top, 1);
                            double t0 = top, b1 = bottom;
                            top = cs * t0 + sn * b1;
                            bottom = -sn * t0 + cs * b1;
                        }
                        Unsafe.Add(ref a0, ii * m + j - 1) = r;
                        Unsafe.Add(ref a0, ii * m + j) = 0;
                        ref double bt = ref Unsafe.Add(ref b0, j - 1);
                        ref double bb = ref Unsafe.Add(ref b0, j);
                        double bt0 = bt, bb0 = bb;
                        bt = cs * bt0 + sn * bb0;
                        bb = -sn * bt0 + cs * bb0;
                    }
                    nsetp--;
                    Unsafe.Add(ref index0, nsetp) = removed;
                    position = -1;
                    for (int ip = 0; ip < nsetp; ip++)
                    {
                        if (Unsafe.Add(ref u0, Unsafe.Add(ref index0, ip)) <= 0)
                        {
                            position = ip;
                            break;
                        }
                    }
                    if (position < 0)
                        break;
                }
                for (int i = 0; i < m; i++)
                    Unsafe.Add(ref z0, i) = Unsafe.Add(ref b0, i);
            }
        }

    Done:
        residualNorm = nsetp < m ? Norm(b[nsetp..m]) : 0;
        if (nsetp >= m)
            w.Clear();
        return status;
    }

    /// <summary>
    /// Solves the upper-triangular system of the passive columns for z (in place; z holds Q b on entry): column
    /// <c>index[ip]</c> of the column-major A holds row ip of the triangle in its first ip + 1 entries. The caller
    /// guarantees the sizes.
    /// </summary>
    private static void SolveTriangularOnPassiveSet(ref double a0, int m, ref int index0, int nsetp, ref double z0)
    {
        for (int ip = nsetp - 1; ip >= 0; ip--)
        {
            if (ip < nsetp - 1)
            {
                // z[0..ip] -= z[ip + 1] * (column of position ip + 1)[0..ip].
                double factor = -Unsafe.Add(ref z0, ip + 1);
                ref double previous = ref Unsafe.Add(ref a0, Unsafe.Add(ref index0, ip + 1) * m);
                for (int k = 0; k <= ip; k++)
                    Unsafe.Add(ref z0, k) += factor * Unsafe.Add(ref previous, k);
            }
            Unsafe.Add(ref z0, ip) /= Unsafe.Add(ref a0, Unsafe.Add(ref index0, ip) * m + ip);
        }
    }

    /// <summary>Sum of the squares of <paramref name="count"/> consecutive elements.</summary>
    private static double SumOfSquares(ref double v0, int count)
    {
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            double t = Unsafe.Add(ref v0, i);
            sum += t * t;
        }
        return sum;
    }

    /// <summary>
    /// Least squares <c>min ||A x - b||</c> (A of <c>m x n</c>, <c>m &gt;= n</c>, row-major) by Householder QR with
    /// column pivoting (the full-rank case of Lawson &amp; Hanson's HFTI). Returns the pseudo-rank: the number of
    /// leading diagonal entries of R above <paramref name="tau"/>; x is valid only when it equals n.
    /// </summary>
    private int SolveRankRevealing(Span<double> a, Span<double> b, int m, int n, double tau, Span<double> x)
    {
        Span<int> pivots = _pivots.AsSpan(0, n);
        for (int j = 0; j < n; j++)
        {
            // Bring the remaining column of largest norm to position j.
            int best = j;
            double bestNorm = -1;
            for (int k = j; k < n; k++)
            {
                double s = 0;
                for (int i = j; i < m; i++)
                    s += a[i * n + k] * a[i * n + k];
                if (s > bestNorm)
                {
                    bestNorm = s;
                    best = k;
                }
            }
            pivots[j] = best;
            if (best != j)
                for (int i = 0; i < m; i++)
                    (a[i * n + j], a[i * n + best]) = (a[i * n + best], a[i * n + j]);
            ReflectColumn(a, m, n, j, b);
        }
        for (int j = 0; j < n; j++)
        {
            if (Math.Abs(a[j * n + j]) <= tau)
            {
                x[..n].Clear();
                return j;
            }
        }
        b[..n].CopyTo(x);
        SolveUpperTriangular(a, n, x);
        for (int j = n - 1; j >= 0; j--)
            if (pivots[j] != j)
                (x[j], x[pivots[j]]) = (x[pivots[j]], x[j]);
        return n;
    }

    /// <summary>
    /// Householder step j of a QR factorization of the row-major <c>m x n</c> matrix a: zeros column j below the
    /// diagonal and applies the reflection to the later columns and to <paramref name="b"/>.
    /// </summary>
    private static void ReflectColumn(Span<double> a, int m, int n, int j, Span<double> b)
    {
        Span<double> column = a[j..];
        double up = Householder.Build(column, n, j, j + 1, m);
        Householder.ApplyToEach(column, n, j, j + 1, m, up, a[(j + 1)..], n - j - 1, 1, n);
        Householder.Apply(column, n, j, j + 1, m, up, b, 1);
    }

    /// <summary>x := R^{-1} x for the upper triangle R of the leading <c>n x n</c> block of a (row stride n).</summary>
    private static void SolveUpperTriangular(ReadOnlySpan<double> a, int n, Span<double> x)
    {
        if (a.Length < n * n || x.Length < n)
            throw new ArgumentOutOfRangeException(nameof(a), "Triangular system shorter than its order.");
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double x0 = ref MemoryMarshal.GetReference(x);
        for (int i = n - 1; i >= 0; i--)
        {
            ref double row = ref Unsafe.Add(ref a0, i * n);
            double sum = Unsafe.Add(ref x0, i);
            for (int j = i + 1; j < n; j++)
                sum -= Unsafe.Add(ref row, j) * Unsafe.Add(ref x0, j);
            Unsafe.Add(ref x0, i) = sum / Unsafe.Add(ref row, i);
        }
    }

    /// <summary><see cref="Blas.Dot"/> of two vectors of <paramref name="length"/> elements given by reference (same summation order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(ref double x, ref double y, int length) =>
        Blas.Dot(MemoryMarshal.CreateReadOnlySpan(ref x, length), MemoryMarshal.CreateReadOnlySpan(ref y, length));

    /// <summary>Copies <paramref name="length"/> elements given by reference (an inlined loop: the vectors are short).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ref double source, ref double destination, int length)
    {
        for (int i = 0; i < length; i++)
            Unsafe.Add(ref destination, i) = Unsafe.Add(ref source, i);
    }

    /// <summary>Euclidean norm, scaled against overflow.</summary>
    private static double Norm(ReadOnlySpan<double> v)
    {
        double scale = 0;
        for (int i = 0; i < v.Length; i++)
            scale = Math.Max(scale, Math.Abs(v[i]));
        if (scale == 0 || !double.IsFinite(scale))
            return scale;
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double t = v[i] / scale;
            sum += t * t;
        }
        return scale * Math.Sqrt(sum);
    }
}

/// <summary>
/// Householder reflections <c>Q = I + u u^T / (up * u_p)</c> on strided vectors, in Lawson &amp; Hanson's
/// compact form: the reflector that maps a vector onto its pivot coordinate is stored in the vector itself
/// (elements <c>first..end-1</c>) plus the scalar <c>up</c>; the pivot element receives the new value.
/// Element <c>k</c> of a strided vector <c>v</c> is <c>v[k * stride]</c>; the spans must cover element
/// <c>max(pivot, end - 1)</c> (checked once per call, the loops then run without bounds checks).
/// </summary>
internal static class Householder
{
    /// <summary>
    /// Builds the reflector that zeros elements <paramref name="first"/>..<paramref name="end"/>-1 of
    /// <paramref name="u"/> into element <paramref name="pivot"/>. Returns <c>up</c> (0: identity).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Build(Span<double> u, int stride, int pivot, int first, int end)
    {
        if (first >= end)
            return 0;
        CheckCovers(u.Length, stride, pivot, end);
        ref double u0 = ref MemoryMarshal.GetReference(u);
        ref double up0 = ref Unsafe.Add(ref u0, pivot * stride);
        double scale = Math.Abs(up0);
        for (int k = first; k < end; k++)
            scale = Math.Max(scale, Math.Abs(Unsafe.Add(ref u0, k * stride)));
        if (!(scale > 0))
            return 0;
        double inv = 1 / scale;
        double p = up0 * inv;
        double sum = p * p;
        for (int k = first; k < end; k++)
        {
            double t = Unsafe.Add(ref u0, k * stride) * inv;
            sum += t * t;
        }
        double norm = scale * Math.Sqrt(sum);
        if (up0 > 0)
            norm = -norm;
        double up = up0 - norm;
        up0 = norm;
        return up;
    }

    /// <summary>Applies a reflector built by <see cref="Build"/> to the strided vector <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(ReadOnlySpan<double> u, int stride, int pivot, int first, int end, double up,
        Span<double> c, int cStride)
    {
        if (first >= end)
            return;
        CheckCovers(u.Length, stride, pivot, end);
        CheckCovers(c.Length, cStride, pivot, end);
        ref double u0 = ref MemoryMarshal.GetReference(u);
        ref double c0 = ref MemoryMarshal.GetReference(c);
        double b = up * Unsafe.Add(ref u0, pivot * stride);
        if (b >= 0)
            return;
        ref double cp = ref Unsafe.Add(ref c0, pivot * cStride);
        double sum = cp * up;
        for (int k = first; k < end; k++)
            sum += Unsafe.Add(ref c0, k * cStride) * Unsafe.Add(ref u0, k * stride);
        if (sum == 0)
            return;
        sum /= b;
        cp += sum * up;
        for (int k = first; k < end; k++)
            Unsafe.Add(ref c0, k * cStride) += sum * Unsafe.Add(ref u0, k * stride);
    }

    /// <summary>
    /// Applies a reflector built by <see cref="Build"/> to <paramref name="count"/> strided vectors of
    /// <paramref name="c"/>, vector <c>v</c> starting at <c>v * vectorOffset</c> (the rows of a row-major matrix:
    /// offset = row length, stride 1; its columns: offset 1, stride = row length). Same arithmetic as
    /// <see cref="Apply"/> on each vector, with the checks and the pivot product done once.
    /// </summary>
    public static void ApplyToEach(ReadOnlySpan<double> u, int stride, int pivot, int first, int end, double up,
        Span<double> c, int count, int vectorOffset, int cStride)
    {
        if (first >= end || count <= 0)
            return;
        CheckCovers(u.Length, stride, pivot, end);
        if (vectorOffset < 0 || (long)(count - 1) * vectorOffset + (long)Math.Max(pivot, end - 1) * cStride >= c.Length)
            throw new ArgumentOutOfRangeException(nameof(c), "Span shorter than the vectors to reflect.");
        ref double u0 = ref MemoryMarshal.GetReference(u);
        double b = up * Unsafe.Add(ref u0, pivot * stride);
        if (b >= 0)
            return;
        for (int v = 0; v < count; v++)
        {
            ref double c0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(c), v * vectorOffset);
            ref double cp = ref Unsafe.Add(ref c0, pivot * cStride);
            double sum = cp * up;
            for (int k = first; k < end; k++)
                sum += Unsafe.Add(ref c0, k * cStride) * Unsafe.Add(ref u0, k * stride);
            if (sum == 0)
                continue;
            sum /= b;
            cp += sum * up;
            for (int k = first; k < end; k++)
                Unsafe.Add(ref c0, k * cStride) += sum * Unsafe.Add(ref u0, k * stride);
        }
    }

    /// <summary>
    /// Applies a reflector built by <see cref="Build"/> (on a contiguous vector) to the columns
    /// <paramref name="columns"/> of the column-major matrix <paramref name="a"/> with <paramref name="columnLength"/>
    /// rows. Same arithmetic as <see cref="Apply"/> on each column, with the checks and the pivot product done once.
    /// </summary>
    public static void ApplyToColumns(ReadOnlySpan<double> u, int pivot, int first, int end, double up,
        Span<double> a, int columnLength, ReadOnlySpan<int> columns)
    {
        if (first >= end || columns.IsEmpty)
            return;
        CheckCovers(u.Length, 1, pivot, end);
        if (Math.Max(pivot, end - 1) >= columnLength)
            throw new ArgumentOutOfRangeException(nameof(columnLength), "Column shorter than the reflector.");
        ref double u0 = ref MemoryMarshal.GetReference(u);
        double b = up * Unsafe.Add(ref u0, pivot);
        if (b >= 0)
            return;
        foreach (int column in columns)
        {
            if (column < 0 || ((long)column + 1) * columnLength > a.Length)
                throw new ArgumentOutOfRangeException(nameof(columns), "Column index outside the matrix.");
            ref double c0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), column * columnLength);
            ref double cp = ref Unsafe.Add(ref c0, pivot);
            double sum = cp * up;
            for (int k = first; k < end; k++)
                sum += Unsafe.Add(ref c0, k) * Unsafe.Add(ref u0, k);
            if (sum == 0)
                continue;
            sum /= b;
            cp += sum * up;
            for (int k = first; k < end; k++)
                Unsafe.Add(ref c0, k) += sum * Unsafe.Add(ref u0, k);
        }
    }

    /// <summary>Throws unless elements <paramref name="pivot"/> and <paramref name="end"/> - 1 exist.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckCovers(int length, int stride, int pivot, int end)
    {
        if (stride < 1 || pivot < 0 || (long)Math.Max(pivot, end - 1) * stride >= length)
            throw new ArgumentOutOfRangeException(nameof(length), "Strided vector shorter than the reflector.");
    }
}
