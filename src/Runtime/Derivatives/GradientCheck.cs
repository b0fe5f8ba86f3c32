using System;
using System.ComponentModel;

namespace GenOpt;

/// <summary>
/// The gradient disagrees with finite differences: the generated (or hand-written) derivative is wrong, or the
/// function is not differentiable where it was checked.
/// </summary>
public sealed class GradientCheckException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What disagrees, with the values.</param>
    public GradientCheckException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public GradientCheckException()
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">What disagrees.</param>
    /// <param name="innerException">The cause.</param>
    public GradientCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Compares gradients and Jacobians with central finite differences. Generated objectives call it once, on their first
/// gradient, in builds that are not optimized (Debug); it can also be called directly on any objective.
/// </summary>
/// <remarks>
/// A component passes when <c>|g - d| &lt;= RelativeTolerance * max(|g|, |d|) + AbsoluteTolerance * (1 + |f|) / max(1, |x_j|)</c>,
/// where <c>d</c> is the central difference with the step of <see cref="FiniteDifference.CentralGradient{TObjective}"/>;
/// the second term covers the rounding of the difference quotient (about <c>eps |f| / h</c>). Where the function has a
/// kink along <c>x_j</c> (the one-sided differences disagree), any value between them (a subgradient) passes, so
/// <c>Math.Abs</c> or <c>Math.Max</c> at a tie do not raise false alarms. Components whose difference is not finite are
/// skipped.
/// </remarks>
public static class GradientCheck
{
    /// <summary>Relative tolerance of the comparison, 1e-4.</summary>
    public const double RelativeTolerance = 1e-4;

    /// <summary>Absolute tolerance of the comparison, scaled by <c>(1 + |f|) / max(1, |x_j|)</c>, 1e-6.</summary>
    public const double AbsoluteTolerance = 1e-6;

    /// <summary>
    /// Checks <paramref name="gradient"/> (the gradient of <paramref name="objective"/> at <paramref name="x"/>, whose value
    /// is <paramref name="value"/>) against central finite differences. Costs <c>2n</c> evaluations; allocates only
    /// when <c>n &gt; 1024</c> or on failure.
    /// </summary>
    /// <exception cref="GradientCheckException">A component disagrees; the message names it and both values.</exception>
    public static void Verify<TObjective>(ref TObjective objective, ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, double value, string name)
        where TObjective : struct, IObjective
    {
        int n = x.Length;
        if (!double.IsFinite(value))
            return;
        Span<double> probe = n <= 1024 ? stackalloc double[n] : new double[n];
        x.CopyTo(probe);
        for (int j = 0; j < n; j++)
        {
            double xj = x[j];
            double h = FiniteDifference.CentralStepScale * Math.Max(1.0, Math.Abs(xj));
            double up = xj + h, down = xj - h;
            probe[j] = up;
            double fUp = objective.Value(probe);
            probe[j] = down;
            double fDown = objective.Value(probe);
            probe[j] = xj;
            if (!Agrees(gradient[j], value, fUp, fDown, up - xj, xj - down, xj))
                throw Failure(name, "gradient", j, -1, gradient[j], (fUp - fDown) / (up - down), x);
        }
    }

    /// <summary>
    /// Checks the constraint Jacobians of <paramref name="problem"/> at <paramref name="x"/> (row-major, as written by
    /// <see cref="IConstrainedProblem.ConstraintJacobians"/>) against central finite differences of
    /// <see cref="IConstrainedProblem.Constraints"/>. Costs <c>2n + 1</c> constraint evaluations.
    /// </summary>
    /// <exception cref="GradientCheckException">An entry disagrees; the message names its row, column and both values.</exception>
    public static void VerifyJacobians<TProblem>(ref TProblem problem, ReadOnlySpan<double> x, ReadOnlySpan<double> equalityJacobian,
        ReadOnlySpan<double> inequalityJacobian, string name)
        where TProblem : struct, IConstrainedProblem
    {
        int n = TProblem.Dimension, me = TProblem.EqualityCount, mi = TProblem.InequalityCount, m = me + mi;
        int length = n + 3 * m;
        Span<double> scratch = length <= 2048 ? stackalloc double[length] : new double[length];
        Span<double> probe = scratch.Slice(0, n), center = scratch.Slice(n, m), upper = scratch.Slice(n + m, m), lower = scratch.Slice(n + 2 * m, m);
        x.CopyTo(probe);
        problem.Constraints(x, center.Slice(0, me), center.Slice(me));
        for (int j = 0; j < n; j++)
        {
            double xj = x[j];
            double h = FiniteDifference.CentralStepScale * Math.Max(1.0, Math.Abs(xj));
            double up = xj + h, down = xj - h;
            probe[j] = up;
            problem.Constraints(probe, upper.Slice(0, me), upper.Slice(me));
            probe[j] = down;
            problem.Constraints(probe, lower.Slice(0, me), lower.Slice(me));
            probe[j] = xj;
            for (int i = 0; i < m; i++)
            {
                double entry = i < me ? equalityJacobian[i * n + j] : inequalityJacobian[(i - me) * n + j];
                if (!double.IsFinite(center[i]))
                    continue;
                if (!Agrees(entry, center[i], upper[i], lower[i], up - xj, xj - down, xj))
                {
                    string row = i < me ? "equality Jacobian" : "inequality Jacobian";
                    throw Failure(name, row, j, i < me ? i : i - me, entry, (upper[i] - lower[i]) / (up - down), x);
                }
            }
        }
    }

    private static bool Agrees(double analytic, double center, double fUp, double fDown, double hUp, double hDown, double xj)
    {
        double forward = (fUp - center) / hUp, backward = (center - fDown) / hDown;
        double central = (fUp - fDown) / (hUp + hDown);
        if (!double.IsFinite(central))
            return true; // nothing to compare with (the function is not finite next to x)
        double tolerance = AbsoluteTolerance * (1 + Math.Abs(center)) / Math.Max(1.0, Math.Abs(xj));
        if (Math.Abs(analytic - central) <= RelativeTolerance * Math.Max(Math.Abs(analytic), Math.Abs(central)) + tolerance)
            return true;
        // A kink along x_j: any subgradient between the one-sided slopes is right.
        double low = Math.Min(forward, backward), high = Math.Max(forward, backward);
        double slack = RelativeTolerance * Math.Max(Math.Abs(low), Math.Abs(high)) + tolerance;
        return high - low > slack && analytic >= low - slack && analytic <= high + slack;
    }

    private static GradientCheckException Failure(string name, string what, int column, int row, double analytic, double central, ReadOnlySpan<double> x)
    {
        string entry = row < 0 ? $"component {column}" : $"entry ({row}, {column})";
        string point = x.Length <= 10 ? "[" + string.Join(", ", x.ToArray()) + "]" : $"the starting point ({x.Length} components)";
        return new GradientCheckException(FormattableString.Invariant(
            $"The {what} of '{name}' disagrees with finite differences at {entry}: {analytic:R} (generated) vs {central:R} (central difference) at x = {point}. ") +
            "The generated derivative is wrong here, or the function is not differentiable at this point. " +
            "Please report it; to continue, build with optimizations or set the property GenOptGradientCheck to false.");
    }

    /// <summary>Throws the exception generated gradients use for spans of the wrong length.</summary>
    /// <exception cref="ArgumentException">Always.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void ThrowLengths(int pointLength, int gradientLength, int dimension)
    {
        if (pointLength != dimension)
            throw new ArgumentException($"Expected a span of length {dimension} (the objective's Dimension) but got {pointLength}.", "x");
        throw new ArgumentException($"Expected a span of length {dimension} (the objective's Dimension) but got {gradientLength}.", "gradient");
    }

    /// <summary>Checks the span lengths of a <see cref="IConstrainedProblem.ConstraintJacobians"/> call.</summary>
    /// <exception cref="ArgumentException">A length does not match; the message names the span.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void CheckJacobianLengths<TProblem>(ReadOnlySpan<double> x, Span<double> equalityJacobian, Span<double> inequalityJacobian)
        where TProblem : IConstrainedProblem
    {
        int n = TProblem.Dimension, me = TProblem.EqualityCount, mi = TProblem.InequalityCount;
        if (x.Length != n)
            throw new ArgumentException($"Expected a span of length {n} (the problem's Dimension) but got {x.Length}.", nameof(x));
        if (equalityJacobian.Length != me * n)
            throw new ArgumentException($"Expected an equality Jacobian of {me} x {n} = {me * n} entries but got {equalityJacobian.Length}.", nameof(equalityJacobian));
        if (inequalityJacobian.Length != mi * n)
            throw new ArgumentException($"Expected an inequality Jacobian of {mi} x {n} = {mi * n} entries but got {inequalityJacobian.Length}.", nameof(inequalityJacobian));
    }
}
