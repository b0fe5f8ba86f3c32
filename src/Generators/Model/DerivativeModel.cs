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

    /// <summary>An element of the <c>stackalloc</c> span local named <c>Text</c> (a <see cref="SpanLocal"/>);
    /// <c>Operands[0]</c> is a constant whose text is the integer index.</summary>
    Element,
}

/// <summary>One node of a differentiable expression, in the shape the user wrote it.</summary>
/// <param name="Kind">What the node is.</param>
/// <param name="Text">Kind-specific text (see <see cref="ExprKind"/>), final C#: an instance member of the user's type is
/// written with the receiver the generated structs use for it (<see cref="TargetReceiver"/>), so the emitter only prints.</param>
/// <param name="Operands">The operands, left to right.</param>
/// <param name="Reads">For a conditional: the locals its condition reads.</param>
/// <param name="Test">For a conditional: its condition as a tree (null where only the text is known).</param>
/// <remarks>
/// Nodes are built bottom-up and never change, so facts about a whole subtree (whether it depends on the point, its
/// hash) are computed once, from the operands' facts, when the node is built: asking them is O(1), and a
/// body of n nodes costs O(n) however deep it is (a sum of 10,000 terms is a tree 10,000 deep). Equality compares
/// with an explicit stack instead of recursion, so comparing deep trees cannot overflow the stack.
/// </remarks>
internal sealed record ExprNode(ExprKind Kind, string Text, EquatableArray<ExprNode> Operands, EquatableArray<string> Reads, ConditionNode? Test = null)
{
    /// <summary>Whether the node depends on the point (a local counts as dependent).</summary>
    public bool IsActive { get; } = ComputeActive(Kind, Operands);

    private readonly int _hash = ComputeHash(Kind, Text, Operands, Reads, Test);

    public static ExprNode Leaf(ExprKind kind, string text) => new(kind, text, EquatableArray<ExprNode>.Empty, EquatableArray<string>.Empty);

    public static ExprNode Of(ExprKind kind, string text, params ExprNode[] operands) =>
        new(kind, text, new EquatableArray<ExprNode>(operands), EquatableArray<string>.Empty);

    private static bool ComputeActive(ExprKind kind, EquatableArray<ExprNode> operands)
    {
        switch (kind)
        {
            case ExprKind.Constant:
                return false;
            case ExprKind.Variable:
            case ExprKind.Local:
            case ExprKind.Element:
                return true;
            default:
                foreach (ExprNode operand in operands)
                {
                    if (operand.IsActive)
                        return true;
                }
                return false;
        }
    }

    private static int ComputeHash(ExprKind kind, string text, EquatableArray<ExprNode> operands, EquatableArray<string> reads, ConditionNode? test)
    {
        // FNV-style combination of the node's own fields and the operands' cached hashes (netstandard2.0 has no HashCode).
        int hash = unchecked((int)2166136261);
        hash = unchecked((hash ^ (int)kind) * 16777619);
        hash = unchecked((hash ^ System.StringComparer.Ordinal.GetHashCode(text)) * 16777619);
        foreach (ExprNode operand in operands)
            hash = unchecked((hash ^ operand._hash) * 16777619);
        hash = unchecked((hash ^ reads.GetHashCode()) * 16777619);
        hash = unchecked((hash ^ (test?.GetHashCode() ?? 0)) * 16777619);
        return hash;
    }

    /// <summary>Value equality of the whole tree, without recursion.</summary>
    public bool Equals(ExprNode? other)
    {
        if (ReferenceEquals(this, other))
            return true;
        if (other is null || _hash != other._hash)
            return false;
        var pending = new System.Collections.Generic.Stack<(ExprNode Left, ExprNode Right)>();
        pending.Push((this, other));
        while (pending.Count != 0)
        {
            (ExprNode left, ExprNode right) = pending.Pop();
            if (ReferenceEquals(left, right))
                continue;
            if (left._hash != right._hash || left.Kind != right.Kind || left.Operands.Count != right.Operands.Count
                || !string.Equals(left.Text, right.Text, System.StringComparison.Ordinal) || !left.Reads.Equals(right.Reads)
                || !Equals(left.Test, right.Test))
            {
                return false;
            }
            for (int i = 0; i < left.Operands.Count; i++)
                pending.Push((left.Operands[i], right.Operands[i]));
        }
        return true;
    }

    public override int GetHashCode() => _hash;
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

    /// <summary><c>while (Condition) Body</c>; the condition is not differentiated (the derivative is piecewise).</summary>
    While,

    /// <summary><c>do Body while (Condition);</c>.</summary>
    DoWhile,
}

/// <summary>
/// The iterations of a loop. Known at compile time: <c>Start, Start + Step, ...</c>, <c>Count</c> values. Known only at
/// run time (<c>Count</c> = -1, step 1): from <c>StartText</c> while below <c>EndText</c> (or up to it when <c>Inclusive</c>);
/// the bounds are then integers fixed during the call, such as the length of a data array. <c>MaxCount</c> is, for such a
/// loop whose bounds depend only on the counters of enclosing loops known at compile time (a triangular loop
/// <c>for (int j = 0; j &lt; i; j++)</c>), the most iterations it runs for any value of those counters; -1 when unknown.
/// </summary>
internal sealed record LoopRange(int Start, int Step, int Count, string StartText = "", string EndText = "", bool Inclusive = false, int MaxCount = -1)
{
    public bool IsRuntime => Count < 0;

    /// <summary>Whether the most iterations one run of the loop makes is known at compile time.</summary>
    public bool IsBounded => Count >= 0 || MaxCount >= 0;

    /// <summary>The most iterations one run of the loop makes (for a bounded loop).</summary>
    public int Bound => Count >= 0 ? Count : MaxCount;
}

/// <summary>One statement of a differentiable body.</summary>
/// <param name="Index">For an assignment to an element of a span local (<see cref="SpanLocal"/>) named <c>Target</c>:
/// the C# text of the integer index; empty otherwise.</param>
/// <param name="Facts">What the analysis step decided about the statement (null until <see cref="DerivativeAnalysis.Analyse"/> ran).</param>
/// <param name="Test">For an <c>if</c> or a loop: its condition as a tree (null where only the text is known).</param>
/// <param name="StopsLoop">For an <c>if</c>: the whole body of a <c>for</c> loop left by <c>break</c> (or a return),
/// run while none of the loop's stop flags is set. Once its condition is false it stays false (the iterations after it
/// do nothing), so the adjoint sweep may leave the loop there and count the iterations that ran.</param>
internal sealed record StatementNode(
    StatementKind Kind,
    string Target,
    ExprNode? Value,
    string Condition,
    EquatableArray<string> Reads,
    LoopRange? Loop,
    EquatableArray<StatementNode> Body,
    EquatableArray<StatementNode> Else,
    string Index = "",
    StatementFacts? Facts = null,
    ConditionNode? Test = null,
    bool StopsLoop = false)
{
    /// <summary>Whether the statement assigns an element of a span local.</summary>
    public bool WritesElement => Index.Length != 0;
}

/// <summary>
/// A <c>Span&lt;double&gt; Name = stackalloc double[Size]</c> local, declared once at the top of the generated method
/// (the user's declaration is outside any loop). Its elements are read (<see cref="ExprKind.Element"/>) and written
/// (<see cref="StatementNode.Index"/>) with integer indices; the adjoint sweep has a zeroed buffer of the same size.
/// </summary>
/// <param name="Name">The local's name (unique in the body).</param>
/// <param name="Size">The C# text of its length: a compile-time constant, or an integer fixed before the loops.</param>
/// <param name="Length">Its length when known at compile time, else -1.</param>
internal sealed record SpanLocal(string Name, string Size, int Length);

/// <summary>
/// What the analysis step (<see cref="DerivativeAnalysis.Analyse"/>) decided about one statement, so that the emitter
/// only prints: nothing here is recomputed while writing the sweeps.
/// </summary>
/// <param name="Saves">An assignment whose target's old value the forward sweep pushes on the save buffer before it
/// runs; its reverse pops the value back before differentiating it.</param>
/// <param name="Stable">A declaration of a stable local (assigned once, from the point, data and other stable locals):
/// never saved; in a loop's body it is recomputed at the start of each reverse iteration.</param>
/// <param name="RecordsBranch">An <c>if</c> whose decision the forward sweep records (its condition reads a local that
/// may have changed by the time the adjoint sweep reaches it); otherwise the adjoint sweep re-evaluates the condition,
/// or, for an <c>if</c> whose branches have nothing to reverse (<see cref="DerivativeAnalysis.Inert"/>), leaves it out.</param>
/// <param name="RerunsIterations">A <c>for</c> loop with a run-time bound that only accumulates into outer locals: the
/// adjoint sweep re-runs each of its iterations (its own locals only) instead of reading saved values.</param>
/// <param name="RerunLocals">For such a loop: the locals its body declares, the only ones the re-run assigns.</param>
/// <param name="SavedAround">A <c>for</c> loop that overwrites these locals without any statement inside it needing
/// their values: instead of one save per assignment per iteration, the forward sweep pushes each once before the loop
/// and the adjoint sweep pops them after the loop's reverse.</param>
/// <param name="ValueReadsTarget">An assignment whose value reads its own target (<c>s = s * a</c>): its reverse
/// copies the target's adjoint before resetting it.</param>
/// <param name="KeptStable">A <c>for</c> loop with at most a known number of iterations: the stable locals its body
/// declares from costly values (a quotient, a Math function, a helper) that the forward sweep pushes at the end of each
/// iteration and the adjoint sweep pops at the start of the iteration's reverse, instead of computing them again.</param>
/// <param name="CountsTrips">A <c>for</c> loop left by <c>break</c> (its body one <c>if</c> that
/// <see cref="StatementNode.StopsLoop"/>) whose iterations are not re-run: the forward sweep leaves it at the first
/// iteration its stop flags skip and pushes the number of iterations that ran; the adjoint sweep runs only those,
/// backwards, without recording or reading the guard's decisions.</param>
/// <param name="KeepsOwnValue">A saved declaration or <c>=</c> of a value whose derivative reads the value itself (sqrt,
/// exp, tanh, a quotient by a value that depends on the point): its target still holds that value when its reverse starts (the save plan counts the statement as a reader
/// of its own target, so anything that overwrites the target in between restores it), so the reverse copies it from the
/// target before popping the old value, instead of computing it again.</param>
/// <param name="GradientSums">A <c>for</c> loop: the index texts of the components of the point its body reads at an
/// index the loop does not change (nothing in the index is assigned in the loop, its own counter included, and it
/// calls nothing), at most <see cref="DerivativeAnalysis.MaxGradientSums"/>: the adjoint sweep sums each such
/// <c>gradient[index]</c> in a local across the loop and adds the sum once after it. Adjoints only accumulate, so
/// this reorders additions (the gradient changes by rounding) and stays exact when the loop also reaches the same element
/// through another index (<c>x[j]</c> with <c>j == i</c>).</param>
internal sealed record StatementFacts(
    bool Saves,
    bool Stable,
    bool RecordsBranch,
    bool RerunsIterations,
    EquatableArray<string> RerunLocals,
    EquatableArray<string> SavedAround,
    bool ValueReadsTarget,
    EquatableArray<string> KeptStable,
    bool CountsTrips = false,
    bool KeepsOwnValue = false,
    EquatableArray<string> GradientSums = default);

/// <summary>What the analysis step decided about a whole body (see <see cref="StatementFacts"/>).</summary>
/// <param name="SavedValues">Size of the save buffer: the most values the forward sweep pushes (0: no buffer).</param>
/// <param name="Branches">Size of the branch buffer: the most decisions the forward sweep records.</param>
/// <param name="DynamicValues">Whether while loops push values (their trip counts at least): the buffer then grows as they run.</param>
/// <param name="DynamicBranches">Whether branch decisions are recorded inside while loops.</param>
/// <param name="Adjointed">The locals that have an adjoint (read by a differentiated value or assigned one that depends on the point).</param>
/// <param name="ReadOnlyByResult">The locals only the returned value reads (a helper's adjoint, which does not compute the
/// result, still reads them so that they are not "assigned but never used").</param>
internal sealed record FunctionFacts(
    long SavedValues,
    long Branches,
    bool DynamicValues,
    bool DynamicBranches,
    EquatableArray<string> Adjointed,
    EquatableArray<string> ReadOnlyByResult);

/// <summary>A helper called from a differentiable body: a static method whose source is in the compilation, or a local function.</summary>
/// <param name="Name">Fully qualified name of the user's method, to call it for its value; for a local function, which the
/// generated code cannot call, the name of the generated method that computes its value.</param>
/// <param name="AdjointName">Name of the generated adjoint method, unique for each helper (name and number of parameters).</param>
/// <param name="Parameters">Names of its parameters in order (the <c>double</c> ones are locals of <see cref="Function"/>).</param>
/// <param name="Function">Its body.</param>
/// <param name="IsLocal">True for a local function: the generated code also has a method computing its value, named <see cref="Name"/>.</param>
/// <param name="IsInstance">True when the generated methods of a local function may read the instance (<see cref="TargetReceiver"/>),
/// so they are instance methods of the generated type.</param>
/// <param name="DisplayName">The helper's name as the user wrote it, for messages.</param>
/// <param name="Integers">The names of its <c>int</c> parameters (a subset of <see cref="Parameters"/>): passive values
/// (counts, indices) that the adjoint takes as they are and has no adjoint for.</param>
internal sealed record HelperModel(string Name, string AdjointName, EquatableArray<string> Parameters, FunctionModel Function,
    bool IsLocal = false, bool IsInstance = false, string DisplayName = "", EquatableArray<string> Integers = default)
{
    /// <summary>Whether the parameter at <paramref name="index"/> is an <c>int</c> (no adjoint).</summary>
    public bool IsInteger(int index)
    {
        foreach (string name in Integers)
        {
            if (name == Parameters[index])
                return true;
        }
        return false;
    }

    /// <summary>The C# type keyword of the parameter at <paramref name="index"/>.</summary>
    public string ParameterType(int index) => IsInteger(index) ? "int" : "double";
}

/// <summary>A body translated for differentiation.</summary>
/// <param name="Locals">The <c>double</c> locals, declared once at the top (names unique in the body).</param>
/// <param name="Names">Every name the body uses (locals, loop variables, parameters), so that generated names avoid them.</param>
/// <param name="Body">The statements.</param>
/// <param name="Spans">The <c>stackalloc</c> span locals (<see cref="SpanLocal"/>).</param>
/// <param name="Facts">What the analysis step decided about the body (null until <see cref="DerivativeAnalysis.Analyse"/> ran).</param>
internal sealed record FunctionModel(EquatableArray<string> Locals, EquatableArray<string> Names, EquatableArray<StatementNode> Body,
    EquatableArray<SpanLocal> Spans = default, FunctionFacts? Facts = null);

/// <summary>The differentiable body of an objective or constraint and the helpers it calls.</summary>
/// <param name="UsesObsolete">True when the bodies use a member marked <c>[Obsolete]</c> (or of such a type); the generated
/// code repeating them then silences the obsolete warnings, which the user's code already shows.</param>
internal sealed record DerivativeModel(FunctionModel Function, EquatableArray<HelperModel> Helpers, bool UsesObsolete = false);
