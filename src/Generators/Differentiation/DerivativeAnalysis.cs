using System.Collections.Generic;
using System.Text;
using GenOpt.Generators.Model;

namespace GenOpt.Generators;

/// <summary>
/// Facts about a differentiable body that the parser (to check limits) and the emitter (to write the sweeps) share:
/// which nodes depend on the point, which locals the adjoint sweep reads, how many values the forward sweep saves,
/// and how an expression is written back as C#.
/// </summary>
internal static class DerivativeAnalysis
{
    /// <summary>
    /// Most values the forward sweep may save on the stack (8 bytes each): 64 KiB, well inside the 1 MiB default
    /// stack. Larger bodies keep the finite-difference gradient.
    /// </summary>
    public const int MaxSavedValues = 8192;

    /// <summary>Whether the node depends on the point (a local counts as dependent); cached on the node.</summary>
    public static bool IsActive(ExprNode node) => node.IsActive;

    /// <summary>Whether <paramref name="node"/> reads the local <paramref name="name"/>.</summary>
    public static bool Reads(ExprNode node, string name)
    {
        // The left operands of a chain of sums are walked in a loop: a sum of n terms is n nodes deep.
        while (node.Kind is ExprKind.Add or ExprKind.Subtract)
        {
            if (Reads(node.Operands[1], name))
                return true;
            node = node.Operands[0];
        }
        if (node.Kind is ExprKind.Local or ExprKind.Element)
            return node.Text == name;
        foreach (string read in node.Reads)
        {
            if (read == name)
                return true;
        }
        foreach (ExprNode operand in node.Operands)
        {
            if (Reads(operand, name))
                return true;
        }
        return false;
    }

    /// <summary>
    /// The locals whose values the adjoint sweep reads (operands of products, quotients, functions, conditions).
    /// Only these are saved before being overwritten; a sum that is only added to is never saved.
    /// </summary>
    public static HashSet<string> ValueNeededLocals(FunctionModel function)
    {
        var needed = new HashSet<string>();
        Visit(function.Body);
        return needed;

        void Visit(EquatableArray<StatementNode> statements)
        {
            foreach (StatementNode statement in statements)
            {
                if (statement.Value is { } value)
                    MarkNeeded(value, false, needed);
                Visit(statement.Body);
                Visit(statement.Else);
            }
        }
    }

    /// <summary>
    /// Adds to <paramref name="needed"/> the locals whose values the derivative of <paramref name="node"/> reads (a span
    /// local counts as one name). <paramref name="elements"/>, when given, receives each span element so read, with
    /// its index text (null when unknown: a span read in a condition).
    /// </summary>
    public static void MarkNeeded(ExprNode node, bool valueNeeded, HashSet<string> needed, List<(string Span, string? Index)>? elements = null)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node.Kind)
        {
            case ExprKind.Constant:
            case ExprKind.Variable:
                return;
            case ExprKind.Local:
                if (valueNeeded)
                    needed.Add(node.Text);
                return;
            case ExprKind.Element:
                if (valueNeeded)
                {
                    needed.Add(node.Text);
                    elements?.Add((node.Text, node.Operands[0].Text));
                }
                return;
            case ExprKind.Multiply:
                MarkNeeded(node.Operands[0], valueNeeded || IsActive(node.Operands[1]), needed, elements);
                MarkNeeded(node.Operands[1], valueNeeded || IsActive(node.Operands[0]), needed, elements);
                return;
            case ExprKind.Divide:
                MarkNeeded(node.Operands[0], valueNeeded || IsActive(node.Operands[1]), needed, elements);
                MarkNeeded(node.Operands[1], valueNeeded || IsActive(node), needed, elements);
                return;
            case ExprKind.Call:
            case ExprKind.Helper:
            case ExprKind.Remainder:
            {
                bool active = IsActive(node);
                foreach (ExprNode operand in node.Operands)
                    MarkNeeded(operand, valueNeeded || active, needed, elements);
                return;
            }
            case ExprKind.Conditional:
                foreach (string read in node.Reads)
                {
                    needed.Add(read);
                    elements?.Add((read, null));
                }
                foreach (ExprNode operand in node.Operands)
                    MarkNeeded(operand, valueNeeded, needed, elements);
                return;
            case ExprKind.Add:
            case ExprKind.Subtract:
                // Linear; the left operands of a chain of sums are walked in a loop (a sum of n terms is n nodes deep).
                while (node.Kind is ExprKind.Add or ExprKind.Subtract)
                {
                    MarkNeeded(node.Operands[1], valueNeeded, needed, elements);
                    node = node.Operands[0];
                }
                MarkNeeded(node, valueNeeded, needed, elements);
                return;
            default: // negation, cast: linear
                foreach (ExprNode operand in node.Operands)
                    MarkNeeded(operand, valueNeeded, needed, elements);
                return;
        }
    }

    /// <summary>
    /// The statements (by reference) before which the forward sweep saves the target's old value: those that overwrite
    /// a local whose value the derivative of some statement reads, where that statement can run before the overwrite
    /// (earlier in the body, or anywhere in a loop both are in). A sum that is only read after its loop is not saved.
    /// </summary>
    public static HashSet<StatementNode> SavingStatements(FunctionModel function)
    {
        HashSet<string> needed = ValueNeededLocals(function);
        HashSet<string> stable = StableLocals(function);
        var entries = new List<(StatementNode Statement, int Position, int[] Loops, HashSet<string> Reads, bool InLoop)>();
        // The span elements each entry reads as the derivative needs them, and the counter of each 'for' loop (by id).
        var elementReads = new List<List<(string Span, string? Index)>>();
        var counters = new Dictionary<int, string>();
        // Locals read by the statements of loops whose iterations the adjoint sweep re-runs: the re-run reads their values.
        var rerunReads = new HashSet<string>();
        int position = 0, loopId = 0;
        var rerunDeclared = new HashSet<string>();
        Walk(function.Body, new List<int>(), false);
        rerunReads.ExceptWith(rerunDeclared); // the re-run recomputes its own locals
        var saving = new HashSet<StatementNode>(ReferenceComparer.Instance);
        foreach (var writer in entries)
        {
            StatementNode w = writer.Statement;
            if (w.Kind is not (StatementKind.Declare or StatementKind.Assign or StatementKind.AddAssign or StatementKind.SubtractAssign)
                || !(needed.Contains(w.Target) || rerunReads.Contains(w.Target)) || stable.Contains(w.Target) || (w.Kind == StatementKind.Declare && !writer.InLoop))
            {
                continue;
            }
            if (w.WritesElement)
            {
                if (OverwritesNeededElement(writer.Position, writer.Loops, w, entries, elementReads, counters))
                    saving.Add(w);
                continue;
            }
            foreach (var reader in entries)
            {
                if (reader.Reads.Contains(w.Target) && (reader.Position <= writer.Position || SharesLoop(reader.Loops, writer.Loops)))
                {
                    saving.Add(w);
                    break;
                }
            }
        }
        return saving;

        void Walk(EquatableArray<StatementNode> statements, List<int> loops, bool rerun)
        {
            foreach (StatementNode statement in statements)
            {
                var reads = new HashSet<string>();
                var elements = new List<(string Span, string? Index)>();
                if (statement.Value is { } value)
                {
                    MarkNeeded(value, false, reads, elements);
                    if (rerun)
                        AllReads(value, reads, elements);
                }
                if (rerun)
                {
                    foreach (string read in statement.Reads)
                    {
                        reads.Add(read);
                        elements.Add((read, null));
                    }
                    rerunReads.UnionWith(reads);
                }
                entries.Add((statement, position++, loops.ToArray(), reads, loops.Count != 0));
                elementReads.Add(elements);
                if (IsWhile(statement))
                {
                    Walk(statement.Body, new List<int>(loops) { ++loopId }, rerun);
                }
                else if (statement.Kind == StatementKind.For)
                {
                    var inner = new List<int>(loops) { ++loopId };
                    counters[loopId] = statement.Target;
                    bool rerunsThis = !rerun && RecomputesIterations(statement, needed);
                    if (rerunsThis)
                        rerunDeclared.UnionWith(DeclaredIn(statement.Body));
                    Walk(statement.Body, inner, rerun || rerunsThis);
                }
                else
                {
                    Walk(statement.Body, loops, rerun);
                    Walk(statement.Else, loops, rerun);
                }
            }
        }

        static void AllReads(ExprNode node, HashSet<string> reads, List<(string Span, string? Index)> elements)
        {
            while (node.Kind is ExprKind.Add or ExprKind.Subtract)
            {
                AllReads(node.Operands[1], reads, elements);
                node = node.Operands[0];
            }
            if (node.Kind == ExprKind.Local)
                reads.Add(node.Text);
            if (node.Kind == ExprKind.Element)
            {
                reads.Add(node.Text);
                elements.Add((node.Text, node.Operands[0].Text));
                return;
            }
            foreach (string read in node.Reads)
            {
                reads.Add(read);
                elements.Add((read, null));
            }
            foreach (ExprNode operand in node.Operands)
                AllReads(operand, reads, elements);
        }

        static bool OverwritesNeededElement(int position, int[] loops, StatementNode writer,
            List<(StatementNode Statement, int Position, int[] Loops, HashSet<string> Reads, bool InLoop)> entries,
            List<List<(string Span, string? Index)>> elementReads, Dictionary<int, string> counters)
        {
            for (int r = 0; r < entries.Count; r++)
            {
                var reader = entries[r];
                foreach ((string span, string? index) in elementReads[r])
                {
                    if (span == writer.Target
                        && ElementMayBeOverwritten(position, loops, writer, reader.Statement, reader.Position, reader.Loops, index, counters))
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        static bool SharesLoop(int[] a, int[] b)
        {
            foreach (int x in a)
            {
                foreach (int y in b)
                {
                    if (x == y)
                        return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// Whether the element the span assignment <paramref name="writer"/> overwrites may hold a value that the derivative
    /// of <paramref name="reader"/> reads from element <paramref name="index"/> (null: unknown) and that the reverse
    /// sweep would no longer find: the reader may run before the write (earlier in the body, or in a loop both are in)
    /// on the same element. Two refinements of the rule for locals keep an MLP's hidden layer from being saved:
    /// <list type="bullet">
    /// <item>a reader that assigns the element it reads (<c>h[j] = Math.Tanh(h[j])</c>) saves and restores that value
    /// itself, so it needs nothing from other writers;</item>
    /// <item>when both index the span with the counter of a loop around both, distinct iterations of that loop touch
    /// distinct elements: only the order within one iteration, and the loops around it, matter. Distinct constant
    /// indices never meet.</item>
    /// </list>
    /// </summary>
    private static bool ElementMayBeOverwritten(int position, int[] loops, StatementNode writer, StatementNode reader, int readerPosition,
        int[] readerLoops, string? index, Dictionary<int, string> counters)
    {
        if (index is not null && !ReferenceEquals(reader, writer) && reader.WritesElement && reader.Target == writer.Target && reader.Index == index)
            return false; // the reader restores the element itself
        if (index is not null && index != writer.Index && IsIntegerLiteral(index) && IsIntegerLiteral(writer.Index))
            return false; // two different elements
        int own = -1;
        if (index is not null && index == writer.Index)
        {
            foreach (int loop in loops)
            {
                if (counters.TryGetValue(loop, out string? counter) && counter == index && System.Array.IndexOf(readerLoops, loop) >= 0)
                    own = loop;
            }
        }
        if (readerPosition <= position)
            return true;
        foreach (int a in readerLoops)
        {
            if (a != own && System.Array.IndexOf(loops, a) >= 0)
                return true;
        }
        return false;
    }

    private static bool IsIntegerLiteral(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);

    private sealed class ReferenceComparer : IEqualityComparer<StatementNode>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(StatementNode? x, StatementNode? y) => ReferenceEquals(x, y);

        public int GetHashCode(StatementNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }

    /// <summary>
    /// The locals the adjoint sweep can have without saving: assigned once, by a declaration at the top level or directly
    /// in a loop's body, from the point, data, integers and other such locals declared before. A top-level one keeps its
    /// value; a loop's one is recomputed at the start of each reverse iteration.
    /// </summary>
    public static HashSet<string> StableLocals(FunctionModel function)
    {
        var assignments = new Dictionary<string, int>();
        Count(function.Body);
        var stable = new HashSet<string>();
        Visit(function.Body, true);
        return stable;

        void Count(EquatableArray<StatementNode> statements)
        {
            foreach (StatementNode statement in statements)
            {
                if (statement.Kind is StatementKind.Declare or StatementKind.Assign or StatementKind.AddAssign or StatementKind.SubtractAssign)
                    assignments[statement.Target] = (assignments.TryGetValue(statement.Target, out int n) ? n : 0) + 1;
                Count(statement.Body);
                Count(statement.Else);
            }
        }

        void Visit(EquatableArray<StatementNode> statements, bool direct)
        {
            foreach (StatementNode statement in statements)
            {
                if (statement.Kind == StatementKind.Declare && direct && assignments[statement.Target] == 1 && ReadsOnly(statement.Value!, stable))
                    stable.Add(statement.Target);
                switch (statement.Kind)
                {
                    case StatementKind.For:
                    case StatementKind.While:
                    case StatementKind.DoWhile:
                        Visit(statement.Body, true);
                        break;
                    case StatementKind.If:
                        Visit(statement.Body, false);
                        Visit(statement.Else, false);
                        break;
                }
            }
        }
    }

    /// <summary>Whether every local <paramref name="node"/> reads is in <paramref name="locals"/>.</summary>
    public static bool ReadsOnly(ExprNode node, HashSet<string> locals)
    {
        while (node.Kind is ExprKind.Add or ExprKind.Subtract)
        {
            if (!ReadsOnly(node.Operands[1], locals))
                return false;
            node = node.Operands[0];
        }
        if (node.Kind is ExprKind.Local or ExprKind.Element && !locals.Contains(node.Text))
            return false;
        foreach (string read in node.Reads)
        {
            if (!locals.Contains(read))
                return false;
        }
        foreach (ExprNode operand in node.Operands)
        {
            if (!ReadsOnly(operand, locals))
                return false;
        }
        return true;
    }

    /// <summary>
    /// Whether the adjoint sweep re-runs each iteration of this loop (bound known only at run time) from its start
    /// instead of reading values saved by the forward sweep: true when the locals the loop updates but does not declare
    /// are only accumulated (never read in the loop, and their values never needed by the derivative), so that an
    /// iteration's start state is the loop's own locals only. The re-run records what the iteration's reverse needs
    /// in a buffer sized for one iteration.
    /// </summary>
    public static bool RecomputesIterations(StatementNode loop, HashSet<string> needed)
    {
        if (loop.Kind != StatementKind.For || !loop.Loop!.IsRuntime)
            return false;
        var declared = new HashSet<string>();
        var assigned = new HashSet<string>();
        Collect(loop.Body);
        assigned.ExceptWith(declared);
        foreach (string outer in assigned)
        {
            if (needed.Contains(outer) || ReadsAny(loop.Body, outer))
                return false;
        }
        return true;

        void Collect(EquatableArray<StatementNode> statements)
        {
            foreach (StatementNode statement in statements)
            {
                if (statement.Kind == StatementKind.Declare)
                    declared.Add(statement.Target);
                else if (statement.Kind is StatementKind.Assign or StatementKind.AddAssign or StatementKind.SubtractAssign)
                    assigned.Add(statement.Target);
                Collect(statement.Body);
                Collect(statement.Else);
            }
        }

        static bool ReadsAny(EquatableArray<StatementNode> statements, string name)
        {
            foreach (StatementNode statement in statements)
            {
                if (statement.Value is { } value && Reads(value, name))
                    return true;
                foreach (string read in statement.Reads)
                {
                    if (read == name)
                        return true;
                }
                if (ReadsAny(statement.Body, name) || ReadsAny(statement.Else, name))
                    return true;
            }
            return false;
        }
    }

    /// <summary>The locals a loop's body declares, at any depth.</summary>
    public static HashSet<string> DeclaredIn(EquatableArray<StatementNode> statements)
    {
        var declared = new HashSet<string>();
        Collect(statements);
        return declared;

        void Collect(EquatableArray<StatementNode> list)
        {
            foreach (StatementNode statement in list)
            {
                if (statement.Kind == StatementKind.Declare)
                    declared.Add(statement.Target);
                Collect(statement.Body);
                Collect(statement.Else);
            }
        }
    }

    /// <summary>Whether the adjoint sweep can re-evaluate the condition of an <c>if</c> instead of recording it.</summary>
    public static bool RecomputesCondition(StatementNode statement, HashSet<string> stable)
    {
        foreach (string read in statement.Reads)
        {
            if (!stable.Contains(read))
                return false;
        }
        return true;
    }


    /// <summary>
    /// The first loop whose trip count is known only at run time and whose body saves values or records branches
    /// (which would need a buffer of unknown size), or null.
    /// </summary>
    public static LoopRange? UnboundedLoopThatSaves(FunctionModel function)
    {
        HashSet<string> needed = ValueNeededLocals(function);
        HashSet<string> stable = StableLocals(function);
        HashSet<StatementNode> saving = SavingStatements(function);
        return Find(function.Body, false, null);

        LoopRange? Find(EquatableArray<StatementNode> statements, bool inLoop, LoopRange? runtime)
        {
            foreach (StatementNode statement in statements)
            {
                if (runtime is not null && (saving.Contains(statement) || IsWhile(statement)
                    || (statement.Kind == StatementKind.If && !RecomputesCondition(statement, stable))))
                {
                    return runtime;
                }
                LoopRange? found = statement.Kind switch
                {
                    // A while loop's buffer grows as it runs (see DynamicPushes).
                    StatementKind.While or StatementKind.DoWhile => null,
                    // A loop whose iterations are re-run saves only one iteration at a time: a bounded buffer again.
                    StatementKind.For when RecomputesIterations(statement, needed) => Find(statement.Body, true, null),
                    StatementKind.For => Find(statement.Body, true, runtime ?? (!statement.Loop!.IsBounded ? statement.Loop : null)),
                    StatementKind.If => Find(statement.Body, inLoop, runtime) ?? Find(statement.Else, inLoop, runtime),
                    _ => null,
                };
                if (found is not null)
                    return found;
            }
            return null;
        }
    }

    /// <summary>How many values the forward sweep saves and how many branch decisions it records, at most.</summary>
    public static (long Values, long Branches) Capacity(FunctionModel function)
    {
        HashSet<string> needed = ValueNeededLocals(function);
        HashSet<string> stable = StableLocals(function);
        HashSet<StatementNode> saving = SavingStatements(function);
        long values = 0, branches = 0;
        Count(function.Body, 1, false);
        return (values, branches);

        void Count(EquatableArray<StatementNode> statements, long times, bool inLoop)
        {
            foreach (StatementNode statement in statements)
            {
                if (saving.Contains(statement))
                    values += times;
                switch (statement.Kind)
                {
                    case StatementKind.While:
                    case StatementKind.DoWhile:
                        // Its trip count; what its iterations save is not known at compile time (see DynamicPushes).
                        values += times;
                        Count(statement.Body, 0, true);
                        break;
                    case StatementKind.For:
                        // A loop known only at run time saves nothing (checked by UnboundedLoopThatSaves), or one
                        // iteration at a time when its iterations are re-run.
                        Count(statement.Body, RecomputesIterations(statement, needed) ? times : statement.Loop!.IsBounded ? times * statement.Loop.Bound : 0, true);
                        break;
                    case StatementKind.If:
                        if (!RecomputesCondition(statement, stable))
                            branches += times;
                        Count(statement.Body, times, inLoop);
                        Count(statement.Else, times, inLoop);
                        break;
                }
            }
        }
    }

    /// <summary>Whether <paramref name="statement"/> is a while or do-while loop.</summary>
    public static bool IsWhile(StatementNode statement) => statement.Kind is StatementKind.While or StatementKind.DoWhile;

    /// <summary>
    /// Whether the forward sweep saves values (<c>Values</c>) or records branch decisions (<c>Branches</c>) inside a
    /// while loop, whose trip count is known only at run time: those buffers then grow as the loop runs.
    /// </summary>
    public static (bool Values, bool Branches) DynamicPushes(FunctionModel function)
    {
        HashSet<string> stable = StableLocals(function);
        bool values = false, branches = false;
        Visit(function.Body, false);
        return (values, branches);

        void Visit(EquatableArray<StatementNode> statements, bool inWhile)
        {
            foreach (StatementNode statement in statements)
            {
                if (IsWhile(statement))
                    values = true;
                if (inWhile && statement.Kind == StatementKind.If && !RecomputesCondition(statement, stable))
                    branches = true;
                Visit(statement.Body, inWhile || IsWhile(statement));
                Visit(statement.Else, inWhile);
            }
        }
    }

    /// <summary>Operator precedence as written: 0 conditional, 1 additive, 2 multiplicative, 3 unary, 4 primary.</summary>
    public static int Precedence(ExprNode node) => node.Kind switch
    {
        ExprKind.Conditional => 0,
        ExprKind.Add or ExprKind.Subtract => 1,
        ExprKind.Multiply or ExprKind.Divide or ExprKind.Remainder => 2,
        ExprKind.Negate or ExprKind.Cast => 3,
        _ => 4,
    };

    /// <summary>
    /// The node as C#, with the same tree (so the same rounding) as the user's code. <paramref name="named"/> gives
    /// the name of a node already held in a local, or null.
    /// </summary>
    public static string Print(ExprNode node, System.Func<ExprNode, string?>? named = null, string point = "x")
    {
        var builder = new StringBuilder();
        Write(node);
        return builder.ToString();

        void Write(ExprNode n)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            if (named?.Invoke(n) is { } name)
            {
                builder.Append(name);
                return;
            }
            switch (n.Kind)
            {
                case ExprKind.Constant:
                case ExprKind.Local:
                    builder.Append(n.Text);
                    return;
                case ExprKind.Variable:
                    builder.Append(point).Append('[').Append(n.Text).Append(']');
                    return;
                case ExprKind.Element:
                    builder.Append(n.Text).Append('[').Append(n.Operands[0].Text).Append(']');
                    return;
                case ExprKind.Negate:
                    builder.Append('-');
                    Operand(n.Operands[0], n.Operands[0].Kind == ExprKind.Negate ? 4 : 3);
                    return;
                case ExprKind.Cast:
                    builder.Append('(').Append(n.Text).Append(')');
                    Operand(n.Operands[0], 3);
                    return;
                case ExprKind.Add:
                case ExprKind.Subtract:
                {
                    // A chain of sums, ((a + b) - c) + d, is written in a loop: a sum of n terms is n nodes deep,
                    // and its left operands need no parentheses.
                    var rights = new List<ExprNode>();
                    ExprNode bottom = n;
                    while (bottom.Kind is ExprKind.Add or ExprKind.Subtract && (ReferenceEquals(bottom, n) || named?.Invoke(bottom) is null))
                    {
                        rights.Add(bottom);
                        bottom = bottom.Operands[0];
                    }
                    Operand(bottom, 1);
                    for (int i = rights.Count - 1; i >= 0; i--)
                    {
                        builder.Append(rights[i].Kind == ExprKind.Add ? " + " : " - ");
                        Operand(rights[i].Operands[1], 2);
                    }
                    return;
                }
                case ExprKind.Multiply:
                case ExprKind.Divide:
                case ExprKind.Remainder:
                {
                    int precedence = Precedence(n);
                    Operand(n.Operands[0], precedence);
                    builder.Append(n.Kind switch
                    {
                        ExprKind.Add => " + ",
                        ExprKind.Subtract => " - ",
                        ExprKind.Multiply => " * ",
                        ExprKind.Divide => " / ",
                        _ => " % ",
                    });
                    Operand(n.Operands[1], precedence + 1);
                    return;
                }
                case ExprKind.Call:
                case ExprKind.Helper:
                    builder.Append(n.Text).Append('(');
                    for (int i = 0; i < n.Operands.Count; i++)
                    {
                        if (i != 0)
                            builder.Append(", ");
                        Write(n.Operands[i]);
                    }
                    builder.Append(')');
                    return;
                case ExprKind.Conditional:
                    builder.Append(n.Text).Append(" ? ");
                    Operand(n.Operands[0], 1);
                    builder.Append(" : ");
                    Operand(n.Operands[1], 1);
                    return;
            }
        }

        void Operand(ExprNode n, int minimum)
        {
            bool parenthesize = named?.Invoke(n) is null && Precedence(n) < minimum;
            if (parenthesize)
                builder.Append('(');
            Write(n);
            if (parenthesize)
                builder.Append(')');
        }
    }
}
