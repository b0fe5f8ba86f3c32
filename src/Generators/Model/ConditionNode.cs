namespace GenOpt.Generators.Model;

/// <summary>The kind of a <see cref="ConditionNode"/>.</summary>
internal enum ConditionKind
{
    /// <summary><c>Operands[0] Operator Operands[1]</c>, <c>Operator</c> one of <c>&lt; &lt;= &gt; &gt;= == !=</c>.</summary>
    Compare,

    /// <summary><c>Conditions[0] &amp;&amp; Conditions[1]</c>.</summary>
    And,

    /// <summary><c>Conditions[0] || Conditions[1]</c>.</summary>
    Or,

    /// <summary><c>!Conditions[0]</c>.</summary>
    Not,

    /// <summary>The literal <c>Operator</c> (<c>true</c> or <c>false</c>).</summary>
    Literal,
}

/// <summary>
/// A condition of an <c>if</c>, a <c>?:</c> or a loop as a tree, beside its C# text (which the gradient's emitter
/// prints): the batch emitter turns the comparisons of values that depend on the point into lane masks.
/// </summary>
/// <param name="Kind">What the node is.</param>
/// <param name="Operator">For a comparison its operator; for a literal its text.</param>
/// <param name="Operands">For a comparison its two sides.</param>
/// <param name="Conditions">For <c>&amp;&amp;</c>, <c>||</c> and <c>!</c> their operands.</param>
internal sealed record ConditionNode(ConditionKind Kind, string Operator, EquatableArray<ExprNode> Operands, EquatableArray<ConditionNode> Conditions)
{
    /// <summary>Whether the condition reads a value that depends on the point (a <c>double</c> local counts).</summary>
    public bool IsActive { get; } = ComputeActive(Operands, Conditions);

    public static ConditionNode Compare(ExprNode left, string op, ExprNode right) =>
        new(ConditionKind.Compare, op, new EquatableArray<ExprNode>([left, right]), EquatableArray<ConditionNode>.Empty);

    public static ConditionNode Logical(ConditionKind kind, params ConditionNode[] conditions) =>
        new(kind, "", EquatableArray<ExprNode>.Empty, new EquatableArray<ConditionNode>(conditions));

    public static ConditionNode Literal(bool value) =>
        new(ConditionKind.Literal, value ? "true" : "false", EquatableArray<ExprNode>.Empty, EquatableArray<ConditionNode>.Empty);

    private static bool ComputeActive(EquatableArray<ExprNode> operands, EquatableArray<ConditionNode> conditions)
    {
        foreach (ExprNode operand in operands)
        {
            if (operand.IsActive)
                return true;
        }
        foreach (ConditionNode condition in conditions)
        {
            if (condition.IsActive)
                return true;
        }
        return false;
    }
}
