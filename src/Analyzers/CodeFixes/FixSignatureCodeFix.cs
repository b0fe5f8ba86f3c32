using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace GenOpt.CodeFixes;

/// <summary>
/// GENOPT003 (return type) and GENOPT004 (parameters): rewrites the objective's signature to
/// <c>double M(ReadOnlySpan&lt;double&gt; x)</c>, keeping the first parameter's name if it has one.
/// The body is left as it is.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixSignatureCodeFix)), Shared]
public sealed class FixSignatureCodeFix : SyntaxCodeFix
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Ids.ReturnType, Ids.Parameters);

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        MethodDeclarationSyntax? method = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
            .FirstAncestorOrSelf<MethodDeclarationSyntax>();
        if (method is null)
            return null;
        return diagnostic.Id == Ids.ReturnType
            ? new FixPlan("Return 'double'", method, static m => FixReturnType((MethodDeclarationSyntax)m))
            : new FixPlan("Take one 'ReadOnlySpan<double>'", method, static m => FixParameters((MethodDeclarationSyntax)m));
    }

    private static MethodDeclarationSyntax FixReturnType(MethodDeclarationSyntax method) =>
        method.WithReturnType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.DoubleKeyword)).WithTriviaFrom(method.ReturnType));

    private static MethodDeclarationSyntax FixParameters(MethodDeclarationSyntax method)
    {
        SeparatedSyntaxList<ParameterSyntax> parameters = method.ParameterList.Parameters;
        SyntaxToken name = parameters.Count != 0 && !parameters[0].Identifier.IsMissing
            ? parameters[0].Identifier.WithoutTrivia()
            : SyntaxFactory.Identifier("x");
        // System.ReadOnlySpan<double>, shortened by the simplifier where 'using System;' is in scope.
        TypeSyntax span = SyntaxFactory.ParseTypeName("System.ReadOnlySpan<double>").WithAdditionalAnnotations(Simplifier.Annotation);
        ParameterSyntax parameter = SyntaxFactory.Parameter(name).WithType(span.WithTrailingTrivia(SyntaxFactory.Space));
        return method.WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(parameter))
            .WithTriviaFrom(method.ParameterList));
    }
}
