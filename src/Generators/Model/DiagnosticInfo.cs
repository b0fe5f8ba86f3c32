using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GenOpt.Generators.Model;

/// <summary>
/// A diagnostic to report, stored as plain values so that it can flow through the incremental
/// pipeline (a <see cref="Location"/> holds on to its syntax tree and would defeat caching).
/// </summary>
internal sealed record DiagnosticInfo(
    string DescriptorId,
    string? FilePath,
    TextSpan Span,
    LinePositionSpan LineSpan,
    EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs)
    {
        if (location is null || location.Kind != LocationKind.SourceFile)
            return new DiagnosticInfo(descriptor.Id, null, default, default, new EquatableArray<string>(messageArgs));

        FileLinePositionSpan lineSpan = location.GetLineSpan();
        return new DiagnosticInfo(
            descriptor.Id,
            lineSpan.Path,
            location.SourceSpan,
            lineSpan.Span,
            new EquatableArray<string>(messageArgs));
    }

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArgs) =>
        location is null
            ? new DiagnosticInfo(descriptor.Id, null, default, default, new EquatableArray<string>(messageArgs))
            : new DiagnosticInfo(descriptor.Id, location.FilePath, location.Span, location.LineSpan, new EquatableArray<string>(messageArgs));

    public Location ToLocation() =>
        FilePath is null ? Location.None : Location.Create(FilePath, Span, LineSpan);

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            DiagnosticDescriptors.ById(DescriptorId),
            ToLocation(),
            MessageArgs.Cast<object?>().ToArray());
}

/// <summary>A source location as plain values (a <see cref="Location"/> would hold on to its syntax tree).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location location) =>
        location.Kind == LocationKind.SourceFile
            ? new LocationInfo(location.GetLineSpan().Path, location.SourceSpan, location.GetLineSpan().Span)
            : null;

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
