using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenOpt.Generators;

/// <summary>
/// Generates, for each method marked <c>[GenOpt.Objective]</c>, the defining half of the partial method
/// and a nested <c>Objective</c> struct implementing <c>GenOpt.IDifferentiableObjective</c>; for a type that also
/// declares <c>[EqualityConstraint]</c>/<c>[InequalityConstraint]</c> methods, a nested <c>Problem</c> struct
/// implementing <c>GenOpt.IConstrainedProblem</c>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ObjectiveGenerator : IIncrementalGenerator
{
    internal const string ObjectiveAttributeMetadataName = "GenOpt.ObjectiveAttribute";
    internal const string EqualityConstraintAttributeMetadataName = "GenOpt.EqualityConstraintAttribute";
    internal const string InequalityConstraintAttributeMetadataName = "GenOpt.InequalityConstraintAttribute";

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

        IncrementalValueProvider<ImmutableArray<ObjectiveSpec>> allSpecs = results
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .Collect();

        // File names must be unique, ignoring case, within a generator: types 'C' and 'c' both get a file.
        IncrementalValuesProvider<ObjectiveSpec> specs = allSpecs
            .SelectMany(static (all, _) => WithUniqueHintNames(all))
            .WithTrackingName(TrackingNames.Specs);

        // The first analytic gradient is checked against finite differences in builds that are not optimized
        // (Debug), unless the build property GenOptGradientCheck (made visible with CompilerVisibleProperty) says otherwise.
        IncrementalValueProvider<bool> gradientCheck = context.CompilationProvider
            .Select(static (compilation, _) => compilation.Options.OptimizationLevel == OptimizationLevel.Debug)
            .Combine(context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
                options.GlobalOptions.TryGetValue("build_property.GenOptGradientCheck", out string? value) ? value : null))
            .Select(static (pair, _) => pair.Right?.Trim().ToLowerInvariant() switch
            {
                "true" or "enable" or "1" => true,
                "false" or "disable" or "0" => false,
                _ => pair.Left,
            });

        context.RegisterSourceOutput(specs.Combine(gradientCheck), static (context, pair) => Emitter.Emit(context, pair.Left, pair.Right));

        IncrementalValuesProvider<ConstraintResult> equalities = ConstraintResults(context, EqualityConstraintAttributeMetadataName, ConstraintKind.Equality);
        IncrementalValuesProvider<ConstraintResult> inequalities = ConstraintResults(context, InequalityConstraintAttributeMetadataName, ConstraintKind.Inequality);

        context.RegisterSourceOutput(equalities.SelectMany(static (result, _) => result.Diagnostics), static (context, diagnostic) =>
            context.ReportDiagnostic(diagnostic.ToDiagnostic()));
        context.RegisterSourceOutput(inequalities.SelectMany(static (result, _) => result.Diagnostics), static (context, diagnostic) =>
            context.ReportDiagnostic(diagnostic.ToDiagnostic()));

        IncrementalValueProvider<ImmutableArray<ConstraintResult>> constraintResults = equalities.Collect()
            .Combine(inequalities.Collect())
            .Select(static (pair, _) => pair.Left.AddRange(pair.Right));

        IncrementalValueProvider<ImmutableArray<ConstraintSpec>> allConstraints = constraintResults
            .Select(static (results, _) => results
                .Select(static result => result.Spec)
                .Where(static spec => spec is not null)
                .Select(static spec => spec!)
                .ToImmutableArray());

        // The problem of a type uses only some of its objective's fields: an edit of the objective's body leaves it as it is.
        IncrementalValueProvider<ImmutableArray<ProblemObjectiveSpec>> problemObjectives = results
            .Select(static (result, _) => result.Spec is { } spec ? ProblemObjectiveSpec.From(spec) : null)
            .Where(static objective => objective is not null)
            .Select(static (objective, _) => objective!)
            .WithTrackingName(TrackingNames.ProblemObjectives)
            .Collect();

        IncrementalValuesProvider<ProblemResult> problems = allConstraints
            .Combine(problemObjectives)
            .SelectMany(static (pair, _) => Problems.Build(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Problems);

        context.RegisterSourceOutput(problems.Select(static (problem, _) => problem.Spec).Combine(gradientCheck), static (context, pair) =>
            Emitter.EmitProblem(context, pair.Left, pair.Right));

        // The diagnostics channel of the problems: their findings (no positions) located at their constraints. Only this
        // step sees where the constraints are, so lines added above a constraint change no spec and regenerate no file.
        IncrementalValueProvider<EquatableArray<DiagnosticInfo>> problemDiagnostics = problems
            .Select(static (problem, _) => problem.Findings)
            .Collect()
            .Combine(constraintResults)
            .Select(static (pair, _) => Problems.Locate(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ProblemDiagnostics);

        context.RegisterSourceOutput(problemDiagnostics, static (context, diagnostics) =>
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    private static IncrementalValuesProvider<ConstraintResult> ConstraintResults(
        IncrementalGeneratorInitializationContext context, string attributeMetadataName, ConstraintKind kind) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attributeMetadataName,
                predicate: static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                transform: (context, cancellationToken) => Parser.ParseConstraint(context, kind, cancellationToken))
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(kind == ConstraintKind.Equality ? TrackingNames.EqualityResults : TrackingNames.InequalityResults);

    /// <summary>
    /// Drops repeated identical specs (one method seen twice) and renames specs whose file name differs from an
    /// earlier one only in case, to <c>Name.Objective.2.g.cs</c> and so on. The order is the source order.
    /// </summary>
    internal static ImmutableArray<ObjectiveSpec> WithUniqueHintNames(ImmutableArray<ObjectiveSpec> specs)
    {
        var hintNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<ObjectiveSpec>();
        ImmutableArray<ObjectiveSpec>.Builder unique = ImmutableArray.CreateBuilder<ObjectiveSpec>(specs.Length);
        foreach (ObjectiveSpec spec in specs)
        {
            if (!seen.Add(spec))
                continue;
            ObjectiveSpec named = spec;
            const string suffix = ".g.cs";
            string stem = spec.HintName.EndsWith(suffix, StringComparison.Ordinal) ? spec.HintName.Substring(0, spec.HintName.Length - suffix.Length) : spec.HintName;
            for (int n = 2; !hintNames.Add(named.HintName); n++)
                named = spec with { HintName = $"{stem}.{n}{suffix}" };
            unique.Add(named);
        }
        return unique.ToImmutable();
    }
}
