using System;
using System.Runtime.CompilerServices;

namespace GenOpt;

/// <summary>
/// Finite-difference derivatives used by generated objectives and problems until analytic derivatives are available.
/// </summary>
public static class FiniteDifference
{
    /// <summary>Cube root of the double-precision machine epsilon, the step scale that balances
    /// truncation (O(h^2)) and rounding (O(eps/h)) errors of a central difference.</summary>
    public static readonly double CentralStepScale = Math.Cbrt(MachineEpsilon);

    /// <summary>Distance from 1.0 to the next larger double, 2^-52.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    private const int MaxStackDimension = 2048;

    [ThreadStatic]
    private static double[]? t_probe;

    /// <summary>
    /// Central-difference gradient of <typeparamref name="TObjective"/> at <paramref name="x"/>:
    /// <c>g_i = (f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i)</c> with <c>h_i = cbrt(eps)·max(1, |x_i|)</c>
    /// (rounded so that <c>x_i ± h_i</c> is exact). Costs <c>2n + 1</c> evaluations, allocates nothing
    /// (one buffer of <c>n</c> doubles on the stack, or per thread for n &gt; 2048). Returns <c>f(x)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length is not <c>TObjective.Dimension</c>.</exception>
    [SkipLocalsInit]
    public static double CentralGradient<TObjective>(ref TObjective objective, ReadOnlySpan<double> x, Span<double> gradient)
        where TObjective : struct, IObjective
    {
        int n = TObjective.Dimension;
        if (x.Length != n)
            ThrowLength(nameof(x), x.Length, n);
        if (gradient.Length != n)
            ThrowLength(nameof(gradient), gradient.Length, n);

        // Small dimensions probe on the stack; large ones on a per-thread buffer allocated once.
        Span<double> probe = n <= MaxStackDimension
            ? stackalloc double[n]
            : (t_probe is { } buffer && buffer.Length >= n ? buffer : (t_probe = new double[n])).AsSpan(0, n);
        x.CopyTo(probe);

        double fx = objective.Value(x);
        for (int i = 0; i < n; i++)
        {
            double xi = x[i];
            double h = CentralStepScale * Math.Max(1.0, Math.Abs(xi));
            double up = xi + h;
            double down = xi - h;
            probe[i] = up;
            double fUp = objective.Value(probe);
            probe[i] = down;
            double fDown = objective.Value(probe);
            probe[i] = xi;
            gradient[i] = (fUp - fDown) / (up - down);
        }
        return fx;
    }

    [ThreadStatic]
    private static double[]? t_constraintScratch;

    /// <summary>
    /// Central-difference Jacobians of the constraints of <typeparamref name="TProblem"/> at <paramref name="x"/>,
    /// row-major (<c>J[i * n + j] = d c_i / d x_j</c>), with the steps of <see cref="CentralGradient{TObjective}"/>.
    /// Costs <c>2n</c> evaluations of <see cref="IConstrainedProblem.Constraints"/> and allocates nothing (scratch of
    /// <c>n + 2(me + mi)</c> doubles on the stack, or per thread when that exceeds 2048).
    /// </summary>
    /// <exception cref="ArgumentException">A span's length does not match the problem's dimension and constraint counts.</exception>
    [SkipLocalsInit]
    public static void CentralConstraintJacobians<TProblem>(ref TProblem problem, ReadOnlySpan<double> x, Span<double> equalityJacobian, Span<double> inequalityJacobian)
        where TProblem : struct, IConstrainedProblem
    {
        int n = TProblem.Dimension, me = TProblem.EqualityCount, mi = TProblem.InequalityCount;
        if (x.Length != n)
            ThrowLength(nameof(x), x.Length, n);
        if (equalityJacobian.Length != me * n)
            throw new ArgumentException($"Expected an equality Jacobian of {me} x {n} = {me * n} entries but got {equalityJacobian.Length}.", nameof(equalityJacobian));
        if (inequalityJacobian.Length != mi * n)
            throw new ArgumentException($"Expected an inequality Jacobian of {mi} x {n} = {mi * n} entries but got {inequalityJacobian.Length}.", nameof(inequalityJacobian));

        int length = n + 2 * (me + mi);
        Span<double> scratch = length <= MaxStackDimension
            ? stackalloc double[length]
            : (t_constraintScratch is { } buffer && buffer.Length >= length ? buffer : (t_constraintScratch = new double[length])).AsSpan(0, length);
        Span<double> probe = scratch.Slice(0, n);
        Span<double> upEq = scratch.Slice(n, me), upIneq = scratch.Slice(n + me, mi);
        Span<double> downEq = scratch.Slice(n + me + mi, me), downIneq = scratch.Slice(n + 2 * me + mi, mi);
        x.CopyTo(probe);

        for (int j = 0; j < n; j++)
        {
            double xj = x[j];
            double h = CentralStepScale * Math.Max(1.0, Math.Abs(xj));
            double up = xj + h;
            double down = xj - h;
            probe[j] = up;
            problem.Constraints(probe, upEq, upIneq);
            probe[j] = down;
            problem.Constraints(probe, downEq, downIneq);
            probe[j] = xj;
            double width = up - down;
            for (int i = 0; i < me; i++)
                equalityJacobian[i * n + j] = (upEq[i] - downEq[i]) / width;
            for (int i = 0; i < mi; i++)
                inequalityJacobian[i * n + j] = (upIneq[i] - downIneq[i]) / width;
        }
    }

    private static void ThrowLength(string name, int actual, int expected) =>
        throw new ArgumentException($"Expected a span of length {expected} (the objective's Dimension) but got {actual}.", name);
}
