using System;
using System.Globalization;

namespace GenOpt;

/// <summary>
/// Outcome of <see cref="Slsqp{TProblem}.Minimize(ReadOnlySpan{double}, Bounds?, System.Threading.CancellationToken)"/>.
/// The result owns its data: <see cref="Point"/> and <see cref="LagrangeMultipliers"/> are two slices of one array
/// made when the run ended, so they stay valid when the optimizer runs again — unless the caller gave the optimizer a
/// <see cref="Slsqp{TProblem}.ResultBuffer"/>, in which case they are views of that buffer (no allocation; the next
/// run overwrites it).
/// </summary>
/// <remarks>
/// Generic over the problem type so that problem-specific views (for instance the multipliers named after the
/// constraint methods of a generated problem) can be added as extension members of <c>SlsqpResult&lt;TheProblem&gt;</c>.
/// </remarks>
/// <typeparam name="TProblem">The problem that was solved.</typeparam>
/// <param name="Point">Final iterate (always inside the bounds).</param>
/// <param name="Value">Objective value at <see cref="Point"/>.</param>
/// <param name="Evaluations">Objective evaluations: the start point and every line-search trial point.</param>
/// <param name="Iterations">Major iterations (quadratic subproblems solved).</param>
/// <param name="Status">Why the optimizer stopped.</param>
/// <param name="LagrangeMultipliers">
/// Multipliers of the last quadratic subproblem, equality constraints first, then inequality constraints, with
/// scipy's sign convention: <c>grad f = sum lambda_i grad c_i</c> at a solution, so <c>lambda_j &gt;= 0</c> for an
/// active inequality and 0 for an inactive one. Bound multipliers are not included.
/// </param>
/// <param name="GradientEvaluations">
/// Gradient evaluations (<c>ValueAndGradient</c> calls together with the constraint Jacobians): one per accepted
/// iterate that is not final (also at the last iterate when the observer stops the run), plus one per trial point
/// whose derivatives were not finite.
/// </param>
/// <param name="ConstraintEvaluations">Evaluations of all constraints (<c>Constraints</c> calls).</param>
/// <param name="MaxConstraintViolation">Largest violation <c>max(|h_i|, max(0, -g_j))</c> at <see cref="Point"/>.</param>
public readonly record struct SlsqpResult<TProblem>(
    ReadOnlyMemory<double> Point,
    double Value,
    long Evaluations,
    long Iterations,
    TerminationReason Status,
    ReadOnlyMemory<double> LagrangeMultipliers,
    long GradientEvaluations,
    long ConstraintEvaluations,
    double MaxConstraintViolation) : IOptimizationResult
    where TProblem : struct, IConstrainedProblem
{
    /// <summary>The optimizer that produced this result: <see cref="OptimizerKind.Slsqp"/>.</summary>
    public OptimizerKind Optimizer => OptimizerKind.Slsqp;

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>A message describing <see cref="Status"/>.</summary>
    public string Message => Status.Message(OptimizerKind.Slsqp);

    /// <summary>True when the optimizer converged at a point that satisfies the constraints.</summary>
    public bool Converged => Status.IsConverged();

    /// <summary>Status, value, a short form of the point, the counts and the largest constraint violation, on one line.</summary>
    public override string ToString() =>
        ResultText.Format(Status, Value, Point.Span, Evaluations, Iterations, Elapsed, restarts: 0,
            "max constraint violation " + MaxConstraintViolation.ToString("G3", CultureInfo.InvariantCulture));
}
