using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenOpt.Generators;

/// <summary>
/// Names the constructs that block the analytic derivative (GENOPT101) in words a C# user knows ("a while loop",
/// "a local function"), and says which rewrite, if any, makes them differentiable.
/// </summary>
internal static class ConstructNames
{
    /// <summary>The noun phrase for each syntax kind the differentiator rejects, and the rewrite that avoids it (or null).</summary>
    private static readonly Dictionary<SyntaxKind, (string Phrase, string? Rewrite)> s_names = new()
    {
        // Statements.
        [SyntaxKind.WhileStatement] = ("a while loop", null),
        [SyntaxKind.DoStatement] = ("a do-while loop", null),
        [SyntaxKind.ForEachStatement] = ("a foreach loop", "loop with 'for (int i = 0; i < n; i++)', or 'foreach (double v in x)' over the point"),
        [SyntaxKind.ForEachVariableStatement] = ("a foreach loop with deconstruction", "loop with 'for (int i = 0; i < n; i++)'"),
        [SyntaxKind.ForStatement] = ("a for loop", null),
        [SyntaxKind.SwitchStatement] = ("a switch statement", "rewrite it with if/else"),
        [SyntaxKind.TryStatement] = ("a try statement", "move the error handling out of the objective"),
        [SyntaxKind.ThrowStatement] = ("a throw statement", "check the input before the optimizer runs, outside the objective"),
        [SyntaxKind.BreakStatement] = ("a break statement", "loop to a fixed bound and guard the loop body with 'if'"),
        [SyntaxKind.ContinueStatement] = ("a continue statement", "guard the rest of the loop body with 'if'"),
        [SyntaxKind.ReturnStatement] = ("an early return", "assign the result to a local and return it once, as the last statement"),
        [SyntaxKind.LocalFunctionStatement] = ("a local function", "make it a non-generic function of 'double' values"),
        [SyntaxKind.GotoStatement] = ("a goto statement", null),
        [SyntaxKind.GotoCaseStatement] = ("a goto statement", null),
        [SyntaxKind.GotoDefaultStatement] = ("a goto statement", null),
        [SyntaxKind.LabeledStatement] = ("a labeled statement", null),
        [SyntaxKind.LockStatement] = ("a lock statement", null),
        [SyntaxKind.UsingStatement] = ("a using statement", null),
        [SyntaxKind.FixedStatement] = ("a fixed statement", null),
        [SyntaxKind.UnsafeStatement] = ("an unsafe block", null),
        [SyntaxKind.CheckedStatement] = ("a checked block", null),
        [SyntaxKind.UncheckedStatement] = ("an unchecked block", null),
        [SyntaxKind.YieldReturnStatement] = ("a yield return", null),
        [SyntaxKind.YieldBreakStatement] = ("a yield break", null),

        // Expressions.
        [SyntaxKind.SwitchExpression] = ("a switch expression", "rewrite it with '?:'"),
        [SyntaxKind.StackAllocArrayCreationExpression] = ("a stackalloc span", "hold the values in 'double' locals"),
        [SyntaxKind.ImplicitStackAllocArrayCreationExpression] = ("a stackalloc span", "hold the values in 'double' locals"),
        [SyntaxKind.ArrayCreationExpression] = ("an array creation", "hold the values in 'double' locals"),
        [SyntaxKind.ImplicitArrayCreationExpression] = ("an array creation", "hold the values in 'double' locals"),
        [SyntaxKind.CollectionExpression] = ("a collection expression", "hold the values in 'double' locals"),
        [SyntaxKind.ObjectCreationExpression] = ("an object creation ('new')", null),
        [SyntaxKind.ImplicitObjectCreationExpression] = ("an object creation ('new')", null),
        [SyntaxKind.AnonymousObjectCreationExpression] = ("an anonymous object", null),
        [SyntaxKind.TupleExpression] = ("a tuple", "use one 'double' local per component"),
        [SyntaxKind.SimpleLambdaExpression] = ("a lambda", "move it into a static helper marked [Differentiable]"),
        [SyntaxKind.ParenthesizedLambdaExpression] = ("a lambda", "move it into a static helper marked [Differentiable]"),
        [SyntaxKind.AnonymousMethodExpression] = ("an anonymous method", "move it into a static helper marked [Differentiable]"),
        [SyntaxKind.SimpleAssignmentExpression] = ("an assignment inside an expression", "assign in a statement of its own"),
        [SyntaxKind.AddAssignmentExpression] = ("an assignment inside an expression", "assign in a statement of its own"),
        [SyntaxKind.SubtractAssignmentExpression] = ("an assignment inside an expression", "assign in a statement of its own"),
        [SyntaxKind.MultiplyAssignmentExpression] = ("an assignment inside an expression", "assign in a statement of its own"),
        [SyntaxKind.DivideAssignmentExpression] = ("an assignment inside an expression", "assign in a statement of its own"),
        [SyntaxKind.CoalesceAssignmentExpression] = ("an assignment inside an expression", null),
        [SyntaxKind.PreIncrementExpression] = ("an increment inside an expression", "increment in a statement of its own"),
        [SyntaxKind.PreDecrementExpression] = ("a decrement inside an expression", "decrement in a statement of its own"),
        [SyntaxKind.PostIncrementExpression] = ("an increment inside an expression", "increment in a statement of its own"),
        [SyntaxKind.PostDecrementExpression] = ("a decrement inside an expression", "decrement in a statement of its own"),
        [SyntaxKind.IsPatternExpression] = ("an 'is' pattern", "compare with '<', '==', ..."),
        [SyntaxKind.IsExpression] = ("an 'is' test", null),
        [SyntaxKind.AsExpression] = ("an 'as' conversion", null),
        [SyntaxKind.CoalesceExpression] = ("a '??' expression", null),
        [SyntaxKind.ConditionalAccessExpression] = ("a null-conditional access ('?.')", null),
        [SyntaxKind.InterpolatedStringExpression] = ("a string interpolation", null),
        [SyntaxKind.StringLiteralExpression] = ("a string", null),
        [SyntaxKind.CharacterLiteralExpression] = ("a character literal", null),
        [SyntaxKind.NullLiteralExpression] = ("'null'", null),
        [SyntaxKind.TrueLiteralExpression] = ("a 'bool' value", "use it only in the condition of 'if' or '?:'"),
        [SyntaxKind.FalseLiteralExpression] = ("a 'bool' value", "use it only in the condition of 'if' or '?:'"),
        [SyntaxKind.DefaultExpression] = ("a 'default' value", "write the constant"),
        [SyntaxKind.DefaultLiteralExpression] = ("a 'default' value", "write the constant"),
        [SyntaxKind.ThisExpression] = ("'this' as a whole", "read its fields"),
        [SyntaxKind.BaseExpression] = ("'base' as a whole", null),
        [SyntaxKind.TypeOfExpression] = ("a typeof expression", null),
        [SyntaxKind.SizeOfExpression] = ("a sizeof expression", null),
        [SyntaxKind.CheckedExpression] = ("a checked expression", null),
        [SyntaxKind.UncheckedExpression] = ("an unchecked expression", null),
        [SyntaxKind.ThrowExpression] = ("a throw expression", "check the input before the optimizer runs, outside the objective"),
        [SyntaxKind.RefExpression] = ("a ref expression", null),
        [SyntaxKind.RangeExpression] = ("a range ('..')", "index the elements one at a time"),
        [SyntaxKind.IndexExpression] = ("a from-end index ('^')", "index from the start ('x[x.Length - 1]')"),
        [SyntaxKind.AwaitExpression] = ("an await", null),
        [SyntaxKind.QueryExpression] = ("a LINQ query", "write the loop with 'for'"),
        [SyntaxKind.WithExpression] = ("a 'with' expression", null),
        [SyntaxKind.LogicalNotExpression] = ("a '!' operator", "use it only in the condition of 'if' or '?:'"),
        [SyntaxKind.BitwiseNotExpression] = ("a '~' operator", null),
        [SyntaxKind.PointerIndirectionExpression] = ("a pointer dereference", null),
        [SyntaxKind.AddressOfExpression] = ("an address-of ('&')", null),
    };

    /// <summary>The noun phrase for <paramref name="node"/>: "a while loop", "a switch expression".</summary>
    public static string Phrase(SyntaxNode node)
    {
        SyntaxKind kind = node.Kind();
        if (s_names.TryGetValue(kind, out (string Phrase, string? Rewrite) name))
            return name.Phrase;
        if (node is Microsoft.CodeAnalysis.CSharp.Syntax.BinaryExpressionSyntax binary)
            return $"the operator '{binary.OperatorToken.Text}'";
        if (node is Microsoft.CodeAnalysis.CSharp.Syntax.PrefixUnaryExpressionSyntax prefix)
            return $"the operator '{prefix.OperatorToken.Text}'";
        return Words(kind);
    }

    /// <summary>
    /// "<paramref name="node"/> is not differentiable", with the rewrite that makes it differentiable where there is
    /// one: "a while loop is not differentiable; rewrite the while loop as a for loop with a fixed bound".
    /// </summary>
    public static string NotDifferentiable(SyntaxNode node)
    {
        string text = Phrase(node) + " is not differentiable";
        return s_names.TryGetValue(node.Kind(), out (string Phrase, string? Rewrite) name) && name.Rewrite is { } rewrite
            ? text + "; " + rewrite
            : text;
    }

    /// <summary>What a name refers to, in words: "the local 'b'", "the method group 'F'".</summary>
    public static string Reference(ISymbol? symbol, SyntaxNode node) => symbol switch
    {
        ILocalSymbol local => $"the local '{local.Name}'",
        IParameterSymbol parameter => $"the parameter '{parameter.Name}'",
        IMethodSymbol method => $"the method group '{method.Name}'",
        ITypeSymbol type => $"the type '{type.Name}'",
        _ => $"'{node}'",
    };

    /// <summary>A method as a user calls it: "Math.Clamp", "Helpers.Square", "Local" for a local function.</summary>
    public static string Name(IMethodSymbol method) =>
        method.MethodKind == MethodKind.LocalFunction || method.ContainingType is null
            ? method.Name
            : method.ContainingType.Name + "." + method.Name;

    /// <summary>Why a call that is neither a known 'Math' function nor a [Differentiable] helper blocks the derivative.</summary>
    public static string Call(IMethodSymbol method)
    {
        string name = Name(method);
        if (method.MethodKind == MethodKind.LocalFunction)
            return $"a call to the local function '{name}' is not differentiable";
        string? container = method.ContainingType?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (container == "global::System.MathF")
            return $"a call to '{name}', which computes in 'float', is not differentiable; use 'Math' (double)";
        if (container is "global::System.Math" or "global::System.Double")
            return $"a call to '{name}', which GenOpt has no derivative for, is not differentiable";
        if (method.DeclaringSyntaxReferences.Length == 0)
            return $"a call to '{name}', which has no source in this compilation, is not differentiable";
        if (method.IsStatic && !method.IsGenericMethod && method.ReturnType.SpecialType == SpecialType.System_Double && AllDoubles(method))
        {
            // A static 'double' function of 'double' (and 'int') values with source is differentiated like a helper unless the
            // generated code cannot reach it or its body.
            return method.ContainingType is { IsGenericType: true }
                ? $"a call to '{name}', a method of the generic type '{method.ContainingType.Name}', is not differentiable; move it into a non-generic type"
                : $"a call to '{name}', whose body GenOpt cannot read (declared in several parts or without a body), is not differentiable";
        }
        return $"a call to '{name}', which is not a static 'double' function of 'double' and 'int' values, is not differentiable (a call may have side effects)";
    }

    private static bool AllDoubles(IMethodSymbol method)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.Type.SpecialType is not (SpecialType.System_Double or SpecialType.System_Int32) || parameter.RefKind != RefKind.None)
                return false;
        }
        return true;
    }

    /// <summary>A syntax kind the table does not name, in words: <c>WhileStatement</c> becomes "a while statement".</summary>
    private static string Words(SyntaxKind kind)
    {
        string name = kind.ToString();
        var builder = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0)
                builder.Append(' ');
            builder.Append(char.ToLowerInvariant(c));
        }
        string words = builder.ToString();
        return (words.Length > 0 && "aeiou".IndexOf(words[0]) >= 0 ? "an " : "a ") + words;
    }
}
