using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenOpt.CodeFixes;

/// <summary>
/// GENOPT001 (method not partial) and GENOPT002 (type not partial): adds <c>partial</c> as the last modifier,
/// where C# requires it (just before the return type, or before <c>class</c>/<c>struct</c>/<c>record</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix)), Shared]
public sealed class AddPartialCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Ids.NotPartialMethod, Ids.NotPartialType);

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
            SyntaxToken identifier = root.FindToken(diagnostic.Location.SourceSpan.Start);
            SyntaxNode? declaration = identifier.Parent;
            string? title = null;
            if (diagnostic.Id == Ids.NotPartialMethod && declaration is MethodDeclarationSyntax method
                && !method.Modifiers.Any(SyntaxKind.PartialKeyword)
                && (method.Body is not null || method.ExpressionBody is not null))
            {
                title = $"Make '{method.Identifier.ValueText}' partial";
            }
            else if (diagnostic.Id == Ids.NotPartialType && declaration is TypeDeclarationSyntax type
                && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                title = $"Make '{type.Identifier.ValueText}' partial";
            }
            if (title is null)
                continue;
            SyntaxNode target = declaration!;
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => Edits.ReplaceAsync(context.Document, target, AddPartial, ct), equivalenceKey: diagnostic.Id + ".AddPartial"),
                diagnostic);
        }
    }

    private static SyntaxNode AddPartial(SyntaxNode declaration) =>
        declaration switch
        {
            MethodDeclarationSyntax method => AddPartial(method, method.Modifiers, method.ReturnType.GetFirstToken(),
                static (m, modifiers) => ((MethodDeclarationSyntax)m).WithModifiers(modifiers)),
            TypeDeclarationSyntax type => AddPartial(type, type.Modifiers, type.Keyword,
                static (t, modifiers) => ((TypeDeclarationSyntax)t).WithModifiers(modifiers)),
            _ => declaration,
        };

    /// <summary>Appends <c>partial</c> to the modifiers; with none, it takes over the next token's leading trivia.</summary>
    private static SyntaxNode AddPartial(SyntaxNode node, SyntaxTokenList modifiers, SyntaxToken next, System.Func<SyntaxNode, SyntaxTokenList, SyntaxNode> withModifiers)
    {
        SyntaxToken partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (modifiers.Count != 0)
            return withModifiers(node, modifiers.Add(partial));
        SyntaxNode stripped = node.ReplaceToken(next, next.WithLeadingTrivia(SyntaxTriviaList.Empty));
        return withModifiers(stripped, SyntaxFactory.TokenList(partial.WithLeadingTrivia(next.LeadingTrivia)));
    }
}
