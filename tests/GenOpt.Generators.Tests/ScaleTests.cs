using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

using static GenOpt.TestSources.ScaleSources;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Large and deeply nested bodies: the generated code grows at most linearly with the body, the generator needs no
/// deeper recursion than the nesting of the body (a long sum is not deep), and bodies nested past
/// <see cref="ObjectiveGenerator.Differentiator.MaxNesting"/> keep finite differences instead of overflowing the stack.
/// Generator time is measured by the benchmarks (<c>--generator</c>), not here.
/// </summary>
public class ScaleTests
{
    /// <summary>A thread stack of 1 MiB, the default of a thread on Windows.</summary>
    private const int SmallStack = 1 << 20;

    /// <summary>
    /// A stack on which the compiler itself can bind the deeply nested test bodies (its binder recurses once per level
    /// and needs more than 1 MiB for a conditional nested 1,000 deep).
    /// </summary>
    private const int LargeStack = 256 << 20;


    /// <summary>Runs the generator on a thread with a stack of <paramref name="stackSize"/> bytes.</summary>
    private static GeneratorRun RunOnStack(string source, int stackSize)
    {
        GeneratorRun? run = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                run = GeneratorHarness.Run(source);
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        }, stackSize);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        return run!;
    }

    private static int GeneratedSize(GeneratorRun run)
    {
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Result.Diagnostics);
        return run.GeneratedSources.Sum(static s => s.SourceText.Length);
    }

    [Fact]
    public void GeneratedSizeOfALongSumGrowsLinearly()
    {
        int small = GeneratedSize(GeneratorHarness.Run(SumExpression(400)));
        int large = GeneratedSize(GeneratorHarness.Run(SumExpression(800)));
        Assert.True(large <= 2.1 * small, $"400 terms: {small} characters, 800 terms: {large}");
    }

    [Fact]
    public void GeneratedSizeOfManyStatementsGrowsLinearly()
    {
        int small = GeneratedSize(GeneratorHarness.Run(SumStatements(400)));
        int large = GeneratedSize(GeneratorHarness.Run(SumStatements(800)));
        Assert.True(large <= 2.1 * small, $"400 statements: {small} characters, 800 statements: {large}");
    }

    [Fact]
    public void GeneratedSizeOfANestedConditionalGrowsLinearlyWithItsDepth()
    {
        // Each level's adjoint is one nested block; written at full indentation the size grew with the square of the depth.
        int small = GeneratedSize(GeneratorHarness.Run(NestedTernary(100)));
        int large = GeneratedSize(GeneratorHarness.Run(NestedTernary(200)));
        Assert.True(large <= 2.2 * small, $"depth 100: {small} characters, depth 200: {large}");
    }

    [Fact]
    public void ALongSumIsDifferentiatedWithoutDeepRecursion()
    {
        // 10,000 terms are a tree 10,000 deep; it is walked in loops, so a 1 MiB stack suffices and the gradient is analytic.
        GeneratorRun run = RunOnStack(SumExpression(10_000), SmallStack);
        Assert.Empty(run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(run.GeneratorDiagnostics);
        string text = run.GeneratedSources.Single().SourceText.ToString();
        Assert.DoesNotContain("FiniteDifference", text, StringComparison.Ordinal);
        Assert.Contains("gradient[9999] ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ANestedConditionalWithinTheLimitIsDifferentiated()
    {
        GeneratorRun run = RunOnStack(NestedTernary(ObjectiveGenerator.Differentiator.MaxNesting - 10), LargeStack);
        Assert.Empty(run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain("FiniteDifference", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conditional")]
    [InlineData("product")]
    public void ABodyNestedPastTheLimitKeepsFiniteDifferences(string shape)
    {
        int depth = ObjectiveGenerator.Differentiator.MaxNesting + 500;
        GeneratorRun run = RunOnStack(shape == "product" ? NestedProduct(depth) : NestedTernary(depth), LargeStack);
        Assert.Empty(run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
        Diagnostic blocked = Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.NotDifferentiableId);
        Assert.Contains("nested more than 1000 levels deep", blocked.GetMessage(), StringComparison.Ordinal);
        Assert.Single(run.GeneratorDiagnostics, static d => d.Id == DiagnosticDescriptors.FiniteDifferenceGradientId);
        Assert.Empty(run.GeneratorProblems);
        Assert.Contains("FiniteDifference.CentralGradient", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expression")]
    [InlineData("statements")]
    public void ALongSumHasTheExactGradient(string shape)
    {
        const int terms = 1_500;
        IDifferentiableObjective objective = Load(shape == "expression" ? SumExpression(terms) : SumStatements(terms));
        var random = new Random(14);
        double[] x = Enumerable.Range(0, terms + 1).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        double[] gradient = new double[terms + 1];
        double value = objective.ValueAndGradient(x, gradient);
        Assert.Equal(objective.Value(x), value);
        // f = sum over i of (+1 or -1) x[i] x[i+1], the sign alternating from +1: df/dx[j] = s(j-1) x[j-1] + s(j) x[j+1].
        for (int j = 0; j <= terms; j++)
        {
            double expected = (j > 0 ? Sign(j - 1) * x[j - 1] : 0) + (j < terms ? Sign(j) * x[j + 1] : 0);
            Assert.Equal(expected, gradient[j], 14);
        }

        static double Sign(int i) => i % 2 == 0 ? 1 : -1;
    }

    [Fact]
    public void ADeepConditionalHasTheExactGradient()
    {
        // Deeper than the indentation the writer keeps (IndentedWriter.MaxIndent).
        const int depth = 60;
        IDifferentiableObjective objective = Load(NestedTernary(depth));
        var random = new Random(14);
        for (int trial = 0; trial < 20; trial++)
        {
            // Mostly positive, so that the chosen branch lies at various depths.
            double[] x = Enumerable.Range(0, depth + 1).Select(_ => random.NextDouble() * 2 - 0.05).ToArray();
            double[] gradient = new double[depth + 1];
            double value = objective.ValueAndGradient(x, gradient);
            int k = Array.FindIndex(x, 0, depth, static v => !(v > 0));
            if (k < 0)
                k = depth;
            Assert.Equal(x[k] * x[k], value);
            for (int j = 0; j <= depth; j++)
                Assert.Equal(j == k ? 2 * x[k] : 0, gradient[j]);
        }
    }

    /// <summary>The spec of <c>return x[0] * (x[1] * (... * x[depth]));</c>, built directly (no compiler involved).</summary>
    private static Model.ObjectiveSpec DeepProductSpec(int depth)
    {
        Model.ExprNode product = Model.ExprNode.Leaf(Model.ExprKind.Variable, depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (int i = depth - 1; i >= 0; i--)
            product = Model.ExprNode.Of(Model.ExprKind.Multiply, "", Model.ExprNode.Leaf(Model.ExprKind.Variable, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), product);
        var body = new Model.StatementNode(Model.StatementKind.Return, "", product, "", Model.EquatableArray<string>.Empty, null,
            Model.EquatableArray<Model.StatementNode>.Empty, Model.EquatableArray<Model.StatementNode>.Empty);
        var function = new Model.FunctionModel(Model.EquatableArray<string>.Empty, Model.EquatableArray<string>.Empty,
            new Model.EquatableArray<Model.StatementNode>([body]));
        // The emitter prints what the analysis step decided, as the parser's output always carries.
        function = DerivativeAnalysis.Analyse(function, out _);
        var type = new Model.TypeSpec("Scale",
            new Model.EquatableArray<Model.ContainingTypeSpec>([new Model.ContainingTypeSpec("", "class", "Big")]),
            "global::Scale.Big", "Scale.Big", IsNamespaceAccessible: true, IsPublicChain: true);
        return new Model.ObjectiveSpec("Scale.Big.Objective.g.cs", type,
            "Value", "public static", "public", "", "x", Model.TargetKind.Static, depth + 1, true,
            new Model.DerivativeModel(function, Model.EquatableArray<Model.HelperModel>.Empty));
    }

    [Fact]
    public void TheEmitterFallsBackToFiniteDifferencesWhenItRunsShortOfStack()
    {
        // A model nested 1,000 deep, written on a 256 KiB stack: the emitter must not overflow (which would end the
        // compiler) but write the finite-difference gradient. On a large stack the same model gets the analytic one.
        Model.ObjectiveSpec spec = DeepProductSpec(ObjectiveGenerator.Differentiator.MaxNesting);
        (string Text, bool FellBack) Write(int stackSize)
        {
            (string, bool) result = default;
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    string text = ObjectiveGenerator.Emitter.WriteWithFallback(spec, false, out bool fellBack);
                    result = (text, fellBack);
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            }, stackSize);
            thread.Start();
            thread.Join();
            Assert.Null(failure);
            return result;
        }

        (string small, bool smallFellBack) = Write(256 << 10);
        Assert.True(smallFellBack);
        Assert.Contains("FiniteDifference.CentralGradient", small, StringComparison.Ordinal);

        (string large, bool largeFellBack) = Write(LargeStack);
        Assert.False(largeFellBack);
        Assert.DoesNotContain("FiniteDifference", large, StringComparison.Ordinal);
        Assert.Contains("gradient[1000] ", large, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailedAnalyticWriteFallsBackToFiniteDifferences_AndNothingEscapesTheGenerator()
    {
        // The same fallback serves objectives and constrained problems: running out of stack or any unexpected failure
        // while writing the analytic derivatives gives the finite-difference file; if that fails too, no file (and a
        // GENOPT099), never an exception out of the generator.
        string? Fallback(Exception failure, bool finiteDifferencesFail = false) =>
            ObjectiveGenerator.Emitter.WriteWithFallback(
                () => throw failure,
                () => finiteDifferencesFail ? throw new InvalidOperationException("again") : "finite differences",
                hasDerivatives: true, "constraint Jacobians", "Demo.P.Problem", null);

        Assert.Equal("finite differences", Fallback(new InsufficientExecutionStackException()));
        Assert.Equal("finite differences", Fallback(new InvalidOperationException("unbalanced")));
        Assert.Null(Fallback(new InvalidOperationException("unbalanced"), finiteDifferencesFail: true));
        Assert.Equal("analytic", ObjectiveGenerator.Emitter.WriteWithFallback(
            () => "analytic", () => "finite differences", hasDerivatives: true, "gradient", "Demo.F.V", null));
        Assert.Throws<OperationCanceledException>(() => ObjectiveGenerator.Emitter.WriteWithFallback(
            () => throw new OperationCanceledException(), () => "finite differences", hasDerivatives: true, "gradient", "Demo.F.V", null));
    }

    private static IDifferentiableObjective Load(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        using var stream = new MemoryStream();
        EmitResult result = run.Output.Emit(stream);
        Assert.True(result.Success, GeneratorHarness.Format(result.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext(nameof(ScaleTests) + Guid.NewGuid().ToString("N"), isCollectible: true);
        Assembly assembly = context.LoadFromStream(stream);
        Type type = assembly.GetType("Scale.Big+Objective", throwOnError: true)!;
        return (IDifferentiableObjective)Activator.CreateInstance(type)!;
    }
}
