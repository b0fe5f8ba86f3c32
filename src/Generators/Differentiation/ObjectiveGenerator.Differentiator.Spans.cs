using System.Collections.Generic;
using System.Globalization;
using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenOpt.Generators;

public sealed partial class ObjectiveGenerator
{
    internal static partial class Differentiator
    {
        /// <summary>
        /// <c>stackalloc</c> span locals: <c>Span&lt;double&gt; h = stackalloc double[N];</c> (with or without an
        /// initializer list), declared outside any loop, whose elements the body reads and writes with integer indices.
        /// They become <see cref="SpanLocal"/>s: the element reads <see cref="ExprKind.Element"/> nodes and the element
        /// writes assignments with an <see cref="StatementNode.Index"/>. A span used any other way (passed to a method,
        /// sliced, aliased) keeps finite differences with a reason that names the use.
        /// </summary>
        private sealed partial class Translator
        {
            private readonly Dictionary<ISymbol, SpanLocal> _spans = new(SymbolEqualityComparer.Default);
            private readonly List<SpanLocal> _spanLocals = [];
            private long _spanValues;

            /// <summary>The span local <paramref name="expression"/> names, or null.</summary>
            private SpanLocal? SpanOf(ExpressionSyntax expression) =>
                Symbol(expression) is ILocalSymbol local && _spans.TryGetValue(local, out SpanLocal? span) ? span : null;

            private static bool IsSpanOf(ITypeSymbol type, string name, SpecialType element) =>
                type is INamedTypeSymbol { Name: var n, TypeArguments.Length: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named
                && n == name && named.TypeArguments[0].SpecialType == element;

            /// <summary>
            /// Translates the declaration of <paramref name="local"/> when it is a <c>stackalloc</c> span of doubles; throws
            /// with a reason naming the construct for the span-like locals that stay out (another element type, an array
            /// made with <c>new</c>, an alias of the point or of a span); returns false for any other local.
            /// </summary>
            private bool SpanDeclaration(LocalDeclarationStatementSyntax declaration, VariableDeclaratorSyntax variable, ILocalSymbol local,
                List<StatementNode> output, bool inLoop)
            {
                ExpressionSyntax? created = variable.Initializer?.Value is { } value ? WithoutParentheses(value) : null;
                bool isStackalloc = created is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax;
                if (local.Type is IArrayTypeSymbol && created is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax)
                {
                    throw new Blocked(declaration, $"an array made with 'new' ('{local.Name}') is not differentiable (and allocates on every call); hold the values in 'Span<double> {local.Name} = stackalloc double[n]'");
                }
                if (IsSpanOf(local.Type, "ReadOnlySpan", SpecialType.System_Double) || (IsSpanOf(local.Type, "Span", SpecialType.System_Double) && !isStackalloc))
                {
                    string of = created is not null && ReadsPoint(created) ? "the point" : "a span";
                    throw new Blocked(declaration, $"a span alias of {of} ('{local.Name}') is not differentiable; index {(of == "the point" ? $"the point '{_point?.Name ?? "x"}'" : "the span")} directly, or copy the values into 'Span<double> {local.Name} = stackalloc double[n]'");
                }
                if (!isStackalloc)
                    return false;
                if (!IsSpanOf(local.Type, "Span", SpecialType.System_Double))
                {
                    throw new Blocked(declaration, $"a stackalloc span of '{ElementTypeName(local.Type)}' ('{local.Name}') is not differentiable; only 'Span<double>' spans are (use 'int' locals for indices)");
                }
                if (inLoop)
                    throw new Blocked(declaration, $"a stackalloc span ('{local.Name}') declared inside a loop is not differentiable; declare it once, before the loop");

                // The length: 'stackalloc double[N]' (N an integer fixed before the loops), or the number of initializers.
                InitializerExpressionSyntax? initializer = created switch
                {
                    StackAllocArrayCreationExpressionSyntax s => s.Initializer,
                    ImplicitStackAllocArrayCreationExpressionSyntax i => i.Initializer,
                    _ => null,
                };
                ExpressionSyntax? sizeSyntax = null;
                if (created is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax array } && array.RankSpecifiers.Count == 1
                    && array.RankSpecifiers[0].Sizes.Count == 1 && array.RankSpecifiers[0].Sizes[0] is not OmittedArraySizeExpressionSyntax)
                {
                    sizeSyntax = array.RankSpecifiers[0].Sizes[0];
                }
                int length;
                string sizeText;
                if (sizeSyntax is not null)
                {
                    sizeText = Index(sizeSyntax);
                    length = EvaluateInt(sizeSyntax) ?? -1;
                }
                else
                {
                    length = initializer?.Expressions.Count ?? 0;
                    sizeText = length.ToString(CultureInfo.InvariantCulture);
                }
                // A length known only at run time (an 'int' field, a data array's length: fixed during the call) is
                // allowed: the generated code takes such a span and its adjoint from the stack when short and from the
                // shared array pool when long, so it does not count against the stack budget below.
                if (length >= 0)
                    _spanValues += length;
                if (_spanValues > DerivativeAnalysis.MaxSavedValues)
                {
                    throw new Blocked(declaration, $"the stackalloc spans hold {_spanValues.ToString(CultureInfo.InvariantCulture)} values, more than the {DerivativeAnalysis.MaxSavedValues.ToString(CultureInfo.InvariantCulture)} GenOpt keeps on the stack with their adjoints");
                }
                var span = new SpanLocal(Unique(local.Name), sizeText, length);
                _spans[local] = span;
                _spanLocals.Add(span);
                if (initializer is not null)
                {
                    for (int i = 0; i < initializer.Expressions.Count; i++)
                        output.Add(SpanWrite(StatementKind.Assign, span.Name, i.ToString(CultureInfo.InvariantCulture), Expr(initializer.Expressions[i])));
                }
                return true;
            }

            private static string ElementTypeName(ITypeSymbol type) =>
                type is INamedTypeSymbol { TypeArguments.Length: 1 } named
                    ? named.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)
                    : type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

            private bool ReadsPoint(ExpressionSyntax expression)
            {
                foreach (SyntaxNode node in expression.DescendantNodesAndSelf())
                {
                    if (node is IdentifierNameSyntax name && _point is not null && SymbolEqualityComparer.Default.Equals(Symbol(name), _point))
                        return true;
                }
                return false;
            }

            private static StatementNode SpanWrite(StatementKind kind, string span, string index, ExprNode value) =>
                new(kind, span, value, "", EquatableArray<string>.Empty, null, EquatableArray<StatementNode>.Empty, EquatableArray<StatementNode>.Empty, index);

            /// <summary>The span and index when <paramref name="target"/> is an element of a span local, else null.</summary>
            private (string Span, string Index)? SpanElementTarget(ExpressionSyntax target)
            {
                if (WithoutParentheses(target) is not ElementAccessExpressionSyntax element)
                    return null;
                ISymbol? owner = Symbol(element.Expression);
                if (owner is null || !_spans.TryGetValue(owner, out SpanLocal? span))
                    return null;
                return (span.Name, SpanIndex(element, owner.Name));
            }

            /// <summary>The index of an element access of a span local: one 'int' that does not depend on the point.</summary>
            private string SpanIndex(ElementAccessExpressionSyntax element, string name)
            {
                if (element.ArgumentList.Arguments.Count != 1)
                    throw new Blocked(element, $"index the span '{name}' with one 'int'");
                ArgumentSyntax argument = element.ArgumentList.Arguments[0];
                if (argument.RefKindKeyword.RawKind != 0 || argument.NameColon is not null)
                    throw new Blocked(argument, "this index is not supported");
                ExpressionSyntax index = WithoutParentheses(argument.Expression);
                if (index is RangeExpressionSyntax)
                    throw new Blocked(element, $"slicing the span '{name}' with a range is not differentiable; read its elements '{name}[i]'");
                if (index is PrefixUnaryExpressionSyntax hat && hat.IsKind(SyntaxKind.IndexExpression))
                    throw new Blocked(element, $"an index from the end ('^') of the span '{name}' is not differentiable; write '{name}[{name}.Length - k]'");
                return Index(argument.Expression);
            }

            private StatementNode SpanAssignment(AssignmentExpressionSyntax assignment, string span, string index)
            {
                ExprNode right = Expr(assignment.Right);
                ExprNode old = ExprNode.Of(ExprKind.Element, span, ExprNode.Leaf(ExprKind.Constant, index));
                return assignment.Kind() switch
                {
                    SyntaxKind.SimpleAssignmentExpression => SpanWrite(StatementKind.Assign, span, index, right),
                    SyntaxKind.AddAssignmentExpression => SpanWrite(StatementKind.AddAssign, span, index, right),
                    SyntaxKind.SubtractAssignmentExpression => SpanWrite(StatementKind.SubtractAssign, span, index, right),
                    SyntaxKind.MultiplyAssignmentExpression => SpanWrite(StatementKind.Assign, span, index, ExprNode.Of(ExprKind.Multiply, "", old, right)),
                    SyntaxKind.DivideAssignmentExpression => SpanWrite(StatementKind.Assign, span, index, ExprNode.Of(ExprKind.Divide, "", old, right)),
                    _ => throw new Blocked(assignment, $"the compound assignment '{assignment.OperatorToken.Text}' is not differentiable; use '=', '+=', '-=', '*=' or '/='"),
                };
            }

            private static StatementNode SpanIncrement(bool increment, string span, string index) =>
                SpanWrite(increment ? StatementKind.AddAssign : StatementKind.SubtractAssign, span, index, ExprNode.Leaf(ExprKind.Constant, "1"));

            /// <summary>Why a span local used as a whole (not one of its elements) is not differentiable.</summary>
            private static string SpanUsedWhole(ExpressionSyntax expression, SpanLocal span, string name) => expression.Parent switch
            {
                ArgumentSyntax => $"passing the span '{name}' to a method is not differentiable; pass its elements ('{name}[i]') as 'double' arguments, or write the loop in the objective",
                _ => $"the span '{name}' used as a whole is not differentiable; read and write its elements ('{name}[i]')",
            };

            /// <summary>Why a method called on a span local or on the point is not differentiable, or null when the receiver is neither.</summary>
            private string? SpanMethodCall(InvocationExpressionSyntax invocation, IMethodSymbol method)
            {
                if (invocation.Expression is not MemberAccessExpressionSyntax member || method.IsStatic)
                    return null;
                ISymbol? receiver = Symbol(member.Expression);
                string? what = receiver is not null && _spans.ContainsKey(receiver) ? $"the span '{receiver.Name}'"
                    : receiver is not null && _point is not null && SymbolEqualityComparer.Default.Equals(receiver, _point) ? $"the point '{receiver.Name}'"
                    : null;
                if (what is null)
                    return null;
                return method.Name == "Slice"
                    ? $"slicing {what} is not differentiable; index its elements directly"
                    : $"calling '{method.Name}' on {what} is not differentiable; read and write its elements in a loop";
            }
        }
    }
}
