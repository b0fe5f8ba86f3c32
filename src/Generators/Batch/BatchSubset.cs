using System.Collections.Generic;
using GenOpt.Generators.Model;

namespace GenOpt.Generators.Batch;

/// <summary>Where the construct that keeps a body out of batch evaluation is, for the parser to find it in the syntax.</summary>
internal enum BatchSite
{
    /// <summary>The objective's name.</summary>
    Method,

    /// <summary>The first <c>while</c> or <c>do</c> loop.</summary>
    WhileLoop,

    /// <summary>The first call of the method whose simple name is the blocker's key.</summary>
    Call,

    /// <summary>The first <c>stackalloc</c>.</summary>
    Stackalloc,

    /// <summary>The first <c>switch</c> statement (key <c>statement</c>) or expression (key <c>expression</c>) whose
    /// governing value reads a <c>double</c> (else the first of its kind).</summary>
    Switch,
}

/// <summary>The first construct (in the body's order) that keeps a body out of batch evaluation.</summary>
/// <param name="Construct">The construct in the user's words, for the message.</param>
/// <param name="Site">Where to report it.</param>
/// <param name="Key">For a call: the simple name of the method called; for a switch: <c>statement</c> or <c>expression</c>.</param>
internal sealed record BatchBlocker(string Construct, BatchSite Site, string Key = "");

/// <summary>
/// The subset of the derivative model that the batch emitter (<see cref="BatchWriter"/>) evaluates lane-parallel:
/// arithmetic, <c>double</c> locals, the point, data and counters, <c>for</c> loops, <c>if</c> and <c>?:</c> (with
/// conditions known as trees), the <c>Math</c> functions (with a vector counterpart, <see cref="VectorFunction"/>, or
/// lane by lane, <see cref="IsLaneByLane"/>), and calls of helpers whose bodies are inside the subset.
/// </summary>
internal static class BatchSubset
{
    /// <summary>The <c>Math</c> functions of a value that depends on the point that have a lane-wise counterpart, with
    /// their arity: the same name on <c>Vector256</c>/<c>Vector512</c>, or a composition the writer spells out
    /// (<c>Clamp</c> as two selects). <c>Pow</c> has none: even <c>Math.Pow(a, 2)</c> is not always <c>a * a</c> to the bit.</summary>
    private static readonly Dictionary<string, int> s_functions = new(System.StringComparer.Ordinal)
    {
        ["Sqrt"] = 1, ["Abs"] = 1, ["Min"] = 2, ["Max"] = 2, ["Floor"] = 1, ["Ceiling"] = 1, ["Round"] = 1, ["Truncate"] = 1,
        ["Exp"] = 1, ["Log"] = 1, ["Sin"] = 1, ["Cos"] = 1, ["FusedMultiplyAdd"] = 3, ["Clamp"] = 3,
    };

    private const string MathPrefix = "global::System.Math.";

    /// <summary>The simple name of the <c>Math</c> function a call node of an active value computes, when the batch
    /// emitter has it; otherwise null.</summary>
    public static string? VectorFunction(ExprNode call)
    {
        if (!call.Text.StartsWith(MathPrefix, System.StringComparison.Ordinal))
            return null;
        string name = call.Text.Substring(MathPrefix.Length);
        return s_functions.TryGetValue(name, out int arity) && arity == call.Operands.Count ? name : null;
    }

    /// <summary>
    /// Whether the call of an active value is computed lane by lane with the scalar function itself (the exact scalar
    /// bits): a <c>Math</c> or <c>double</c> function of <c>double</c> arguments without a vector counterpart here
    /// (<c>Pow</c>, <c>Tanh</c>, <c>Atan</c>, <c>Log10</c>, <c>Hypot</c>, <c>Cbrt</c>, ...), or any such function of
    /// <c>double</c> (whose vector counterpart is not used for the <c>double</c> spelling). The parser only lets such
    /// calls of the point through (all parameters and the result <c>double</c>).
    /// </summary>
    public static bool IsLaneByLane(ExprNode call) =>
        call.Kind == ExprKind.Call && VectorFunction(call) is null
        && (call.Text.StartsWith(MathPrefix, System.StringComparison.Ordinal) || call.Text.StartsWith(DoublePrefix, System.StringComparison.Ordinal));

    private const string DoublePrefix = "global::System.Double.";

    /// <summary>The first construct of <paramref name="model"/> outside the subset, or null when it is inside.</summary>
    public static BatchBlocker? Check(DerivativeModel model)
    {
        foreach (SpanLocal span in model.Function.Spans)
        {
            // A span of vectors of the same length; a length known only at run time stays out (stackalloc of an
            // unbounded size).
            if (span.Length < 0)
                return new BatchBlocker("a stackalloc span local whose length is not a compile-time constant", BatchSite.Stackalloc);
        }
        return new Checker(model.Helpers).Statements(model.Function.Body, masked: false);
    }

    /// <summary>The helper a <see cref="ExprKind.Helper"/> node calls (its name and number of operands identify it), or null.</summary>
    public static HelperModel? FindHelper(EquatableArray<HelperModel> helpers, ExprNode call)
    {
        foreach (HelperModel helper in helpers)
        {
            if (helper.Name == call.Text && helper.Parameters.Count == call.Operands.Count)
                return helper;
        }
        return null;
    }

    private sealed class Checker(EquatableArray<HelperModel> helpers)
    {
        private readonly Lanes _lanes = new();

        // The helpers being checked (a recursive one stays out) and those found inside the subset.
        private readonly HashSet<HelperModel> _checking = new();
        private readonly HashSet<HelperModel> _inside = new();

        /// <summary>Whether the helper's body is inside the subset: its vector copy is then written like the objective's body.</summary>
        private BatchBlocker? Helper(ExprNode node)
        {
            string display = node.Text;
            HelperModel? helper = FindHelper(helpers, node);
            if (helper is not null && helper.DisplayName.Length != 0)
                display = helper.DisplayName;
            string simple = SimpleName(display);
            if (helper is null || _checking.Contains(helper))
                return new BatchBlocker($"the call of '{simple}' (a recursive helper is evaluated one point at a time)", BatchSite.Call, simple);
            if (_inside.Contains(helper))
                return null;
            for (int i = 0; i < node.Operands.Count; i++)
            {
                if (helper.IsInteger(i) && _lanes.Varies(node.Operands[i]))
                    return new BatchBlocker($"the call of '{simple}' (an integer argument that depends on the point)", BatchSite.Call, simple);
            }
            if (!helper.Function.Spans.IsEmpty || ReadsThePoint(helper.Function.Body))
                return new BatchBlocker($"the call of '{simple}' (its body reads the point or has a stackalloc span)", BatchSite.Call, simple);
            _checking.Add(helper);
            BatchBlocker? inner = Statements(helper.Function.Body, masked: false);
            _checking.Remove(helper);
            if (inner is not null)
                return new BatchBlocker($"the call of '{simple}' (its body has {inner.Construct})", BatchSite.Call, simple);
            _inside.Add(helper);
            return null;
        }

        private static bool ReadsThePoint(EquatableArray<StatementNode> statements)
        {
            foreach (StatementNode statement in statements)
            {
                if (statement.Value is { } value && ReadsThePoint(value)
                    || statement.Test is { } test && ReadsThePoint(test)
                    || ReadsThePoint(statement.Body) || ReadsThePoint(statement.Else))
                {
                    return true;
                }
            }
            return false;
        }

        private static bool ReadsThePoint(ConditionNode condition)
        {
            foreach (ExprNode operand in condition.Operands)
            {
                if (ReadsThePoint(operand))
                    return true;
            }
            foreach (ConditionNode inner in condition.Conditions)
            {
                if (ReadsThePoint(inner))
                    return true;
            }
            return false;
        }

        private static bool ReadsThePoint(ExprNode root)
        {
            var pending = new Stack<ExprNode>();
            pending.Push(root);
            while (pending.Count != 0)
            {
                ExprNode node = pending.Pop();
                if (node.Kind is ExprKind.Variable or ExprKind.Element || node.Test is { } test && ReadsThePoint(test))
                    return true;
                foreach (ExprNode operand in node.Operands)
                    pending.Push(operand);
            }
            return false;
        }

    public BatchBlocker? Statements(EquatableArray<StatementNode> statements, bool masked)
    {
        foreach (StatementNode statement in statements)
        {
            if (Statement(statement, masked) is { } blocker)
                return blocker;
        }
        return null;
    }

    private BatchBlocker? Statement(StatementNode statement, bool masked)
    {
        switch (statement.Kind)
        {
            case StatementKind.Declare:
            case StatementKind.Assign:
            case StatementKind.AddAssign:
            case StatementKind.SubtractAssign:
                return Expression(statement.Value!);
            case StatementKind.Return:
                return masked ? new BatchBlocker("a return inside a branch on the point", BatchSite.Method) : Expression(statement.Value!);
            case StatementKind.For:
                return Statements(statement.Body, masked);
            case StatementKind.If:
                if (statement.Test is not { } test)
                    return new BatchBlocker("a switch whose governing value depends on the point", BatchSite.Switch, "statement");
                return Condition(test)
                    ?? Statements(statement.Body, masked || _lanes.Varies(test))
                    ?? Statements(statement.Else, masked || _lanes.Varies(test));
            case StatementKind.While:
            case StatementKind.DoWhile:
                // A loop on the point runs while any lane's condition holds, each lane's body under its own mask.
                if (statement.Test is not { } loopTest)
                    return new BatchBlocker("a while or do loop", BatchSite.WhileLoop);
                return Condition(loopTest) ?? Statements(statement.Body, masked || _lanes.Varies(loopTest));
            default:
                return new BatchBlocker("a vector output", BatchSite.Method);
        }
    }

    private BatchBlocker? Condition(ConditionNode condition)
    {
        foreach (ExprNode operand in condition.Operands)
        {
            if (_lanes.Varies(operand) && Expression(operand) is { } blocker)
                return blocker;
        }
        foreach (ConditionNode inner in condition.Conditions)
        {
            if (Condition(inner) is { } blocker)
                return blocker;
        }
        return null;
    }

    private BatchBlocker? Expression(ExprNode root)
    {
        // Iterative: a sum of n terms is n nodes deep.
        var pending = new Stack<ExprNode>();
        pending.Push(root);
        while (pending.Count != 0)
        {
            ExprNode node = pending.Pop();
            if (!_lanes.Varies(node))
                continue; // computed as a scalar, as the user wrote it, and broadcast
            switch (node.Kind)
            {
                case ExprKind.Helper:
                    if (Helper(node) is { } helperBlocker)
                        return helperBlocker;
                    break;
                case ExprKind.Call when VectorFunction(node) is null && !IsLaneByLane(node):
                {
                    string simple = SimpleName(node.Text);
                    return new BatchBlocker($"'Math.{simple}' of a value that depends on the point (no vector counterpart)", BatchSite.Call, simple);
                }
                case ExprKind.Conditional when node.Test is null:
                    return new BatchBlocker("a switch expression whose governing value depends on the point", BatchSite.Switch, "expression");
                case ExprKind.Conditional:
                    if (Condition(node.Test!) is { } blocker)
                        return blocker;
                    break;
            }
            for (int i = node.Operands.Count - 1; i >= 0; i--)
                pending.Push(node.Operands[i]);
        }
        return null;
    }

    }

    private static string SimpleName(string name)
    {
        int paren = name.IndexOf('(');
        if (paren >= 0)
            name = name.Substring(0, paren);
        int dot = name.LastIndexOf('.');
        return dot >= 0 ? name.Substring(dot + 1) : name;
    }
}
