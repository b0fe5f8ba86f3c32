using System.Collections.Generic;
using System.Globalization;
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

    /// <summary>What the forward sweep saves: the statements that push their target's old value, and the loops that
    /// push the old values of some locals once around the whole loop (see <see cref="StatementFacts.SavedAround"/>).</summary>
    private sealed class SavePlan
    {
        public readonly HashSet<StatementNode> Saving = new(ReferenceComparer.Instance);

        public readonly Dictionary<StatementNode, List<string>> Around = new(ReferenceComparer.Instance);

        /// <summary>The bounded loops whose costly stable locals are kept (see <see cref="StatementFacts.KeptStable"/>).</summary>
        public readonly Dictionary<StatementNode, List<string>> Kept = new(ReferenceComparer.Instance);

        /// <summary>Whether the forward sweep pushes a value at this statement (before it, or around it for a loop).</summary>
        public bool Pushes(StatementNode statement) => Saving.Contains(statement) || Around.ContainsKey(statement);

        /// <summary>How many values the forward sweep pushes at this statement, each time it runs.</summary>
        public int PushCount(StatementNode statement) =>
            (Saving.Contains(statement) ? 1 : 0) + (Around.TryGetValue(statement, out List<string>? locals) ? locals.Count : 0);

        /// <summary>The assignments counted as readers of their own target (see <see cref="StatementFacts.KeepsOwnValue"/>).</summary>
        public readonly HashSet<StatementNode> ReadsOwnValue = new(ReferenceComparer.Instance);

        /// <summary>The locals that have an adjoint (see <see cref="FunctionFacts.Adjointed"/>).</summary>
        public HashSet<string> Adjointed { get; set; } = new();

        /// <summary>Whether the forward sweep records this <c>if</c>'s decision (see <see cref="StatementFacts.RecordsBranch"/>).</summary>
        public bool Records(StatementNode statement, HashSet<string> stable) =>
            statement.Kind == StatementKind.If && !RecomputesCondition(statement, stable) && !Inert(statement, Saving.Contains, Adjointed);
    }

    /// <summary>
    /// The statements (by reference) before which the forward sweep saves the target's old value: those that overwrite
    /// a local whose value the derivative of some statement reads, where that statement can run before the overwrite
    /// (earlier in the body, or anywhere in a loop both are in). A sum that is only read after its loop is not saved.
    /// </summary>
    /// <remarks>
    /// Saving restores, in the adjoint sweep, the value each reader saw. When no statement inside a loop needs a local's
    /// value (the loop only accumulates into it, as <c>r += A[i * n + j] * x[j]</c> does: the derivative of
    /// <c>r += e</c> is the same whatever <c>r</c> was), the adjoint sweep can run the whole loop backwards with the
    /// local holding any value, as long as the value from before the loop is back once the loop is done. So the loop
    /// counts as one overwrite of the local: saved once around the loop rather than once per iteration, and not at all
    /// when the statement just before the loop overwrites the local anyway (<c>double r = -b[i];</c>), whose own
    /// reverse restores what came before it.
    /// </remarks>
    private static SavePlan Saves(FunctionModel function, HashSet<string> needed, HashSet<string> stable)
    {
        var entries = new List<Entry>();
        // The span elements each entry's reverse reads (by position), and the counter of each 'for' loop (by number).
        var elementReads = new List<List<(string Span, string? Index)>>();
        var counters = new Dictionary<int, string>();
        // Locals read by the statements of loops whose iterations the adjoint sweep re-runs: the re-run reads their values.
        var rerunReads = new HashSet<string>();
        int loopId = 0;
        var rerunDeclared = new HashSet<string>();
        var plan = new SavePlan();
        Walk(function.Body, new List<int>(), false, null);
        rerunReads.ExceptWith(rerunDeclared); // the re-run recomputes its own locals

        // Locals each loop (outside re-runs) overwrites, without declaring them, while none of its statements reads them.
        var exempt = new Dictionary<int, HashSet<string>>();
        for (int index = 0; index < entries.Count; index++)
        {
            Entry loop = entries[index];
            if (loop.Statement.Kind != StatementKind.For || loop.Rerun || loop.Statement.Loop!.Count == 0
                || RecomputesIterations(loop.Statement, needed))
            {
                continue;
            }
            var written = new HashSet<string>();
            var declared = new HashSet<string>();
            var read = new HashSet<string>();
            for (int inner = index + 1; inner < loop.End; inner++)
            {
                StatementNode statement = entries[inner].Statement;
                if (statement.Kind == StatementKind.Declare)
                    declared.Add(statement.Target);
                else if (IsAssignment(statement) && !statement.WritesElement)
                    written.Add(statement.Target); // a span's elements are saved one by one (below)
                read.UnionWith(entries[inner].Reads);
            }
            written.ExceptWith(declared);
            written.ExceptWith(read);
            if (written.Count != 0)
                exempt[index] = written;
        }

        foreach (Entry writer in entries)
        {
            StatementNode w = writer.Statement;
            if (!IsAssignment(w) || !Candidate(w.Target, writer.InLoop, w.Kind == StatementKind.Declare))
                continue;
            if (w.WritesElement)
            {
                if (OverwritesNeededElement(writer))
                    plan.Saving.Add(w);
                continue;
            }
            // Inside a loop that needs none of the local's values: the loop saves it as a whole (below), if at all.
            bool inExemptLoop = false;
            foreach (int enclosing in writer.Enclosing)
                inExemptLoop |= exempt.TryGetValue(enclosing, out HashSet<string>? locals) && locals.Contains(w.Target);
            if (!inExemptLoop && ReadBefore(w.Target, writer))
                plan.Saving.Add(w);
        }
        foreach (KeyValuePair<int, HashSet<string>> pair in exempt)
        {
            Entry loop = entries[pair.Key];
            foreach (string local in pair.Value)
            {
                bool outerExempt = false;
                foreach (int enclosing in loop.Enclosing)
                    outerExempt |= exempt.TryGetValue(enclosing, out HashSet<string>? locals) && locals.Contains(local);
                if (outerExempt || !Candidate(local, true, false) || OverwrittenJustBefore(loop, local) || !ReadBefore(local, loop))
                    continue;
                if (!plan.Around.TryGetValue(loop.Statement, out List<string>? saved))
                    plan.Around[loop.Statement] = saved = new List<string>();
                saved.Add(local);
            }
        }
        foreach (List<string> saved in plan.Around.Values)
            saved.Sort(System.StringComparer.Ordinal); // a fixed order, whatever the hash sets' order
        return plan;

        bool Candidate(string local, bool inLoop, bool declaration) =>
            (needed.Contains(local) || rerunReads.Contains(local)) && !stable.Contains(local) && !(declaration && !inLoop);

        // Whether a statement that needs the local's value can run before this overwrite: earlier in the body, or in a
        // loop both are in.
        bool ReadBefore(string local, Entry writer)
        {
            foreach (Entry reader in entries)
            {
                if (reader.Reads.Contains(local) && (reader.Position <= writer.Position || SharesLoop(reader.Loops, writer.Loops)))
                    return true;
            }
            return false;
        }

        // Whether the statement just before the loop, in the same block, overwrites the local without reading it: its
        // reverse then restores (or needs no) earlier value, and nothing in between reads the local.
        bool OverwrittenJustBefore(Entry loop, string local) =>
            loop.Previous is { Kind: StatementKind.Declare or StatementKind.Assign } previous
            && previous.Target == local && !Reads(previous.Value!, local);

        void Walk(EquatableArray<StatementNode> statements, List<int> loops, bool rerun, List<int>? enclosing)
        {
            StatementNode? previous = null;
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
                // A value whose derivative reads it, which the reverse takes from the target before popping the
                // target's old value (see StatementFacts.KeepsOwnValue): the statement reads its own target there,
                // so that whatever overwrites the target between the two sweeps restores it.
                if (!rerun && KeepsOwnValueCandidate(statement) && needed.Contains(statement.Target))
                {
                    reads.Add(statement.Target);
                    if (statement.WritesElement)
                        elements.Add((statement.Target, statement.Index));
                    plan.ReadsOwnValue.Add(statement);
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
                int index = entries.Count;
                var entry = new Entry(statement, index, loops.ToArray(), reads, loops.Count != 0, rerun,
                    enclosing?.ToArray() ?? System.Array.Empty<int>(), previous);
                entries.Add(entry);
                elementReads.Add(elements);
                var inner = new List<int>(enclosing ?? new List<int>());
                if (statement.Kind == StatementKind.For)
                    inner.Add(index);
                if (IsWhile(statement))
                {
                    Walk(statement.Body, new List<int>(loops) { ++loopId }, rerun, inner);
                }
                else if (statement.Kind == StatementKind.For)
                {
                    var innerLoops = new List<int>(loops) { ++loopId };
                    counters[loopId] = statement.Target;
                    bool rerunsThis = !rerun && RecomputesIterations(statement, needed);
                    if (rerunsThis)
                        rerunDeclared.UnionWith(DeclaredIn(statement.Body));
                    Walk(statement.Body, innerLoops, rerun || rerunsThis, inner);
                }
                else
                {
                    Walk(statement.Body, loops, rerun, inner);
                    Walk(statement.Else, loops, rerun, inner);
                }
                entry.End = entries.Count;
                previous = statement;
            }
        }

        // Whether an element the span assignment overwrites may hold a value some statement's reverse still reads.
        bool OverwritesNeededElement(Entry writer)
        {
            for (int r = 0; r < entries.Count; r++)
            {
                Entry reader = entries[r];
                foreach ((string span, string? index) in elementReads[r])
                {
                    if (span == writer.Statement.Target
                        && ElementMayBeOverwritten(writer.Position, writer.Loops, writer.Statement, reader.Statement, reader.Position, reader.Loops, index, counters))
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

    /// <summary>
    /// Adds every local <paramref name="node"/> reads (conditions included) to <paramref name="reads"/> (a span local
    /// counts as one name); <paramref name="elements"/>, when given, receives each span element read, with its index
    /// text (null when unknown: a span read in a condition).
    /// </summary>
    private static void AllReads(ExprNode node, HashSet<string> reads, List<(string Span, string? Index)>? elements = null)
    {
        // The left operands of a chain of sums are walked in a loop (a sum of n terms is n nodes deep).
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
            elements?.Add((node.Text, node.Operands[0].Text));
            return;
        }
        foreach (string read in node.Reads)
        {
            reads.Add(read);
            elements?.Add((read, null));
        }
        foreach (ExprNode operand in node.Operands)
            AllReads(operand, reads, elements);
    }

    /// <summary>
    /// A declaration or <c>=</c> whose value's derivative reads the value itself (a quotient by a value that depends on
    /// the point, sqrt, exp, tanh, ...): its reverse may take the value from the target instead of computing it again.
    /// </summary>
    private static bool KeepsOwnValueCandidate(StatementNode statement) =>
        statement.Kind is StatementKind.Declare or StatementKind.Assign
        && statement.Value! switch
        {
            { Kind: ExprKind.Divide } quotient => IsActive(quotient.Operands[1]),
            { Kind: ExprKind.Call } call => CallNeedsResult(call),
            _ => false,
        };

    /// <summary>Whether the derivative of a Math call is written from its result (sqrt' = 0.5 / Y, exp' = Y, tanh' = 1 - Y², ...).</summary>
    public static bool CallNeedsResult(ExprNode call) => call.Text.Substring(call.Text.LastIndexOf('.') + 1) switch
    {
        "Sqrt" or "Exp" or "Tan" or "Tanh" or "Cbrt" or "Hypot" => true,
        "Pow" => IsActive(call.Operands[1]),
        _ => false,
    };

    /// <summary>Whether the statement assigns a local: a declaration, <c>=</c>, <c>+=</c> or <c>-=</c>.</summary>
    private static bool IsAssignment(StatementNode statement) =>
        statement.Kind is StatementKind.Declare or StatementKind.Assign or StatementKind.AddAssign or StatementKind.SubtractAssign;

    /// <summary>One statement in the order the forward sweep runs them (preorder).</summary>
    /// <param name="Position">Its index in that order.</param>
    /// <param name="Loops">The loops (by number) it is in, while loops included.</param>
    /// <param name="Reads">The locals whose values its reverse reads.</param>
    /// <param name="Rerun">Whether it is in a loop whose iterations the adjoint sweep re-runs.</param>
    /// <param name="Enclosing">The positions of the for loops it is in.</param>
    /// <param name="Previous">The statement before it in the same block, or null.</param>
    private sealed class Entry(StatementNode statement, int position, int[] loops, HashSet<string> reads, bool inLoop, bool rerun,
        int[] enclosing, StatementNode? previous)
    {
        public StatementNode Statement { get; } = statement;
        public int Position { get; } = position;
        public int[] Loops { get; } = loops;
        public HashSet<string> Reads { get; } = reads;
        public bool InLoop { get; } = inLoop;
        public bool Rerun { get; } = rerun;
        public int[] Enclosing { get; } = enclosing;
        public StatementNode? Previous { get; } = previous;

        /// <summary>The position just after its last nested statement.</summary>
        public int End { get; set; }
    }

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

    /// <summary>
    /// Whether the forward sweep leaves this <c>for</c> loop at the first iteration its stop flags skip and pushes the
    /// number of iterations that ran (see <see cref="StatementFacts.CountsTrips"/>): a loop with iterations whose whole
    /// body is the <c>if</c> on its stop flags, and whose iterations the adjoint sweep does not re-run.
    /// </summary>
    public static bool CountsTrips(StatementNode loop, HashSet<string> needed) =>
        loop.Kind == StatementKind.For && loop.Loop!.Count != 0 && loop.Body.Count == 1
        && loop.Body[0] is { Kind: StatementKind.If, StopsLoop: true, Else.Count: 0 }
        && !RecomputesIterations(loop, needed);

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

    /// <summary>
    /// Whether an <c>if</c>'s branches have nothing to reverse: they only assign locals that have no adjoint and that
    /// the forward sweep does not save (a loop's stop flag), or hold such <c>if</c>s. The forward sweep records no
    /// decision for it and the adjoint sweep leaves it out.
    /// </summary>
    public static bool Inert(StatementNode statement, System.Func<StatementNode, bool> saves, HashSet<string> adjointed)
    {
        return statement.Kind == StatementKind.If && AllInert(statement.Body) && AllInert(statement.Else);

        bool AllInert(EquatableArray<StatementNode> statements)
        {
            foreach (StatementNode inner in statements)
            {
                bool quiet = inner.Kind == StatementKind.If
                    ? Inert(inner, saves, adjointed)
                    : IsAssignment(inner) && !inner.WritesElement && !saves(inner) && !adjointed.Contains(inner.Target);
                if (!quiet)
                    return false;
            }
            return true;
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
    /// The analysis step, run once per body between translation and emission: decides what the forward sweep saves and
    /// records, how large its buffers are, which locals are recomputed and which have adjoints, and stores every
    /// decision on the model (<see cref="FunctionFacts"/> on the body, <see cref="StatementFacts"/> on each statement),
    /// so that the emitter only prints. Pure: the same body always gives the same, equatable result.
    /// </summary>
    /// <param name="function">The translated body.</param>
    /// <param name="unboundedLoop">The first loop whose trip count is known only at run time and whose body holds a while
    /// loop (the body keeps finite differences), or null. Its other saves and branch records go to growing buffers.</param>
    public static FunctionModel Analyse(FunctionModel function, out LoopRange? unboundedLoop)
    {
        HashSet<string> needed = ValueNeededLocals(function);
        HashSet<string> stable = StableLocals(function);
        SavePlan plan = Saves(function, needed, stable);
        unboundedLoop = UnboundedLoopThatSaves(function, needed, stable, plan);
        HashSet<string> adjointed = AdjointedLocals(function);
        plan.Adjointed = adjointed;
        (long values, long branches) = Capacity(function, needed, stable, plan);
        if (values <= MaxSavedValues)
        {
            KeepCostlyStableLocals(function, needed, stable, plan, MaxSavedValues - values);
            (values, branches) = Capacity(function, needed, stable, plan);
        }
        (bool dynamicValues, bool dynamicBranches) = DynamicPushes(function, needed, stable, plan);
        var facts = new FunctionFacts(values, branches, dynamicValues, dynamicBranches,
            Sorted(adjointed), Sorted(ReadOnlyByResult(function, needed)));
        return function with { Body = Annotate(function.Body), Facts = facts };

        EquatableArray<StatementNode> Annotate(EquatableArray<StatementNode> statements)
        {
            if (statements.Count == 0)
                return statements;
            var annotated = new StatementNode[statements.Count];
            for (int i = 0; i < annotated.Length; i++)
            {
                StatementNode statement = statements[i];
                bool reruns = RecomputesIterations(statement, needed);
                var statementFacts = new StatementFacts(
                    Saves: plan.Saving.Contains(statement),
                    Stable: statement.Kind == StatementKind.Declare && stable.Contains(statement.Target),
                    RecordsBranch: plan.Records(statement, stable),
                    RerunsIterations: reruns,
                    RerunLocals: reruns ? Sorted(DeclaredIn(statement.Body)) : EquatableArray<string>.Empty,
                    SavedAround: plan.Around.TryGetValue(statement, out List<string>? around) ? new EquatableArray<string>(around.ToArray()) : EquatableArray<string>.Empty,
                    ValueReadsTarget: statement.Value is { } value && IsAssignment(statement) && Reads(value, statement.Target),
                    KeptStable: plan.Kept.TryGetValue(statement, out List<string>? kept) ? new EquatableArray<string>(kept.ToArray()) : EquatableArray<string>.Empty,
                    CountsTrips: CountsTrips(statement, needed),
                    KeepsOwnValue: plan.ReadsOwnValue.Contains(statement) && plan.Saving.Contains(statement),
                    GradientSums: GradientSums(statement));
                annotated[i] = statement with { Body = Annotate(statement.Body), Else = Annotate(statement.Else), Facts = statementFacts };
            }
            return new EquatableArray<StatementNode>(annotated);
        }
    }

    /// <summary>Most gradient elements one loop sums in locals (see <see cref="StatementFacts.GradientSums"/>).</summary>
    public const int MaxGradientSums = 8;

    /// <summary>
    /// The index texts of <see cref="StatementFacts.GradientSums"/> for <paramref name="loop"/>, in the order the body
    /// first reads them: the indices of the point's components read in the body whose identifiers the body never
    /// assigns (statement targets and loop counters, the loop's own among them) and that call nothing. A body with a
    /// while loop, whose counters are not statements of the model, sums nothing.
    /// </summary>
    private static EquatableArray<string> GradientSums(StatementNode loop)
    {
        if (loop.Kind != StatementKind.For || loop.Loop is null || loop.Loop.Count is 0 or 1)
            return EquatableArray<string>.Empty;
        var assigned = new HashSet<string>(System.StringComparer.Ordinal) { loop.Target };
        var indices = new List<string>();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        var expressions = new Stack<ExprNode>();
        var statements = new Stack<StatementNode>();
        foreach (StatementNode statement in loop.Body)
            statements.Push(statement);
        while (statements.Count != 0)
        {
            StatementNode statement = statements.Pop();
            switch (statement.Kind)
            {
                case StatementKind.While:
                case StatementKind.DoWhile:
                    return EquatableArray<string>.Empty;
                case StatementKind.If:
                    break;
                default:
                    assigned.Add(statement.Target);
                    break;
            }
            if (statement.Value is { } value)
                expressions.Push(value);
            foreach (StatementNode inner in statement.Body)
                statements.Push(inner);
            foreach (StatementNode inner in statement.Else)
                statements.Push(inner);
        }
        // The expressions' trees may be deep (a sum of thousands of terms): walked with a stack, not recursion.
        while (expressions.Count != 0)
        {
            ExprNode node = expressions.Pop();
            if (node.Kind == ExprKind.Variable)
            {
                if (seen.Add(node.Text))
                    indices.Add(node.Text);
                continue;
            }
            for (int i = node.Operands.Count - 1; i >= 0; i--)
            {
                if (node.Operands[i].IsActive)
                    expressions.Push(node.Operands[i]);
            }
        }
        var sums = new List<string>();
        foreach (string index in indices)
        {
            if (sums.Count < MaxGradientSums && IsFixedIn(index, assigned))
                sums.Add(index);
        }
        return new EquatableArray<string>(sums.ToArray());
    }

    /// <summary>
    /// Whether the integer index text <paramref name="index"/> keeps its value while nothing named in
    /// <paramref name="assigned"/> changes: it names none of them and calls no method (a member access such as
    /// <c>Data.Length</c>, a cast or an element of data is fine).
    /// </summary>
    private static bool IsFixedIn(string index, HashSet<string> assigned)
    {
        int i = 0;
        while (i < index.Length)
        {
            char c = index[i];
            if (char.IsLetter(c) || c == '_' || c == '@')
            {
                int start = i;
                while (i < index.Length && (char.IsLetterOrDigit(index[i]) || index[i] == '_' || index[i] == '@'))
                    i++;
                string name = index.Substring(start, i - start).TrimStart('@');
                if (assigned.Contains(name) || assigned.Contains("@" + name))
                    return false;
                int next = i;
                while (next < index.Length && index[next] == ' ')
                    next++;
                if (next < index.Length && index[next] == '(' && name is not ("int" or "long" or "double"))
                    return false; // a call
            }
            else if (char.IsDigit(c))
            {
                while (i < index.Length && (char.IsLetterOrDigit(index[i]) || index[i] == '.'))
                    i++;
            }
            else
            {
                i++;
            }
        }
        return true;
    }

    private static EquatableArray<string> Sorted(HashSet<string> set)
    {
        var list = new List<string>(set);
        list.Sort(System.StringComparer.Ordinal);
        return new EquatableArray<string>(list.ToArray());
    }

    /// <summary>
    /// The locals that have an adjoint: read by a value the derivative flows through, or assigned one that depends on
    /// the point. A local only counted and compared (a while loop's clock) has none.
    /// </summary>
    private static HashSet<string> AdjointedLocals(FunctionModel function)
    {
        var adjointed = new HashSet<string>();
        Collect(function.Body);
        return adjointed;

        void Collect(EquatableArray<StatementNode> statements)
        {
            foreach (StatementNode statement in statements)
            {
                if (statement.Value is { } value)
                {
                    LocalsIn(value, adjointed);
                    if (IsActive(value) && IsAssignment(statement))
                        adjointed.Add(statement.Target);
                }
                Collect(statement.Body);
                Collect(statement.Else);
            }
        }

        static void LocalsIn(ExprNode node, HashSet<string> locals)
        {
            while (node.Kind is ExprKind.Add or ExprKind.Subtract)
            {
                LocalsIn(node.Operands[1], locals);
                node = node.Operands[0];
            }
            if (node.Kind is ExprKind.Local or ExprKind.Element)
                locals.Add(node.Text);
            foreach (ExprNode operand in node.Operands)
                LocalsIn(operand, locals);
        }
    }

    /// <summary>The locals that only the returned value reads (neither another statement nor the derivative).</summary>
    private static HashSet<string> ReadOnlyByResult(FunctionModel function, HashSet<string> needed)
    {
        var readElsewhere = new HashSet<string>(needed);
        var byResult = new HashSet<string>();
        Collect(function.Body);
        byResult.ExceptWith(readElsewhere);
        byResult.IntersectWith(function.Locals);
        return byResult;

        void Collect(EquatableArray<StatementNode> statements)
        {
            foreach (StatementNode statement in statements)
            {
                if (statement.Kind == StatementKind.Return)
                {
                    AllReads(statement.Value!, byResult);
                    continue;
                }
                // Compound assignments read their own old value.
                if (statement.Kind is StatementKind.AddAssign or StatementKind.SubtractAssign)
                    readElsewhere.Add(statement.Target);
                if (statement.Value is not null)
                    AllReads(statement.Value, readElsewhere);
                foreach (string read in statement.Reads)
                    readElsewhere.Add(read);
                Collect(statement.Body);
                Collect(statement.Else);
            }
        }

    }

    private static LoopRange? UnboundedLoopThatSaves(FunctionModel function, HashSet<string> needed, HashSet<string> stable, SavePlan plan)
    {
        return Find(function.Body, false, null);

        LoopRange? Find(EquatableArray<StatementNode> statements, bool inLoop, LoopRange? runtime)
        {
            foreach (StatementNode statement in statements)
            {
                // Saves and branch records in a loop known only at run time go to buffers that grow (see DynamicPushes);
                // what remains unbounded is a while loop inside it, whose trips the reverse of the outer loop could not find.
                if (runtime is not null && IsWhile(statement))
                    return runtime;
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
    private static (long Values, long Branches) Capacity(FunctionModel function, HashSet<string> needed, HashSet<string> stable, SavePlan plan)
    {
        long values = 0, branches = 0;
        Count(function.Body, 1, false);
        return (values, branches);

        void Count(EquatableArray<StatementNode> statements, long times, bool inLoop)
        {
            foreach (StatementNode statement in statements)
            {
                values += times * plan.PushCount(statement);
                switch (statement.Kind)
                {
                    case StatementKind.While:
                    case StatementKind.DoWhile:
                        // Its trip count; what its iterations save is not known at compile time (see DynamicPushes).
                        values += times;
                        Count(statement.Body, 0, true);
                        break;
                    case StatementKind.For:
                    {
                        // A loop known only at run time saves nothing (checked by UnboundedLoopThatSaves), or one
                        // iteration at a time when its iterations are re-run.
                        long iterations = RecomputesIterations(statement, needed) ? times : statement.Loop!.IsBounded ? times * statement.Loop.Bound : 0;
                        if (CountsTrips(statement, needed))
                        {
                            // Its trip count, and no decision for the guard on its stop flags.
                            values += times;
                            Count(statement.Body[0].Body, iterations, true);
                        }
                        else
                        {
                            Count(statement.Body, iterations, true);
                        }
                        // Kept stable locals: pushed at the end of every iteration, re-run or not (a bounded loop).
                        if (plan.Kept.TryGetValue(statement, out List<string>? kept))
                            values += times * statement.Loop!.Bound * kept.Count;
                        break;
                    }
                    case StatementKind.If:
                        if (plan.Records(statement, stable))
                            branches += times;
                        Count(statement.Body, times, inLoop);
                        Count(statement.Else, times, inLoop);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Chooses the stable locals that bounded <c>for</c> loops keep on the save buffer instead of recomputing them in
    /// the adjoint sweep (<see cref="StatementFacts.KeptStable"/>): those declared directly in the loop's body from a
    /// costly value (<see cref="IsCostly"/>), in loops whose pushes the buffer's size can count at compile time (at most
    /// a known number of iterations, not inside a while loop or a loop known only at run time that is not re-run),
    /// outer loops first, as long as the buffer stays within <paramref name="budget"/> more values.
    /// </summary>
    /// <remarks>
    /// The values are pushed at the end of each forward iteration, after everything else the iteration pushes, so
    /// the reverse of the iteration finds them on top and pops them first, before recomputing the cheap stable locals
    /// (which may read them) and before the body's own reverse pops what the body pushed. A loop whose iterations are
    /// re-run pushes them in the forward sweep (which saves nothing else there) and the re-run skips their declarations.
    /// </remarks>
    private static void KeepCostlyStableLocals(FunctionModel function, HashSet<string> needed, HashSet<string> stable, SavePlan plan, long budget)
    {
        Visit(function.Body, 1);

        void Visit(EquatableArray<StatementNode> statements, long times)
        {
            foreach (StatementNode statement in statements)
            {
                switch (statement.Kind)
                {
                    case StatementKind.While:
                    case StatementKind.DoWhile:
                        Visit(statement.Body, 0); // its pushes are not counted at compile time
                        break;
                    case StatementKind.If:
                        Visit(statement.Body, times);
                        Visit(statement.Else, times);
                        break;
                    case StatementKind.For:
                    {
                        LoopRange loop = statement.Loop!;
                        bool reruns = RecomputesIterations(statement, needed);
                        if (times > 0 && loop.IsBounded && loop.Bound > 0)
                        {
                            var kept = new List<string>();
                            foreach (StatementNode inner in statement.Body)
                            {
                                if (inner.Kind == StatementKind.Declare && !inner.WritesElement && stable.Contains(inner.Target) && IsCostly(inner.Value!))
                                    kept.Add(inner.Target);
                            }
                            long extra = times * loop.Bound * kept.Count;
                            if (kept.Count != 0 && extra <= budget)
                            {
                                plan.Kept[statement] = kept;
                                budget -= extra;
                            }
                        }
                        Visit(statement.Body, reruns ? times : loop.IsBounded ? times * loop.Bound : 0);
                        break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether computing <paramref name="node"/> again would cost more than a push and a pop: it divides by a value that
    /// is not a number written in the code, or calls a Math function other than the piecewise ones, or a helper.
    /// </summary>
    public static bool IsCostly(ExprNode node)
    {
        var pending = new Stack<ExprNode>();
        pending.Push(node);
        while (pending.Count != 0)
        {
            ExprNode n = pending.Pop();
            switch (n.Kind)
            {
                case ExprKind.Helper:
                    return true;
                case ExprKind.Divide when n.Operands[1].Kind != ExprKind.Constant || n.Operands[1].Text.Length == 0 || !char.IsDigit(n.Operands[1].Text[0]):
                    return true;
                case ExprKind.Call:
                    string function = n.Text.Substring(n.Text.LastIndexOf('.') + 1);
                    if (function is not ("Abs" or "Min" or "Max" or "Clamp" or "Floor" or "Ceiling" or "Round" or "Truncate" or "Sign" or "FusedMultiplyAdd"))
                        return true;
                    break;
            }
            foreach (ExprNode operand in n.Operands)
                pending.Push(operand);
        }
        return false;
    }

    /// <summary>Whether <paramref name="statement"/> is a while or do-while loop.</summary>
    public static bool IsWhile(StatementNode statement) => statement.Kind is StatementKind.While or StatementKind.DoWhile;

    /// <summary>
    /// Whether the forward sweep saves values (<c>Values</c>) or records branch decisions (<c>Branches</c>) inside a
    /// while loop, or inside a <c>for</c> loop whose trip count is known only at run time (a loop over a data array
    /// that overwrites a local, or stops at a <c>break</c>) and whose iterations are not re-run: those buffers then
    /// grow as the loop runs. Such a <c>for</c> loop needs no trip count: its bounds are integers fixed during the call,
    /// so the adjoint sweep runs its counter back over the same values.
    /// </summary>
    private static (bool Values, bool Branches) DynamicPushes(FunctionModel function, HashSet<string> needed, HashSet<string> stable, SavePlan plan)
    {
        bool values = false, branches = false;
        Visit(function.Body, false);
        return (values, branches);

        void Visit(EquatableArray<StatementNode> statements, bool inWhile)
        {
            foreach (StatementNode statement in statements)
            {
                if (IsWhile(statement) || (inWhile && (plan.Pushes(statement) || CountsTrips(statement, needed))))
                    values = true;
                if (inWhile && plan.Records(statement, stable))
                    branches = true;
                bool unbounded = statement.Kind == StatementKind.For && !statement.Loop!.IsBounded && !RecomputesIterations(statement, needed);
                // A loop with a trip count records no decision for the guard on its stop flags.
                Visit(CountsTrips(statement, needed) ? statement.Body[0].Body : statement.Body, inWhile || IsWhile(statement) || unbounded);
                Visit(statement.Else, inWhile);
            }
        }
    }

    /// <summary>The header of a <c>for</c> loop over <paramref name="loop"/>'s iterations, forwards or backwards;
    /// <paramref name="text"/> fixes up the bounds' text (the receiver).</summary>
    public static string LoopHeader(string variable, LoopRange loop, bool reverse)
    {
        if (loop.IsRuntime)
        {
            string start = loop.StartText, bound = loop.EndText;
            return reverse
                ? $"for (int {variable} = {(loop.Inclusive ? bound : bound + " - 1")}; {variable} >= {start}; {variable}--)"
                : $"for (int {variable} = {start}; {variable} {(loop.Inclusive ? "<=" : "<")} {bound}; {variable}++)";
        }
        string first = loop.Start.ToString(CultureInfo.InvariantCulture);
        string last = (loop.Start + (loop.Count - 1) * loop.Step).ToString(CultureInfo.InvariantCulture);
        string end = (loop.Start + loop.Count * (long)loop.Step).ToString(CultureInfo.InvariantCulture);
        string step = System.Math.Abs(loop.Step).ToString(CultureInfo.InvariantCulture);
        bool up = loop.Step > 0 != reverse;
        string increment = up
            ? (step == "1" ? $"{variable}++" : $"{variable} += {step}")
            : (step == "1" ? $"{variable}--" : $"{variable} -= {step}");
        return reverse
            ? $"for (int {variable} = {last}; {variable} {(up ? "<=" : ">=")} {first}; {increment})"
            : $"for (int {variable} = {first}; {variable} {(up ? "<" : ">")} {end}; {increment})";
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
