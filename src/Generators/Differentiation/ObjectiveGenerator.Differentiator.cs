using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GenOpt.Generators;

public sealed partial class ObjectiveGenerator
{
    /// <summary>
    /// Translates the body of an objective, a constraint or a [Differentiable] helper into a <see cref="DerivativeModel"/>
    /// (plain values the emitter differentiates), or says which construct blocks that and why. Runs in the parser,
    /// where the semantic model is available; keeps nothing of it.
    /// </summary>
    internal static partial class Differentiator
    {
        internal const string DifferentiableAttributeMetadataName = "GenOpt.DifferentiableAttribute";

        /// <summary>Most iterations a loop may have; its trip count is found by running its header at compile time.</summary>
        internal const int MaxLoopIterations = 1_000_000;

        /// <summary>
        /// Most levels of nesting (of expressions, and of statements) in a differentiable body. A chain of sums
        /// <c>a + b - c + ...</c> is one level however many terms it has. Deeper bodies keep finite differences: the
        /// translation and the emitter recurse once per level, and a generator must never run out of stack.
        /// </summary>
        internal const int MaxNesting = 1_000;

        /// <summary>The translated body, or what blocks differentiation.</summary>
        /// <param name="Model">The model, or null when the body cannot be differentiated.</param>
        /// <param name="Construct">The blocking construct as written (shortened), or null.</param>
        /// <param name="Reason">
        /// Why, naming the construct in words and the rewrite that avoids it where there is one: "a while loop is not
        /// differentiable; rewrite the while loop as a for loop with a fixed bound" (see <see cref="ConstructNames"/>).
        /// </param>
        /// <param name="Location">Where the construct is, or null (e.g. the method has errors).</param>
        internal sealed record Outcome(DerivativeModel? Model, string? Construct, string? Reason, Location? Location);

        private static readonly Dictionary<string, int> s_functions = new(StringComparer.Ordinal)
        {
            ["Sqrt"] = 1, ["Exp"] = 1, ["Log"] = 1, ["Log10"] = 1, ["Log2"] = 1, ["Pow"] = 2,
            ["Sin"] = 1, ["Cos"] = 1, ["Tan"] = 1, ["Asin"] = 1, ["Acos"] = 1, ["Atan"] = 1, ["Atan2"] = 2,
            ["Sinh"] = 1, ["Cosh"] = 1, ["Tanh"] = 1, ["Abs"] = 1, ["Min"] = 2, ["Max"] = 2, ["Cbrt"] = 1,
            ["Hypot"] = 2, ["FusedMultiplyAdd"] = 3, ["Clamp"] = 3, ["Floor"] = 1, ["Ceiling"] = 1, ["Round"] = 1, ["Truncate"] = 1,
        };

        /// <summary>
        /// Translates <paramref name="syntax"/>. <paramref name="values"/> is the values parameter of a vector constraint.
        /// Never throws except for cancellation.
        /// </summary>
        public static Outcome Translate(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel,
            int dimension, int count, CancellationToken cancellationToken)
        {
            SyntaxNode? body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
            if (body is null || body.ContainsDiagnostics
                || semanticModel.GetDiagnostics(body.Span, cancellationToken).Any(static d => d.Severity == DiagnosticSeverity.Error))
            {
                return new Outcome(null, null, "the method has errors", null);
            }
            try
            {
                var helpers = new List<HelperModel>();
                bool[] usesObsolete = [false];
                var translator = new Translator(semanticModel, method, method.ContainingType, dimension, count, helpers, [method], usesObsolete, cancellationToken);
                FunctionModel function = translator.TranslateMethod(syntax);
                // Parse, then analyse each body once (the decisions are stored on the model), then emit.
                var bodies = new List<(string Name, FunctionModel Function)> { (method.Name, function) };
                foreach (HelperModel helper in helpers)
                    bodies.Add((helper.DisplayName, helper.Function));
                var analysed = new List<FunctionModel>(bodies.Count);
                foreach ((string name, FunctionModel body2) in bodies)
                {
                    FunctionModel analysedBody = DerivativeAnalysis.Analyse(body2, out LoopRange? unbounded);
                    analysed.Add(analysedBody);
                    if (unbounded is { } loop)
                    {
                        // Reported at the loop itself when its syntax is known (it always is, see RuntimeRange).
                        if (translator.LoopSyntax.TryGetValue(loop, out StatementSyntax? loopSyntax))
                        {
                            return new Outcome(null, Shorten(loopSyntax),
                                $"{(name == method.Name ? "a" : $"in the helper '{name}', a")}{(loopSyntax is WhileStatementSyntax ? " while" : " for")} loop whose bound ('{UserText(loop.EndText, method.ContainingType)}') is known only at run time, and whose body holds a while loop, is not differentiable; use a compile-time bound for one of the two loops",
                                loopSyntax.GetLocation());
                        }
                        return new Outcome(null, method.Name,
                            $"{(name == method.Name ? "the" : $"in the helper '{name}', the")} loop up to '{UserText(loop.EndText, method.ContainingType)}' has a bound known only at run time, and its body holds a while loop, which is not differentiable; use a compile-time bound for one of the two loops",
                            syntax.Identifier.GetLocation());
                    }
                    (long values, long branches) = (analysedBody.Facts!.SavedValues, analysedBody.Facts.Branches);
                    if (values > DerivativeAnalysis.MaxSavedValues || branches > 8 * DerivativeAnalysis.MaxSavedValues)
                    {
                        return new Outcome(null, method.Name,
                            $"{(name == method.Name ? "its" : $"the helper '{name}' has")} loops that overwrite {values.ToString(CultureInfo.InvariantCulture)} values the adjoint sweep needs, more than the {DerivativeAnalysis.MaxSavedValues.ToString(CultureInfo.InvariantCulture)} GenOpt keeps on the stack",
                            syntax.Identifier.GetLocation());
                    }
                }
                for (int i = 0; i < helpers.Count; i++)
                    helpers[i] = helpers[i] with { Function = analysed[i + 1] };
                return new Outcome(new DerivativeModel(analysed[0], helpers.ToEquatableArray(), usesObsolete[0]), null, null, null);
            }
            catch (Blocked blocked)
            {
                return new Outcome(null, Shorten(blocked.Node), blocked.Reason, blocked.Node.GetLocation());
            }
            catch (InsufficientExecutionStackException)
            {
                return new Outcome(null, method.Name, "its body is nested too deeply to differentiate (split it into statements that use locals)", syntax.Identifier.GetLocation());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return new Outcome(null, method.Name, $"the differentiator failed ({exception.GetType().Name}: {exception.Message})", syntax.Identifier.GetLocation());
            }
        }

        /// <summary>
        /// The model's C# text of a bound as the user would write it, for a message: instance members read through
        /// the generated struct's receiver (<see cref="TargetReceiver"/>) are shown as <c>this.</c> members.
        /// </summary>
        private static string UserText(string text, INamedTypeSymbol type)
        {
            string prefix = Receiver(type) + ".";
            var builder = new System.Text.StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                // Only where the receiver starts a member access, not inside a longer name ("Demo.Target.X").
                bool boundary = i == 0 || !(char.IsLetterOrDigit(text[i - 1]) || text[i - 1] is '_' or '.' or '@' or ':');
                if (boundary && string.CompareOrdinal(text, i, prefix, 0, prefix.Length) == 0)
                {
                    builder.Append("this.");
                    i += prefix.Length - 1;
                }
                else
                {
                    builder.Append(text[i]);
                }
            }
            return builder.ToString();
        }

        /// <summary>
        /// How the generated code reaches an instance member of <paramref name="type"/> (an objective or constraint
        /// declared in it): the generated structs hold a copy of a struct, a reference to a class (see <see cref="TargetReceiver"/>).
        /// </summary>
        private static string Receiver(INamedTypeSymbol type) =>
            TargetReceiver.Of(type.TypeKind == TypeKind.Struct ? TargetKind.Struct : TargetKind.Class, "");

        private static string Shorten(SyntaxNode node)
        {
            string text = string.Join(" ", node.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }

        /// <summary>Compares loop ranges by reference (records compare by value).</summary>
        private sealed class ReferenceComparer : IEqualityComparer<LoopRange>
        {
            public static readonly ReferenceComparer Instance = new();

            public bool Equals(LoopRange? x, LoopRange? y) => ReferenceEquals(x, y);

            public int GetHashCode(LoopRange obj) => RuntimeHelpers.GetHashCode(obj);
        }

        /// <summary>Thrown to stop at the first construct outside the differentiable subset.</summary>
        private sealed class Blocked : Exception
        {
            public Blocked(SyntaxNode node, string reason)
                : base(reason)
            {
                Node = node;
                Reason = reason;
            }

            public SyntaxNode Node { get; }

            public string Reason { get; }
        }

        /// <summary>
        /// Translates one body (the objective's, a constraint's, or a helper's) from syntax into the model, statement by
        /// statement, with the semantic model at hand; nothing of the compilation survives it.
        /// </summary>
        /// <remarks>
        /// <para>What the model keeps, and why. Expressions that depend on the point become <see cref="ExprNode"/> trees in
        /// the shape the user wrote them (same operand order, same association), so that the generated forward sweep
        /// rounds exactly as the user's method and returns the same value bit for bit. Everything that does not depend
        /// on the point (literals, fields, data elements, integer arithmetic on loop counters, conditions) is folded into
        /// one <see cref="ExprKind.Constant"/> leaf whose text is the final C# to print: the emitter never needs its
        /// structure, only its value. Instance members are written through the receiver the generated structs hold
        /// (<see cref="TargetReceiver"/>).</para>
        /// <para>Control flow is resolved here where it is fixed at compile time: a <c>for</c> loop's trip count is
        /// computed by running its header (<c>Range</c>); an <c>if</c> or <c>switch</c> on a value known at
        /// compile time keeps only the branch it takes; <c>break</c>, <c>continue</c> and early <c>return</c> are
        /// rewritten into flags and guarded statements (ControlFlow). What remains is a loop with a run-time bound
        /// (<c>RuntimeRange</c>), a <c>while</c>, or an <c>if</c> on the point, which the analysis step and the
        /// emitter handle.</para>
        /// <para>Anything outside the subset throws <see cref="Blocked"/> at the construct, with the reason in words the
        /// user knows; <c>Differentiator.Translate</c>
        /// turns it into GENOPT101 there and finite differences for the method.</para>
        /// </remarks>
        private sealed partial class Translator
        {
            private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal) { "x", "gradient", "jacobian", "row" };

            private readonly SemanticModel _model;
            private readonly IMethodSymbol _method;
            private readonly INamedTypeSymbol _context;
            private readonly int _dimension;
            private readonly int _count;
            private readonly List<HelperModel> _helpers;
            private readonly List<IMethodSymbol> _chain;
            private readonly bool[] _usesObsolete; // one flag shared with the translators of helpers
            private readonly CancellationToken _cancellationToken;

            // The translator of the body that declares this one when this one is a local function (it may read that
            // body's integer locals that are fixed for the whole call), else null.
            private readonly Translator? _enclosing;

            // The generated value method name of each local function met so far, shared by all translators of a body,
            // so that two local functions with one name (in sibling blocks) get two names.
            private readonly Dictionary<IMethodSymbol, string> _localFunctions;

            // The 'int' locals declared outside any loop: their value is fixed for the whole call, so a local function
            // may read them.
            private readonly HashSet<ISymbol> _invariant = new(SymbolEqualityComparer.Default);
            private readonly Dictionary<ISymbol, string> _doubles = new(SymbolEqualityComparer.Default);

            /// <summary>
            /// The loop each run-time <see cref="LoopRange"/> of this body and of its helpers' bodies was made from, so that
            /// a loop the derivative cannot handle is reported where it is written. Keyed by reference: equal ranges of two
            /// loops are two entries. Lives only as long as the translation; the model keeps no syntax.
            /// </summary>
            internal Dictionary<LoopRange, StatementSyntax> LoopSyntax { get; } = new(ReferenceComparer.Instance);
            private readonly Dictionary<ISymbol, string> _integers = new(SymbolEqualityComparer.Default);
            private readonly Dictionary<ISymbol, int> _values = new(SymbolEqualityComparer.Default);

            // The 'for' loops around the statement being translated: counter, start, condition and step.
            private readonly List<(ILocalSymbol Counter, ExpressionSyntax Start, ExpressionSyntax Condition, int Step)> _loops = [];

            // The initializers of 'int' locals whose value is not known at compile time by itself (it may be once the
            // counters of the loops around them are given values, see MaxTrips).
            private readonly Dictionary<ISymbol, ExpressionSyntax> _intInitializers = new(SymbolEqualityComparer.Default);
            private readonly List<string> _locals = [];
            private readonly HashSet<string> _names = new(StringComparer.Ordinal);
            private IParameterSymbol? _point;
            private IParameterSymbol? _output;
            private int _nesting;

            // What the compiler bound for each expression of the body, from one walk of its operation tree. Asking the
            // semantic model about one node walks up from the node to its member first, which in a deep expression
            // (a sum of n terms is n nodes deep) costs O(n) per node and O(n^2) for the body.
            private readonly Dictionary<SyntaxNode, IOperation> _operations = new();

            public Translator(SemanticModel model, IMethodSymbol method, INamedTypeSymbol context, int dimension, int count,
                List<HelperModel> helpers, List<IMethodSymbol> chain, bool[] usesObsolete, CancellationToken cancellationToken,
                Translator? enclosing = null, Dictionary<IMethodSymbol, string>? localFunctions = null)
            {
                _enclosing = enclosing;
                _localFunctions = localFunctions ?? new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
                _usesObsolete = usesObsolete;
                _model = model;
                _method = method;
                _context = context;
                _dimension = dimension;
                _count = count;
                _helpers = helpers;
                _chain = chain;
                _cancellationToken = cancellationToken;
            }

            /// <summary>An objective or constraint: <c>(ReadOnlySpan&lt;double&gt; x[, Span&lt;double&gt; values])</c>.</summary>
            public FunctionModel TranslateMethod(MethodDeclarationSyntax syntax)
            {
                _point = _method.Parameters[0];
                _output = _method.Parameters.Length > 1 ? _method.Parameters[1] : null;
                return Function(syntax, syntax.Body, syntax.ExpressionBody, !_method.ReturnsVoid);
            }

            /// <summary>
            /// A helper: its <c>double</c> parameters become locals; its <c>int</c> parameters (<paramref name="integers"/>)
            /// are integers fixed for the call, like an 'int' local set before any loop: passive, with no adjoint.
            /// </summary>
            public (FunctionModel Function, EquatableArray<string> Parameters) TranslateHelper(SyntaxNode syntax, BlockSyntax? block, ArrowExpressionClauseSyntax? arrow,
                List<string> integers)
            {
                var parameters = new List<string>();
                foreach (IParameterSymbol parameter in _method.Parameters)
                {
                    string name = Unique(parameter.Name);
                    if (parameter.Type.SpecialType == SpecialType.System_Int32)
                    {
                        _integers[parameter] = name;
                        integers.Add(name);
                    }
                    else
                    {
                        _doubles[parameter] = name;
                    }
                    parameters.Add(name);
                }
                FunctionModel function = Function(syntax, block, arrow, true);
                return (function, parameters.ToEquatableArray());
            }

            private FunctionModel Function(SyntaxNode syntax, BlockSyntax? block, ArrowExpressionClauseSyntax? expressionBody, bool returnsValue)
            {
                IndexOperations(syntax);
                IndexLocalWrites(syntax);
                var statements = new List<StatementNode>();
                if (expressionBody is { } arrow)
                {
                    if (!returnsValue)
                        throw new Blocked(arrow, "a vector constraint must write its values in a block body");
                    statements.Add(Simple(StatementKind.Return, "", Expr(arrow.Expression)));
                }
                else
                {
                    SyntaxList<StatementSyntax> body = block!.Statements;
                    // Local functions declared after the 'return' (a common place for them) are not statements that run.
                    int count = body.Count;
                    while (count > 0 && body[count - 1] is LocalFunctionStatementSyntax)
                        count--;
                    if (returnsValue && HasEarlyReturn(body, count))
                    {
                        // Early returns assign a result local, and the body returns it once (see LowerJumps).
                        statements.AddRange(LowerReturns(body, count));
                        return new FunctionModel(_locals.ToEquatableArray(), _names.ToEquatableArray(), statements.ToEquatableArray());
                    }
                    for (int i = 0; i < count; i++)
                    {
                        if (body[i] is ReturnStatementSyntax { Expression: { } result } && i == count - 1 && returnsValue)
                            statements.Add(Simple(StatementKind.Return, "", Expr(result)));
                        else
                            Statement(body[i], statements, false);
                    }
                    if (returnsValue && (count == 0 || body[count - 1] is not ReturnStatementSyntax))
                        throw new Blocked(block, "the body must end with its only 'return' statement");
                    statements = PruneFlags(statements);
                }
                return new FunctionModel(_locals.ToEquatableArray(), _names.ToEquatableArray(), statements.ToEquatableArray(), _spanLocals.ToEquatableArray());
            }

            private string Unique(string name)
            {
                string escaped = Parser.EscapeIdentifier(name);
                string candidate = escaped;
                for (int n = 2; s_reserved.Contains(candidate) || !_names.Add(candidate); n++)
                    candidate = escaped + "_" + n.ToString(CultureInfo.InvariantCulture);
                return candidate;
            }

            /// <summary>Records, for each expression of the method, the operation the compiler bound for it (not the implicit ones).</summary>
            private void IndexOperations(SyntaxNode syntax)
            {
                if (_model.GetOperation(syntax, _cancellationToken) is not { } root)
                    return;
                var pending = new Stack<IOperation>();
                pending.Push(root);
                while (pending.Count != 0)
                {
                    IOperation operation = pending.Pop();
                    if (!operation.IsImplicit && operation.Syntax is ExpressionSyntax && !_operations.ContainsKey(operation.Syntax))
                        _operations[operation.Syntax] = operation;
                    foreach (IOperation child in operation.ChildOperations)
                        pending.Push(child);
                }
            }

            private static ExpressionSyntax WithoutParentheses(ExpressionSyntax expression)
            {
                while (expression is ParenthesizedExpressionSyntax parenthesized)
                    expression = parenthesized.Expression;
                return expression;
            }

            /// <summary>The type of the expression before any implicit conversion, as <c>GetTypeInfo(e).Type</c>.</summary>
            private ITypeSymbol? TypeOf(ExpressionSyntax expression)
            {
                expression = WithoutParentheses(expression);
                return _operations.TryGetValue(expression, out IOperation? operation)
                    ? operation.Type
                    : _model.GetTypeInfo(expression, _cancellationToken).Type;
            }

            /// <summary>The constant value of the expression, as <c>GetConstantValue(e)</c>.</summary>
            private Optional<object?> Constant(ExpressionSyntax expression)
            {
                expression = WithoutParentheses(expression);
                return _operations.TryGetValue(expression, out IOperation? operation)
                    ? operation.ConstantValue
                    : _model.GetConstantValue(expression, _cancellationToken);
            }

            /// <summary>The symbol the expression refers to, as <c>GetSymbolInfo(e).Symbol</c>.</summary>
            private ISymbol? Symbol(ExpressionSyntax expression)
            {
                if (_operations.TryGetValue(expression, out IOperation? operation))
                {
                    switch (operation)
                    {
                        case ILocalReferenceOperation local:
                            return local.Local;
                        case IParameterReferenceOperation parameter:
                            return parameter.Parameter;
                        case IFieldReferenceOperation field:
                            return field.Field;
                        case IPropertyReferenceOperation property:
                            return property.Property;
                        case IArrayElementReferenceOperation:
                            return null;
                        // An extension method called as one is reported in its reduced form by the semantic model.
                        case IInvocationOperation invocation when !invocation.TargetMethod.IsExtensionMethod:
                            return invocation.TargetMethod;
                    }
                }
                return _model.GetSymbolInfo(expression, _cancellationToken).Symbol;
            }

            private static StatementNode Simple(StatementKind kind, string target, ExprNode? value) =>
                new(kind, target, value, "", EquatableArray<string>.Empty, null, EquatableArray<StatementNode>.Empty, EquatableArray<StatementNode>.Empty);

            private List<StatementNode> Block(StatementSyntax statement, bool inLoop)
            {
                var list = new List<StatementNode>();
                Statement(statement, list, inLoop);
                return list;
            }

            private void Statement(StatementSyntax statement, List<StatementNode> output, bool inLoop)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (++_nesting > MaxNesting)
                    throw new Blocked(statement, $"the statements are nested more than {MaxNesting.ToString(CultureInfo.InvariantCulture)} levels deep");
                RuntimeHelpers.EnsureSufficientExecutionStack();
                try
                {
                    StatementCore(statement, output, inLoop);
                }
                finally
                {
                    _nesting--;
                }
            }

            private void StatementCore(StatementSyntax statement, List<StatementNode> output, bool inLoop)
            {
                switch (statement)
                {
                    case BlockSyntax block:
                        StatementList(block.Statements, 0, output, inLoop);
                        return;
                    case EmptyStatementSyntax:
                        return;
                    case LocalFunctionStatementSyntax:
                        // A declaration only: its calls are translated as helpers.
                        return;
                    case LocalDeclarationStatementSyntax declaration:
                        Declaration(declaration, output, inLoop);
                        return;
                    case ExpressionStatementSyntax expression:
                        output.Add(Assignment(expression.Expression));
                        return;
                    case ForStatementSyntax loop:
                        For(loop, output, inLoop);
                        return;
                    case ForEachStatementSyntax loop:
                        ForEach(loop, output, inLoop);
                        return;
                    case WhileStatementSyntax loop when CounterWhile(loop, output, inLoop):
                        return;
                    case WhileStatementSyntax loop:
                    {
                        // The condition is not differentiated: the forward sweep counts the iterations, the adjoint
                        // sweep runs the body's adjoint that many times. A break stops the loop through a flag.
                        (string condition, EquatableArray<string> reads, ConditionNode test) = Condition(loop.Condition);
                        LoopBodyResult body = LoopBody(loop.Statement, null, output, inLoop);
                        (condition, reads) = Guarded(body, condition, reads);
                        output.Add(new StatementNode(StatementKind.While, "", null, condition, reads, null, body.Body.ToEquatableArray(), EquatableArray<StatementNode>.Empty,
                            Test: GuardedTest(body, test)));
                        return;
                    }
                    case DoStatementSyntax loop when CounterLoop(loop, loop.Condition, loop.Statement, output, inLoop):
                        return;
                    case DoStatementSyntax loop:
                    {
                        LoopBodyResult body = LoopBody(loop.Statement, null, output, inLoop);
                        (string condition, EquatableArray<string> reads, ConditionNode test) = Condition(loop.Condition);
                        (condition, reads) = Guarded(body, condition, reads);
                        output.Add(new StatementNode(StatementKind.DoWhile, "", null, condition, reads, null, body.Body.ToEquatableArray(), EquatableArray<StatementNode>.Empty,
                            Test: GuardedTest(body, test)));
                        return;
                    }
                    case SwitchStatementSyntax switchStatement:
                        Switch(switchStatement, output, inLoop);
                        return;
                    case IfStatementSyntax conditional:
                    {
                        List<StatementNode> then = Block(conditional.Statement, inLoop);
                        List<StatementNode> otherwise = conditional.Else is { } elseClause ? Block(elseClause.Statement, inLoop) : [];
                        AddIf(conditional.Condition, then, otherwise, output);
                        return;
                    }
                    case ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax:
                        Jump(statement, output);
                        return;
                    default:
                        throw new Blocked(statement, ConstructNames.NotDifferentiable(statement));
                }
            }

            private void Declaration(LocalDeclarationStatementSyntax declaration, List<StatementNode> output, bool inLoop)
            {
                foreach (VariableDeclaratorSyntax variable in declaration.Declaration.Variables)
                {
                    if (_model.GetDeclaredSymbol(variable, _cancellationToken) is not ILocalSymbol local)
                        throw new Blocked(variable, "the local could not be resolved");
                    if (local.IsRef)
                        throw new Blocked(declaration, $"a ref local ('{local.Name}') is not differentiable; copy the value into a 'double' local");
                    if (declaration.IsConst)
                    {
                        if (!local.HasConstantValue)
                            throw new Blocked(variable, "the constant has no value");
                        string text = ConstantText(local.ConstantValue, local.Type, variable);
                        _integers[local] = text;
                        if (local.ConstantValue is int value)
                            _values[local] = value;
                        continue;
                    }
                    switch (local.Type.SpecialType)
                    {
                        case SpecialType.System_Double when PassiveCounterDeclaration(local, variable, inLoop):
                            break;
                        case SpecialType.System_Double:
                        {
                            string name = Unique(local.Name);
                            _doubles[local] = name;
                            _locals.Add(name);
                            if (variable.Initializer is { } initializer)
                                output.Add(Simple(StatementKind.Declare, name, Expr(initializer.Value)));
                            break;
                        }
                        case SpecialType.System_Int32 when CountingIntegerDeclaration(local, variable, output):
                            break;
                        case SpecialType.System_Int32:
                        {
                            if (variable.Initializer is not { } initializer)
                                throw new Blocked(variable, "an 'int' local needs an initializer (integers are indices and bounds, fixed once set)");
                            ExprNode value = Expr(initializer.Value);
                            if (DerivativeAnalysis.IsActive(value))
                                throw new Blocked(initializer.Value, "an integer computed from the point is not differentiable");
                            string printed = DerivativeAnalysis.Print(value);
                            _integers[local] = DerivativeAnalysis.Precedence(value) >= 4 ? printed : "(" + printed + ")";
                            if (EvaluateInt(initializer.Value) is int constant)
                                _values[local] = constant;
                            else
                                _intInitializers[local] = initializer.Value;
                            if (!inLoop)
                                _invariant.Add(local);
                            break;
                        }
                        default:
                            if (SpanDeclaration(declaration, variable, local, output, inLoop))
                                break;
                            if (variable.Initializer?.Value is { } created && WithoutParentheses(created) is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax)
                                throw new Blocked(declaration, $"a stackalloc span ('{local.Name}') is not differentiable; hold the values in 'double' locals, or compute them in a [Differentiable] helper");
                            throw new Blocked(declaration, $"a local of type '{local.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}' is not differentiable (use 'double' values and 'int' indices)");
                    }
                }
            }

            private static string ConstantText(object? value, ITypeSymbol type, SyntaxNode node) => value switch
            {
                int i => i < 0 ? "(" + i.ToString(CultureInfo.InvariantCulture) + ")" : i.ToString(CultureInfo.InvariantCulture),
                double d when !double.IsNaN(d) && !double.IsInfinity(d) => DoubleLiteral(d),
                _ => throw new Blocked(node, $"a constant of type '{type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}' is not supported (use 'double' or 'int')"),
            };

            private static string DoubleLiteral(double d)
            {
                bool negative = d < 0 || (d == 0 && 1 / d < 0);
                string text = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
                if (text.IndexOfAny(['.', 'E', 'e']) < 0)
                    text += ".0";
                return negative ? "(-" + text + ")" : text;
            }

            /// <summary>The C# text of the default value of an optional <c>double</c> parameter.</summary>
            private static string DefaultValueText(object? value)
            {
                double d = value is null ? 0 : Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d))
                    return "global::System.Double.NaN";
                if (double.IsInfinity(d))
                    return d > 0 ? "global::System.Double.PositiveInfinity" : "global::System.Double.NegativeInfinity";
                return DoubleLiteral(d);
            }

            /// <summary>
            /// The name of the adjoint method of the helper <paramref name="fullName"/> with <paramref name="arity"/>
            /// parameters, unique by construction: '_' is written "_0" and '.' is written "_" (an identifier never
            /// starts with a digit, so "_0" cannot come from a dot), then "_Adjoint" and the number of parameters.
            /// <c>A.B_C</c> becomes <c>A_B_0C_Adjoint1</c> and <c>A_B.C</c> becomes <c>A_0B_C_Adjoint1</c>.
            /// </summary>
            internal static string AdjointName(string fullName, int arity)
            {
                const string global = "global::";
                int start = fullName.StartsWith(global, StringComparison.Ordinal) ? global.Length : 0;
                var builder = new System.Text.StringBuilder(fullName.Length + 16);
                for (int i = start; i < fullName.Length; i++)
                {
                    char c = fullName[i];
                    if (c == '_')
                        builder.Append("_0");
                    else if (c == '.')
                        builder.Append('_');
                    else if (c != '@')
                        builder.Append(c);
                }
                return builder.Append("_Adjoint").Append(arity.ToString(CultureInfo.InvariantCulture)).ToString();
            }

            private StatementNode Assignment(ExpressionSyntax expression)
            {
                switch (expression)
                {
                    case AssignmentExpressionSyntax assignment:
                    {
                        if (assignment.Left is ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element
                            && _output is not null
                            && SymbolEqualityComparer.Default.Equals(Symbol(element.Expression), _output))
                        {
                            if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                                throw new Blocked(assignment, $"write each component of '{_output.Name}' once, with '='");
                            return Simple(StatementKind.Output, Index(element.ArgumentList.Arguments[0].Expression), Expr(assignment.Right));
                        }
                        if (SpanElementTarget(assignment.Left) is { } spanElement)
                            return SpanAssignment(assignment, spanElement.Span, spanElement.Index);
                        string target = DoubleLocal(assignment.Left);
                        ExprNode right = Expr(assignment.Right);
                        ExprNode old = ExprNode.Leaf(ExprKind.Local, target);
                        return assignment.Kind() switch
                        {
                            SyntaxKind.SimpleAssignmentExpression => Simple(StatementKind.Assign, target, right),
                            SyntaxKind.AddAssignmentExpression => Simple(StatementKind.AddAssign, target, right),
                            SyntaxKind.SubtractAssignmentExpression => Simple(StatementKind.SubtractAssign, target, right),
                            SyntaxKind.MultiplyAssignmentExpression => Simple(StatementKind.Assign, target, ExprNode.Of(ExprKind.Multiply, "", old, right)),
                            SyntaxKind.DivideAssignmentExpression => Simple(StatementKind.Assign, target, ExprNode.Of(ExprKind.Divide, "", old, right)),
                            _ => throw new Blocked(assignment, $"the compound assignment '{assignment.OperatorToken.Text}' is not differentiable; use '=', '+=', '-=', '*=' or '/='"),
                        };
                    }
                    case PostfixUnaryExpressionSyntax postfix when (postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression))
                        && SpanElementTarget(postfix.Operand) is { } element:
                        return SpanIncrement(postfix.IsKind(SyntaxKind.PostIncrementExpression), element.Span, element.Index);
                    case PrefixUnaryExpressionSyntax prefix when (prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression))
                        && SpanElementTarget(prefix.Operand) is { } element:
                        return SpanIncrement(prefix.IsKind(SyntaxKind.PreIncrementExpression), element.Span, element.Index);
                    case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                        return Simple(postfix.IsKind(SyntaxKind.PostIncrementExpression) ? StatementKind.AddAssign : StatementKind.SubtractAssign,
                            DoubleLocal(postfix.Operand), ExprNode.Leaf(ExprKind.Constant, "1"));
                    case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                        return Simple(prefix.IsKind(SyntaxKind.PreIncrementExpression) ? StatementKind.AddAssign : StatementKind.SubtractAssign,
                            DoubleLocal(prefix.Operand), ExprNode.Leaf(ExprKind.Constant, "1"));
                    default:
                        throw new Blocked(expression, WithoutParentheses(expression) is InvocationExpressionSyntax
                            ? "a call used as a statement (a side effect) is not differentiable; a differentiable body only assigns its own 'double' locals"
                            : $"{ConstructNames.Phrase(expression)} used as a statement is not differentiable; a differentiable body only assigns its own 'double' locals");
                }
            }

            private string DoubleLocal(ExpressionSyntax target)
            {
                ISymbol? symbol = Symbol(target);
                if (symbol is not null && _doubles.TryGetValue(symbol, out string? name))
                    return name;
                throw new Blocked(target, symbol switch
                {
                    IFieldSymbol or IPropertySymbol => $"an assignment to the {(symbol is IFieldSymbol ? "field" : "property")} '{symbol.Name}' (a side effect) is not differentiable; a differentiable body only assigns its own 'double' locals",
                    ILocalSymbol { Type.SpecialType: SpecialType.System_Int32 } => $"an assignment to the integer '{symbol.Name}' is not differentiable: integers (indices, bounds) must stay fixed once set, except the loop counter in the 'for' header (or a while loop's counter, stepped by the last statement of its body)",
                    _ => $"an assignment to '{target}' is not differentiable; a differentiable body only assigns its own 'double' locals",
                });
            }

            private void For(ForStatementSyntax loop, List<StatementNode> output, bool inLoop)
            {
                if (loop.Declaration is not { Variables.Count: 1 } declaration || loop.Initializers.Count != 0
                    || declaration.Variables[0].Initializer is not { } initializer || loop.Condition is null || loop.Incrementors.Count != 1)
                {
                    throw new Blocked(loop, "a 'for' loop must declare one 'int' counter, test it, and step it by a constant");
                }
                if (_model.GetDeclaredSymbol(declaration.Variables[0], _cancellationToken) is not ILocalSymbol counter
                    || counter.Type.SpecialType != SpecialType.System_Int32)
                {
                    throw new Blocked(declaration, "the loop counter must be an 'int'");
                }
                int? start = EvaluateInt(initializer.Value);
                int step = Step(loop.Incrementors[0], counter);
                LoopRange range = start is int first && EvaluatesAtCompileTime(loop.Condition, counter)
                    ? Range(loop, loop.Condition, counter, first, step)
                    : RuntimeRange(loop, loop.Condition, initializer.Value, counter, step);

                string name = Unique(counter.Name);
                _integers[counter] = name;
                _loops.Add((counter, initializer.Value, loop.Condition, step));
                List<StatementNode> body;
                try
                {
                    body = GuardedBody(LoopBody(loop.Statement, null, output, inLoop));
                }
                finally
                {
                    _loops.RemoveAt(_loops.Count - 1);
                }
                output.Add(new StatementNode(StatementKind.For, name, null, "", EquatableArray<string>.Empty, range, body.ToEquatableArray(), EquatableArray<StatementNode>.Empty));
            }

            private void ForEach(ForEachStatementSyntax loop, List<StatementNode> output, bool inLoop)
            {
                if (_point is null
                    || !SymbolEqualityComparer.Default.Equals(Symbol(loop.Expression), _point)
                    || _model.GetDeclaredSymbol(loop, _cancellationToken) is not ILocalSymbol { Type.SpecialType: SpecialType.System_Double } element)
                {
                    throw new Blocked(loop, "a foreach loop over anything but the point is not differentiable; loop with 'for (int i = 0; i < n; i++)', or write 'foreach (double v in x)'");
                }
                string index = Unique("i");
                string name = Unique(element.Name);
                _doubles[element] = name;
                _locals.Add(name);
                var body = new List<StatementNode> { Simple(StatementKind.Declare, name, ExprNode.Leaf(ExprKind.Variable, index)) };
                body.AddRange(GuardedBody(LoopBody(loop.Statement, null, output, inLoop)));
                output.Add(new StatementNode(StatementKind.For, index, null, "", EquatableArray<string>.Empty, new LoopRange(0, 1, _dimension),
                    body.ToEquatableArray(), EquatableArray<StatementNode>.Empty));
            }

            private int Step(ExpressionSyntax incrementor, ILocalSymbol counter)
            {
                bool IsCounter(ExpressionSyntax e) => SymbolEqualityComparer.Default.Equals(Symbol(e), counter);
                int? step = incrementor switch
                {
                    PostfixUnaryExpressionSyntax p when IsCounter(p.Operand) => p.IsKind(SyntaxKind.PostIncrementExpression) ? 1 : -1,
                    PrefixUnaryExpressionSyntax p when IsCounter(p.Operand) && (p.IsKind(SyntaxKind.PreIncrementExpression) || p.IsKind(SyntaxKind.PreDecrementExpression)) =>
                        p.IsKind(SyntaxKind.PreIncrementExpression) ? 1 : -1,
                    AssignmentExpressionSyntax a when IsCounter(a.Left) && a.IsKind(SyntaxKind.AddAssignmentExpression) => EvaluateInt(a.Right),
                    AssignmentExpressionSyntax a when IsCounter(a.Left) && a.IsKind(SyntaxKind.SubtractAssignmentExpression) => -EvaluateInt(a.Right),
                    _ => null,
                };
                if (step is not int value || value == 0)
                    throw new Blocked(incrementor, "the loop must step its counter by a nonzero constant ('i++', 'i += 2', 'i--')");
                return value;
            }

            private bool EvaluatesAtCompileTime(ExpressionSyntax condition, ILocalSymbol counter)
            {
                _values[counter] = 0;
                try
                {
                    return EvaluateBool(condition) is not null;
                }
                finally
                {
                    _values.Remove(counter);
                }
            }

            /// <summary>
            /// A loop <c>for (int i = start; i &lt; end; i++)</c> (or <c>&lt;=</c>) whose bounds are integers fixed during
            /// the call (data lengths, outer counters) but not known at compile time.
            /// </summary>
            private LoopRange RuntimeRange(StatementSyntax loop, ExpressionSyntax? loopCondition, ExpressionSyntax start, ILocalSymbol counter, int step)
            {
                if (step != 1 || loopCondition is not BinaryExpressionSyntax condition
                    || !(condition.IsKind(SyntaxKind.LessThanExpression) || condition.IsKind(SyntaxKind.LessThanOrEqualExpression))
                    || !SymbolEqualityComparer.Default.Equals(Symbol(condition.Left), counter))
                {
                    throw new Blocked(loopCondition ?? (SyntaxNode)loop, "the loop's bound is not known at compile time; such a loop must read 'for (int i = start; i < end; i++)' with 'start' and 'end' fixed integers (constants, lengths, outer counters)");
                }
                string startText = Index(start);
                string endText = Index(condition.Right);
                var range = new LoopRange(0, 1, -1, startText, endText, condition.IsKind(SyntaxKind.LessThanOrEqualExpression),
                    MaxTrips(start, condition, counter));
                LoopSyntax[range] = loop;
                return range;
            }

            /// <summary>
            /// The most iterations the loop <c>for (int counter = start; condition; counter++)</c> runs for any values of
            /// the counters of the loops around it, when its bounds depend only on those counters (and constants) and the
            /// loops around it are known at compile time: found by running their headers at compile time. -1 when
            /// unknown, or when that would take more than <see cref="MaxLoopIterations"/> steps.
            /// </summary>
            private int MaxTrips(ExpressionSyntax start, ExpressionSyntax condition, ILocalSymbol counter)
            {
                int max = 0;
                long budget = MaxLoopIterations;
                bool known = Enumerate(0);
                return known ? max : -1;

                bool Enumerate(int level)
                {
                    if (level == _loops.Count)
                    {
                        if (EvaluateInt(start) is not int first)
                            return false;
                        int trips = Trips(counter, first, 1, condition);
                        if (trips < 0)
                            return false;
                        max = Math.Max(max, trips);
                        return true;
                    }
                    (ILocalSymbol outer, ExpressionSyntax outerStart, ExpressionSyntax outerCondition, int outerStep) = _loops[level];
                    if (EvaluateInt(outerStart) is not int value)
                        return false;
                    try
                    {
                        for (long v = value; ; v += outerStep)
                        {
                            if (v is > int.MaxValue or < int.MinValue || --budget < 0)
                                return false;
                            _values[outer] = (int)v;
                            bool? test = EvaluateBool(outerCondition);
                            if (test is null)
                                return false;
                            if (!test.Value)
                                return true;
                            if (!Enumerate(level + 1))
                                return false;
                        }
                    }
                    finally
                    {
                        _values.Remove(outer);
                    }
                }

                int Trips(ILocalSymbol loopCounter, int first, int step, ExpressionSyntax test)
                {
                    int count = 0;
                    try
                    {
                        for (long v = first; ; v += step)
                        {
                            if (v is > int.MaxValue or < int.MinValue || --budget < 0)
                                return -1;
                            _values[loopCounter] = (int)v;
                            bool? holds = EvaluateBool(test);
                            if (holds is null)
                                return -1;
                            if (!holds.Value)
                                return count;
                            count++;
                        }
                    }
                    finally
                    {
                        _values.Remove(loopCounter);
                    }
                }
            }

            /// <summary>Runs the loop header at compile time to count the iterations.</summary>
            private LoopRange Range(SyntaxNode loop, ExpressionSyntax condition, ILocalSymbol counter, int start, int step)
            {
                // The usual shapes 'i < n', 'i <= n', 'i > n', 'i >= n' are counted directly, whatever n.
                if (condition is BinaryExpressionSyntax compare
                    && SymbolEqualityComparer.Default.Equals(Symbol(compare.Left), counter)
                    && EvaluateInt(compare.Right) is int bound)
                {
                    long end = compare.Kind() switch
                    {
                        SyntaxKind.LessThanExpression when step > 0 => bound,
                        SyntaxKind.LessThanOrEqualExpression when step > 0 => (long)bound + 1,
                        SyntaxKind.GreaterThanExpression when step < 0 => bound,
                        SyntaxKind.GreaterThanOrEqualExpression when step < 0 => (long)bound - 1,
                        _ => long.MinValue,
                    };
                    if (end != long.MinValue)
                    {
                        long distance = step > 0 ? end - start : start - end;
                        long trips = distance <= 0 ? 0 : (distance + Math.Abs((long)step) - 1) / Math.Abs((long)step);
                        long last = start + (trips - 1) * (long)step + step;
                        if (trips <= int.MaxValue && last is <= int.MaxValue and >= int.MinValue)
                            return new LoopRange(start, step, (int)trips);
                    }
                }
                int count = 0;
                long value = start;
                try
                {
                    while (true)
                    {
                        _values[counter] = (int)value;
                        bool? test = EvaluateBool(condition);
                        if (test is null)
                            throw new Blocked(condition, "the loop's bound is not known at compile time (use constants, 'x.Length' or constant locals)");
                        if (!test.Value)
                            break;
                        if (++count > MaxLoopIterations)
                            throw new Blocked(loop, $"the loop runs more than {MaxLoopIterations.ToString(CultureInfo.InvariantCulture)} times");
                        value += step;
                        if (value is > int.MaxValue or < int.MinValue)
                            throw new Blocked(loop, "the loop counter overflows");
                    }
                }
                finally
                {
                    _values.Remove(counter);
                }
                return new LoopRange(start, step, count);
            }

            private int? EvaluateInt(ExpressionSyntax expression)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax p:
                        return EvaluateInt(p.Expression);
                    case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.UnaryMinusExpression):
                        return -EvaluateInt(p.Operand);
                    case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.UnaryPlusExpression):
                        return EvaluateInt(p.Operand);
                    case BinaryExpressionSyntax b:
                    {
                        int? left = EvaluateInt(b.Left), right = EvaluateInt(b.Right);
                        if (left is not int l || right is not int r)
                            return null;
                        try
                        {
                            return b.Kind() switch
                            {
                                SyntaxKind.AddExpression => checked(l + r),
                                SyntaxKind.SubtractExpression => checked(l - r),
                                SyntaxKind.MultiplyExpression => checked(l * r),
                                SyntaxKind.DivideExpression when r != 0 => l / r,
                                SyntaxKind.ModuloExpression when r != 0 => l % r,
                                _ => null,
                            };
                        }
                        catch (OverflowException)
                        {
                            return null;
                        }
                    }
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } member
                        when _point is not null && SymbolEqualityComparer.Default.Equals(Symbol(member.Expression), _point):
                        return _dimension;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } member
                        when _output is not null && SymbolEqualityComparer.Default.Equals(Symbol(member.Expression), _output):
                        return _count;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } member
                        when SpanOf(member.Expression) is { Length: >= 0 } span:
                        return span.Length;
                }
                Optional<object?> constant = Constant(expression);
                if (constant.HasValue)
                    return constant.Value is int c ? c : null;
                ISymbol? symbol = Symbol(expression);
                if (symbol is null)
                    return null;
                if (_values.TryGetValue(symbol, out int known))
                    return known;
                if (_intInitializers.TryGetValue(symbol, out ExpressionSyntax? initializer))
                    return EvaluateInt(initializer);
                for (Translator? outer = _enclosing; outer is not null; outer = outer._enclosing)
                {
                    if (outer._invariant.Contains(symbol) && outer._values.TryGetValue(symbol, out int captured))
                        return captured;
                }
                return null;
            }

            /// <summary>
            /// Adds an <c>if</c> node, or only the branch it takes when its condition is fixed at compile time (it compares
            /// the point's length, a span's length or integers set from constants, which the generated code prints as
            /// numbers): the generated code then has no branch the compiler knows unreachable (CS0162). Locals are
            /// declared at the top of the generated method, so the branch's statements keep their meaning in the outer list.
            /// </summary>
            private void AddIf(ExpressionSyntax conditionSyntax, List<StatementNode> then, List<StatementNode> otherwise, List<StatementNode> output)
            {
                if (EvaluateBool(conditionSyntax) is bool fixedCondition)
                {
                    output.AddRange(fixedCondition ? then : otherwise);
                    return;
                }
                (string condition, EquatableArray<string> reads, ConditionNode test) = Condition(conditionSyntax);
                output.Add(new StatementNode(StatementKind.If, "", null, condition, reads, null, then.ToEquatableArray(), otherwise.ToEquatableArray(), Test: test));
            }

            /// <summary>
            /// Why <c>(int)e</c> blocks the derivative: <c>e</c> reads the point, or it reads a <c>double</c> local, which
            /// the derivative treats as depending on the point wherever it is assigned (a <c>double</c> loop counter).
            /// </summary>
            private string IntConversionReason(ExpressionSyntax operand)
            {
                string? local = null;
                foreach (IdentifierNameSyntax name in operand.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                {
                    ISymbol? symbol = Symbol(name);
                    if (_point is not null && SymbolEqualityComparer.Default.Equals(symbol, _point))
                        return "a conversion to 'int' of a value that depends on the point is not differentiable";
                    if (symbol is ILocalSymbol { Type.SpecialType: SpecialType.System_Double } l)
                        local ??= l.Name;
                }
                return local is null
                    ? "a conversion to 'int' of a value that depends on the point is not differentiable"
                    : $"a conversion to 'int' of the 'double' local '{local}' is not differentiable ('double' locals count as depending on the point, except a counter declared with an integer constant and stepped by an integer constant only at the end of the while or do loop that tests it); count with an 'int' local instead";
            }

            private bool? EvaluateBool(ExpressionSyntax expression)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax p:
                        return EvaluateBool(p.Expression);
                    case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.LogicalNotExpression):
                        return !EvaluateBool(p.Operand);
                    case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.LogicalAndExpression) || b.IsKind(SyntaxKind.LogicalOrExpression):
                    {
                        bool? left = EvaluateBool(b.Left), right = EvaluateBool(b.Right);
                        if (left is not bool l || right is not bool r)
                            return null;
                        return b.IsKind(SyntaxKind.LogicalAndExpression) ? l && r : l || r;
                    }
                    case BinaryExpressionSyntax b:
                    {
                        int? left = EvaluateInt(b.Left), right = EvaluateInt(b.Right);
                        if (left is not int l || right is not int r)
                            return null;
                        return b.Kind() switch
                        {
                            SyntaxKind.LessThanExpression => l < r,
                            SyntaxKind.LessThanOrEqualExpression => l <= r,
                            SyntaxKind.GreaterThanExpression => l > r,
                            SyntaxKind.GreaterThanOrEqualExpression => l >= r,
                            SyntaxKind.EqualsExpression => l == r,
                            SyntaxKind.NotEqualsExpression => l != r,
                            _ => null,
                        };
                    }
                    default:
                        return null;
                }
            }

            private (string Text, EquatableArray<string> Reads, ConditionNode Test) Condition(ExpressionSyntax condition)
            {
                var reads = new List<string>();
                (string text, ConditionNode test) = Print(condition);
                return (text, reads.Distinct().ToEquatableArray(), test);

                (string, ConditionNode) Print(ExpressionSyntax e)
                {
                    switch (e)
                    {
                        case ParenthesizedExpressionSyntax p:
                        {
                            (string inner, ConditionNode test) = Print(p.Expression);
                            return ("(" + inner + ")", test);
                        }
                        case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.LogicalNotExpression):
                        {
                            (string inner, ConditionNode test) = Print(p.Operand);
                            return ("!" + inner, ConditionNode.Logical(ConditionKind.Not, test));
                        }
                        case LiteralExpressionSyntax l when l.IsKind(SyntaxKind.TrueLiteralExpression) || l.IsKind(SyntaxKind.FalseLiteralExpression):
                            return (l.Token.Text, ConditionNode.Literal(l.IsKind(SyntaxKind.TrueLiteralExpression)));
                        case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.LogicalAndExpression) || b.IsKind(SyntaxKind.LogicalOrExpression):
                        {
                            (string left, ConditionNode leftTest) = Print(b.Left);
                            (string right, ConditionNode rightTest) = Print(b.Right);
                            return (left + " " + b.OperatorToken.Text + " " + right,
                                ConditionNode.Logical(b.IsKind(SyntaxKind.LogicalAndExpression) ? ConditionKind.And : ConditionKind.Or, leftTest, rightTest));
                        }
                        case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.LessThanExpression) || b.IsKind(SyntaxKind.LessThanOrEqualExpression)
                            || b.IsKind(SyntaxKind.GreaterThanExpression) || b.IsKind(SyntaxKind.GreaterThanOrEqualExpression)
                            || b.IsKind(SyntaxKind.EqualsExpression) || b.IsKind(SyntaxKind.NotEqualsExpression):
                        {
                            ExprNode left = Expr(b.Left), right = Expr(b.Right);
                            Collect(left);
                            Collect(right);
                            return (DerivativeAnalysis.Print(left) + " " + b.OperatorToken.Text + " " + DerivativeAnalysis.Print(right),
                                ConditionNode.Compare(left, b.OperatorToken.Text, right));
                        }
                        default:
                            throw new Blocked(e, "a condition must compare numbers ('<', '<=', '==', ...), combined with '&&', '||', '!'");
                    }
                }

                void Collect(ExprNode node)
                {
                    if (node.Kind is ExprKind.Local or ExprKind.Element)
                        reads.Add(node.Text);
                    reads.AddRange(node.Reads);
                    foreach (ExprNode operand in node.Operands)
                        Collect(operand);
                }
            }

            private string Index(ExpressionSyntax index)
            {
                ExprNode node = Expr(index);
                if (DerivativeAnalysis.IsActive(node))
                    throw new Blocked(index, "an index computed from the point is not differentiable");
                if (TypeOf(index)?.SpecialType != SpecialType.System_Int32)
                    throw new Blocked(index, "an index must be an 'int'");
                return DerivativeAnalysis.Print(node);
            }

            private ExprNode Expr(ExpressionSyntax expression)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                // The translation and the emitter recurse once per level of nesting (a chain of sums counts as one
                // level: it is walked in a loop); past MaxNesting levels the body keeps finite differences, so that
                // neither can run out of stack.
                // Parentheses are not a level: the model does not keep them.
                int level = expression is ParenthesizedExpressionSyntax ? 0 : 1;
                if ((_nesting += level) > MaxNesting)
                    throw new Blocked(expression, $"the expression is nested more than {MaxNesting.ToString(CultureInfo.InvariantCulture)} levels deep (split it into statements that use locals)");
                RuntimeHelpers.EnsureSufficientExecutionStack();
                try
                {
                    ExprNode node = Translate(expression);
                    CheckType(expression, node);
                    return node;
                }
                finally
                {
                    _nesting -= level;
                }
            }

            private void CheckType(ExpressionSyntax expression, ExprNode node)
            {
                if (DerivativeAnalysis.IsActive(node)
                    && TypeOf(expression)?.SpecialType is not (SpecialType.System_Double or null)
                    && !IsCountingIntegerRead(expression))
                {
                    ITypeSymbol type = TypeOf(expression)!;
                    throw new Blocked(expression, $"a value of type '{type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}' that depends on the point is not differentiable (compute in 'double')");
                }
            }

            /// <summary>
            /// One expression, by its syntax: arithmetic on doubles becomes the matching node; a name becomes a local, a
            /// constant or a member (<c>Name</c>); <c>x[i]</c> a <see cref="ExprKind.Variable"/> and other element
            /// reads a constant or a span element (<c>Element</c>); calls of <c>System.Math</c> and of helpers
            /// with source become call and helper nodes (<c>Invocation</c>). A subtree that does not depend on the
            /// point is printed into one constant (its text is the C# the generated code evaluates).
            /// </summary>
            private ExprNode Translate(ExpressionSyntax expression)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax p:
                        return Expr(p.Expression);
                    case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression):
                        return ExprNode.Leaf(ExprKind.Constant, literal.Token.Text);
                    case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.UnaryMinusExpression):
                        return ExprNode.Of(ExprKind.Negate, "", Expr(p.Operand));
                    case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.UnaryPlusExpression):
                        return Expr(p.Operand);
                    case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.AddExpression) || b.IsKind(SyntaxKind.SubtractExpression):
                    {
                        // A chain of sums ((a + b) - c) + d is as deep as it has terms: translate it in a loop, down the
                        // left operands, then up from the innermost sum, in the order the recursion would.
                        var chain = new List<BinaryExpressionSyntax>();
                        ExpressionSyntax bottom = b;
                        while (bottom is BinaryExpressionSyntax sum && (sum.IsKind(SyntaxKind.AddExpression) || sum.IsKind(SyntaxKind.SubtractExpression)))
                        {
                            chain.Add(sum);
                            bottom = sum.Left;
                        }
                        ExprNode node = Expr(bottom);
                        for (int i = chain.Count - 1; i >= 0; i--)
                        {
                            _cancellationToken.ThrowIfCancellationRequested();
                            node = ExprNode.Of(chain[i].IsKind(SyntaxKind.AddExpression) ? ExprKind.Add : ExprKind.Subtract, "", node, Expr(chain[i].Right));
                            if (i != 0)
                                CheckType(chain[i], node); // the outermost sum is checked by Expr
                        }
                        return node;
                    }
                    case BinaryExpressionSyntax b:
                    {
                        ExprKind kind = b.Kind() switch
                        {
                            SyntaxKind.AddExpression => ExprKind.Add,
                            SyntaxKind.SubtractExpression => ExprKind.Subtract,
                            SyntaxKind.MultiplyExpression => ExprKind.Multiply,
                            SyntaxKind.DivideExpression => ExprKind.Divide,
                            SyntaxKind.ModuloExpression => ExprKind.Remainder,
                            _ => throw new Blocked(b, ConstructNames.NotDifferentiable(b)),
                        };
                        ExprNode node = ExprNode.Of(kind, "", Expr(b.Left), Expr(b.Right));
                        if (kind == ExprKind.Remainder && DerivativeAnalysis.IsActive(node))
                            throw new Blocked(b, "the remainder '%' of a value that depends on the point is not differentiable");
                        return node;
                    }
                    case SwitchExpressionSyntax switchExpression:
                        return SwitchExpression(switchExpression);
                    case ConditionalExpressionSyntax conditional:
                    {
                        (string condition, EquatableArray<string> reads, ConditionNode test) = Condition(conditional.Condition);
                        return new ExprNode(ExprKind.Conditional, condition,
                            new EquatableArray<ExprNode>([Expr(conditional.WhenTrue), Expr(conditional.WhenFalse)]), reads, test);
                    }
                    case CastExpressionSyntax cast:
                    {
                        ITypeSymbol? type = TypeOf(cast);
                        ExprNode operand = Expr(cast.Expression);
                        if (type?.SpecialType == SpecialType.System_Double)
                            return ExprNode.Of(ExprKind.Cast, "double", operand);
                        if (type?.SpecialType == SpecialType.System_Int32 && !DerivativeAnalysis.IsActive(operand))
                            return ExprNode.Of(ExprKind.Cast, "int", operand);
                        throw new Blocked(cast, type?.SpecialType == SpecialType.System_Int32
                            ? IntConversionReason(cast.Expression)
                            : $"a conversion to '{type?.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) ?? "?"}' is not differentiable; compute in 'double' (and convert only indices to 'int')");
                    }
                    case InvocationExpressionSyntax invocation:
                        return Invocation(invocation);
                    case ElementAccessExpressionSyntax element:
                        return Element(element);
                    case IdentifierNameSyntax:
                    case MemberAccessExpressionSyntax:
                        return Name(expression);
                    default:
                        throw new Blocked(expression, ConstructNames.NotDifferentiable(expression));
                }
            }

            private ExprNode Name(ExpressionSyntax expression)
            {
                if (Constant(expression) is { HasValue: true, Value: { } value }
                    && expression is IdentifierNameSyntax && Symbol(expression) is ILocalSymbol)
                {
                    return ExprNode.Leaf(ExprKind.Constant, ConstantText(value, TypeOf(expression)!, expression));
                }
                ISymbol? symbol = Symbol(expression);
                switch (symbol)
                {
                    case ILocalSymbol or IParameterSymbol when _doubles.TryGetValue(symbol, out string? name):
                        return ExprNode.Leaf(ExprKind.Local, name);
                    case ILocalSymbol or IParameterSymbol when _integers.TryGetValue(symbol, out string? text):
                        return ExprNode.Leaf(ExprKind.Constant, text);
                    case ILocalSymbol when _spans.TryGetValue(symbol, out SpanLocal? span):
                        throw new Blocked(expression, SpanUsedWhole(expression, span, symbol.Name));
                    case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter, _point)
                        || SymbolEqualityComparer.Default.Equals(parameter, _output):
                        throw new Blocked(expression, $"'{parameter.Name}' is used as a whole; a differentiable body reads its components '{parameter.Name}[i]' and its 'Length'");
                    case IFieldSymbol or IPropertySymbol:
                        return Member(expression, symbol);
                    case ILocalSymbol or IParameterSymbol when _method.MethodKind == MethodKind.LocalFunction
                        && !SymbolEqualityComparer.Default.Equals(symbol.ContainingSymbol, _method):
                        return Captured(expression, symbol);
                    default:
                        throw new Blocked(expression, $"{ConstructNames.Reference(symbol, expression)} is not differentiable here");
                }
            }

            /// <summary>
            /// A local or parameter of an enclosing body that a local function reads. An 'int' local of that body
            /// declared outside any loop is fixed for the whole call: its text (constants, data, lengths) is used as is.
            /// Anything else (the point, 'double' locals, loop counters) would need the enclosing body's state.
            /// </summary>
            private ExprNode Captured(ExpressionSyntax expression, ISymbol symbol)
            {
                for (Translator? outer = _enclosing; outer is not null; outer = outer._enclosing)
                {
                    if (outer._invariant.Contains(symbol) && outer._integers.TryGetValue(symbol, out string? text))
                        return ExprNode.Leaf(ExprKind.Constant, text);
                }
                throw new Blocked(expression, $"the local function '{_method.Name}' reads '{symbol.Name}' of the enclosing method, which is not a constant or an 'int' fixed before any loop; pass it as an argument");
            }

            /// <summary>A field or property: data, constant with respect to the point.</summary>
            private ExprNode Member(ExpressionSyntax expression, ISymbol symbol)
            {
                if (symbol is IPropertySymbol { Name: "Length" } && expression is MemberAccessExpressionSyntax lengthAccess)
                {
                    ISymbol? owner = Symbol(lengthAccess.Expression);
                    if (owner is not null && SymbolEqualityComparer.Default.Equals(owner, _point))
                        return ExprNode.Leaf(ExprKind.Constant, _dimension.ToString(CultureInfo.InvariantCulture));
                    if (owner is not null && SymbolEqualityComparer.Default.Equals(owner, _output))
                        return ExprNode.Leaf(ExprKind.Constant, _count.ToString(CultureInfo.InvariantCulture));
                    if (owner is not null && _spans.TryGetValue(owner, out SpanLocal? span))
                        return ExprNode.Leaf(ExprKind.Constant, span.Length >= 0 ? span.Length.ToString(CultureInfo.InvariantCulture) : span.Size);
                }
                CheckAccessible(symbol, expression);
                if (symbol is IPropertySymbol { ReturnsByRef: true } or IPropertySymbol { ReturnsByRefReadonly: true } or IFieldSymbol { RefKind: not RefKind.None })
                    throw new Blocked(expression, "ref fields and properties are not supported");
                string name = Parser.EscapeIdentifier(symbol.Name);
                if (symbol.IsStatic)
                    return ExprNode.Leaf(ExprKind.Constant, symbol.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + name);
                ExpressionSyntax? receiver = expression switch
                {
                    IdentifierNameSyntax => null,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } => null,
                    MemberAccessExpressionSyntax member => member.Expression,
                    _ => throw new Blocked(expression, "this member access is not supported"),
                };
                if (receiver is null)
                {
                    if (_method.IsStatic)
                        throw new Blocked(expression, "an instance member in a static method");
                    return ExprNode.Leaf(ExprKind.Constant, Receiver(_context) + "." + name);
                }
                ExprNode owner2 = Expr(receiver);
                if (DerivativeAnalysis.IsActive(owner2))
                    throw new Blocked(expression, "a member of a value that depends on the point is not differentiable");
                return ExprNode.Leaf(ExprKind.Constant, Atomic(owner2) + "." + name);
            }

            private static string Atomic(ExprNode node)
            {
                string text = DerivativeAnalysis.Print(node);
                return DerivativeAnalysis.Precedence(node) >= 4 ? text : "(" + text + ")";
            }

            private void CheckAccessible(ISymbol symbol, SyntaxNode node)
            {
                if (!_model.Compilation.IsSymbolAccessibleWithin(symbol, _context))
                    throw new Blocked(node, $"'{symbol.Name}' is not accessible from the generated code in '{_context.Name}'");
                if (!_usesObsolete[0] && IsObsolete(symbol))
                    _usesObsolete[0] = true;
            }

            /// <summary>Whether <paramref name="symbol"/> or a type containing it is marked <c>[Obsolete]</c>.</summary>
            private static bool IsObsolete(ISymbol symbol)
            {
                for (ISymbol? s = symbol; s is not null; s = s.ContainingType)
                {
                    foreach (AttributeData attribute in s.GetAttributes())
                    {
                        if (attribute.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                            return true;
                    }
                }
                return false;
            }

            private ExprNode Element(ElementAccessExpressionSyntax element)
            {
                ISymbol? owner = Symbol(element.Expression);
                if (owner is not null && _spans.TryGetValue(owner, out SpanLocal? span))
                    return ExprNode.Of(ExprKind.Element, span.Name, ExprNode.Leaf(ExprKind.Constant, SpanIndex(element, owner.Name)));
                if (owner is not null && SymbolEqualityComparer.Default.Equals(owner, _point))
                {
                    if (element.ArgumentList.Arguments.Count != 1)
                        throw new Blocked(element, "index the point with one 'int'");
                    return ExprNode.Leaf(ExprKind.Variable, Index(element.ArgumentList.Arguments[0].Expression));
                }
                if (owner is not null && SymbolEqualityComparer.Default.Equals(owner, _output))
                    throw new Blocked(element, $"reading '{owner.Name}' back is not differentiable; keep the value in a local");
                if (Symbol(element) is IPropertySymbol indexer && indexer.ReturnsByRef && indexer.ContainingType.SpecialType == SpecialType.None
                    && indexer.ContainingType.Name is not ("Span" or "ReadOnlySpan"))
                {
                    throw new Blocked(element, "ref indexers are not supported");
                }
                ExprNode data = Expr(element.Expression);
                if (DerivativeAnalysis.IsActive(data))
                    throw new Blocked(element, "indexing a value that depends on the point is not differentiable");
                var indices = new List<string>();
                foreach (ArgumentSyntax argument in element.ArgumentList.Arguments)
                {
                    if (argument.RefKindKeyword.RawKind != 0 || argument.NameColon is not null)
                        throw new Blocked(argument, "this index is not supported");
                    indices.Add(Index(argument.Expression));
                }
                return ExprNode.Leaf(ExprKind.Constant, Atomic(data) + "[" + string.Join(", ", indices) + "]");
            }

            private ExprNode Invocation(InvocationExpressionSyntax invocation)
            {
                if (Symbol(invocation) is not IMethodSymbol method)
                    throw new Blocked(invocation, "the call could not be resolved");
                if (SpanMethodCall(invocation, method) is { } spanReason)
                    throw new Blocked(invocation, spanReason);
                var arguments = new List<ExprNode>();
                foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
                {
                    if (argument.RefKindKeyword.RawKind != 0 || argument.NameColon is not null)
                        throw new Blocked(argument, "'ref', 'out', 'in' and named arguments are not differentiable");
                    arguments.Add(Expr(argument.Expression));
                }
                string container = method.ContainingType.SpecialType == SpecialType.System_Double
                    ? "global::System.Double"
                    : method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                if (method.IsStatic && container is "global::System.Math" or "global::System.Double"
                    && s_functions.TryGetValue(method.Name, out int arity) && arity == method.Parameters.Length
                    && method.ReturnType.SpecialType == SpecialType.System_Double
                    && method.Parameters.All(static p => p.Type.SpecialType == SpecialType.System_Double && p.RefKind == RefKind.None))
                {
                    return ExprNode.Of(ExprKind.Call, container + "." + method.Name, arguments.ToArray());
                }
                // Any other Math function of constants (Math.Max(n, 2), Math.Pow(2, k)) is a constant.
                if (method.IsStatic && container is "global::System.Math" or "global::System.Double"
                    && method.ReturnType.SpecialType is SpecialType.System_Double or SpecialType.System_Int32
                    && method.Parameters.All(static p => p.RefKind == RefKind.None)
                    && !arguments.Any(DerivativeAnalysis.IsActive))
                {
                    return ExprNode.Of(ExprKind.Call, container + "." + method.Name, arguments.ToArray());
                }
                if (IsDifferentiableHelper(method) || HasSource(method))
                    return Helper(invocation, method, arguments);
                throw new Blocked(invocation, ConstructNames.Call(method));
            }

            /// <summary>
            /// Whether <paramref name="method"/> is a local function, or a static method of this compilation with a body
            /// whose signature a helper may have; such methods are differentiated without [Differentiable].
            /// </summary>
            private bool HasSource(IMethodSymbol method)
            {
                if (method.MethodKind == MethodKind.LocalFunction)
                    return true;
                method = method.PartialImplementationPart ?? method;
                return method.MethodKind == MethodKind.Ordinary && method.IsStatic && !method.IsGenericMethod && !method.ContainingType.IsGenericType
                    && method.ReturnType.SpecialType == SpecialType.System_Double
                    && method.Parameters.All(static p => IsHelperParameterType(p.Type) && p.RefKind == RefKind.None && !p.IsParams)
                    && method.DeclaringSyntaxReferences.Length == 1
                    && method.DeclaringSyntaxReferences[0].SyntaxTree is { } tree
                    && _model.Compilation.ContainsSyntaxTree(tree)
                    && method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is MethodDeclarationSyntax { Body: not null } or MethodDeclarationSyntax { ExpressionBody: not null };
            }

            private static bool IsDifferentiableHelper(IMethodSymbol method)
            {
                foreach (AttributeData attribute in method.GetAttributes())
                {
                    if (attribute.AttributeClass is { Name: "DifferentiableAttribute", ContainingNamespace: { Name: "GenOpt", ContainingNamespace.IsGlobalNamespace: true } })
                        return true;
                }
                return false;
            }

            private ExprNode Helper(InvocationExpressionSyntax invocation, IMethodSymbol method, List<ExprNode> arguments)
            {
                method = method.PartialImplementationPart ?? method;
                bool local = method.MethodKind == MethodKind.LocalFunction;
                bool marked = IsDifferentiableHelper(method);
                // How the reasons name the helper: the attribute's own rules for a marked one, else what it is.
                string kind = local ? "local function" : marked ? "[Differentiable] helper" : "helper";
                if ((!local && !method.IsStatic) || method.IsGenericMethod || method.ReturnType.SpecialType != SpecialType.System_Double
                    || method.Parameters.Any(static p => !IsHelperParameterType(p.Type) || p.RefKind != RefKind.None || p.IsParams)
                    || method.ContainingType.IsGenericType)
                {
                    if (local)
                        throw new Blocked(invocation, $"a call to the local function '{method.Name}', which is not a non-generic function taking 'double' and 'int' values and returning a 'double', is not differentiable");
                    throw new Blocked(invocation, $"a call to '{ConstructNames.Name(method)}', a [Differentiable] helper that is not a non-generic static method taking 'double' and 'int' values and returning a 'double', is not differentiable");
                }
                if (!local)
                {
                    CheckAccessible(method, invocation);
                    // The generated code is another file, which cannot name a file-local type.
                    for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
                    {
                        if (type.IsFileLocal)
                            throw new Blocked(invocation, $"the {kind} '{method.Name}' is in the file-local type '{type.Name}', which the generated code cannot name");
                    }
                }
                foreach (IMethodSymbol caller in _chain)
                {
                    if (SymbolEqualityComparer.Default.Equals(caller, method))
                        throw new Blocked(invocation, $"a recursive call to '{ConstructNames.Name(method)}' is not differentiable; rewrite the recursion as a for loop (the {kind} '{method.Name}' is recursive, directly or through other calls)");
                }
                // Arguments left to optional parameters are passed explicitly: the adjoint takes every parameter.
                for (int i = arguments.Count; i < method.Parameters.Length; i++)
                {
                    IParameterSymbol parameter = method.Parameters[i];
                    if (!parameter.HasExplicitDefaultValue)
                        throw new Blocked(invocation, $"a call to '{ConstructNames.Name(method)}' that gives no value for its parameter '{parameter.Name}' is not differentiable");
                    arguments.Add(ExprNode.Leaf(ExprKind.Constant, parameter.Type.SpecialType == SpecialType.System_Int32
                        ? ConstantText(parameter.ExplicitDefaultValue ?? 0, parameter.Type, invocation)
                        : DefaultValueText(parameter.ExplicitDefaultValue)));
                }
                // An 'int' parameter is passive: its argument is an integer fixed where the call is (never the point).
                for (int i = 0; i < method.Parameters.Length; i++)
                {
                    if (method.Parameters[i].Type.SpecialType == SpecialType.System_Int32 && DerivativeAnalysis.IsActive(arguments[i]))
                        throw new Blocked(invocation.ArgumentList.Arguments[i], $"the 'int' argument of '{method.Name}' depends on the point, which is not differentiable");
                }
                string kinds = ParameterKinds(method);
                // Helpers are told apart by their full name and their number of parameters: every parameter is a
                // 'double', so overloads differ in that number only, and the call now passes them all. A local function
                // cannot be called from the generated code: it gets a generated value method, whose name stands for it.
                int arity = method.Parameters.Length;
                string name, adjointName;
                if (local)
                    (name, adjointName) = LocalFunctionNames(method, arity);
                else
                {
                    name = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + Parser.EscapeIdentifier(method.Name);
                    adjointName = AdjointName(name, arity);
                }
                HelperModel? known = _helpers.FirstOrDefault(h => h.Name == name && h.Parameters.Count == arity);
                if (known is not null && HelperKinds(known) != kinds)
                    throw new Blocked(invocation, $"overloads of '{ConstructNames.Name(method)}' with {arity.ToString(CultureInfo.InvariantCulture)} parameters that differ in their 'int' and 'double' parameters are not differentiable together; give them different names");
                if (known is null)
                {
                    SyntaxNode? declaration = method.DeclaringSyntaxReferences.Length == 1 ? method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) : null;
                    (BlockSyntax? block, ArrowExpressionClauseSyntax? arrow) = declaration switch
                    {
                        MethodDeclarationSyntax m => (m.Body, m.ExpressionBody),
                        LocalFunctionStatementSyntax f => (f.Body, f.ExpressionBody),
                        _ => (null, null),
                    };
                    if (declaration is null || (block is null && arrow is null))
                        throw new Blocked(invocation, $"a call to '{ConstructNames.Name(method)}', which has no source in this compilation, is not differentiable");
                    SemanticModel model = declaration.SyntaxTree == _model.SyntaxTree ? _model : _model.Compilation.GetSemanticModel(declaration.SyntaxTree);
                    var chain = new List<IMethodSymbol>(_chain) { method };
                    // A local function may read the integer locals of the body that declares it.
                    Translator? enclosing = null;
                    for (Translator? t = this; local && t is not null; t = t._enclosing)
                    {
                        if (SymbolEqualityComparer.Default.Equals(t._method, method.ContainingSymbol))
                        {
                            enclosing = t;
                            break;
                        }
                    }
                    var translator = new Translator(model, method, _context, _dimension, _count, _helpers, chain, _usesObsolete, _cancellationToken,
                        enclosing, _localFunctions);
                    FunctionModel function;
                    EquatableArray<string> parameters;
                    var integers = new List<string>();
                    try
                    {
                        (function, parameters) = translator.TranslateHelper(declaration, block, arrow, integers);
                    }
                    catch (Blocked blocked) when ((!marked || local) && !blocked.Reason.Contains($"the {kind} '{method.Name}'"))
                    {
                        // The construct stays the one in the helper's body; the reason says whose body it is.
                        throw new Blocked(blocked.Node, $"in the {kind} '{method.Name}', {blocked.Reason}");
                    }
                    foreach (KeyValuePair<LoopRange, StatementSyntax> loop in translator.LoopSyntax)
                        LoopSyntax[loop.Key] = loop.Value;
                    // Translating the body may have met the other overload with as many parameters (through another call).
                    HelperModel? met = _helpers.FirstOrDefault(h => h.Name == name && h.Parameters.Count == arity);
                    if (met is not null && HelperKinds(met) != kinds)
                        throw new Blocked(invocation, $"overloads of '{ConstructNames.Name(method)}' with {arity.ToString(CultureInfo.InvariantCulture)} parameters that differ in their 'int' and 'double' parameters are not differentiable together; give them different names");
                    if (met is null)
                        _helpers.Add(new HelperModel(name, adjointName, parameters, function, local, local && ReadsInstance(method), Parser.EscapeIdentifier(method.Name),
                            integers.ToEquatableArray()));
                }
                return ExprNode.Of(ExprKind.Helper, name, arguments.ToArray());
            }

            /// <summary>A helper's parameter types: <c>double</c> (differentiated) or <c>int</c> (passive, passed through).</summary>
            private static bool IsHelperParameterType(ITypeSymbol type) =>
                type.SpecialType is SpecialType.System_Double or SpecialType.System_Int32;

            /// <summary>One letter per parameter, 'd' for <c>double</c> and 'i' for <c>int</c>: tells apart overloads with as many parameters.</summary>
            private static string ParameterKinds(IMethodSymbol method)
            {
                var builder = new System.Text.StringBuilder(method.Parameters.Length);
                foreach (IParameterSymbol parameter in method.Parameters)
                    builder.Append(parameter.Type.SpecialType == SpecialType.System_Int32 ? 'i' : 'd');
                return builder.ToString();
            }

            private static string HelperKinds(HelperModel helper)
            {
                var builder = new System.Text.StringBuilder(helper.Parameters.Count);
                for (int i = 0; i < helper.Parameters.Count; i++)
                    builder.Append(helper.IsInteger(i) ? 'i' : 'd');
                return builder.ToString();
            }

            /// <summary>
            /// Whether the local function <paramref name="method"/> may read the instance: neither it nor a local
            /// function around it is static, and the method around them all is an instance method.
            /// </summary>
            private static bool ReadsInstance(IMethodSymbol method)
            {
                ISymbol? symbol = method;
                while (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function)
                {
                    if (function.IsStatic)
                        return false;
                    symbol = function.ContainingSymbol;
                }
                return symbol is { IsStatic: false };
            }

            /// <summary>
            /// The names of the generated value and adjoint methods of the local function <paramref name="method"/>:
            /// its containing type, the methods around it and its name, written as <see cref="AdjointName"/> writes a
            /// helper's (ending in "_LocalValue" and "_LocalAdjoint", which no helper's name ends in), and numbered when
            /// another local function of the same body has the same name.
            /// </summary>
            private (string Value, string Adjoint) LocalFunctionNames(IMethodSymbol method, int arity)
            {
                if (!_localFunctions.TryGetValue(method, out string? stem))
                {
                    var path = new List<string>();
                    ISymbol symbol = method;
                    for (; symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction }; symbol = symbol.ContainingSymbol)
                        path.Insert(0, symbol.Name);
                    path.Insert(0, symbol.Name);
                    string full = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + string.Join(".", path);
                    string mangled = AdjointName(full, arity);
                    stem = mangled.Substring(0, mangled.Length - "_Adjoint".Length - arity.ToString(CultureInfo.InvariantCulture).Length);
                    string candidate = stem;
                    for (int n = 2; _localFunctions.ContainsValue(candidate); n++)
                        candidate = stem + "_" + n.ToString(CultureInfo.InvariantCulture);
                    stem = candidate;
                    _localFunctions[method] = stem;
                }
                string suffix = arity.ToString(CultureInfo.InvariantCulture);
                return (stem + "_LocalValue" + suffix, stem + "_LocalAdjoint" + suffix);
            }
        }
    }
}
