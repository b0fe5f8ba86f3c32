namespace GenOpt.Generators.Model;

/// <summary>The kind of an <see cref="ExprNode"/>.</summary>
internal enum ExprKind
{
    /// <summary>A value that does not depend on the point: a literal, a field, a data element, an integer. <c>Text</c> is its C# text (atomic).</summary>
    Constant,

    /// <summary>A component of the point, <c>x[Text]</c>; <c>Text</c> is the C# text of the integer index.</summary>
    Variable,

    /// <summary>A <c>double</c> local (or helper parameter) named <c>Text</c>.</summary>
    Local,

    Negate,
    Add,
    Subtract,
    Multiply,
    Divide,

    /// <summary>Integer remainder; only of constants.</summary>
    Remainder,

    /// <summary>A call of the math function <c>Text</c> (fully qualified, e.g. <c>global::System.Math.Sqrt</c>).</summary>
    Call,

    /// <summary>A call of the [Differentiable] helper named <c>Text</c> (fully qualified) with one operand per parameter
    /// (defaults of optional parameters filled in); the name and the number of operands identify its <see cref="HelperModel"/>.</summary>
    Helper,

    /// <summary><c>Text ? Operands[0] : Operands[1]</c>; <c>Text</c> is the C# condition, <c>Reads</c> the locals it reads.</summary>
    Conditional,

    /// <summary>A conversion to the type keyword <c>Text</c> (<c>double</c> or <c>int</c>).</summary>
    Cast,
}

/// <summary>One node of a differentiable expression, in the shape the user wrote it.</summary>
/// <param name="Kind">What the node is.</param>
/// <param name="Text">Kind-specific text (see <see cref="ExprKind"/>). Instance members of the user's type start with
/// <see cref="DerivativeModel.Receiver"/>, replaced by the emitter.</param>
/// <param name="Operands">The operands, left to right.</param>
/// <param name="Reads">For a conditional: the locals its condition reads.</param>
internal sealed record ExprNode(ExprKind Kind, string Text, EquatableArray<ExprNode> Operands, EquatableArray<string> Reads)
{
    public static ExprNode Leaf(ExprKind kind, string text) => new(kind, text, EquatableArray<ExprNode>.Empty, EquatableArray<string>.Empty);

    public static ExprNode Of(ExprKind kind, string text, params ExprNode[] operands) =>
        new(kind, text, new EquatableArray<ExprNode>(operands), EquatableArray<string>.Empty);
}

/// <summary>The kind of a <see cref="StatementNode"/>.</summary>
internal enum StatementKind
{
    /// <summary><c>double Target = Value;</c></summary>
    Declare,

    /// <summary><c>Target = Value;</c></summary>
    Assign,

    /// <summary><c>Target += Value;</c></summary>
    AddAssign,

    /// <summary><c>Target -= Value;</c></summary>
    SubtractAssign,

    /// <summary><c>values[Target] = Value;</c> in a vector constraint; <c>Target</c> is the index text.</summary>
    Output,

    /// <summary><c>for (int Target = Loop.Start; ...; Target += Loop.Step) Body</c>, <c>Loop.Count</c> iterations.</summary>
    For,

    /// <summary><c>if (Condition) Body else Else</c>.</summary>
    If,

    /// <summary><c>return Value;</c>, the last statement.</summary>
    Return,
}

/// <summary>
/// The iterations of a loop. Known at compile time: <c>Start, Start + Step, ...</c>, <c>Count</c> values. Known only at
/// run time (<c>Count</c> = -1, step 1): from <c>StartText</c> while below <c>EndText</c> (or up to it when <c>Inclusive</c>);
/// the bounds are then integers fixed during the call, such as the length of a data array.
/// </summary>
internal sealed record LoopRange(int Start, int Step, int Count, string StartText = "", string EndText = "", bool Inclusive = false)
{
    public bool IsRuntime => Count < 0;
}

/// <summary>One statement of a differentiable body.</summary>
internal sealed record StatementNode(
    StatementKind Kind,
    string Target,
    ExprNode? Value,
    string Condition,
    EquatableArray<string> Reads,
    LoopRange? Loop,
    EquatableArray<StatementNode> Body,
    EquatableArray<StatementNode> Else);

/// <summary>A [Differentiable] helper called from a differentiable body.</summary>
/// <param name="Name">Fully qualified name of the user's method, to call it for its value.</param>
/// <param name="AdjointName">Name of the generated adjoint method, unique for each helper (name and number of parameters).</param>
/// <param name="Parameters">Names of its <c>double</c> parameters (locals of <see cref="Function"/>).</param>
/// <param name="Function">Its body.</param>
internal sealed record HelperModel(string Name, string AdjointName, EquatableArray<string> Parameters, FunctionModel Function);

/// <summary>A body translated for differentiation.</summary>
/// <param name="Locals">The <c>double</c> locals, declared once at the top (names unique in the body).</param>
/// <param name="Names">Every name the body uses (locals, loop variables, parameters), so that generated names avoid them.</param>
/// <param name="Body">The statements.</param>
internal sealed record FunctionModel(EquatableArray<string> Locals, EquatableArray<string> Names, EquatableArray<StatementNode> Body);

/// <summary>The differentiable body of an objective or constraint and the helpers it calls.</summary>
/// <param name="UsesObsolete">True when the bodies use a member marked <c>[Obsolete]</c> (or of such a type); the generated
/// code repeating them then silences the obsolete warnings, which the user's code already shows.</param>
internal sealed record DerivativeModel(FunctionModel Function, EquatableArray<HelperModel> Helpers, bool UsesObsolete = false)
{
    /// <summary>Stands for the instance in the text of instance members; the emitter replaces it.</summary>
    public const string Receiver = "\u0001";
}
