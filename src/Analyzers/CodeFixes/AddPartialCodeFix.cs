using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenOpt.CodeFixes;

/// <summary>
/// GENOPT001 (method not partial) and GENOPT002 (type not partial): adds <c>partial</c> as the last modifier,
/// where C# requires it (just before the return type, or before <c>class</c>/<c>struct</c>/<c>record</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix)), Shared]
public sealed class AddPartialCodeFix : SyntaxCodeFix
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Ids.NotPartialMethod, Ids.NotPartialType);

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        SyntaxNode? declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
        if (diagnostic.Id == Ids.NotPartialMethod && declaration is MethodDeclarationSyntax method
            && !method.Modifiers.Any(SyntaxKind.PartialKeyword)
            && (method.Body is not null || method.ExpressionBody is not null))
        {
            return new FixPlan($"Make '{method.Identifier.ValueText}' partial", method,
                static m => AddPartial(m, ((MethodDeclarationSyntax)m).Modifiers, ((MethodDeclarationSyntax)m).ReturnType.GetFirstToken(),
                    static (n, modifiers) => ((MethodDeclarationSyntax)n).WithModifiers(modifiers)));
        }
        if (diagnostic.Id == Ids.NotPartialType && declaration is TypeDeclarationSyntax type
            && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return new FixPlan($"Make '{type.Identifier.ValueText}' partial", type,
                static t => AddPartial(t, ((TypeDeclarationSyntax)t).Modifiers, ((TypeDeclarationSyntax)t).Keyword,
                    static (n, modifiers) => ((TypeDeclarationSyntax)n).WithModifiers(modifiers)));
        }
        return null;
    }

    /// <summary>Appends <c>partial</c> to the modifiers; with none, it takes over the next token's leading trivia.</summary>
    private static SyntaxNode AddPartial(SyntaxNode node, SyntaxTokenList modifiers, SyntaxToken next, Func<SyntaxNode, SyntaxTokenList, SyntaxNode> withModifiers)
    {
        SyntaxToken partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (modifiers.Count != 0)
            return withModifiers(node, modifiers.Add(partial));
        SyntaxNode stripped = node.ReplaceToken(next, next.WithLeadingTrivia(SyntaxTriviaList.Empty));
        return withModifiers(stripped, SyntaxFactory.TokenList(partial.WithLeadingTrivia(next.LeadingTrivia)));
    }
}
