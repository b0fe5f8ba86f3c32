using System;
using System.IO;
using Xunit.Sdk;

namespace GenOpt.Generators.Tests;

/// <summary>The snapshot helper itself: missing and differing snapshots fail and leave a .received.cs file.</summary>
public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "genopt-snapshots-" + Guid.NewGuid().ToString("N"));

    private string CallerFile => Path.Combine(_directory, "FakeTests.cs");

    private string Verified => Path.Combine(_directory, "Snapshots", "Shape.Demo.C.Objective.g.verified.cs");

    private string Received => Path.Combine(_directory, "Snapshots", "Shape.Demo.C.Objective.g.received.cs");

    [Fact]
    public void MissingSnapshotFailsAndWritesReceived()
    {
        if (Accepting)
            return;
        var failure = Assert.Throws<FailException>(() => Snapshot.Verify("class C { }\n", "Shape", "Demo.C.Objective.g.cs", CallerFile));
        Assert.Contains("No snapshot", failure.Message, StringComparison.Ordinal);
        Assert.Equal("class C { }\n", File.ReadAllText(Received));
        Assert.False(File.Exists(Verified));
    }

    [Fact]
    public void DifferingSnapshotFailsWithTheFirstDifferentLine()
    {
        if (Accepting)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(Verified)!);
        File.WriteAllText(Verified, "line 1\r\nline 2\r\nline 3\r\n");

        var failure = Assert.Throws<FailException>(() => Snapshot.Verify("line 1\nline two\nline 3\n", "Shape", "Demo.C.Objective.g.cs", CallerFile));
        Assert.Contains("First difference at line 2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- line 2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("+ line two", failure.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Received));

        // A matching run (line endings aside) passes and removes the stale received file.
        Snapshot.Verify("line 1\nline 2\nline 3\n", "Shape", "Demo.C.Objective.g.cs", CallerFile);
        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void VersionIsReplacedByAPlaceholder()
    {
        string normalized = Snapshot.Normalize($"[GeneratedCode(\"GenOpt\", \"{ObjectiveGenerator.Emitter.Version}\")]\r\n");
        Assert.Equal($"[GeneratedCode(\"GenOpt\", \"{Snapshot.VersionPlaceholder}\")]\n", normalized);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private static bool Accepting => Environment.GetEnvironmentVariable(Snapshot.AcceptVariable) == "1";
}
