namespace GenOpt.Analyzers;

/// <summary>Diagnostic analyzers for GenOpt objectives live in this assembly.</summary>
internal static class AnalyzerAssembly
{
}
