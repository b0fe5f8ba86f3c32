namespace GenOpt.CodeFixes;

/// <summary>The generator diagnostics these code fixes repair (see src/Generators/DiagnosticDescriptors.cs).</summary>
internal static class Ids
{
    public const string NotPartialMethod = "GENOPT001";
    public const string NotPartialType = "GENOPT002";
    public const string ReturnType = "GENOPT003";
    public const string Parameters = "GENOPT004";
    public const string Dimension = "GENOPT005";
}
