using System.Collections.Generic;
using GenOpt.Generators.Model;

namespace GenOpt.Generators.Batch;

/// <summary>
/// Which values differ from lane to lane in batch evaluation: those that depend on the point (<see cref="ExprNode.IsActive"/>),
/// and also a <c>?:</c> of constants whose condition depends on the point (<c>x[0] &gt; 1 ? 0.25 : 0.2</c>), which the
/// gradient counts as constant (its derivative is 0) but which takes another value in each lane.
/// </summary>
internal sealed class Lanes
{
    private readonly Dictionary<ExprNode, bool> _varies = new();

    /// <summary>Whether the node's value may differ between lanes (otherwise it is computed once, as a scalar, and broadcast).</summary>
    public bool Varies(ExprNode node)
    {
        if (node.IsActive)
            return true;
        if (node.Operands.Count == 0 && node.Test is null)
            return false;
        if (_varies.TryGetValue(node, out bool known))
            return known;
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        bool varies = node.Test is { } test && Varies(test);
        // The left operands of a chain of sums are walked in a loop (a sum of n terms is n nodes deep).
        ExprNode current = node;
        while (!varies && current.Kind is ExprKind.Add or ExprKind.Subtract)
        {
            varies = Varies(current.Operands[1]);
            current = current.Operands[0];
        }
        if (!varies && !ReferenceEquals(current, node))
            varies = Varies(current);
        else if (!varies)
        {
            foreach (ExprNode operand in node.Operands)
                varies |= Varies(operand);
        }
        _varies[node] = varies;
        return varies;
    }

    /// <summary>Whether the condition may hold in some lanes and not in others.</summary>
    public bool Varies(ConditionNode condition)
    {
        if (condition.IsActive)
            return true;
        foreach (ExprNode operand in condition.Operands)
        {
            if (Varies(operand))
                return true;
        }
        foreach (ConditionNode inner in condition.Conditions)
        {
            if (Varies(inner))
                return true;
        }
        return false;
    }
}
