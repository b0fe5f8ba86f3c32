using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GenOpt.Analyzers;

/// <summary>The values an index expression takes: every value in [Min, Max] is reached when the code runs.</summary>
internal readonly struct IndexRange(long min, long max, bool loopDerived)
{
    public long Min { get; } = min;
    public long Max { get; } = max;

    /// <summary>True when the range comes from a <c>for</c> loop variable rather than a constant.</summary>
    public bool LoopDerived { get; } = loopDerived;
}

/// <summary>
/// Bounds index expressions such as <c>3</c>, <c>x.Length - 1</c> or <c>i + 1</c> inside
/// <c>for (int i = 0; i &lt; K; i++)</c>. Only exact bounds are returned: a range is given when each of its ends
/// is reached whenever the enclosing code runs (constant-bounded, non-empty, step-one loops whose body neither
/// writes the variable nor leaves early, no condition between the loop and the index, each loop variable used once).
/// </summary>
internal static class IndexBounds
{
    /// <summary>The length of a span parameter if it is known at compile time, else null.</summary>
    public delegate int? LengthOf(IParameterSymbol parameter);

    /// <summary>The range of <paramref name="index"/>, or null if it cannot be bounded exactly.</summary>
    public static IndexRange? Evaluate(IOperation index, LengthOf lengthOf)
    {
        var loops = new List<IForLoopOperation>();
        var seen = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        (long Min, long Max)? range = Evaluate(index, lengthOf, loops, seen);
        if (range is not { } r)
            return null;
        if (loops.Count != 0 && !IsReachedOnEveryIteration(index, loops, lengthOf))
            return null;
        return new IndexRange(r.Min, r.Max, loops.Count != 0);
    }

    private static (long Min, long Max)? Evaluate(IOperation operation, LengthOf lengthOf, List<IForLoopOperation> loops, HashSet<ILocalSymbol> seen)
    {
        if (operation.ConstantValue is { HasValue: true, Value: { } value })
        {
            return value switch
            {
                int i => (i, i),
                long l => (l, l),
                short s => (s, s),
                byte b => (b, b),
                sbyte sb => (sb, sb),
                ushort us => (us, us),
                uint ui => (ui, ui),
                _ => null,
            };
        }
        switch (operation)
        {
            case IConversionOperation { Operand: var operand } conversion when conversion.Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_IntPtr:
                return Evaluate(operand, lengthOf, loops, seen);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus, Operand: var operand }:
                return Evaluate(operand, lengthOf, loops, seen);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus, Operand: var operand }:
                return Evaluate(operand, lengthOf, loops, seen) is { } negated ? (-negated.Max, -negated.Min) : null;
            case IBinaryOperation binary:
                if (Evaluate(binary.LeftOperand, lengthOf, loops, seen) is not { } left
                    || Evaluate(binary.RightOperand, lengthOf, loops, seen) is not { } right)
                {
                    return null;
                }
                return binary.OperatorKind switch
                {
                    BinaryOperatorKind.Add => (left.Min + right.Min, left.Max + right.Max),
                    BinaryOperatorKind.Subtract => (left.Min - right.Max, left.Max - right.Min),
                    BinaryOperatorKind.Multiply => Multiply(left, right),
                    _ => null,
                };
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: IParameterReferenceOperation { Parameter: var parameter } }
                when lengthOf(parameter) is int length:
                return (length, length);
            case ILocalReferenceOperation { Local: var local }:
                if (!seen.Add(local))
                    return null; // 'i - i' is not bounded exactly by interval arithmetic
                for (IOperation? ancestor = operation.Parent; ancestor is not null; ancestor = ancestor.Parent)
                {
                    if (ancestor is IForLoopOperation loop && Declares(loop, local))
                    {
                        if (LoopRange(loop, local, lengthOf) is not { } loopRange)
                            return null;
                        loops.Add(loop);
                        return loopRange;
                    }
                    if (ancestor is IAnonymousFunctionOperation or ILocalFunctionOperation)
                        return null;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool Declares(IForLoopOperation loop, ILocalSymbol local)
    {
        foreach (ILocalSymbol declared in loop.Locals)
        {
            if (SymbolEqualityComparer.Default.Equals(declared, local))
                return true;
        }
        return false;
    }

    private static (long, long) Multiply((long Min, long Max) a, (long Min, long Max) b)
    {
        long p1 = a.Min * b.Min, p2 = a.Min * b.Max, p3 = a.Max * b.Min, p4 = a.Max * b.Max;
        return (Math.Min(Math.Min(p1, p2), Math.Min(p3, p4)), Math.Max(Math.Max(p1, p2), Math.Max(p3, p4)));
    }

    /// <summary>The values of the loop variable of a simple, non-empty <c>for</c> loop with constant bounds.</summary>
    private static (long Min, long Max)? LoopRange(IForLoopOperation loop, ILocalSymbol local, LengthOf lengthOf)
    {
        if (loop.Locals.Length != 1 || loop.Before.Length != 1 || loop.AtLoopBottom.Length != 1)
            return null;
        if (loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
            || group.Declarations[0].Declarators.Length != 1
            || group.Declarations[0].Declarators[0] is not { Initializer.Value: var initial } declarator
            || !SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
            || Constant(initial, lengthOf) is not long start)
        {
            return null;
        }

        int step = loop.AtLoopBottom[0] is IExpressionStatementOperation { Operation: var bottom } ? Step(bottom, local) : 0;
        if (step == 0)
            return null;

        if (loop.Condition is not IBinaryOperation condition
            || Strip(condition.LeftOperand) is not ILocalReferenceOperation { Local: var tested }
            || !SymbolEqualityComparer.Default.Equals(tested, local)
            || Constant(condition.RightOperand, lengthOf) is not long end)
        {
            return null;
        }
        long min, max;
        switch (condition.OperatorKind)
        {
            case BinaryOperatorKind.LessThan when step > 0: (min, max) = (start, end - 1); break;
            case BinaryOperatorKind.LessThanOrEqual when step > 0: (min, max) = (start, end); break;
            case BinaryOperatorKind.GreaterThan when step < 0: (min, max) = (end + 1, start); break;
            case BinaryOperatorKind.GreaterThanOrEqual when step < 0: (min, max) = (end, start); break;
            default: return null;
        }
        if (min > max || WritesOrLeaves(loop.Body, local))
            return null;
        return (min, max);
    }

    private static long? Constant(IOperation operation, LengthOf lengthOf)
    {
        var loops = new List<IForLoopOperation>();
        return Evaluate(operation, lengthOf, loops, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)) is { } range
            && loops.Count == 0 && range.Min == range.Max
            ? range.Min
            : null;
    }

    private static IOperation Strip(IOperation operation) =>
        operation is IConversionOperation { IsImplicit: true, Operand: var operand } ? operand : operation;

    /// <summary>+1 for <c>i++</c>, <c>++i</c>, <c>i += 1</c>; -1 for the decrements; 0 otherwise.</summary>
    private static int Step(IOperation operation, ILocalSymbol local)
    {
        switch (operation)
        {
            case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target } increment
                when SymbolEqualityComparer.Default.Equals(target.Local, local):
                return increment.Kind == OperationKind.Increment ? 1 : -1;
            case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target, Value.ConstantValue: { HasValue: true, Value: 1 } } compound
                when SymbolEqualityComparer.Default.Equals(target.Local, local):
                return compound.OperatorKind switch
                {
                    BinaryOperatorKind.Add => 1,
                    BinaryOperatorKind.Subtract => -1,
                    _ => 0,
                };
            default:
                return 0;
        }
    }

    /// <summary>True when the body writes the loop variable, or may leave an iteration early.</summary>
    private static bool WritesOrLeaves(IOperation body, ILocalSymbol local)
    {
        foreach (IOperation operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IBranchOperation or IReturnOperation or IThrowOperation:
                    return true;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                    if (reference.Parent is IAssignmentOperation assignment && assignment.Target == reference
                        || reference.Parent is IIncrementOrDecrementOperation
                        || reference.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out })
                    {
                        return true;
                    }
                    break;
            }
        }
        return false;
    }

    /// <summary>
    /// True when, once the outermost of <paramref name="loops"/> runs, the index is evaluated on every iteration:
    /// nothing between the index and that loop is conditional, and every loop in between is a bounded, non-empty one.
    /// </summary>
    private static bool IsReachedOnEveryIteration(IOperation index, List<IForLoopOperation> loops, LengthOf lengthOf)
    {
        var pending = new HashSet<IForLoopOperation>(loops);
        IOperation child = index;
        for (IOperation? parent = index.Parent; parent is not null && pending.Count != 0; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when child != conditional.Condition:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical when child == logical.RightOperand:
                case ICoalesceOperation coalesce when child == coalesce.WhenNull:
                case IConditionalAccessOperation access when child == access.WhenNotNull:
                case ISwitchCaseOperation or ISwitchExpressionArmOperation or ICatchClauseOperation:
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IForLoopOperation loop:
                    if (child != loop.Body)
                        return false;
                    if (!pending.Remove(loop)
                        && (loop.Locals.Length != 1 || LoopRange(loop, loop.Locals[0], lengthOf) is null))
                    {
                        return false;
                    }
                    break;
                case ILoopOperation:
                    return false;
            }
        }
        return pending.Count == 0;
    }
}
