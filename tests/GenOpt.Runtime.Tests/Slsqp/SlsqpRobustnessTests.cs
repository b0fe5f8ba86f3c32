using System;
using Xunit.Abstractions;

namespace GenOpt.Tests.Generated
{
    /// <summary>
    /// scipy's test_gh1758 (scipy/optimize/tests/test_slsqp.py; the example of the NLopt tutorial): min sqrt(x1) s.t.
    /// x1 - (2 x0)^3 = 0 and x1 - (1 - x0)^3 = 0, bounds [-0.5, 1] x [0, 8], x0 = (8, 0.25); f* = sqrt(8/27) =
    /// 0.5443310539518 at (1/3, 8/27). The derivative of sqrt is infinite on the bound x1 = 0.
    /// </summary>
    public static partial class ScipyGh1758
    {
        [Objective(Dimension = 2)]
        public static partial double F(ReadOnlySpan<double> x) => Math.Sqrt(x[1]);

        [EqualityConstraint]
        public static partial double First(ReadOnlySpan<double> x) => x[1] - (2 * x[0]) * (2 * x[0]) * (2 * x[0]);

        [EqualityConstraint]
        public static partial double Second(ReadOnlySpan<double> x) => x[1] - (1 - x[0]) * (1 - x[0]) * (1 - x[0]);
    }
}

namespace GenOpt.Tests
{
    /// <summary>min -x0 - x1 without constraints or bounds: unbounded below.</summary>
    public struct UnboundedLinear : IConstrainedProblem
    {
        public static int Dimension => 2;
        public static int EqualityCount => 0;
        public static int InequalityCount => 0;
        public readonly double Value(ReadOnlySpan<double> x) => -x[0] - x[1];
        public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = -1;
            g[1] = -1;
            return Value(x);
        }
        public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq) { }
        public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ) { }
    }

    /// <summary>min -x0 - x1 s.t. x0 - x1 + 1 &gt;= 0, x0 &gt;= 0: unbounded below along (1, 1).</summary>
    public struct UnboundedWithInequality : IConstrainedProblem
    {
        public static int Dimension => 2;
        public static int EqualityCount => 0;
        public static int InequalityCount => 1;
        public readonly double Value(ReadOnlySpan<double> x) => -x[0] - x[1];
        public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = -1;
            g[1] = -1;
            return Value(x);
        }
        public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq) => ineq[0] = x[0] - x[1] + 1;
        public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
        {
            ineqJ[0] = 1;
            ineqJ[1] = -1;
        }
    }

    /// <summary>min x0 + x1^2 s.t. x0 + x1 - 1 = 0: bounded below (x0 = 1 - x1), f* = 3/4 at (1/2, 1/2).</summary>
    public struct LinearObjectiveWithEquality : IConstrainedProblem
    {
        public static int Dimension => 2;
        public static int EqualityCount => 1;
        public static int InequalityCount => 0;
        public readonly double Value(ReadOnlySpan<double> x) => x[0] + x[1] * x[1];
        public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = 1;
            g[1] = 2 * x[1];
            return Value(x);
        }
        public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq) => eq[0] = x[0] + x[1] - 1;
        public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
        {
            eqJ[0] = 1;
            eqJ[1] = 1;
        }
    }

    /// <summary>min (x0 - 3)^2 + x1^2 where x0 &lt; 2.5, NaN beyond; s.t. x1 + 10 &gt;= 0. The minimum lies in the NaN region.</summary>
    public struct NaNBeyondTwoAndAHalf : IConstrainedProblem
    {
        public static int Dimension => 2;
        public static int EqualityCount => 0;
        public static int InequalityCount => 1;
        public readonly double Value(ReadOnlySpan<double> x) => x[0] >= 2.5 ? double.NaN : (x[0] - 3) * (x[0] - 3) + x[1] * x[1];
        public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = 2 * (x[0] - 3);
            g[1] = 2 * x[1];
            return Value(x);
        }
        public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq) => ineq[0] = x[1] + 10;
        public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
        {
            ineqJ[0] = 0;
            ineqJ[1] = 1;
        }
    }

    /// <summary>
    /// (x0 - 1)^2 + 3 (x1 - 1)^2 where x0 + x1 &lt; 2.2 (NaN beyond), s.t. 4 - x0 &gt;= 0: the minimum (1, 1) is inside.
    /// Counts the NaN values it returns.
    /// </summary>
    public struct NaNNearInteriorMinimum : IConstrainedProblem
    {
        public int NaNValues;
        public static int Dimension => 2;
        public static int EqualityCount => 0;
        public static int InequalityCount => 1;
        public double Value(ReadOnlySpan<double> x)
        {
            if (x[0] + x[1] < 2.2)
                return (x[0] - 1) * (x[0] - 1) + 3 * (x[1] - 1) * (x[1] - 1);
            NaNValues++;
            return double.NaN;
        }
        public readonly double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = 2 * (x[0] - 1);
            g[1] = 6 * (x[1] - 1);
            return x[0] + x[1] < 2.2 ? (x[0] - 1) * (x[0] - 1) + 3 * (x[1] - 1) * (x[1] - 1) : double.NaN;
        }
        public readonly void Constraints(ReadOnlySpan<double> x, Span<double> eq, Span<double> ineq) => ineq[0] = 4 - x[0];
        public readonly void ConstraintJacobians(ReadOnlySpan<double> x, Span<double> eqJ, Span<double> ineqJ)
        {
            ineqJ[0] = -1;
            ineqJ[1] = 0;
        }
    }

    public class SlsqpRobustnessTests(ITestOutputHelper output)
    {
        private void Log<TProblem>(SlsqpResult<TProblem> r) where TProblem : struct, IConstrainedProblem =>
            output.WriteLine($"{r.Status}: {r.Message} x = ({string.Join(", ", r.Point.ToArray())}) f = {r.Value:R} "
                + $"it = {r.Iterations} fev = {r.Evaluations} gev = {r.GradientEvaluations} viol = {r.MaxConstraintViolation}");

        [Fact]
        public void ScipyGh1758_InfiniteDerivativeOnTheBound_IsBacktracked_AndSolved()
        {
            // scipy's test (default ftol = 1e-6, finite-difference derivatives) converges in 7 iterations; with the
            // analytic gradient 0.5 / sqrt(x1) scipy 1.10.1 ends with "Iteration limit reached" near x1 = 0. Its start
            // (8, 0.25) lies outside the box (x0 <= 1); scipy clips it into the box, done here explicitly.
            var bounds = new Bounds([-0.5, 0], [1, 8]);
            double[] start = bounds.Clip([8, 0.25]);
            SlsqpResult<Generated.ScipyGh1758.Problem> r = new Slsqp<Generated.ScipyGh1758.Problem>().Minimize(start, bounds);
            Log(r);
            Assert.True(r.Converged, $"{r.Status}: {r.Message}");
            Assert.Equal(TerminationReason.FunctionTolerance, r.Status);
            Assert.True(Math.Abs(r.Value - 0.5443310539518) <= 1e-8, $"f = {r.Value:R}");
            Assert.True(Math.Abs(r.Point.Span[0] - 1.0 / 3) <= 1e-7, $"x0 = {r.Point.Span[0]:R}");
            Assert.True(Math.Abs(r.Point.Span[1] - 8.0 / 27) <= 1e-7, $"x1 = {r.Point.Span[1]:R}");
            Assert.True(r.MaxConstraintViolation <= 1e-6, $"violation {r.MaxConstraintViolation}");

            // With a tight tolerance the same run goes on to the solution's precision.
            r = new Slsqp<Generated.ScipyGh1758.Problem>(new SlsqpOptions { Tolerance = 1e-9 }).Minimize(start, bounds);
            Log(r);
            Assert.Equal(TerminationReason.FunctionTolerance, r.Status);
            Assert.True(Math.Abs(r.Value - Math.Sqrt(8.0 / 27)) <= 1e-10, $"f = {r.Value:R}");
            Assert.True(Math.Abs(r.Point.Span[0] - 1.0 / 3) <= 1e-8, $"x0 = {r.Point.Span[0]:R}");
            Assert.True(Math.Abs(r.Point.Span[1] - 8.0 / 27) <= 1e-8, $"x1 = {r.Point.Span[1]:R}");
            Assert.True(r.MaxConstraintViolation <= 1e-8, $"violation {r.MaxConstraintViolation}");
        }

        [Fact]
        public void NaNBeyondTheStep_IsBacktracked_NotTheEndOfTheRun()
        {
            // The first full step from (0, 1) lands at x0 = 3, where the objective is NaN; shorter steps are finite.
            var r = new Slsqp<NaNBeyondTwoAndAHalf>().Minimize([0, 1]);
            Log(r);
            Assert.True(r.Iterations >= 2, $"{r.Status} after {r.Iterations} iterations");
            Assert.True(r.Point.Span[0] > 2, $"x0 = {r.Point.Span[0]}: the run should get close to the edge x0 = 2.5");
            // The minimum lies in the NaN region: never a success at the edge.
            Assert.False(r.Converged, $"{r.Status}: {r.Message}");
            Assert.Equal(TerminationReason.ObjectiveNotFinite, r.Status);
            Assert.True(r.Point.Span[0] < 2.5);
            Assert.Equal(default(NaNBeyondTwoAndAHalf).Value(r.Point.Span), r.Value);
            Assert.Contains("line search", r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("generation", r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("candidate", r.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void NaNNearAnInteriorMinimum_IsBacktracked_AndConverges()
        {
            // From (-4, -4) the first full step (to (6, 26)) and its first halving are NaN; the minimum (1, 1) is inside.
            var slsqp = new Slsqp<NaNNearInteriorMinimum>(new SlsqpOptions { Tolerance = 1e-10 });
            var r = slsqp.Minimize([-4, -4]);
            Log(r);
            output.WriteLine($"NaN values: {slsqp.Problem.NaNValues}");
            Assert.True(slsqp.Problem.NaNValues >= 2, "the test should exercise shortened steps");
            Assert.True(r.Converged, $"{r.Status}: {r.Message}");
            Assert.InRange(r.Point.Span[0], 1 - 1e-5, 1 + 1e-5);
            Assert.InRange(r.Point.Span[1], 1 - 1e-5, 1 + 1e-5);
        }

        [Fact]
        public void UnboundedBelow_WithoutConstraints_IsReportedAsUnbounded()
        {
            var r = new Slsqp<UnboundedLinear>().Minimize([0, 0]);
            Log(r);
            Assert.Equal(TerminationReason.Unbounded, r.Status);
            Assert.False(r.Converged);
            Assert.Contains("unbounded below", r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("equality", r.Message, StringComparison.Ordinal);
            Assert.True(r.Value < -1e6, $"f = {r.Value}");

            // Bounded in x0 only: the singular matrix is then E of the inequality-constrained subproblem (scipy: mode 5).
            r = new Slsqp<UnboundedLinear>().Minimize([0, 0], new Bounds([0, double.NegativeInfinity], [1, double.PositiveInfinity]));
            Log(r);
            Assert.Equal(TerminationReason.Unbounded, r.Status);
            Assert.InRange(r.Point.Span[0], 0, 1);
        }

        [Fact]
        public void UnboundedBelow_WithAnInequalityAndABound_IsReportedAsUnbounded()
        {
            var r = new Slsqp<UnboundedWithInequality>().Minimize([0, 0],
                new Bounds([0, double.NegativeInfinity], [double.PositiveInfinity, double.PositiveInfinity]));
            Log(r);
            Assert.Equal(TerminationReason.Unbounded, r.Status);
            Assert.Contains("unbounded below", r.Message, StringComparison.Ordinal);
            Assert.True(r.MaxConstraintViolation <= 1e-6, $"violation {r.MaxConstraintViolation}");
        }

        [Fact]
        public void LinearObjectiveBoundedByAnEquality_StillConverges()
        {
            var r = new Slsqp<LinearObjectiveWithEquality>().Minimize([5, -3]);
            Log(r);
            Assert.True(r.Converged, $"{r.Status}: {r.Message}");
            Assert.InRange(r.Value, 0.75 - 1e-6, 0.75 + 1e-6);
        }

        [Fact]
        public void SlsqpMessages_SpeakOfSlsqp()
        {
            var start = new Slsqp<NaNObjective>(new NaNObjective { Everywhere = true }).Minimize([0, 0]);
            Assert.Equal(TerminationReason.ObjectiveNotFinite, start.Status);
            Assert.Contains("starting point", start.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("generation", start.Message, StringComparison.Ordinal);

            var converged = new Slsqp<Hs6>().Minimize([-1.2, 1]);
            Assert.Equal(TerminationReason.FunctionTolerance, converged.Status);
            Assert.Contains("Tolerance", converged.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("TolFun", converged.Message, StringComparison.Ordinal);
        }
    }
}
