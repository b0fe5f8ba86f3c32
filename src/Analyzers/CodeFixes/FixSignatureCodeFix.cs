using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
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
public sealed class FixSignatureCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Ids.ReturnType, Ids.Parameters);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            MethodDeclarationSyntax? method = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method is null)
                continue;
            bool returnType = diagnostic.Id == Ids.ReturnType;
            string title = returnType ? "Return 'double'" : "Take one 'ReadOnlySpan<double>'";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => Edits.ReplaceAsync(context.Document, method, m => Fix(m, returnType), ct), equivalenceKey: diagnostic.Id + ".FixSignature"),
                diagnostic);
        }
    }

    private static MethodDeclarationSyntax Fix(MethodDeclarationSyntax method, bool returnType)
    {
        if (returnType)
        {
            return method.WithReturnType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.DoubleKeyword))
                .WithTriviaFrom(method.ReturnType));
        }
        else
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
}
