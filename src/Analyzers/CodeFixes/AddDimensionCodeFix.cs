using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using GenOpt.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GenOpt.CodeFixes;

/// <summary>
/// GENOPT005 when <c>Dimension</c> is not set: adds <c>Dimension = N</c> to <c>[Objective]</c>, N one more than
/// the highest index of <c>x</c> the body reaches (a constant, or a loop variable with constant bounds: the
/// bounds GENOPT020 checks). Offered only when the body has such an index.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddDimensionCodeFix)), Shared]
public sealed class AddDimensionCodeFix : SyntaxCodeFix
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Ids.Dimension);

    private protected override bool NeedsSemanticModel => true;

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        AttributeSyntax? attribute = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
            .FirstAncestorOrSelf<AttributeSyntax>();
        if (model is null || attribute is null || attribute.Parent?.Parent is not MethodDeclarationSyntax method || HasDimension(attribute))
            return null;
        if (InferDimension(model, method, cancellationToken) is not int dimension)
            return null;
        return new FixPlan($"Set Dimension = {dimension.ToString(CultureInfo.InvariantCulture)}", attribute,
            a => AddDimension((AttributeSyntax)a, dimension));
    }

    private static bool HasDimension(AttributeSyntax attribute)
    {
        if (attribute.ArgumentList is null)
            return false;
        foreach (AttributeArgumentSyntax argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == "Dimension")
                return true;
        }
        return false;
    }

    /// <summary>One more than the highest index of the first parameter that the body reaches, or null if none is known.</summary>
    internal static int? InferDimension(SemanticModel model, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
        if (body is null || model.GetDeclaredSymbol(method, cancellationToken) is not { Parameters.Length: >= 1 } symbol
            || model.GetOperation(body, cancellationToken) is not { } operation)
        {
            return null;
        }
        IParameterSymbol point = symbol.Parameters[0];
        long highest = -1;
        foreach (IOperation descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IParameterReferenceOperation span, Arguments.Length: 1 } element
                && SymbolEqualityComparer.Default.Equals(span.Parameter, point)
                && IndexBounds.Evaluate(element.Arguments[0].Value, static _ => null) is { } range
                && range.Max > highest)
            {
                highest = range.Max;
            }
        }
        return highest >= 0 && highest < int.MaxValue ? (int)(highest + 1) : null;
    }

    private static AttributeSyntax AddDimension(AttributeSyntax attribute, int dimension)
    {
        AttributeArgumentSyntax argument = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("Dimension")),
            null,
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(dimension)));
        AttributeArgumentListSyntax arguments = attribute.ArgumentList is { } existing
            ? existing.AddArguments(argument)
            : SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(argument));
        // Written as '(A = 1, Dimension = 3)' without touching the attribute's name or trivia.
        return attribute.WithArgumentList(arguments.NormalizeWhitespace().WithTriviaFrom(arguments));
    }
}
