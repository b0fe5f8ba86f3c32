using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenOpt.Generators;

/// <summary>
/// Generates, for each method marked <c>[GenOpt.Objective]</c>, the defining half of the partial method
/// and a nested <c>Objective</c> struct implementing <c>GenOpt.IDifferentiableObjective</c>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ObjectiveGenerator : IIncrementalGenerator
{
    internal const string ObjectiveAttributeMetadataName = "GenOpt.ObjectiveAttribute";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ObjectiveResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ObjectiveAttributeMetadataName,
                predicate: static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                transform: static (context, cancellationToken) => Parser.Parse(context, cancellationToken))
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(TrackingNames.ObjectiveResults);

        IncrementalValuesProvider<DiagnosticInfo> diagnostics = results
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(diagnostics, static (context, diagnostic) =>
            context.ReportDiagnostic(diagnostic.ToDiagnostic()));

        IncrementalValuesProvider<ObjectiveSpec> specs = results
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.Specs);

        context.RegisterSourceOutput(specs, static (context, spec) => Emitter.Emit(context, spec));
    }
}
