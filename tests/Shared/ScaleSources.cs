using System.Text;

namespace GenOpt.TestSources;

/// <summary>
/// Objectives with very long or deeply nested bodies, written as source text: the generator's scale tests
/// (GenOpt.Generators.Tests) and its timing benchmark (GenOpt.Benchmarks, <c>--generator</c>) run the same bodies.
/// </summary>
public static class ScaleSources
{
    private const string Header = "using System;\nusing GenOpt;\n\nnamespace Scale;\n\npublic static partial class Big\n{\n";

    /// <summary><c>return x[0] * x[1] + x[1] * x[2] + ...;</c></summary>
    public static string SumExpression(int terms)
    {
        var builder = new StringBuilder(Header);
        builder.Append($"    [Objective(Dimension = {terms + 1})]\n    public static partial double Value(ReadOnlySpan<double> x)\n    {{\n        return ");
        for (int i = 0; i < terms; i++)
            builder.Append(i == 0 ? "" : i % 2 == 0 ? " + " : " - ").Append($"x[{i}] * x[{i + 1}]");
        builder.Append(";\n    }\n}\n");
        return builder.ToString();
    }

    /// <summary><c>double s = 0; s += x[0] * x[1]; s -= x[1] * x[2]; ... return s;</c></summary>
    public static string SumStatements(int terms)
    {
        var builder = new StringBuilder(Header);
        builder.Append($"    [Objective(Dimension = {terms + 1})]\n    public static partial double Value(ReadOnlySpan<double> x)\n    {{\n        double s = 0;\n");
        for (int i = 0; i < terms; i++)
            builder.Append(i % 2 == 0 ? "        s += " : "        s -= ").Append($"x[{i}] * x[{i + 1}];\n");
        builder.Append("        return s;\n    }\n}\n");
        return builder.ToString();
    }

    /// <summary><c>x[0] &gt; 0 ? (x[1] &gt; 0 ? (... x[d] * x[d]) : x[1] * x[1]) : x[0] * x[0]</c>, <paramref name="depth"/> conditionals.</summary>
    public static string NestedTernary(int depth)
    {
        var builder = new StringBuilder(Header);
        builder.Append($"    [Objective(Dimension = {depth + 1})]\n    public static partial double Value(ReadOnlySpan<double> x)\n    {{\n        return ");
        for (int i = 0; i < depth; i++)
            builder.Append($"x[{i}] > 0 ? (");
        builder.Append($"x[{depth}] * x[{depth}]");
        for (int i = depth - 1; i >= 0; i--)
            builder.Append($") : x[{i}] * x[{i}]");
        builder.Append(";\n    }\n}\n");
        return builder.ToString();
    }

    /// <summary><c>x[0] * (x[1] * (x[2] * ...))</c>: a product nested <paramref name="depth"/> levels deep.</summary>
    public static string NestedProduct(int depth)
    {
        var builder = new StringBuilder(Header);
        builder.Append($"    [Objective(Dimension = {depth + 1})]\n    public static partial double Value(ReadOnlySpan<double> x)\n    {{\n        return ");
        for (int i = 0; i < depth; i++)
            builder.Append($"x[{i}] * (");
        builder.Append($"x[{depth}]");
        builder.Append(')', depth);
        builder.Append(";\n    }\n}\n");
        return builder.ToString();
    }
}
