using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
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
        /// Control flow the derivative model has no node for, lowered to the nodes it has, with values bit for bit those
        /// of the user's method:
        /// <list type="bullet">
        /// <item>Early returns assign a result local (<c>result = e;</c>) and the body returns it once, at the end. What
        /// follows a statement that may have returned runs in the other branch of an <c>if</c> that always leaves (a guard
        /// clause: <c>if (c) return a; rest</c> becomes <c>if (c) result = a; else { rest }</c>), or else under
        /// <c>if (returned == 0)</c>, a flag the return sets.</item>
        /// <item><c>continue</c> works the same way within one iteration (the rest of the iteration in the other branch,
        /// or under a flag reset at the start of each iteration). <c>break</c> sets a flag that stops the loop: a while
        /// or do-while loop tests it before its condition (<c>while (stop == 0 &amp;&amp; (c))</c>, so it runs exactly the
        /// iterations it ran), a <c>for</c> loop runs its remaining iterations without doing anything
        /// (<c>if (stop == 0) { body }</c>). A return inside a loop stops every loop around it the same way.</item>
        /// <item><c>switch</c> statements become <c>if</c>/<c>else</c> chains and switch expressions nested <c>?:</c>, the
        /// governing value compared with constants (<c>==</c>), relational patterns, <c>and</c>/<c>or</c>/<c>not</c> and
        /// <c>when</c> clauses; on a value that depends on the point the derivative is piecewise, as for <c>?:</c>.</item>
        /// <item><c>int i = a; while (i &lt; b) { ...; i++; }</c>, a while loop stepping an <c>int</c> counter as the
        /// last statement of its body, is the <c>for</c> loop it means.</item>
        /// </list>
        /// Flags are <c>double</c> locals that hold 0 or 1 and are only compared, so they have no adjoint; flags nobody
        /// tests are removed at the end (<see cref="PruneFlags"/>).
        /// </summary>
        private sealed partial class Translator
        {
            /// <summary>A statement <c>break</c> and <c>continue</c> may leave: a loop (with its flags) or a switch.</summary>
            private sealed class JumpTarget
            {
                public JumpTarget(bool isLoop) => IsLoop = isLoop;

                public bool IsLoop { get; }

                /// <summary>The loop's flag set by <c>break</c> (and by a return inside it), or null.</summary>
                public string? Stop { get; set; }

                /// <summary>The loop's flag set by <c>continue</c>, reset at the start of each iteration, or null.</summary>
                public string? Skip { get; set; }
            }

            /// <summary>What a loop's body became, and the flags that stop the loop.</summary>
            private sealed record LoopBodyResult(List<StatementNode> Body, List<string> StopFlags);

            /// <summary>The jumps that leave a statement: the first <c>return</c>, <c>break</c> and <c>continue</c> found, or null.</summary>
            private readonly record struct Escape(SyntaxNode? Return, SyntaxNode? Break, SyntaxNode? Continue)
            {
                public bool Any => Return is not null || Break is not null || Continue is not null;
            }

            // Innermost last: the loops and switches around the statement being translated.
            private readonly List<JumpTarget> _targets = [];

            // In a body with early returns: the local holding the result, and the flag a return sets.
            private string? _result;
            private string? _returned;

            // Flag locals made so far, and those some condition tests.
            private readonly HashSet<string> _flags = new(System.StringComparer.Ordinal);
            private readonly HashSet<string> _flagsRead = new(System.StringComparer.Ordinal);

            private static bool IsJump(StatementSyntax statement) =>
                statement is ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax;

            /// <summary>Whether the body has a return before its last statement, or does not end with one.</summary>
            private static bool HasEarlyReturn(SyntaxList<StatementSyntax> body, int count)
            {
                if (count == 0)
                    return false;
                if (body[count - 1] is not ReturnStatementSyntax)
                    return Escapes(body[count - 1]).Return is not null;
                for (int i = 0; i < count - 1; i++)
                {
                    if (Escapes(body[i]).Return is not null)
                        return true;
                }
                return false;
            }

            /// <summary>
            /// The jumps that leave <paramref name="statement"/>: any <c>return</c>, a <c>break</c> not inside a loop or
            /// switch of the statement (the statement itself included), a <c>continue</c> not inside a loop of it. Local
            /// functions are not looked into; only statements are walked, not expressions.
            /// </summary>
            private static Escape Escapes(StatementSyntax statement)
            {
                SyntaxNode? returns = null, breaks = null, continues = null;
                Visit(statement, false, false);
                return new Escape(returns, breaks, continues);

                void Visit(SyntaxNode node, bool inLoop, bool inBreakable)
                {
                    RuntimeHelpers.EnsureSufficientExecutionStack();
                    switch (node)
                    {
                        case ReturnStatementSyntax:
                            returns ??= node;
                            return;
                        case BreakStatementSyntax:
                            if (!inBreakable)
                                breaks ??= node;
                            return;
                        case ContinueStatementSyntax:
                            if (!inLoop)
                                continues ??= node;
                            return;
                        case LocalFunctionStatementSyntax:
                            return;
                    }
                    bool loop = node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax;
                    bool breakable = loop || node is SwitchStatementSyntax;
                    foreach (SyntaxNode child in node.ChildNodes())
                    {
                        if (child is StatementSyntax or ElseClauseSyntax or SwitchSectionSyntax or CatchClauseSyntax or FinallyClauseSyntax)
                            Visit(child, inLoop || loop, inBreakable || breakable);
                    }
                }
            }

            /// <summary>The jumps that leave any of <paramref name="statements"/>.</summary>
            private static Escape Escapes(IEnumerable<StatementSyntax> statements)
            {
                Escape all = default;
                foreach (StatementSyntax statement in statements)
                {
                    Escape one = Escapes(statement);
                    all = new Escape(all.Return ?? one.Return, all.Break ?? one.Break, all.Continue ?? one.Continue);
                }
                return all;
            }

            /// <summary>Whether every way through <paramref name="statement"/> ends in a jump (the code after it is not reached from it).</summary>
            private static bool Exits(StatementSyntax statement) => statement switch
            {
                ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax => true,
                BlockSyntax block => block.Statements.Any(static s => Exits(s)),
                IfStatementSyntax conditional => conditional.Else is { } otherwise && Exits(conditional.Statement) && Exits(otherwise.Statement),
                _ => false,
            };

            /// <summary>A new flag local (0 until set).</summary>
            private string Flag(string stem)
            {
                string name = Unique(stem);
                _locals.Add(name);
                _flags.Add(name);
                return name;
            }

            private static StatementNode SetFlag(string flag, string value = "1") =>
                Simple(StatementKind.Assign, flag, ExprNode.Leaf(ExprKind.Constant, value));

            /// <summary>The condition that none of <paramref name="flags"/> is set; the flags are then tested (kept by <see cref="PruneFlags"/>).</summary>
            private (string Text, EquatableArray<string> Reads) NoneSet(IReadOnlyList<string> flags)
            {
                foreach (string flag in flags)
                    _flagsRead.Add(flag);
                return (string.Join(" && ", flags.Select(static f => f + " == 0")), flags.Distinct().ToEquatableArray());
            }

            /// <summary>The condition of <see cref="NoneSet"/> as a tree.</summary>
            private static ConditionNode NoneSetTest(IReadOnlyList<string> flags)
            {
                ConditionNode? test = null;
                foreach (string flag in flags)
                {
                    ConditionNode clear = ConditionNode.Compare(ExprNode.Leaf(ExprKind.Local, flag), "==", ExprNode.Leaf(ExprKind.Constant, "0"));
                    test = test is null ? clear : ConditionNode.Logical(ConditionKind.And, test, clear);
                }
                return test ?? ConditionNode.Literal(true);
            }

            /// <summary>
            /// A body with early returns: the statements (<paramref name="count"/> of them, the local functions after
            /// the last return left out) with each <c>return e;</c> as <c>result = e;</c>, then <c>return result;</c>.
            /// </summary>
            private List<StatementNode> LowerReturns(SyntaxList<StatementSyntax> body, int count)
            {
                _result = Unique("result");
                _locals.Add(_result);
                _returned = Flag("returned");
                var statements = new List<StatementNode>();
                StatementList(body.Take(count).ToList(), 0, statements, false);
                statements.Add(Simple(StatementKind.Return, "", ExprNode.Leaf(ExprKind.Local, _result)));
                return PruneFlags(statements);
            }

            /// <summary>
            /// Translates <paramref name="list"/> from <paramref name="start"/>. After a statement that a jump may leave,
            /// the rest runs only when it did not: in the other branch of an <c>if</c> one branch of which always leaves,
            /// or else under a test of the flags the jump sets.
            /// </summary>
            private void StatementList(IReadOnlyList<StatementSyntax> list, int start, List<StatementNode> output, bool inLoop)
            {
                for (int i = start; i < list.Count; i++)
                {
                    StatementSyntax statement = list[i];
                    if (IsJump(statement))
                    {
                        Statement(statement, output, inLoop);
                        return; // what follows is not reached (local functions there are translated where they are called)
                    }
                    Escape escape = statement is LocalFunctionStatementSyntax ? default : Escapes(statement);
                    if (!escape.Any || !HasRest(list, i + 1))
                    {
                        Statement(statement, output, inLoop);
                        continue;
                    }
                    if (statement is BlockSyntax block)
                    {
                        // The block's statements and the rest are one list.
                        var merged = new List<StatementSyntax>(block.Statements);
                        for (int j = i + 1; j < list.Count; j++)
                            merged.Add(list[j]);
                        StatementList(merged, 0, output, inLoop);
                        return;
                    }
                    var rest = new List<StatementSyntax>();
                    for (int j = i + 1; j < list.Count; j++)
                        rest.Add(list[j]);
                    if (statement is IfStatementSyntax conditional
                        && (Exits(conditional.Statement) || (conditional.Else is { } elseClause && Exits(elseClause.Statement))))
                    {
                        // A guard clause: the rest goes into the branch that does not always leave.
                        bool thenExits = Exits(conditional.Statement);
                        bool elseExits = conditional.Else is { } e && Exits(e.Statement);
                        List<StatementNode> then = Branch(conditional.Statement, thenExits ? null : rest, inLoop);
                        List<StatementNode> otherwise = Branch(conditional.Else?.Statement, thenExits && !elseExits ? rest : null, inLoop);
                        AddIf(conditional.Condition, then, otherwise, output);
                        return;
                    }
                    Statement(statement, output, inLoop);
                    (string guard, EquatableArray<string> guardReads) = NoneSet(FlagsSetBy(escape));
                    List<StatementNode> guarded = Branch(null, rest, inLoop);
                    if (guarded.Count != 0)
                        output.Add(new StatementNode(StatementKind.If, "", null, guard, guardReads, null, guarded.ToEquatableArray(), EquatableArray<StatementNode>.Empty, Test: NoneSetTest(FlagsSetBy(escape))));
                    return;
                }
            }

            /// <summary>Whether the list has statements that run from <paramref name="start"/> on (not only local functions).</summary>
            private static bool HasRest(IReadOnlyList<StatementSyntax> list, int start)
            {
                for (int i = start; i < list.Count; i++)
                {
                    if (list[i] is not (LocalFunctionStatementSyntax or EmptyStatementSyntax))
                        return true;
                }
                return false;
            }

            /// <summary>Translates <paramref name="first"/> (its statements, for a block) followed by <paramref name="rest"/>, one level deeper.</summary>
            private List<StatementNode> Branch(StatementSyntax? first, List<StatementSyntax>? rest, bool inLoop)
            {
                var list = new List<StatementSyntax>();
                if (first is BlockSyntax block)
                    list.AddRange(block.Statements);
                else if (first is not null)
                    list.Add(first);
                if (rest is not null)
                    list.AddRange(rest);
                var output = new List<StatementNode>();
                if (list.Count == 0)
                    return output;
                if (++_nesting > MaxNesting)
                    throw new Blocked(list[0], $"the statements are nested more than {MaxNesting.ToString(CultureInfo.InvariantCulture)} levels deep");
                RuntimeHelpers.EnsureSufficientExecutionStack();
                try
                {
                    StatementList(list, 0, output, inLoop);
                }
                finally
                {
                    _nesting--;
                }
                return output;
            }

            /// <summary>The flags a statement sets when the jumps <paramref name="escape"/> leave it.</summary>
            private List<string> FlagsSetBy(Escape escape)
            {
                var flags = new List<string>();
                if (escape.Return is not null)
                    flags.Add(_returned ?? throw new Blocked(escape.Return, ConstructNames.NotDifferentiable(escape.Return)));
                if (escape.Break is not null)
                {
                    JumpTarget? target = _targets.Count == 0 ? null : _targets[_targets.Count - 1];
                    if (target is not { IsLoop: true })
                    {
                        throw new Blocked(escape.Break,
                            "a break that leaves a switch section from inside another statement is not differentiable; end the section with it, or make one branch of the 'if' around it always leave");
                    }
                    flags.Add(target.Stop!);
                }
                if (escape.Continue is not null)
                    flags.Add(InnermostLoop(escape.Continue).Skip!);
                return flags;
            }

            private JumpTarget InnermostLoop(SyntaxNode jump)
            {
                for (int i = _targets.Count - 1; i >= 0; i--)
                {
                    if (_targets[i].IsLoop)
                        return _targets[i];
                }
                throw new Blocked(jump, ConstructNames.NotDifferentiable(jump));
            }

            /// <summary><c>return e;</c> sets the result and the returned flag; <c>break</c> and <c>continue</c> set their loop's flags.</summary>
            private void Jump(StatementSyntax statement, List<StatementNode> output)
            {
                switch (statement)
                {
                    case ReturnStatementSyntax { Expression: { } value } when _result is not null:
                        output.Add(Simple(StatementKind.Assign, _result, Expr(value)));
                        output.Add(SetFlag(_returned!));
                        return;
                    case ReturnStatementSyntax when _output is not null:
                        throw new Blocked(statement, "an early 'return;' in a vector constraint is not differentiable; guard the rest of the body with 'if'");
                    case BreakStatementSyntax:
                    {
                        JumpTarget? target = _targets.Count == 0 ? null : _targets[_targets.Count - 1];
                        if (target is null)
                            throw new Blocked(statement, ConstructNames.NotDifferentiable(statement));
                        if (target.IsLoop)
                            output.Add(SetFlag(target.Stop!));
                        return; // the end of a switch section
                    }
                    case ContinueStatementSyntax:
                        output.Add(SetFlag(InnermostLoop(statement).Skip!));
                        return;
                    default:
                        throw new Blocked(statement, ConstructNames.NotDifferentiable(statement));
                }
            }

            /// <summary>
            /// Translates a loop's body (<paramref name="statements"/> when given, else <paramref name="body"/>) with the
            /// flags its jumps set: a break flag (reset before the loop when the loop runs more than once) and a continue
            /// flag (reset at the start of each iteration). The loop stops when its break flag, or the returned flag for
            /// a return inside it, is set.
            /// </summary>
            private LoopBodyResult LoopBody(StatementSyntax body, IReadOnlyList<StatementSyntax>? statements, List<StatementNode> output, bool inLoop)
            {
                Escape escape = statements is null ? Escapes(body) : Escapes(statements);
                var target = new JumpTarget(true);
                var list = new List<StatementNode>();
                if (escape.Break is not null)
                {
                    target.Stop = Flag("stop");
                    if (inLoop)
                        output.Add(SetFlag(target.Stop, "0"));
                }
                if (escape.Continue is not null)
                {
                    target.Skip = Flag("skip");
                    list.Add(SetFlag(target.Skip, "0"));
                }
                _targets.Add(target);
                try
                {
                    if (statements is null)
                        Statement(body, list, true);
                    else
                        StatementList(statements, 0, list, true);
                }
                finally
                {
                    _targets.RemoveAt(_targets.Count - 1);
                }
                var stops = new List<string>();
                if (target.Stop is not null)
                    stops.Add(target.Stop);
                if (escape.Return is not null && _returned is not null)
                    stops.Add(_returned);
                return new LoopBodyResult(list, stops);
            }

            /// <summary>A while loop's condition, tested after its stop flags (so that it is not evaluated once they are set).</summary>
            private (string Text, EquatableArray<string> Reads) Guarded(LoopBodyResult body, string condition, EquatableArray<string> reads)
            {
                if (body.StopFlags.Count == 0)
                    return (condition, reads);
                (string guard, EquatableArray<string> flags) = NoneSet(body.StopFlags);
                return (guard + " && (" + condition + ")", flags.Concat(reads).Distinct().ToEquatableArray());
            }

            /// <summary>The tree of <see cref="Guarded"/>'s condition: the stop flags clear, and the loop's condition.</summary>
            private static ConditionNode GuardedTest(LoopBodyResult body, ConditionNode test) =>
                body.StopFlags.Count == 0 ? test : ConditionNode.Logical(ConditionKind.And, NoneSetTest(body.StopFlags), test);

            /// <summary>A counted loop's body, run only while its stop flags are clear.</summary>
            private List<StatementNode> GuardedBody(LoopBodyResult body)
            {
                if (body.StopFlags.Count == 0 || body.Body.Count == 0)
                    return body.Body;
                (string guard, EquatableArray<string> reads) = NoneSet(body.StopFlags);
                return [new StatementNode(StatementKind.If, "", null, guard, reads, null, body.Body.ToEquatableArray(), EquatableArray<StatementNode>.Empty, Test: NoneSetTest(body.StopFlags), StopsLoop: true)];
            }

            /// <summary>Removes the flags no condition tests, and their assignments.</summary>
            private List<StatementNode> PruneFlags(List<StatementNode> statements)
            {
                if (_flags.All(_flagsRead.Contains))
                    return statements;
                _locals.RemoveAll(l => _flags.Contains(l) && !_flagsRead.Contains(l));
                return Prune(statements);

                List<StatementNode> Prune(IEnumerable<StatementNode> list)
                {
                    var kept = new List<StatementNode>();
                    foreach (StatementNode statement in list)
                    {
                        if (statement.Kind == StatementKind.Assign && _flags.Contains(statement.Target) && !_flagsRead.Contains(statement.Target))
                            continue;
                        kept.Add(statement.Body.Count == 0 && statement.Else.Count == 0
                            ? statement
                            : statement with { Body = Prune(statement.Body).ToEquatableArray(), Else = Prune(statement.Else).ToEquatableArray() });
                    }
                    return kept;
                }
            }

            /// <summary>
            /// A switch statement as an if/else chain: each section's labels become a condition on the governing value
            /// (tested in order, the default section last), its statements the branch. A <c>break</c> ends the section.
            /// </summary>
            private void Switch(SwitchStatementSyntax statement, List<StatementNode> output, bool inLoop)
            {
                ExprNode governing = Expr(statement.Expression);
                if (_nesting + statement.Sections.Count > MaxNesting)
                    throw new Blocked(statement, $"the switch has more than {MaxNesting.ToString(CultureInfo.InvariantCulture)} sections");
                var arms = new List<(string Condition, EquatableArray<string> Reads, List<StatementNode> Body, bool? Fixed, ConditionNode? Test)>();
                // A governing value fixed at compile time (the point's length, an integer set from constants) compared
                // with constant labels decides the section here: the generated code has no branch known unreachable.
                int? fixedValue = EvaluateInt(statement.Expression);
                List<StatementNode>? fallback = null;
                _targets.Add(new JumpTarget(false));
                try
                {
                    foreach (SwitchSectionSyntax section in statement.Sections)
                    {
                        bool isDefault = section.Labels.Any(static l => l is DefaultSwitchLabelSyntax);
                        var reads = new List<string>();
                        var conditions = new List<string>();
                        ConditionNode? sectionTest = null;
                        bool treeKnown = true;
                        if (!isDefault)
                        {
                            foreach (SwitchLabelSyntax label in section.Labels)
                            {
                                (string text, ConditionNode? test) = label switch
                                {
                                    CaseSwitchLabelSyntax constant => Compare(governing, "==", constant.Value, reads),
                                    CasePatternSwitchLabelSyntax pattern => Arm(governing, pattern.Pattern, pattern.WhenClause, reads),
                                    _ => throw new Blocked(label, ConstructNames.NotDifferentiable(label)),
                                };
                                conditions.Add(text);
                                treeKnown &= test is not null;
                                if (test is not null)
                                    sectionTest = sectionTest is null ? test : ConditionNode.Logical(ConditionKind.Or, sectionTest, test);
                            }
                        }
                        List<StatementNode> body = Branch(null, [.. section.Statements], inLoop);
                        if (isDefault)
                            fallback = body;
                        else
                            arms.Add((conditions.Count == 1 ? conditions[0] : string.Join(" || ", conditions.Select(static c => "(" + c + ")")), reads.Distinct().ToEquatableArray(), body,
                                FixedMatch(fixedValue, section), treeKnown ? PassiveTest(sectionTest) : null));
                    }
                }
                finally
                {
                    _targets.RemoveAt(_targets.Count - 1);
                }
                List<StatementNode> chain = fallback ?? [];
                for (int k = arms.Count - 1; k >= 0; k--)
                {
                    chain = arms[k].Fixed switch
                    {
                        true => arms[k].Body,
                        false => chain,
                        null => [new StatementNode(StatementKind.If, "", null, arms[k].Condition, arms[k].Reads, null, arms[k].Body.ToEquatableArray(), chain.ToEquatableArray(), Test: arms[k].Test)],
                    };
                }
                output.AddRange(chain);
            }

            /// <summary>
            /// Whether the section matches the governing value <paramref name="value"/> fixed at compile time, when every
            /// label is a constant the translation can evaluate; otherwise <see langword="null"/> (tested at run time).
            /// </summary>
            private bool? FixedMatch(int? value, SwitchSectionSyntax section)
            {
                if (value is not int v)
                    return null;
                bool matches = false;
                foreach (SwitchLabelSyntax label in section.Labels)
                {
                    if (label is not CaseSwitchLabelSyntax constant || EvaluateInt(constant.Value) is not int c)
                        return null;
                    matches |= c == v;
                }
                return matches;
            }

            /// <summary>A switch expression ending in a <c>_</c> arm, as nested conditionals.</summary>
            private ExprNode SwitchExpression(SwitchExpressionSyntax expression)
            {
                SeparatedSyntaxList<SwitchExpressionArmSyntax> arms = expression.Arms;
                if (arms.Count == 0 || arms[arms.Count - 1] is not { Pattern: DiscardPatternSyntax, WhenClause: null })
                {
                    throw new Blocked(expression,
                        "a switch expression whose last arm is not '_ => ...' is not differentiable (it throws when no arm matches); end it with a '_' arm");
                }
                if (_nesting + arms.Count > MaxNesting)
                    throw new Blocked(expression, $"the switch expression has more than {MaxNesting.ToString(CultureInfo.InvariantCulture)} arms");
                ExprNode governing = Expr(expression.GoverningExpression);
                ExprNode node = Expr(arms[arms.Count - 1].Expression);
                for (int k = arms.Count - 2; k >= 0; k--)
                {
                    var reads = new List<string>();
                    (string condition, ConditionNode? test) = Arm(governing, arms[k].Pattern, arms[k].WhenClause, reads);
                    node = new ExprNode(ExprKind.Conditional, condition,
                        new EquatableArray<ExprNode>([Expr(arms[k].Expression), node]), reads.Distinct().ToEquatableArray(), PassiveTest(test));
                }
                return node;
            }

            /// <summary>
            /// The tree of a case's or arm's condition when it does not depend on the point (the batch writer then tests
            /// it once, as a scalar); null otherwise, and for a case the tree does not express (a NaN constant): the
            /// batch writer leaves such a switch out.
            /// </summary>
            private static ConditionNode? PassiveTest(ConditionNode? test) => test is { IsActive: false } ? test : null;

            /// <summary>The condition of one case or arm: its pattern, and its <c>when</c> clause; with its tree where known.</summary>
            private (string Text, ConditionNode? Test) Arm(ExprNode governing, PatternSyntax pattern, WhenClauseSyntax? when, List<string> reads)
            {
                (string condition, ConditionNode? tree) = Pattern(governing, pattern, reads);
                if (when is null)
                    return (condition, tree);
                (string test, EquatableArray<string> whenReads, ConditionNode whenTree) = Condition(when.Condition);
                reads.AddRange(whenReads);
                return ("(" + condition + ") && (" + test + ")", tree is null ? null : ConditionNode.Logical(ConditionKind.And, tree, whenTree));
            }

            /// <summary>A pattern as a condition on the governing value: constants, relational patterns, <c>and</c>, <c>or</c>, <c>not</c>, <c>_</c>.</summary>
            private (string Text, ConditionNode? Test) Pattern(ExprNode governing, PatternSyntax pattern, List<string> reads)
            {
                RuntimeHelpers.EnsureSufficientExecutionStack();
                switch (pattern)
                {
                    case ConstantPatternSyntax constant:
                        return Compare(governing, "==", constant.Expression, reads);
                    case RelationalPatternSyntax relational:
                        return Compare(governing, relational.OperatorToken.Text, relational.Expression, reads);
                    case BinaryPatternSyntax binary:
                    {
                        bool or = binary.IsKind(SyntaxKind.OrPattern);
                        (string left, ConditionNode? leftTest) = Pattern(governing, binary.Left, reads);
                        (string right, ConditionNode? rightTest) = Pattern(governing, binary.Right, reads);
                        return ("(" + left + (or ? " || " : " && ") + right + ")",
                            leftTest is null || rightTest is null ? null : ConditionNode.Logical(or ? ConditionKind.Or : ConditionKind.And, leftTest, rightTest));
                    }
                    case UnaryPatternSyntax unary when unary.IsKind(SyntaxKind.NotPattern):
                    {
                        (string inner, ConditionNode? innerTest) = Pattern(governing, unary.Pattern, reads);
                        return ("!(" + inner + ")", innerTest is null ? null : ConditionNode.Logical(ConditionKind.Not, innerTest));
                    }
                    case ParenthesizedPatternSyntax parenthesized:
                        return Pattern(governing, parenthesized.Pattern, reads);
                    case DiscardPatternSyntax:
                        return ("true", ConditionNode.Literal(true));
                    default:
                        throw new Blocked(pattern,
                            $"the pattern '{pattern}' is not differentiable; compare with constants ('3', '< 0.5') combined with 'and', 'or', 'not'");
                }
            }

            /// <summary>
            /// <c>governing op constant</c>. A constant pattern compares as <c>==</c> except for NaN, which a pattern
            /// matches (<c>double.IsNaN</c>).
            /// </summary>
            private (string Text, ConditionNode? Test) Compare(ExprNode governing, string op, ExpressionSyntax constant, List<string> reads)
            {
                ExprNode value = Expr(constant);
                if (DerivativeAnalysis.IsActive(value))
                    throw new Blocked(constant, "a case that depends on the point is not differentiable; compare with constants");
                CollectLocals(governing, reads);
                if (op == "==" && Constant(constant) is { HasValue: true, Value: double d } && double.IsNaN(d))
                    return ("global::System.Double.IsNaN(" + DerivativeAnalysis.Print(governing) + ")", null);
                return (Atomic(governing) + " " + op + " " + Atomic(value), ConditionNode.Compare(governing, op, value));
            }

            private static void CollectLocals(ExprNode node, List<string> reads)
            {
                RuntimeHelpers.EnsureSufficientExecutionStack();
                if (node.Kind == ExprKind.Local)
                    reads.Add(node.Text);
                reads.AddRange(node.Reads);
                foreach (ExprNode operand in node.Operands)
                    CollectLocals(operand, reads);
            }

            /// <summary>
            /// <c>int i = a; ... while (i &lt; b) { ...; i++; }</c>: a while loop whose condition tests an <c>int</c> local
            /// and whose body ends by stepping it (and assigns it nowhere else) is the counted loop it means, with the
            /// local as its counter. After the loop the local holds the counter's final value (unknown after a break).
            /// False when the loop is not of that shape.
            /// </summary>
            private bool CounterWhile(WhileStatementSyntax loop, List<StatementNode> output, bool inLoop) =>
                CounterLoop(loop, loop.Condition, loop.Statement, output, inLoop);

            /// <summary>
            /// <see cref="CounterWhile"/> for a while loop, and for a do-while loop (<paramref name="loop"/> a
            /// <see cref="DoStatementSyntax"/>) whose bound is known at compile time and whose condition holds at the start,
            /// so that it runs the iterations the <c>for</c> loop runs. The counter is an <c>int</c> local, or a passive
            /// <c>double</c> local (<see cref="IsPassiveCounter"/>), whose reads then convert the generated <c>int</c>
            /// counter back to <c>double</c> (the same value: both hold small integers exactly).
            /// </summary>
            private bool CounterLoop(StatementSyntax loop, ExpressionSyntax condition, StatementSyntax loopBody, List<StatementNode> output, bool inLoop)
            {
                if (condition is not BinaryExpressionSyntax compare
                    || Symbol(compare.Left) is not ILocalSymbol { IsConst: false } counter
                    || !(counter.Type.SpecialType == SpecialType.System_Int32 || _passiveCounters.Contains(counter))
                    || !_integers.ContainsKey(counter)
                    || _loops.Any(l => SymbolEqualityComparer.Default.Equals(l.Counter, counter))
                    || loopBody is not BlockSyntax { Statements.Count: > 0 } block
                    || block.Statements[block.Statements.Count - 1] is not ExpressionStatementSyntax { Expression: var increment }
                    || !IsStep(increment, counter)
                    || counter.DeclaringSyntaxReferences.Length != 1
                    || counter.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } start } declarator
                    || !InSameLoops(declarator, loop))
                {
                    return false;
                }
                if (!_steppedCounters.Add(counter))
                    throw new Blocked(loop, $"a second {(loop is DoStatementSyntax ? "do-while" : "while")} loop stepping the {(counter.Type.SpecialType == SpecialType.System_Int32 ? "'int'" : "'double'")} counter '{counter.Name}' is not differentiable; declare a counter for each loop");
                var statements = block.Statements.Take(block.Statements.Count - 1).ToList();
                if (Escapes(statements).Continue is { } skip)
                {
                    throw new Blocked(skip,
                        $"a continue statement in a while loop stepped by its last statement ('{increment}') skips the step; guard the rest of the body with 'if' instead");
                }
                SyntaxNode? root = loop.FirstAncestorOrSelf<MemberDeclarationSyntax>();
                foreach (LocalFunctionStatementSyntax function in root?.DescendantNodes().OfType<LocalFunctionStatementSyntax>() ?? [])
                {
                    foreach (IdentifierNameSyntax name in function.DescendantNodes().OfType<IdentifierNameSyntax>())
                    {
                        if (name.Identifier.ValueText == counter.Name
                            && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(name, _cancellationToken).Symbol, counter))
                        {
                            throw new Blocked(name, $"the local function '{function.Identifier.ValueText}' reads '{counter.Name}', the counter of a while loop; pass it as an argument");
                        }
                    }
                }

                int step = Step(increment, counter);
                bool passive = counter.Type.SpecialType != SpecialType.System_Int32;
                // A passive double counter's value at the loop is the constant it was declared with (it has no other write).
                int? first = passive ? (_values.TryGetValue(counter, out int declared) ? declared : null) : EvaluateInt(start);
                _values.Remove(counter);
                _intInitializers.Remove(counter);
                _invariant.Remove(counter);
                bool isDo = loop is DoStatementSyntax;
                LoopRange range = first is int value && EvaluatesAtCompileTime(condition, counter)
                    ? Range(loop, condition, counter, value, step)
                    : isDo || passive
                        ? throw new Blocked(condition, $"a loop stepping the {(passive ? "'double'" : "'int'")} counter '{counter.Name}' whose bound is known only at run time is not differentiable{(passive ? "; count with an 'int' local" : "; write it as a while loop")}")
                        : RuntimeRange(loop, condition, start, counter, step);
                if (isDo && range.Count == 0)
                    throw new Blocked(condition, $"a do-while loop whose condition is false from the start (it runs once, with '{counter.Name}' past its bound) is not differentiable; write it as a for loop");
                string name2 = Unique(counter.Name);
                _integers[counter] = passive ? "((double)" + name2 + ")" : name2;
                _loops.Add((counter, start, condition, step));
                LoopBodyResult body;
                try
                {
                    body = LoopBody(block, statements, output, inLoop);
                }
                finally
                {
                    _loops.RemoveAt(_loops.Count - 1);
                }
                output.Add(new StatementNode(StatementKind.For, name2, null, "", EquatableArray<string>.Empty, range, GuardedBody(body).ToEquatableArray(), EquatableArray<StatementNode>.Empty));

                // The counter's value after the loop, for the code that reads it there.
                _integers.Remove(counter);
                if (body.StopFlags.Count != 0)
                    return true; // a break leaves it anywhere: reading it is then not differentiable
                if (!range.IsRuntime)
                {
                    int last = (int)(range.Start + (long)range.Count * range.Step);
                    _values[counter] = last;
                    _integers[counter] = passive ? DoubleLiteral(last)
                        : last < 0 ? "(" + last.ToString(CultureInfo.InvariantCulture) + ")" : last.ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    _integers[counter] = $"global::System.Math.Max({range.StartText}, {range.EndText}{(range.Inclusive ? " + 1" : "")})";
                }
                return true;

                bool IsStep(ExpressionSyntax e, ILocalSymbol local) => e switch
                {
                    PostfixUnaryExpressionSyntax p => SymbolEqualityComparer.Default.Equals(Symbol(p.Operand), local),
                    PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.PreIncrementExpression) || p.IsKind(SyntaxKind.PreDecrementExpression) =>
                        SymbolEqualityComparer.Default.Equals(Symbol(p.Operand), local),
                    AssignmentExpressionSyntax a when a.IsKind(SyntaxKind.AddAssignmentExpression) || a.IsKind(SyntaxKind.SubtractAssignmentExpression) =>
                        SymbolEqualityComparer.Default.Equals(Symbol(a.Left), local),
                    _ => false,
                };
            }

            // The 'int' locals a while loop steps (each may be stepped by one loop).
            private readonly HashSet<ILocalSymbol> _steppedCounters = new(SymbolEqualityComparer.Default);
        }
    }
}
