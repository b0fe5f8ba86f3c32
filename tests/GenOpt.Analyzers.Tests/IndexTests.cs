using System.Threading.Tasks;

namespace GenOpt.Analyzers.Tests;

/// <summary>GENOPT020: indices outside the span's compile-time length.</summary>
public sealed class IndexTests
{
    private const string Usings = "using System;\nusing GenOpt;\nnamespace Demo;\n";

    [Fact]
    public Task ConstantIndexPastDimensionIsReported() => Harness.VerifyAsync(Usings + """
        public static partial class F
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] + x[2] + {|GENOPT020:x[3]|} + {|GENOPT020:x[-1]|};
        }
        """);

    [Fact]
    public Task LoopIndexReachingDimensionIsReported() => Harness.VerifyAsync(Usings + """
        public static partial class F
        {
            const int K = 4;

            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < K; i++)
                    sum += {|GENOPT020:x[i + 1]|} * x[i];
                for (int j = 3; j >= 0; j--)
                    sum += {|GENOPT020:x[j - 1]|};
                for (int a = 0; a < 2; a++)
                    for (int b = 0; b <= 2; b++)
                        sum += {|GENOPT020:x[2 * a + b]|};
                return sum;
            }
        }
        """);

    [Fact]
    public Task IndexFromEndIsChecked() => Harness.VerifyAsync(Usings + """
        public static partial class F
        {
            [Objective(Dimension = 3)]
            public static partial double Value(ReadOnlySpan<double> x) => x[^1] + x[^3] + {|GENOPT020:x[^4]|} + {|GENOPT020:x[^0]|};
        }
        """);

    [Fact]
    public Task ConstraintsAreCheckedAgainstTheObjectiveDimensionAndTheirCount() => Harness.VerifyAsync(Usings + """
        public static partial class P
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];

            [InequalityConstraint]
            public static partial double Positive(ReadOnlySpan<double> x) => {|GENOPT020:x[2]|};

            [EqualityConstraint(Count = 2)]
            public static partial void Pair(ReadOnlySpan<double> x, Span<double> values)
            {
                values[0] = x[0] - 1;
                values[1] = x[1] - 1;
                {|GENOPT020:values[2]|} = 0;
            }
        }
        """);

    [Fact]
    public Task IndicesThatStayInRangeOrCannotBeBoundedAreNotReported() => Harness.VerifyAsync(Usings + """
        public static partial class F
        {
            private static int s_offset = 5;

            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < x.Length - 1; i++)          // x.Length is the Dimension
                    sum += 100 * (x[i + 1] - x[i] * x[i]);
                for (int i = 0; i < 10; i++)
                {
                    if (i < 3)
                        sum += x[i + 1];                         // guarded
                }
                for (int i = 0; i < 10; i++)
                {
                    if (sum > 1) break;                          // may leave early
                    sum += x[i];
                }
                for (int i = 0; i < 8; i++)
                    sum += x[i - i];                             // the same variable twice: not bounded exactly
                for (int i = 0; i < 0; i++)
                    sum += x[i + 100];                           // never runs
                return sum + x[s_offset] + x[x.Length - 1];
            }
        }
        """);

    [Fact]
    public Task MissingDimensionMeansNoIndexCheck()
    {
        // GENOPT005 (the generator's) is the error here; the analyzer does not guess a length.
        const string source = Usings + """
            public static partial class F
            {
                [Objective]
                public static partial double Value(ReadOnlySpan<double> x) => x[7];
            }
            """;
        Assert.Contains(Harness.GeneratorDiagnostics(source), static d => d.Id == "GENOPT005");
        return Task.CompletedTask;
    }
}
