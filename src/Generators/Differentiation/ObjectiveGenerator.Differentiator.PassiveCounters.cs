using System.Collections.Generic;
using System.Linq;
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
        /// Passive <c>double</c> counters: <c>double k = 0; while (k &lt; 3) { ... x[(int)k] ...; k += 1; }</c>. A
        /// <c>double</c> local normally counts as depending on the point, so <c>(int)k</c> would block the derivative.
        /// A local that is declared with an integer constant and written nowhere but by the step that ends the body of the
        /// while or do-while loop testing it never depends on the point: it is the loop's counter, held in a
        /// <c>double</c>. It becomes the loop's <c>int</c> counter (see <see cref="Translator.CounterLoop"/>), read as
        /// <c>(double)k</c>, so its value is there again at each iteration of the adjoint sweep, as a counter's is.
        /// </summary>
        private sealed partial class Translator
        {
            // The 'double' locals of the body being translated that are passive counters.
            private readonly HashSet<ILocalSymbol> _passiveCounters = new(SymbolEqualityComparer.Default);

            // The 'int' locals of the body that only count a while loop's iterations (see IsCountingInteger).
            private readonly HashSet<ILocalSymbol> _countingIntegers = new(SymbolEqualityComparer.Default);

            // For each 'double' or 'int' local of the body: the expressions that write it (assignments, increments), from one walk.
            private Dictionary<ISymbol, List<ExpressionSyntax>>? _localWrites;

            /// <summary>Records every write of a <c>double</c> or <c>int</c> local in <paramref name="syntax"/> (one walk of the body).</summary>
            private void IndexLocalWrites(SyntaxNode syntax)
            {
                _localWrites = new Dictionary<ISymbol, List<ExpressionSyntax>>(SymbolEqualityComparer.Default);
                foreach (SyntaxNode node in syntax.DescendantNodes())
                {
                    ExpressionSyntax? target = node switch
                    {
                        AssignmentExpressionSyntax assignment => assignment.Left,
                        PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression) => postfix.Operand,
                        PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) => prefix.Operand,
                        ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => argument.Expression,
                        _ => null,
                    };
                    if (target is IdentifierNameSyntax && Symbol(target) is ILocalSymbol { Type.SpecialType: SpecialType.System_Double or SpecialType.System_Int32 } local)
                    {
                        if (!_localWrites.TryGetValue(local, out List<ExpressionSyntax>? writes))
                            _localWrites[local] = writes = [];
                        // The writing expression (a statement's whole expression when it is a step), or the ref argument.
                        writes.Add(node as ExpressionSyntax ?? target);
                    }
                }
            }

            /// <summary>
            /// Whether the <c>double</c> local <paramref name="local"/>, declared by <paramref name="variable"/>, is a passive
            /// counter: its initializer is an integer constant (<paramref name="start"/>), and its only other write is the
            /// step (<c>k++</c>, <c>k += 1</c>, ...) that is the last statement of the body of a while or do-while loop whose
            /// condition compares it with an integer known at compile time (<c>k &lt; 3</c>; for a do-while loop, one that holds
            /// at the start). Anything else keeps the local an ordinary, active one.
            /// </summary>
            private bool IsPassiveCounter(ILocalSymbol local, VariableDeclaratorSyntax variable, out int start)
            {
                start = 0;
                if (variable.Initializer is not { } initializer || Constant(initializer.Value) is not { HasValue: true, Value: { } value }
                    || value is not (int or double))
                {
                    return false;
                }
                double initial = System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                if (initial != System.Math.Floor(initial) || initial is > int.MaxValue or < int.MinValue)
                    return false;
                start = (int)initial;
                if (FinalStep(local) is not (_, var loop) || !InSameLoops(variable, loop))
                    return false;
                ExpressionSyntax condition = loop is WhileStatementSyntax w ? w.Condition : ((DoStatementSyntax)loop).Condition;
                if (condition is not BinaryExpressionSyntax compare
                    || !SymbolEqualityComparer.Default.Equals(Symbol(compare.Left), local)
                    || EvaluateInt(compare.Right) is null)
                {
                    // A bound known only at run time keeps the local an ordinary one (the while loop records its trips).
                    return false;
                }
                if (loop is DoStatementSyntax)
                {
                    // A do-while loop is the for loop it means only when its condition holds at the start.
                    _values[local] = start;
                    try
                    {
                        return EvaluateBool(condition) == true;
                    }
                    finally
                    {
                        _values.Remove(local);
                    }
                }
                return true;
            }

            /// <summary>
            /// Whether <paramref name="loop"/> runs in the same iterations of the loops around it as the declaration
            /// <paramref name="declaration"/> of its counter: the innermost loop around each is the same (or there is none).
            /// A counter declared outside a loop that holds its while loop would carry its count from one iteration of
            /// the outer loop to the next, which a counted loop (restarting at the declared value) does not.
            /// </summary>
            private static bool InSameLoops(SyntaxNode declaration, StatementSyntax loop) =>
                EnclosingLoopSyntax(declaration) == EnclosingLoopSyntax(loop.Parent);

            private static SyntaxNode? EnclosingLoopSyntax(SyntaxNode? node)
            {
                for (; node is not null and not MemberDeclarationSyntax and not LocalFunctionStatementSyntax; node = node.Parent)
                {
                    if (node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                        return node;
                }
                return null;
            }

            /// <summary>
            /// The step that is the only write of <paramref name="local"/> besides its initializer, when that step
            /// (<c>k++</c>, <c>k--</c>, <c>k += c</c>, <c>k -= c</c> with <c>c</c> an 'int' constant) is the last statement of
            /// the body of a while or do-while loop; its step and that loop, else null.
            /// </summary>
            private (int Step, StatementSyntax Loop)? FinalStep(ILocalSymbol local)
            {
                if (_localWrites is null || !_localWrites.TryGetValue(local, out List<ExpressionSyntax>? writes) || writes.Count != 1)
                    return null;
                ExpressionSyntax step = writes[0];
                if (step.Parent is not ExpressionStatementSyntax statement || statement.Parent is not BlockSyntax block
                    || block.Statements.LastOrDefault() != statement || block.Parent is not (WhileStatementSyntax or DoStatementSyntax))
                {
                    return null;
                }
                int? by = step switch
                {
                    PostfixUnaryExpressionSyntax p => p.IsKind(SyntaxKind.PostIncrementExpression) ? 1 : -1,
                    PrefixUnaryExpressionSyntax p => p.IsKind(SyntaxKind.PreIncrementExpression) ? 1 : -1,
                    AssignmentExpressionSyntax a when a.IsKind(SyntaxKind.AddAssignmentExpression) && Constant(a.Right) is { HasValue: true, Value: int c } => c,
                    AssignmentExpressionSyntax a when a.IsKind(SyntaxKind.SubtractAssignmentExpression) && Constant(a.Right) is { HasValue: true, Value: int c } && c != int.MinValue => -c,
                    _ => null,
                };
                return by is int value && value != 0 ? (value, (StatementSyntax)block.Parent) : null;
            }

            /// <summary>
            /// An <c>int</c> local that only counts the iterations of a while loop whose condition also reads the point
            /// (<c>int steps = 0; while (py &gt;= 0 &amp;&amp; steps &lt; 400) { ...; steps++; }</c>): declared with an
            /// 'int' constant, written only by the step that ends the loop's body, and read only as the left side of a
            /// comparison with an 'int' constant that bounds it in the direction it steps (<c>&lt;</c>, <c>&lt;=</c> going up),
            /// each a conjunct (<c>&amp;&amp;</c>) of that loop's condition. The loop stops at that bound, so the count never
            /// leaves the integers a <c>double</c> holds exactly, and comparing a <c>double</c> gives what comparing the
            /// <c>int</c> does: the local is then a <c>double</c> local of the model, like the loops' flags, which only
            /// conditions read (no adjoint reaches it), and the while loop records its trips as any while loop does. A loop
            /// whose condition is that comparison alone is a counted loop instead (<see cref="CounterLoop"/>).
            /// </summary>
            private bool IsCountingInteger(ILocalSymbol local, VariableDeclaratorSyntax variable)
            {
                if (variable.Initializer is not { } initializer || Constant(initializer.Value) is not { HasValue: true, Value: int }
                    || FinalStep(local) is not (int step, var loop))
                {
                    return false;
                }
                ExpressionSyntax condition = loop is WhileStatementSyntax w ? w.Condition : ((DoStatementSyntax)loop).Condition;
                if (condition is BinaryExpressionSyntax bare && !bare.IsKind(SyntaxKind.LogicalAndExpression))
                    return false;
                SyntaxNode? root = variable.FirstAncestorOrSelf<MemberDeclarationSyntax>();
                int reads = 0;
                foreach (IdentifierNameSyntax name in root?.DescendantNodes().OfType<IdentifierNameSyntax>() ?? [])
                {
                    if (name.Identifier.ValueText != local.Name || !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(name, _cancellationToken).Symbol, local))
                        continue;
                    if (name.Parent == _localWrites![local][0] || (name.Parent is AssignmentExpressionSyntax a && a.Left == name))
                        continue; // the step itself
                    if (name.Parent is not BinaryExpressionSyntax compare || compare.Left != name
                        || Constant(compare.Right) is not { HasValue: true, Value: int bound } || bound is int.MaxValue or int.MinValue
                        || !(step > 0 ? compare.IsKind(SyntaxKind.LessThanExpression) || compare.IsKind(SyntaxKind.LessThanOrEqualExpression)
                                      : compare.IsKind(SyntaxKind.GreaterThanExpression) || compare.IsKind(SyntaxKind.GreaterThanOrEqualExpression)))
                    {
                        return false;
                    }
                    // A conjunct of the loop's condition: only '&&' and parentheses between it and the condition.
                    SyntaxNode node = compare;
                    while (node != condition && node.Parent is ParenthesizedExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression })
                        node = node.Parent;
                    if (node != condition)
                        return false;
                    reads++;
                }
                return reads > 0;
            }

            /// <summary>
            /// Declares <paramref name="local"/>, an <c>int</c>, as a <c>double</c> local of the model when it only counts
            /// the iterations of a while loop (<see cref="IsCountingInteger"/>).
            /// </summary>
            private bool CountingIntegerDeclaration(ILocalSymbol local, VariableDeclaratorSyntax variable, List<StatementNode> output)
            {
                if (!IsCountingInteger(local, variable))
                    return false;
                string name = Unique(local.Name);
                _countingIntegers.Add(local);
                _doubles[local] = name;
                _locals.Add(name);
                output.Add(Simple(StatementKind.Declare, name, Expr(variable.Initializer!.Value)));
                return true;
            }

            /// <summary>A read of a counting integer: an 'int' the model holds in a <c>double</c> local, only compared.</summary>
            private bool IsCountingIntegerRead(ExpressionSyntax expression) =>
                _countingIntegers.Count != 0 && expression is IdentifierNameSyntax && Symbol(expression) is ILocalSymbol local && _countingIntegers.Contains(local);

            /// <summary>
            /// Declares <paramref name="local"/> as a passive counter when it is one: an integer fixed until its loop, whose
            /// reads print its value as a <c>double</c> literal.
            /// </summary>
            private bool PassiveCounterDeclaration(ILocalSymbol local, VariableDeclaratorSyntax variable, bool inLoop)
            {
                if (!IsPassiveCounter(local, variable, out int start))
                    return false;
                _passiveCounters.Add(local);
                _integers[local] = DoubleLiteral(start);
                _values[local] = start;
                if (!inLoop)
                    _invariant.Add(local);
                return true;
            }
        }
    }
}
