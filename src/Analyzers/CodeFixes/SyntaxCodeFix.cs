using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

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

/// <summary>A planned fix: replace <see cref="Node"/> with what <see cref="Rewrite"/> makes of it.</summary>
internal sealed class FixPlan(string title, SyntaxNode node, Func<SyntaxNode, SyntaxNode> rewrite)
{
    public string Title { get; } = title;
    public SyntaxNode Node { get; } = node;
    public Func<SyntaxNode, SyntaxNode> Rewrite { get; } = rewrite;
}

/// <summary>The shape of every GenOpt code fix: one node rewritten per diagnostic; Fix All batches them.</summary>
public abstract class SyntaxCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <summary>True when <see cref="Plan"/> needs the semantic model.</summary>
    private protected virtual bool NeedsSemanticModel => false;

    /// <summary>The fix for <paramref name="diagnostic"/>, or null when there is none to offer.</summary>
    private protected abstract FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Document document = context.Document;
        SyntaxNode? root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = NeedsSemanticModel ? await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false) : null;
        if (root is null || (NeedsSemanticModel && model is null))
            return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is not { } plan)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(plan.Title, ct => ReplaceAsync(document, plan, ct), equivalenceKey: diagnostic.Id + "." + GetType().Name),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, FixPlan plan, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(plan.Node, plan.Rewrite(plan.Node)));
    }
}
