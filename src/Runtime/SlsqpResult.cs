using System;

namespace GenOpt;

/// <summary>
/// Outcome of <see cref="Slsqp{TProblem}.Minimize(ReadOnlySpan{double}, Bounds?, System.Threading.CancellationToken)"/>.
/// <see cref="Point"/> and <see cref="LagrangeMultipliers"/> are views of the optimizer's workspace: they stay
/// valid until the optimizer runs again (copy them with <c>ToArray()</c> to keep them).
/// </summary>
/// <remarks>
/// Generic over the problem type so that problem-specific views (for instance the multipliers named after the
/// constraint methods of a generated problem) can be added as extension members of <c>SlsqpResult&lt;TheProblem&gt;</c>.
/// </remarks>
/// <typeparam name="TProblem">The problem that was solved.</typeparam>
/// <param name="Point">Final iterate (always inside the bounds).</param>
/// <param name="Value">Objective value at <see cref="Point"/>.</param>
/// <param name="LagrangeMultipliers">
/// Multipliers of the last quadratic subproblem, equality constraints first, then inequality constraints, with
/// scipy's sign convention: <c>grad f = sum lambda_i grad c_i</c> at a solution, so <c>lambda_j &gt;= 0</c> for an
/// active inequality and 0 for an inactive one. Bound multipliers are not included.
/// </param>
/// <param name="Iterations">Major iterations (quadratic subproblems solved).</param>
/// <param name="ObjectiveEvaluations">Objective evaluations: the start point and every line-search trial point.</param>
/// <param name="GradientEvaluations">
/// Gradient evaluations (<c>ValueAndGradient</c> calls together with the constraint Jacobians): one per accepted
/// iterate that is not final (also at the last iterate when the observer stops the run), plus one per trial point
/// whose derivatives were not finite.
/// </param>
/// <param name="ConstraintEvaluations">Evaluations of all constraints (<c>Constraints</c> calls).</param>
/// <param name="MaxConstraintViolation">Largest violation <c>max(|h_i|, max(0, -g_j))</c> at <see cref="Point"/>.</param>
/// <param name="Status">Why the optimizer stopped.</param>
public readonly record struct SlsqpResult<TProblem>(
    ReadOnlyMemory<double> Point,
    double Value,
    ReadOnlyMemory<double> LagrangeMultipliers,
    long Iterations,
    long ObjectiveEvaluations,
    long GradientEvaluations,
    long ConstraintEvaluations,
    double MaxConstraintViolation,
    TerminationReason Status)
    where TProblem : struct, IConstrainedProblem
{
    /// <summary>A message describing <see cref="Status"/>.</summary>
    public string Message => Status.Message(OptimizerKind.Slsqp);

    /// <summary>True when the optimizer converged at a point that satisfies the constraints.</summary>
    public bool Converged => Status.IsConverged();
}
