using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenOpt.Analyzers.Tests;

/// <summary>The analyzers' descriptor table against AnalyzerReleases.Unshipped.md and docs/diagnostics.md.</summary>
public sealed class DescriptorTests
{
    private static readonly DiagnosticAnalyzer[] Analyzers = [new ObjectiveBodyAnalyzer(), new OptimizerUsageAnalyzer()];

    [Fact]
    public void DescriptorsAreConsistentAndDocumented()
    {
        string root = RepositoryRoot();
        string releases = File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        string docs = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md")).ReplaceLineEndings("\n");
        var ids = new HashSet<string>();
        foreach (DiagnosticDescriptor descriptor in Analyzers.SelectMany(static a => a.SupportedDiagnostics))
        {
            Assert.True(ids.Add(descriptor.Id), $"duplicate id {descriptor.Id}");
            Assert.Matches("^GENOPT0[2-9][0-9]$", descriptor.Id); // 001-014, 099 and 100 are the generator's
            Assert.Equal("GenOpt", descriptor.Category);
            // No help link (GenOpt has no web site; the old one pointed at a repository that does not exist): the
            // description names the section of docs/diagnostics.md, which the package ships.
            Assert.True(string.IsNullOrEmpty(descriptor.HelpLinkUri), $"{descriptor.Id}: help link {descriptor.HelpLinkUri}");
            Assert.EndsWith($" Documentation: docs/diagnostics.md#{descriptor.Id.ToLowerInvariant()}, in the GenOpt package and the GenOpt sources.",
                descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.DoesNotContain(WellKnownDiagnosticTags.NotConfigurable, descriptor.CustomTags);
            Assert.Contains($"{descriptor.Id} | GenOpt | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
            Assert.Contains("\n## " + descriptor.Id + "\n", docs, StringComparison.Ordinal);
        }
        Assert.Equal(7, ids.Count);
    }

    [Fact]
    public void TheDocumentationTheDescriptionsNameIsPacked()
    {
        // The GenOpt package (src/Runtime) must carry docs/diagnostics.md at the path the descriptions give
        // (tests/package-check.sh checks the packed file itself).
        string project = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Runtime", "GenOpt.Runtime.csproj"));
        Assert.Contains("<None Include=\"$(RepoRoot)docs/diagnostics.md\" Pack=\"true\" PackagePath=\"docs/\"", project, StringComparison.Ordinal);
        Assert.Contains("<None Include=\"$(RepoRoot)README.md\" Pack=\"true\" PackagePath=\"/\"", project, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GenOpt.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("GenOpt.sln not found above " + AppContext.BaseDirectory);
    }
}
