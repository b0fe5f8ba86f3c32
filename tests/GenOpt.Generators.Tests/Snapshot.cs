using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using GenOpt.Generators;

namespace GenOpt.Generators.Tests;

/// <summary>
/// Compares generated sources with checked-in files <c>Snapshots/&lt;Test&gt;.&lt;HintName&gt;.verified.cs</c>.
/// On a mismatch it writes <c>.received.cs</c> beside the verified file and fails with the first differing lines.
/// With <c>GENOPT_ACCEPT_SNAPSHOTS=1</c> it writes the verified file instead and passes.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "GENOPT_ACCEPT_SNAPSHOTS";
    public const string VersionPlaceholder = "{GeneratorVersion}";

    public static void Verify(string actual, string testName, string hintName, [CallerFilePath] string callerFilePath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(TestPaths.Resolve(callerFilePath))!, "Snapshots");
        string baseName = testName + "." + (hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName);
        string verifiedPath = Path.Combine(directory, baseName + ".verified.cs");
        string receivedPath = Path.Combine(directory, baseName + ".received.cs");
        string normalized = Normalize(actual);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, normalized, new UTF8Encoding(false));
            File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(verifiedPath))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(receivedPath, normalized, new UTF8Encoding(false));
            Assert.Fail($"No snapshot {verifiedPath}. Wrote {receivedPath}; review it and rename it to .verified.cs, or run with {AcceptVariable}=1.");
        }

        string expected = File.ReadAllText(verifiedPath).Replace("\r\n", "\n");
        if (expected == normalized)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, normalized, new UTF8Encoding(false));
        Assert.Fail($"Generated source differs from {verifiedPath} (received: {receivedPath}).{Environment.NewLine}{Diff(expected, normalized)}");
    }

    /// <summary>Unix line endings, and the generator version replaced so that snapshots survive version bumps.</summary>
    public static string Normalize(string source) =>
        source.Replace("\r\n", "\n").Replace($"\"{ObjectiveGenerator.Emitter.Version}\"", $"\"{VersionPlaceholder}\"");

    /// <summary>A few lines around the first difference, expected (-) against received (+).</summary>
    internal static string Diff(string expected, string actual)
    {
        string[] left = expected.Split('\n');
        string[] right = actual.Split('\n');
        int first = 0;
        while (first < left.Length && first < right.Length && left[first] == right[first])
            first++;

        var builder = new StringBuilder();
        builder.AppendLine($"First difference at line {first + 1}:");
        int start = Math.Max(0, first - 3);
        for (int i = start; i < first; i++)
            builder.AppendLine("  " + left[i]);
        foreach (string line in left.Skip(first).Take(5))
            builder.AppendLine("- " + line);
        foreach (string line in right.Skip(first).Take(5))
            builder.AppendLine("+ " + line);
        return builder.ToString();
    }
}
