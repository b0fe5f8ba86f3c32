using System.Threading.Tasks;

namespace GenOpt.Analyzers.Tests;

/// <summary>GENOPT021: allocations in objective and constraint bodies.</summary>
public sealed class AllocationTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing GenOpt;\nnamespace Demo;\n";

    [Fact]
    public Task AllocatingConstructsAreReported() => Harness.VerifyAsync(Usings + """
        public static partial class F
        {
            private static double Sum(params double[] values) => values.Length;

            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double[] copy = {|GENOPT021:new double[2]|};
                var list = {|GENOPT021:new List<double>()|};
                double total = {|GENOPT021:copy.Sum()|};
                double scale = 2;
                Func<double, double> f = {|GENOPT021:v => v * scale|};
                string text = {|GENOPT021:{|GENOPT021:$"{x[0]}"|} + {|GENOPT021:x[1].ToString()|}|}; // three strings
                string joined = {|GENOPT021:text + scale|};
                object boxed = {|GENOPT021:x[0]|};
                double many = {|GENOPT021:Sum(x[0], x[1])|};
                List<double> items = {|GENOPT021:[x[0], x[1]]|};
                double[] array = {|GENOPT021:[x[0]]|};
                return total + f(x[0]) + joined.Length + many + items.Count + array.Length + list.Count;
            }
        }
        """);

    [Fact]
    public Task NonAllocatingConstructsAreNotReported() => Harness.VerifyAsync(Usings + """
        public partial struct S
        {
            private double _weight;
            private static double Sum(params double[] values) => values.Length;

            [Objective(Dimension = 2)]
            public partial double Value(ReadOnlySpan<double> x)
            {
                Span<double> scratch = stackalloc double[2];
                ReadOnlySpan<double> weights = [1.0, 2.0];
                Span<double> local = [x[0], x[1]];
                double[] none = [];
                (double A, double B) pair = (x[0], x[1]);
                Func<double, double> square = static v => v * v;
                Func<double, double> twice = v => 2 * v;          // captures nothing: cached by the compiler
                const string name = "f";
                string constant = $"{name}!";
                if (double.IsNaN(x[0]))
                    throw new ArgumentException($"x[0] is {x[0]} in {name}", nameof(x));
                return scratch[0] + weights[1] + local[0] + none.Length + pair.A + square(x[0]) + twice(x[1])
                    + Sum() + constant.Length + _weight * Math.Max(x[0], x[1]);
            }
        }
        """);

    [Fact]
    public Task ConstraintBodiesAreChecked() => Harness.VerifyAsync(Usings + """
        public static partial class P
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] + x[1];

            [InequalityConstraint]
            public static partial double Ball(ReadOnlySpan<double> x) => 1 - {|GENOPT021:x.ToArray().Sum(v => v * v)|};
        }
        """);

    [Fact]
    public Task OrdinaryMethodsAreNotChecked() => Harness.VerifyAsync(Usings + """
        public static class Helpers
        {
            public static double Value(ReadOnlySpan<double> x) => new double[] { x[0] }.Sum() + x[5];
        }
        """);
}
