using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace GenOpt.Readme.Tests;

/// <summary>
/// One <c>```csharp</c> block of a Markdown file.
/// </summary>
/// <param name="Line">1-based line of the opening fence.</param>
/// <param name="Heading">The nearest Markdown heading above the block (with its <c>#</c> marks).</param>
/// <param name="Code">The block's text, without the fences.</param>
/// <param name="Continues">
/// The block before it when the block is marked <c>&lt;!-- example: continues --&gt;</c>: its declarations are compiled
/// with this block.
/// </param>
internal sealed record ReadmeExample(int Line, string Heading, string Code, ReadmeExample? Continues)
{
    /// <summary>The case name: line and heading, so that a failure names the example.</summary>
    public string Name => $"README.md:{Line} {Heading}";

    /// <summary>This block and the blocks it continues, the earliest first.</summary>
    public IReadOnlyList<ReadmeExample> Chain
    {
        get
        {
            var chain = new List<ReadmeExample>();
            for (ReadmeExample? e = this; e is not null; e = e.Continues)
                chain.Insert(0, e);
            return chain;
        }
    }
}

/// <summary>
/// Extracts the C# examples of README.md. The rules (also in README's "Working on GenOpt"):
/// <list type="bullet">
/// <item>Every block fenced with <c>```csharp</c> is an example. Other C# info strings (<c>cs</c>, <c>c#</c>,
/// <c>csharp-…</c>) are rejected, so that no C# block escapes the test.</item>
/// <item>The only directive is an HTML comment <c>&lt;!-- example: continues --&gt;</c> on the last non-blank line
/// before a block: the block is compiled together with the declarations of the <c>```csharp</c> block before it
/// (which may itself continue another). Any other <c>&lt;!-- example: … --&gt;</c> comment, or one not followed by a
/// <c>```csharp</c> block, is an error.</item>
/// </list>
/// </summary>
internal static class ReadmeExamples
{
    private const string DirectivePrefix = "<!-- example:";
    private const string ContinuesDirective = "<!-- example: continues -->";

    /// <summary>The repository's README.md.</summary>
    public static string ReadmePath { get; } = Path.Combine(RepositoryRoot(), "README.md");

    private static IReadOnlyList<ReadmeExample>? s_all;

    /// <summary>The examples of the repository's README.md.</summary>
    public static IReadOnlyList<ReadmeExample> All => s_all ??= Parse(File.ReadAllText(ReadmePath));

    /// <summary>The example named <paramref name="name"/> (see <see cref="ReadmeExample.Name"/>).</summary>
    public static ReadmeExample Get(string name) =>
        All.SingleOrDefault(e => e.Name == name)
        ?? throw new InvalidOperationException($"README.md has no example named '{name}' (it changed since the tests were discovered).");

    /// <summary>Extracts the examples of <paramref name="markdown"/>; malformed input throws <see cref="FormatException"/>.</summary>
    public static IReadOnlyList<ReadmeExample> Parse(string markdown)
    {
        string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var examples = new List<ReadmeExample>();
        string heading = "(before any heading)";
        int directiveLine = 0;     // line of a pending directive, 0 when none
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                int open = i + 1;
                string fence = trimmed[..(trimmed.Length - trimmed.TrimStart('`').Length)];
                string info = trimmed[fence.Length..].Trim();
                bool csharp = info == "csharp";
                if (!csharp && IsOtherCSharpTag(info))
                    throw new FormatException($"Line {open}: the code block is tagged '{info}'; tag C# examples ```csharp so that the README tests compile them.");
                if (directiveLine != 0 && !csharp)
                    throw new FormatException($"Line {directiveLine}: '{ContinuesDirective}' must come right before a ```csharp block (the next block, line {open}, is '{info}').");
                int close = i + 1;
                while (close < lines.Length && lines[close].Trim() != fence)
                    close++;
                if (close == lines.Length)
                    throw new FormatException($"Line {open}: the code block is never closed.");
                if (csharp)
                {
                    ReadmeExample? continues = null;
                    if (directiveLine != 0)
                        continues = examples.Count > 0
                            ? examples[^1]
                            : throw new FormatException($"Line {directiveLine}: '{ContinuesDirective}' before the first ```csharp block, which has nothing to continue.");
                    string code = string.Join("\n", lines, i + 1, close - i - 1);
                    if (string.IsNullOrWhiteSpace(code))
                        throw new FormatException($"Line {open}: the ```csharp block is empty.");
                    examples.Add(new ReadmeExample(open, heading, code + "\n", continues));
                }
                directiveLine = 0;
                i = close + 1;
                continue;
            }
            if (trimmed.StartsWith(DirectivePrefix, StringComparison.Ordinal))
            {
                if (trimmed != ContinuesDirective)
                    throw new FormatException($"Line {i + 1}: unknown example directive '{trimmed}'; the only one is '{ContinuesDirective}'.");
                directiveLine = i + 1;
            }
            else if (trimmed.Length > 0)
            {
                if (directiveLine != 0)
                    throw new FormatException($"Line {directiveLine}: '{ContinuesDirective}' must be the last non-blank line before a ```csharp block.");
                if (trimmed.StartsWith('#'))
                    heading = trimmed;
            }
            i++;
        }
        if (directiveLine != 0)
            throw new FormatException($"Line {directiveLine}: '{ContinuesDirective}' is not followed by a ```csharp block.");
        return examples;
    }

    private static bool IsOtherCSharpTag(string info)
    {
        string tag = info.Split(' ', 2)[0].ToLowerInvariant();
        return tag is "cs" or "c#" or "csharp" || tag.StartsWith("csharp", StringComparison.Ordinal) || tag.StartsWith("c#", StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        string project = typeof(ReadmeExamples).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GenOptTestProjectDirectory").Value!;
        return Path.GetFullPath(Path.Combine(project, "..", ".."));
    }
}
