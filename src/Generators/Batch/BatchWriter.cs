using System.Collections.Generic;
using System.Globalization;
using System.Text;
using GenOpt.Generators.Model;

namespace GenOpt.Generators.Batch;

/// <summary>
/// Writes the lane-parallel batch evaluation of a body inside the batch subset (<see cref="BatchSubset"/>): the
/// <c>IBatchObjective.ValueBatch</c> entry point, which picks <c>Vector512</c>, <c>Vector256</c> or a scalar loop over
/// <c>Value</c> at run time, and one method per vector width evaluating one candidate per lane.
/// </summary>
/// <remarks>
/// Values that depend on the point are vectors (one lane per candidate); counters, data and constants are the user's
/// scalar expressions, evaluated once and broadcast. Every operation keeps the user's expression tree, so the lanes
/// round as the scalar body does. An <c>if</c> or <c>?:</c> whose condition depends on the point becomes a lane mask:
/// both sides run, each assignment keeps the old value in the lanes the mask leaves out, and a division, <c>Log</c> or
/// <c>Sqrt</c> under a mask gets 1 as operand in those lanes, so no lane computes NaN or infinity for a branch it does
/// not take. A tail of fewer candidates than lanes repeats the last candidate in the spare lanes: a candidate's value
/// never depends on where it is in the batch.
/// </remarks>
internal sealed class BatchWriter
{
    private readonly IndentedWriter _writer;
    private FunctionModel _function;
    private readonly EquatableArray<HelperModel> _helpers;
    private readonly int _dimension;
    private HashSet<string> _names;
    private int _counter;
    private readonly Lanes _varying = new();

    // The lane-by-lane transcendental functions the width's method calls (Sin, Cos, Exp), written after it.
    private readonly SortedSet<string> _laneFunctions = new(System.StringComparer.Ordinal);

    // The scalar functions the width's method calls lane by lane: generated method name -> (function, arity).
    private readonly SortedDictionary<string, (string Function, int Arity)> _laneByLane = new(System.StringComparer.Ordinal);

    // Per width.
    private string _vector = "", _type = "", _result = "";
    private string[] _lanes = [];
    private int _width;

    // The vector copies of helpers the width's method calls (name, masked) -> generated method, written after it.
    private readonly Dictionary<(string Name, int Arity, bool Masked), string> _helperMethods = new();
    private readonly Queue<(HelperModel Helper, bool Masked, string Method)> _pendingHelpers = new();

    private BatchWriter(IndentedWriter writer, FunctionModel function, int dimension, EquatableArray<HelperModel> helpers)
    {
        _writer = writer;
        _function = function;
        _helpers = helpers;
        _dimension = dimension;
        _names = new HashSet<string>(function.Names);
    }

    /// <summary>The names of the per-width methods, which tests call directly.</summary>
    public const string Vector256Method = "ValueBatchVector256", Vector512Method = "ValueBatchVector512";

    /// <summary>
    /// Every generated batch method is compiled fully optimized from its first call: under tiered compilation a short run
    /// would otherwise spend its whole time in unoptimized first-tier vector code, many times slower than the scalar
    /// <c>Value</c> the batch replaces (PeerBench's PSO case: about 2 us per evaluation against 0.4 us).
    /// </summary>
    private const string AggressiveOptimization =
        "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

    /// <summary>
    /// Writes <c>ValueBatch</c> and the per-width methods into the objective struct. The model's text is final C# that reaches
    /// the user's instance through the struct's own receiver; <paramref name="dimension"/> is the number of variables.
    /// </summary>
    public static void Write(IndentedWriter writer, DerivativeModel model, int dimension)
    {
        string n = dimension.ToString(CultureInfo.InvariantCulture);
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Evaluates the objective at each candidate, lane-parallel: candidate k is");
        writer.WriteLine($"/// <c>candidates[(k * {n})..((k + 1) * {n})]</c> and its value goes to <c>values[k]</c>. Uses <c>Vector512</c> where it is");
        writer.WriteLine("/// accelerated, else <c>Vector256</c>, else <see cref=\"Value\"/> one candidate at a time. A candidate's value does not");
        writer.WriteLine("/// depend on its position in the batch or on the batch's size.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"candidates\"/> does not hold <c>values.Length</c> candidates of {n} variables.</exception>");
        writer.WriteLine("public void ValueBatch(global::System.ReadOnlySpan<double> candidates, global::System.Span<double> values)");
        using (writer.Block())
        {
            writer.WriteLine($"if (candidates.Length != (long)values.Length * {n})");
            using (writer.Indent())
                writer.WriteLine($"throw new global::System.ArgumentException(\"candidates must hold values.Length candidates of {n} variables, one after the other.\", nameof(candidates));");
            writer.WriteLine("if (global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)");
            using (writer.Indent())
                writer.WriteLine($"{Vector512Method}(candidates, values);");
            writer.WriteLine("else if (global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)");
            using (writer.Indent())
                writer.WriteLine($"{Vector256Method}(candidates, values);");
            writer.WriteLine("else");
            using (writer.Block())
            {
                writer.WriteLine("for (int k = 0; k < values.Length; k++)");
                using (writer.Indent())
                    writer.WriteLine($"values[k] = Value(candidates.Slice(k * {n}, {n}));");
            }
        }
        writer.WriteLine();
        new BatchWriter(writer, model.Function, dimension, model.Helpers).WriteWidth("Vector256", 4, Vector256Method);
        writer.WriteLine();
        new BatchWriter(writer, model.Function, dimension, model.Helpers).WriteWidth("Vector512", 8, Vector512Method);
    }

    /// <summary>The name of the generated method computing <paramref name="function"/> (Sin, Cos or Exp) lane by lane at <paramref name="width"/> lanes.</summary>
    public static string LaneFunctionName(string function, int width) =>
        "Batch" + function + (width == 4 ? "256" : "512");

    private string Fresh(string stem)
    {
        string name = stem;
        for (int k = 2; !_names.Add(name); k++)
            name = stem + k.ToString(CultureInfo.InvariantCulture);
        return name;
    }

    private void WriteWidth(string vector, int width, string method)
    {
        _vector = "global::System.Runtime.Intrinsics." + vector;
        _type = _vector + "<double>";
        _width = width;
        string n = _dimension.ToString(CultureInfo.InvariantCulture);
        string candidates = Fresh("candidates"), values = Fresh("values"), first = Fresh("first"), last = Fresh("last");
        _lanes = new string[width];
        for (int j = 0; j < width; j++)
            _lanes[j] = Fresh("p" + j.ToString(CultureInfo.InvariantCulture));
        _result = Fresh("value");

        _writer.WriteLine($"/// <summary>The batch in {vector} lanes, {width} candidates at a time (the tail padded with copies of the last candidate).</summary>");
        _writer.WriteLine(AggressiveOptimization);
        _writer.WriteLine($"internal void {method}(global::System.ReadOnlySpan<double> {candidates}, global::System.Span<double> {values})");
        using (_writer.Block())
        {
            // stackalloc span locals: one span of vectors each, allocated once and cleared for each group of candidates
            // (the user's span is zeroed once per call).
            foreach (SpanLocal span in _function.Spans)
                _writer.WriteLine($"global::System.Span<{_type}> {span.Name} = stackalloc {_type}[{span.Size}];");
            _writer.WriteLine($"int {last} = {values}.Length - 1;");
            _writer.WriteLine($"for (int {first} = 0; {first} <= {last}; {first} += {width})");
            using (_writer.Block())
            {
                for (int j = 0; j < width; j++)
                {
                    string index = j == 0 ? first : $"global::System.Math.Min({first} + {j}, {last})";
                    _writer.WriteLine($"global::System.ReadOnlySpan<double> {_lanes[j]} = {candidates}.Slice({index} * {n}, {n});");
                }
                if (_function.Locals.Count != 0)
                {
                    var declarations = new List<string>();
                    foreach (string local in _function.Locals)
                        declarations.Add($"{local} = {_type}.Zero");
                    _writer.WriteLine($"{_type} {string.Join(", ", declarations)};");
                }
                _writer.WriteLine($"{_type} {_result} = {_type}.Zero;");
                foreach (SpanLocal span in _function.Spans)
                    _writer.WriteLine($"{span.Name}.Clear();");
                Statements(_function.Body, null);
                _writer.WriteLine($"{values}[{first}] = {_vector}.GetElement({_result}, 0);");
                for (int j = 1; j < width; j++)
                {
                    _writer.WriteLine($"if ({first} + {j} <= {last})");
                    using (_writer.Indent())
                        _writer.WriteLine($"{values}[{first} + {j}] = {_vector}.GetElement({_result}, {j});");
                }
            }
        }
        while (_pendingHelpers.Count != 0)
        {
            (HelperModel helper, bool masked, string helperMethod) = _pendingHelpers.Dequeue();
            _writer.WriteLine();
            WriteHelper(helper, masked, helperMethod);
        }
        foreach (string function in _laneFunctions)
        {
            _writer.WriteLine();
            WriteLaneFunction(function);
        }
        foreach (KeyValuePair<string, (string Function, int Arity)> entry in _laneByLane)
        {
            _writer.WriteLine();
            WriteLaneByLane(entry.Key, entry.Value.Function, entry.Value.Arity);
        }
    }

    /// <summary>
    /// Writes the vector copy of a helper (a static method with source, or a local function): its <c>double</c>
    /// parameters are vectors, its <c>int</c> parameters stay scalars, its body is written as the objective's is. The
    /// masked copy, called under a lane mask, takes the mask first and guards its divisions, <c>Log</c> and <c>Sqrt</c>
    /// in the lanes the mask leaves out, as the caller's own code would.
    /// </summary>
    private void WriteHelper(HelperModel helper, bool masked, string method)
    {
        FunctionModel savedFunction = _function;
        HashSet<string> savedNames = _names;
        string savedResult = _result;
        _function = helper.Function;
        _names = new HashSet<string>(helper.Function.Names);
        foreach (string parameter in helper.Parameters)
            _names.Add(parameter);
        string? mask = masked ? Fresh("mask") : null;
        _result = Fresh("result");
        var parameters = new List<string>();
        if (mask is not null)
            parameters.Add($"{_type} {mask}");
        for (int i = 0; i < helper.Parameters.Count; i++)
            parameters.Add(helper.IsInteger(i) ? $"int {helper.Parameters[i]}" : $"{_type} {helper.Parameters[i]}");
        string display = helper.DisplayName.Length != 0 ? helper.DisplayName : helper.Name;
        _writer.WriteLine($"/// <summary>{EscapeXml(display)} in {_vector.Substring(_vector.LastIndexOf('.') + 1)} lanes{(masked ? ", under a lane mask" : "")}.</summary>");
        _writer.WriteLine(AggressiveOptimization);
        _writer.WriteLine($"private {_type} {method}({string.Join(", ", parameters)})");
        using (_writer.Block())
        {
            var declarations = new List<string>();
            foreach (string local in helper.Function.Locals)
            {
                if (!Contains(helper.Parameters, local))
                    declarations.Add($"{local} = {_type}.Zero");
            }
            if (declarations.Count != 0)
                _writer.WriteLine($"{_type} {string.Join(", ", declarations)};");
            _writer.WriteLine($"{_type} {_result} = {_type}.Zero;");
            Statements(helper.Function.Body, mask);
            _writer.WriteLine($"return {_result};");
        }
        _function = savedFunction;
        _names = savedNames;
        _result = savedResult;
    }

    private static bool Contains(EquatableArray<string> names, string name)
    {
        foreach (string candidate in names)
        {
            if (candidate == name)
                return true;
        }
        return false;
    }

    private static string EscapeXml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A call of a helper whose value depends on the point: its vector copy, written once per width (and mask).</summary>
    private string HelperCall(ExprNode node, string? mask)
    {
        HelperModel helper = BatchSubset.FindHelper(_helpers, node)!;
        bool masked = mask is not null;
        if (!_helperMethods.TryGetValue((helper.Name, helper.Parameters.Count, masked), out string? method))
        {
            // The adjoint's name is unique per helper; no other generated member ends so.
            method = helper.AdjointName + (_width == 4 ? "_Batch256" : "_Batch512") + (masked ? "Masked" : "");
            _helperMethods.Add((helper.Name, helper.Parameters.Count, masked), method);
            _pendingHelpers.Enqueue((helper, masked, method));
        }
        var arguments = new List<string>();
        if (mask is not null)
            arguments.Add(mask);
        for (int i = 0; i < node.Operands.Count; i++)
            arguments.Add(helper.IsInteger(i) ? $"({Scalar(node.Operands[i])})" : Vector(node.Operands[i], mask));
        return $"{method}({string.Join(", ", arguments)})";
    }

    /// <summary>Writes a method applying the scalar <paramref name="function"/> to each lane of its arguments.</summary>
    private void WriteLaneByLane(string method, string function, int arity)
    {
        var parameters = new List<string>();
        for (int i = 0; i < arity; i++)
            parameters.Add($"{_type} a{i.ToString(CultureInfo.InvariantCulture)}");
        var lanes = new List<string>();
        for (int j = 0; j < _width; j++)
        {
            var arguments = new List<string>();
            for (int i = 0; i < arity; i++)
                arguments.Add($"{_vector}.GetElement(a{i.ToString(CultureInfo.InvariantCulture)}, {j.ToString(CultureInfo.InvariantCulture)})");
            lanes.Add($"{function}({string.Join(", ", arguments)})");
        }
        string shortName = function.Replace("global::System.", "");
        _writer.WriteLine($"/// <summary>{shortName} of each lane, computed by {shortName} itself (the scalar bits).</summary>");
        _writer.WriteLine(AggressiveOptimization);
        _writer.WriteLine($"private static {_type} {method}({string.Join(", ", parameters)}) =>");
        using (_writer.Indent())
            _writer.WriteLine($"{_vector}.Create({string.Join(", ", lanes)});");
    }

    /// <summary>
    /// Writes <c>Sin</c>, <c>Cos</c> or <c>Exp</c> of a vector such that each lane's result depends on that lane's
    /// argument only. .NET 10's vector functions choose one code path for the whole vector from all its lanes: Sin and
    /// Cos take a polynomial without argument reduction when every lane is within pi/4 (a shorter one when every lane is
    /// below 2^-13), a reduction when some lane is beyond pi/4 and all are below 5e6, and System.Math lane by lane when
    /// some lane is at or beyond 5e6, infinite or NaN; Exp computes System.Math lane by lane when some lane is beyond
    /// 708 in magnitude or NaN (System.Private.CoreLib, VectorMath.SinDouble, CosDouble and ExpDouble; their thresholds
    /// are compared below as doubles). So the lanes are sorted into those classes, each class present is computed by
    /// one call in which the other lanes hold an argument of the same class (0, 0.5 or 1 for Sin and Cos, 0 for Exp),
    /// and the lanes of no class by System.Math. A vector whose lanes are all of one class takes one call, as before.
    /// </summary>
    private void WriteLaneFunction(string function)
    {
        string v = _vector, t = _type;
        string all = _width == 4 ? "0xFu" : "0xFFul";
        string bits = _width == 4 ? "uint" : "ulong";
        _writer.WriteLine($"/// <summary>{v.Substring(v.LastIndexOf('.') + 1)}.{function} of each lane, computed so that a lane's result depends on its own argument only (see docs/batch-objectives.md).</summary>");
        _writer.WriteLine(AggressiveOptimization);
        _writer.WriteLine($"private static {t} {LaneFunctionName(function, _width)}({t} x)");
        using (_writer.Block())
        {
            if (function == "Exp")
            {
                // |x| <= 708 (NaN: false): the vector path; other lanes by System.Math.
                _writer.WriteLine($"{t} inside = {v}.LessThanOrEqual({v}.Abs(x), {v}.Create(708.0));");
                _writer.WriteLine($"{bits} insideBits = {v}.ExtractMostSignificantBits(inside);");
                _writer.WriteLine($"if (insideBits == {all})");
                using (_writer.Indent())
                    _writer.WriteLine($"return {v}.Exp(x);");
                _writer.WriteLine($"{t} result = {v}.Exp({v}.ConditionalSelect(inside, x, {t}.Zero));");
                _writer.WriteLine($"{bits} outside = ~insideBits & {all};");
            }
            else
            {
                // small: |x| < 2^-13; near: 2^-13 <= |x| <= pi/4; middle: pi/4 < |x| < 5e6 (NaN: none of them).
                _writer.WriteLine($"{t} magnitude = {v}.Abs(x);");
                _writer.WriteLine($"{t} small = {v}.LessThan(magnitude, {v}.Create(0.0001220703125));");
                _writer.WriteLine($"{t} near = {v}.AndNot({v}.LessThanOrEqual(magnitude, {v}.Create(0.78539816339744828)), small);");
                _writer.WriteLine($"{t} middle = {v}.GreaterThan(magnitude, {v}.Create(0.78539816339744828)) & {v}.LessThan(magnitude, {v}.Create(5000000.0));");
                _writer.WriteLine($"{bits} middleBits = {v}.ExtractMostSignificantBits(middle), nearBits = {v}.ExtractMostSignificantBits(near), smallBits = {v}.ExtractMostSignificantBits(small);");
                _writer.WriteLine($"if (middleBits == {all})");
                using (_writer.Indent())
                    _writer.WriteLine($"return {v}.{function}(x);");
                _writer.WriteLine($"{t} result = {t}.Zero;");
                foreach ((string mask, string other) in new[] { ("middle", "1.0"), ("near", "0.5"), ("small", "0.0") })
                {
                    _writer.WriteLine($"if ({mask}Bits != 0)");
                    using (_writer.Indent())
                        _writer.WriteLine($"result = {v}.ConditionalSelect({mask}, {v}.{function}({v}.ConditionalSelect({mask}, x, {v}.Create({other}))), result);");
                }
                _writer.WriteLine($"{bits} outside = ~(middleBits | nearBits | smallBits) & {all};");
            }
            // Huge, infinite or NaN lanes: System.Math, as the vector function itself would compute them.
            _writer.WriteLine("for (int lane = 0; outside != 0; lane++, outside >>= 1)");
            using (_writer.Block())
            {
                _writer.WriteLine("if ((outside & 1) != 0)");
                using (_writer.Indent())
                    _writer.WriteLine($"result = {v}.WithElement(result, lane, global::System.Math.{function}({v}.GetElement(x, lane)));");
            }
            _writer.WriteLine("return result;");
        }
    }


    private string Scalar(ExprNode node) => DerivativeAnalysis.Print(node);

    private string Broadcast(ExprNode node) => $"{_vector}.Create((double)({Scalar(node)}))";

    private string AllBits => _type + ".AllBitsSet";

    private string Zero => _type + ".Zero";

    private void Statements(EquatableArray<StatementNode> statements, string? mask)
    {
        foreach (StatementNode statement in statements)
            Statement(statement, mask);
    }

    private void Statement(StatementNode statement, string? mask)
    {
        switch (statement.Kind)
        {
            case StatementKind.Declare:
            case StatementKind.Assign:
                Assign(Target(statement), Vector(statement.Value!, mask), mask);
                return;
            case StatementKind.AddAssign:
                Assign(Target(statement), $"{Target(statement)} + {Operand(statement.Value!, mask)}", mask);
                return;
            case StatementKind.SubtractAssign:
                Assign(Target(statement), $"{Target(statement)} - {Operand(statement.Value!, mask)}", mask);
                return;
            case StatementKind.Return:
                _writer.WriteLine($"{_result} = {Vector(statement.Value!, mask)};");
                return;
            case StatementKind.For:
                if (statement.Loop!.Count == 0)
                    return;
                _writer.WriteLine(DerivativeAnalysis.LoopHeader(statement.Target, statement.Loop, false));
                using (_writer.Block())
                    Statements(statement.Body, mask);
                return;
            case StatementKind.If:
                If(statement, mask);
                return;
            case StatementKind.While:
            case StatementKind.DoWhile:
                While(statement, mask);
                return;
            default:
                throw new System.InvalidOperationException($"{statement.Kind} is outside the batch subset.");
        }
    }

    /// <summary>The assigned local, or the element of a span local (its index an integer of counters and data).</summary>
    private static string Target(StatementNode statement) =>
        statement.WritesElement ? $"{statement.Target}[{statement.Index}]" : statement.Target;

    private void Assign(string target, string value, string? mask) =>
        _writer.WriteLine(mask is null ? $"{target} = {value};" : $"{target} = {_vector}.ConditionalSelect({mask}, {value}, {target});");

    private void If(StatementNode statement, string? mask)
    {
        ConditionNode test = statement.Test!;
        if (!_varying.Varies(test))
        {
            _writer.WriteLine($"if ({ScalarCondition(test)})");
            using (_writer.Block())
                Statements(statement.Body, mask);
            if (statement.Else.Count != 0)
            {
                _writer.WriteLine("else");
                using (_writer.Block())
                    Statements(statement.Else, mask);
            }
            return;
        }
        // Both branches run, each under its mask; a branch no lane takes is skipped (it would change nothing).
        string raw = Fresh("test" + (++_counter).ToString(CultureInfo.InvariantCulture));
        _writer.WriteLine($"{_type} {raw} = {Mask(test, mask)};");
        Branch(statement.Body, mask is null ? raw : $"({mask} & {raw})");
        if (statement.Else.Count != 0)
            Branch(statement.Else, mask is null ? $"~{raw}" : $"({mask} & ~{raw})");
    }

    /// <summary>
    /// A while or do loop (its condition reads the locals it updates, which are vectors: a loop on counters alone is a
    /// <c>for</c> loop in the model), as a masked loop: <c>running</c> holds the lanes still looping; each pass tests the condition, drops the
    /// lanes where it fails (for good: a lane left out is never updated again), stops when no lane is left, and runs the
    /// body under <c>running</c>. Each lane so makes exactly the iterations the scalar loop makes for its candidate (a
    /// padding lane copies a real candidate, so it ends with it).
    /// </summary>
    private void While(StatementNode statement, string? mask)
    {
        ConditionNode test = statement.Test!;
        bool doWhile = statement.Kind == StatementKind.DoWhile;
        string running = Fresh("running" + (++_counter).ToString(CultureInfo.InvariantCulture));
        _writer.WriteLine($"{_type} {running} = {mask ?? AllBits};");
        _writer.WriteLine("while (true)");
        using (_writer.Block())
        {
            if (!doWhile)
                Stop();
            Statements(statement.Body, running);
            if (doWhile)
                Stop();
        }

        void Stop()
        {
            _writer.WriteLine($"{running} &= {Mask(test, running)};");
            _writer.WriteLine($"if ({_vector}.ExtractMostSignificantBits({running}) == 0)");
            using (_writer.Indent())
                _writer.WriteLine("break;");
        }
    }

    private void Branch(EquatableArray<StatementNode> body, string maskText)
    {
        if (body.Count == 0)
            return;
        string mask = Fresh("mask" + (++_counter).ToString(CultureInfo.InvariantCulture));
        _writer.WriteLine($"{_type} {mask} = {maskText};");
        _writer.WriteLine($"if ({_vector}.ExtractMostSignificantBits({mask}) != 0)");
        using (_writer.Block())
            Statements(body, mask);
    }

    /// <summary>The lane mask of an active condition: all bits set in the lanes where it holds.</summary>
    private string Mask(ConditionNode condition, string? mask)
    {
        if (!_varying.Varies(condition))
            return $"({ScalarCondition(condition)} ? {AllBits} : {Zero})";
        switch (condition.Kind)
        {
            case ConditionKind.Compare:
            {
                string left = Vector(condition.Operands[0], mask), right = Vector(condition.Operands[1], mask);
                return condition.Operator switch
                {
                    "<" => $"{_vector}.LessThan({left}, {right})",
                    "<=" => $"{_vector}.LessThanOrEqual({left}, {right})",
                    ">" => $"{_vector}.GreaterThan({left}, {right})",
                    ">=" => $"{_vector}.GreaterThanOrEqual({left}, {right})",
                    "==" => $"{_vector}.Equals({left}, {right})",
                    _ => $"~{_vector}.Equals({left}, {right})",
                };
            }
            case ConditionKind.And:
            case ConditionKind.Or:
            {
                ConditionNode left = condition.Conditions[0], right = condition.Conditions[1];
                bool and = condition.Kind == ConditionKind.And;
                // A scalar left side still short-circuits, as in the user's code (its right side may index past an end).
                if (!_varying.Varies(left))
                    return and
                        ? $"({ScalarCondition(left)} ? {Mask(right, mask)} : {Zero})"
                        : $"({ScalarCondition(left)} ? {AllBits} : {Mask(right, mask)})";
                return $"({Mask(left, mask)} {(and ? "&" : "|")} {Mask(right, mask)})";
            }
            case ConditionKind.Not:
                return $"~{Mask(condition.Conditions[0], mask)}";
            default:
                return condition.Operator == "true" ? AllBits : Zero;
        }
    }

    /// <summary>An inactive condition as the user wrote it.</summary>
    private string ScalarCondition(ConditionNode condition) => condition.Kind switch
    {
        ConditionKind.Compare => $"{Scalar(condition.Operands[0])} {condition.Operator} {Scalar(condition.Operands[1])}",
        ConditionKind.And => $"({ScalarCondition(condition.Conditions[0])}) && ({ScalarCondition(condition.Conditions[1])})",
        ConditionKind.Or => $"({ScalarCondition(condition.Conditions[0])}) || ({ScalarCondition(condition.Conditions[1])})",
        ConditionKind.Not => $"!({ScalarCondition(condition.Conditions[0])})",
        _ => condition.Operator,
    };

    /// <summary>A vector operand: parenthesized unless atomic.</summary>
    private string Operand(ExprNode node, string? mask)
    {
        string text = Vector(node, mask);
        return _varying.Varies(node) && node.Kind is ExprKind.Add or ExprKind.Subtract or ExprKind.Multiply or ExprKind.Divide or ExprKind.Negate
            ? "(" + text + ")"
            : text;
    }

    /// <summary>
    /// The node as a vector expression. <paramref name="mask"/>, when not null, names the lanes whose values are kept:
    /// divisions, <c>Log</c> and <c>Sqrt</c> get 1 in the other lanes.
    /// </summary>
    private string Vector(ExprNode node, string? mask)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (!_varying.Varies(node))
            return Broadcast(node);
        switch (node.Kind)
        {
            case ExprKind.Variable:
            {
                var lanes = new StringBuilder(_vector).Append(".Create(");
                string index = node.Text;
                for (int j = 0; j < _lanes.Length; j++)
                    lanes.Append(j == 0 ? "" : ", ").Append(_lanes[j]).Append('[').Append(index).Append(']');
                return lanes.Append(')').ToString();
            }
            case ExprKind.Local:
                return node.Text;
            case ExprKind.Element:
                return $"{node.Text}[{Scalar(node.Operands[0])}]";
            case ExprKind.Negate:
                // Flips the sign bit, as scalar negation does (0 - v would turn -0 into +0).
                return $"({Operand(node.Operands[0], mask)} ^ {_vector}.Create(-0.0))";
            case ExprKind.Add:
            case ExprKind.Subtract:
            {
                // A chain of sums is walked in a loop (a sum of n terms is n nodes deep).
                var rights = new List<ExprNode>();
                ExprNode bottom = node;
                while (bottom.Kind is ExprKind.Add or ExprKind.Subtract && _varying.Varies(bottom))
                {
                    rights.Add(bottom);
                    bottom = bottom.Operands[0];
                }
                var text = new StringBuilder(Operand(bottom, mask));
                for (int i = rights.Count - 1; i >= 0; i--)
                {
                    text.Append(rights[i].Kind == ExprKind.Add ? " + " : " - ");
                    text.Append(Operand(rights[i].Operands[1], mask));
                }
                return text.ToString();
            }
            case ExprKind.Multiply:
                return $"{Operand(node.Operands[0], mask)} * {Operand(node.Operands[1], mask)}";
            case ExprKind.Divide:
                return $"{Operand(node.Operands[0], mask)} / {Guarded(node.Operands[1], mask)}";
            case ExprKind.Cast:
                return Vector(node.Operands[0], mask);
            case ExprKind.Conditional:
            {
                ConditionNode test = node.Test!;
                if (!_varying.Varies(test))
                    return $"({ScalarCondition(test)} ? {Vector(node.Operands[0], mask)} : {Vector(node.Operands[1], mask)})";
                string condition = Mask(test, mask);
                string whenTrue = Vector(node.Operands[0], mask is null ? condition : $"({mask} & {condition})");
                string whenFalse = Vector(node.Operands[1], mask is null ? $"~{condition}" : $"({mask} & ~{condition})");
                return $"{_vector}.ConditionalSelect({condition}, {whenTrue}, {whenFalse})";
            }
            case ExprKind.Call:
                return Call(node, mask);
            case ExprKind.Helper:
                return HelperCall(node, mask);
            default:
                throw new System.InvalidOperationException($"{node.Kind} is outside the batch subset.");
        }
    }

    /// <summary>The operand, with 1 in the lanes <paramref name="mask"/> leaves out.</summary>
    private string Guarded(ExprNode node, string? mask)
    {
        string text = Vector(node, mask);
        return mask is null || !_varying.Varies(node) ? Operand(node, mask) : $"{_vector}.ConditionalSelect({mask}, {text}, {_vector}.Create(1.0))";
    }

    private string Call(ExprNode node, string? mask)
    {
        if (BatchSubset.IsLaneByLane(node))
        {
            // The scalar function on each lane (exactly the scalar bits); the lanes a mask leaves out compute a value no
            // one selects (System.Math throws for no argument).
            string method = "Batch" + node.Text.Replace("global::System.", "").Replace(".", "") + (_width == 4 ? "256" : "512");
            if (!_laneByLane.ContainsKey(method))
                _laneByLane.Add(method, (node.Text, node.Operands.Count));
            var operands = new List<string>();
            foreach (ExprNode operand in node.Operands)
                operands.Add(Vector(operand, mask));
            return $"{method}({string.Join(", ", operands)})";
        }
        string name = BatchSubset.VectorFunction(node)!;
        switch (name)
        {
            case "Log":
            case "Sqrt":
                return $"{_vector}.{name}({Guarded(node.Operands[0], mask)})";
            case "Sin":
            case "Cos":
            case "Exp":
                // Lane by lane (see WriteLaneFunction); in lanes a mask leaves out the argument is 1, so a huge or
                // infinite argument there does not send the vector to System.Math.
                _laneFunctions.Add(name);
                return $"{LaneFunctionName(name, _width)}({Guarded(node.Operands[0], mask)})";
            case "Clamp":
            {
                // Math.Clamp(v, lo, hi): v < lo ? lo : v > hi ? hi : v (keeps v's sign of zero; NaN stays NaN).
                string value = Vector(node.Operands[0], mask), lo = Vector(node.Operands[1], mask), hi = Vector(node.Operands[2], mask);
                return $"{_vector}.ConditionalSelect({_vector}.LessThan({value}, {lo}), {lo}, {_vector}.ConditionalSelect({_vector}.GreaterThan({value}, {hi}), {hi}, {value}))";
            }
            default:
            {
                var arguments = new List<string>();
                foreach (ExprNode operand in node.Operands)
                    arguments.Add(Vector(operand, mask));
                return $"{_vector}.{name}({string.Join(", ", arguments)})";
            }
        }
    }
}
