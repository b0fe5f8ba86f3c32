using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

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

/// <summary>What every GenOpt code fix does once it has its new node.</summary>
internal static class Edits
{
    /// <summary>The document with <paramref name="node"/> replaced by what <paramref name="rewrite"/> makes of it.</summary>
    public static async Task<Document> ReplaceAsync<TNode>(Document document, TNode node, System.Func<TNode, SyntaxNode> rewrite, CancellationToken cancellationToken)
        where TNode : SyntaxNode
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, rewrite(node)));
    }
}
