using System.Threading.Tasks;

namespace GenOpt.Analyzers.Tests;

/// <summary>GENOPT022 (static state written) and GENOPT023 (I/O, clock, randomness).</summary>
public sealed class PurityTests
{
    private const string Usings = "using System;\nusing System.IO;\nusing System.Threading;\nusing GenOpt;\nnamespace Demo;\n";

    [Fact]
    public Task StaticWritesAreReported() => Harness.VerifyAsync(Usings + """
        public static partial class F
        {
            private static int s_count;
            private static double s_last;
            private static readonly double[] s_history = new double[10];
            public static int Calls { get; set; }

            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                {|GENOPT022:s_count|}++;
                {|GENOPT022:s_last|} = x[0];
                {|GENOPT022:s_history[0]|} = x[0];
                {|GENOPT022:Calls|} += 1;
                Interlocked.Increment(ref {|GENOPT022:s_count|});
                return x[0] * x[0];
            }
        }
        """);

    [Fact]
    public Task InstanceStateAndLocalsAreNotReported() => Harness.VerifyAsync(Usings + """
        public partial struct CountingSphere
        {
            private static readonly double s_scale = 2;
            public int Evaluations;

            [Objective(Dimension = 2)]
            public partial double Value(ReadOnlySpan<double> x)
            {
                Evaluations++;
                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                    sum += s_scale * x[i] * x[i];
                return sum;
            }
        }
        """);

    [Fact]
    public Task IoClockAndRandomnessAreReported() => Harness.VerifyAsync(Usings + """
        public partial class F
        {
            private readonly Random _random = new(1);
            private RandomSource _source = RandomSource.ForStream(1, 0);

            [Objective(Dimension = 1)]
            public partial double Value(ReadOnlySpan<double> x)
            {
                {|GENOPT023:Console.WriteLine(x[0])|};
                double noise = {|GENOPT023:_random.NextDouble()|} + {|GENOPT023:Random.Shared|}.NextDouble() + {|GENOPT023:_source.NextDouble()|};
                long ticks = {|GENOPT023:DateTime.Now|}.Ticks + {|GENOPT023:Environment.TickCount|};
                string text = {|GENOPT023:File.ReadAllText("data.txt")|};
                Guid id = {|GENOPT023:Guid.NewGuid()|};
                return x[0] + noise + ticks + text.Length + id.GetHashCode();
            }
        }
        """);

    [Fact]
    public Task SeededLocalRandomnessAndMathAreNotImpure() => Harness.VerifyAsync(Usings + """
        public static partial class F
        {
            [Objective(Dimension = 1)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                var random = {|GENOPT021:new Random(42)|};
                var source = RandomSource.ForStream(7, 0);
                return Math.Sin(x[0]) + random.NextDouble() + source.NextDouble() + DateTime.MinValue.Ticks;
            }
        }
        """);
}
