using System.Threading.Tasks;

namespace GenOpt.Analyzers.Tests;

/// <summary>GENOPT024 (optimizer created in a loop) and GENOPT025 (x0 length against Dimension).</summary>
public sealed class OptimizerUsageTests
{
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using GenOpt;
        namespace Demo;

        public struct Bowl3 : IObjective
        {
            public static int Dimension => 3;
            public double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
        }

        public struct Bowl2 : IObjective
        {
            public static int Dimension { get { return 2; } }
            public double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];
        }

        public struct Sized<T> : IObjective where T : IObjective
        {
            public static int Dimension => T.Dimension;
            public double Value(ReadOnlySpan<double> x) => x[0];
        }

        """;

    [Fact]
    public Task OptimizerCreatedInALoopIsReported() => Harness.VerifyAsync(Prelude + """
        public static class Runs
        {
            public static void Run(IEnumerable<ulong> seeds)
            {
                for (int i = 0; i < 3; i++)
                    _ = {|GENOPT024:new CmaEs<Bowl3>(new CmaEsOptions { Seed = (ulong)i })|}.Minimize(new double[3]);
                foreach (ulong seed in seeds)
                {
                    var cma = {|GENOPT024:new CmaEs<Bowl3>(new CmaEsOptions { Seed = seed })|};
                }
                int n = 0;
                while (n++ < 2)
                    _ = {|GENOPT024:new CmaEs<Bowl2>(new CmaEsOptions())|};
            }
        }
        """);

    [Fact]
    public Task OptimizerCreatedOnceOrOtherObjectsInLoopsAreNotReported() => Harness.VerifyAsync(Prelude + """
        public static class Runs
        {
            public static void Run()
            {
                var cma = new CmaEs<Bowl3>(new CmaEsOptions { Seed = 1 });
                for (int i = 0; i < 3; i++)
                {
                    var options = new CmaEsOptions { Seed = (ulong)i };
                    _ = cma.Minimize(new double[3]);
                    Func<CmaEs<Bowl2>> later = () => new CmaEs<Bowl2>(options);
                }
            }
        }
        """);

    [Fact]
    public Task InitialPointOfTheWrongLengthIsReported() => Harness.VerifyAsync(Prelude + """
        public static class Runs
        {
            public static void Run()
            {
                var cma = new CmaEs<Bowl3>(new CmaEsOptions { Seed = 1 });
                _ = cma.Minimize({|GENOPT025:new double[2]|});
                _ = cma.Minimize({|GENOPT025:[1.0, 2.0, 3.0, 4.0]|});
                double[] x0 = new double[5];
                cma.Initialize({|GENOPT025:x0|});
                var two = new CmaEs<Bowl2>(new CmaEsOptions());
                _ = two.Minimize({|GENOPT025:new double[] { 1, 2, 3 }|});
            }
        }
        """);

    [Fact]
    public Task InitialPointOfTheRightOrUnknownLengthIsNotReported() => Harness.VerifyAsync(Prelude + """
        public static class Runs
        {
            public static void Run(int n, double[] given)
            {
                var cma = new CmaEs<Bowl3>(new CmaEsOptions { Seed = 1 });
                _ = cma.Minimize(new double[3]);
                _ = cma.Minimize([1.0, 2.0, 3.0]);
                _ = cma.Minimize(new double[n]);
                _ = cma.Minimize(given);
                double[] x0 = new double[5];
                x0 = new double[3];
                _ = cma.Minimize(x0);
                _ = new CmaEs<Sized<Bowl2>>(new CmaEsOptions()).Minimize(new double[7]);
            }
        }
        """);

    [Fact]
    public Task GeneratedObjectivesAreCheckedToo() => Harness.VerifyAsync(Prelude + """
        public static partial class Sphere
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0];
        }

        public static class Runs
        {
            public static void Run() => _ = new CmaEs<Sphere.Objective>(new CmaEsOptions()).Minimize({|GENOPT025:new double[3]|});
        }
        """);
}
