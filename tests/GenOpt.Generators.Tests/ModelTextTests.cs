using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators.Tests;

/// <summary>
/// The derivative model holds final C#: instance members of the user's type are written with the receiver the
/// generated structs use (<see cref="TargetReceiver"/>), not with a placeholder the emitter has to replace, so the
/// emitter only prints.
/// </summary>
public class ModelTextTests
{
    // Instance members in every place the model keeps C# text: a value, a data index, a loop bound known only at run
    // time, an if's condition, a conditional's condition, a local function of a class, and a constraint of a struct.
    private const string Source = """
        using System;
        using GenOpt;

        namespace Texts;

        internal partial struct Fit
        {
            private readonly double[] _w;
            private readonly int _n;
            private readonly double _scale;

            public Fit(double[] w, double scale) { _w = w; _n = w.Length; _scale = scale; }

            [Objective(Dimension = 2)]
            public partial double Loss(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < _n; i++)
                    s += _w[i] * (x[0] - _w[i]) * (x[0] - _w[i]);
                if (_scale > 1)
                    s *= _scale;
                return s + (_n > 2 ? x[1] * x[1] : x[1]);
            }

            [InequalityConstraint]
            public partial double Budget(ReadOnlySpan<double> x) => x[0] + _scale * x[1] - _w[0];
        }

        internal partial class Model
        {
            public double Weight = 2;

            [Objective(Dimension = 1)]
            public partial double Value(ReadOnlySpan<double> x)
            {
                return Weight > 1 ? Weight * Square(x[0]) : x[0];
                double Square(double a) => Weight * a * a;
            }
        }
        """;

    [Fact]
    public void InstanceMembersAreFinalCSharpInTheModel()
    {
        // Everything is differentiated, and the generated code built from the model's text compiles without warnings.
        GeneratorRun run = GeneratorHarness.Run(Source);
        GeneratorHarness.CompileAndLoad(run, analytic: true);

        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorRunResult result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results[0];
        object[] outputs = result.TrackedSteps.Values.SelectMany(static steps => steps).SelectMany(static step => step.Outputs)
            .Select(static output => output.Value).ToArray();
        DerivativeModel fit = outputs.OfType<ObjectiveSpec>().First(static s => s.MethodName == "Loss").Derivative!;
        DerivativeModel model = outputs.OfType<ObjectiveSpec>().First(static s => s.MethodName == "Value").Derivative!;
        DerivativeModel budget = outputs.OfType<ConstraintResult>().Select(static r => r.Spec).OfType<ConstraintSpec>()
            .First(static c => c.MethodName == "Budget").Derivative!;

        List<string> fitTexts = Strings(fit), modelTexts = Strings(model), budgetTexts = Strings(budget);
        foreach (string text in fitTexts.Concat(modelTexts).Concat(budgetTexts))
            Assert.DoesNotContain(text, static c => char.IsControl(c));
        // The struct's copy and the class's reference, as the generated Objective and Problem structs name them.
        Assert.Contains(fitTexts, static t => t.Contains("_target._w[i]", StringComparison.Ordinal));
        Assert.Contains(fitTexts, static t => t.Contains("_target._n", StringComparison.Ordinal));
        Assert.Contains(fitTexts, static t => t.Contains("_target._scale > 1", StringComparison.Ordinal));
        Assert.Contains(budgetTexts, static t => t.Contains("_target._scale", StringComparison.Ordinal));
        Assert.Contains(modelTexts, static t => t.Contains("Target.Weight > 1", StringComparison.Ordinal));

    }

    [Fact]
    public void TheGeneratorUsesNoPlaceholderCharacters()
    {
        // Control characters written as escapes ("\u0001", "\x02") or as characters in the generator's sources.
        string root = Path.Combine(TestPaths.RepositoryRoot, "src", "Generators");
        var offenders = new List<string>();
        foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                continue;
            string text = File.ReadAllText(file);
            for (int c = 0; c < 0x20; c++)
            {
                if (c is '\n' or '\r' or '\t')
                    continue;
                string escape = "\\u" + c.ToString("X4"), hex = "\\x" + c.ToString("X2"), hexShort = "\\x" + c.ToString("X");
                if (text.Contains((char)c) || text.Contains(escape, StringComparison.OrdinalIgnoreCase)
                    || text.Contains(hex + "\"", StringComparison.OrdinalIgnoreCase) || text.Contains(hexShort + "\"", StringComparison.OrdinalIgnoreCase))
                {
                    offenders.Add($"{Path.GetRelativePath(root, file)}: character {c}");
                }
            }
        }
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    /// <summary>Every string reachable from <paramref name="root"/> through the model's properties.</summary>
    private static List<string> Strings(object root)
    {
        var strings = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        pending.Push(root);
        while (pending.Count != 0)
        {
            object value = pending.Pop();
            if (value is string text)
            {
                strings.Add(text);
                continue;
            }
            if (value.GetType().IsPrimitive || value.GetType().IsEnum || (!value.GetType().IsValueType && !seen.Add(value)))
                continue;
            if (value is IEnumerable items)
            {
                foreach (object? item in items)
                {
                    if (item is not null)
                        pending.Push(item);
                }
                continue;
            }
            foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length == 0 && property.DeclaringType != typeof(object)
                    && property.GetValue(value) is { } child)
                {
                    pending.Push(child);
                }
            }
        }
        return strings;
    }
}
