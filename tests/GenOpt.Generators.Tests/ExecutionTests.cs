using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace GenOpt.Generators.Tests;

/// <summary>Compiles generated objectives to an in-memory assembly and runs them.</summary>
public class ExecutionTests
{
    private const string Source = """
        using System;
        using GenOpt;

        namespace Demo;

        public static partial class Rosenbrock
        {
            [Objective(Dimension = 4)]
            public static partial double Value(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    double a = x[i + 1] - x[i] * x[i];
                    double b = 1 - x[i];
                    sum += 100 * a * a + b * b;
                }
                return sum;
            }
        }

        public sealed partial class Fit
        {
            private readonly double[] _targets;
            public Fit(double[] targets) => _targets = targets;
            public int Evaluations;

            [Objective(Dimension = 3)]
            public partial double Loss(ReadOnlySpan<double> w)
            {
                Evaluations++;
                double sum = 0;
                for (int i = 0; i < w.Length; i++)
                    sum += (w[i] - _targets[i]) * (w[i] - _targets[i]);
                return sum;
            }
        }

        public partial struct Weighted
        {
            private readonly double[] _weights;
            public Weighted(double[] weights) => _weights = weights;

            [Objective(Dimension = 2)]
            public readonly partial double Value(ReadOnlySpan<double> x) => _weights[0] * x[0] * x[0] + _weights[1] * x[1] * x[1];
        }
        """;

    [Fact]
    public void GeneratedRosenbrockObjectiveMatchesAnalyticGradient()
    {
        Assembly assembly = CompileAndLoad(Source);
        Type type = assembly.GetType("Demo.Rosenbrock+Objective", throwOnError: true)!;
        Assert.True(type.IsValueType);
        Assert.Equal(4, (int)type.GetProperty("Dimension", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);

        var objective = (IDifferentiableObjective)Activator.CreateInstance(type)!;
        double[][] points =
        [
            [-1.2, 1.0, -1.2, 1.0],
            [0.5, -0.3, 2.0, 1.5],
            [1.0, 1.0, 1.0, 1.0],
            [3.0, -2.0, 0.1, 100.0],
        ];
        foreach (double[] x in points)
        {
            var gradient = new double[4];
            double value = objective.ValueAndGradient(x, gradient);
            Assert.Equal(Rosenbrock(x, out double[] expected), value, 12);
            Assert.Equal(value, objective.Value(x));
            double scale = Math.Max(1.0, expected.Max(Math.Abs));
            for (int i = 0; i < 4; i++)
                Assert.True(Math.Abs(gradient[i] - expected[i]) / scale < 1e-6, $"x = [{string.Join(", ", x)}], i = {i}: {gradient[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void InstanceObjectivesWrapTheirTarget()
    {
        Assembly assembly = CompileAndLoad(Source);

        Type fitType = assembly.GetType("Demo.Fit", throwOnError: true)!;
        object fit = Activator.CreateInstance(fitType, [new[] { 1.0, 2.0, 3.0 }])!;
        var objective = (IDifferentiableObjective)fitType.GetMethod("AsObjective")!.Invoke(fit, null)!;
        var gradient = new double[3];
        double value = objective.ValueAndGradient(new double[] { 0, 0, 0 }, gradient);
        Assert.Equal(14.0, value, 12);
        Assert.Equal(new[] { -2.0, -4.0, -6.0 }, gradient.Select(static g => Math.Round(g, 6)));
        Assert.Equal(1 + 2 * 3, (int)fitType.GetField("Evaluations")!.GetValue(fit)!); // the wrapper calls the same instance

        Type weightedType = assembly.GetType("Demo.Weighted", throwOnError: true)!;
        object weighted = Activator.CreateInstance(weightedType, [new[] { 2.0, 3.0 }])!;
        Type weightedObjective = assembly.GetType("Demo.Weighted+Objective", throwOnError: true)!;
        var fromConstructor = (IDifferentiableObjective)Activator.CreateInstance(weightedObjective, [weighted])!;
        Assert.Equal(2.0 * 1 + 3.0 * 4, fromConstructor.Value(new double[] { 1, 2 }), 12);
    }

    [Fact]
    public void DefaultConstructedClassObjectiveThrowsAHelpfulException()
    {
        Assembly assembly = CompileAndLoad(Source);
        Type type = assembly.GetType("Demo.Fit+Objective", throwOnError: true)!;
        var objective = (IObjective)Activator.CreateInstance(type)!;

        var exception = Assert.Throws<InvalidOperationException>(() => objective.Value(new double[3]));
        Assert.Contains("new Demo.Fit.Objective(instance)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("instance.AsObjective()", exception.Message, StringComparison.Ordinal);

        var constructorException = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(type, [null]));
        Assert.IsType<ArgumentNullException>(constructorException.InnerException);
    }

    private static double Rosenbrock(double[] x, out double[] gradient)
    {
        gradient = new double[x.Length];
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
            gradient[i] += -400 * x[i] * a - 2 * b;
            gradient[i + 1] += 200 * a;
        }
        return sum;
    }

    private static Assembly CompileAndLoad(string source)
    {
        // This input leaves its members undocumented (CS1591 at the generated declaring halves); nothing else may warn.
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.True(!run.GeneratedFileProblems.Any(), GeneratorHarness.Format(run.GeneratedFileProblems));

        using var stream = new MemoryStream();
        EmitResult result = run.Output.Emit(stream);
        Assert.True(result.Success, GeneratorHarness.Format(result.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        // GenOpt.Runtime resolves to the copy already loaded by the test, so the interfaces are shared.
        var context = new AssemblyLoadContext(nameof(ExecutionTests) + Guid.NewGuid().ToString("N"), isCollectible: true);
        return context.LoadFromStream(stream);
    }
}
