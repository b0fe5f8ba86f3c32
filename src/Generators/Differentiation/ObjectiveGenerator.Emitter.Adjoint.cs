using System.Collections.Generic;
using System.Globalization;
using GenOpt.Generators.Model;

namespace GenOpt.Generators;

public sealed partial class ObjectiveGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Writes the reverse-mode derivative of one <see cref="FunctionModel"/> as straight C#: a forward sweep that
        /// repeats the user's statements (saving, before a statement overwrites a local, the old value when the adjoint
        /// sweep will read it), then the adjoint sweep, the statements in reverse order, each restoring what it
        /// overwrote, recomputing the intermediate values its derivatives need and adding to the adjoints
        /// (<c>nameBar</c>) of its operands. Loops run backwards; branch decisions are recorded in the forward sweep.
        /// </summary>
        /// <remarks>
        /// Values saved inside loops go to one stack buffer (<c>stackalloc</c>, sized at compile time by
        /// <see cref="DerivativeAnalysis.Capacity"/>) used last-in first-out; intermediates inside loops are
        /// recomputed rather than stored, which keeps the buffer to one slot per overwritten local per iteration.
        /// </remarks>
        private sealed partial class AdjointWriter
        {
            // How the generated code works, and why:
            //
            // - Two sweeps. The forward sweep is the user's body, statement for statement (same expression trees, so the
            //   same rounding and a bit-identical value). The adjoint sweep walks the statements backwards; each one adds
            //   "adjoint of the target times the partial derivative" to the adjoints (nameBar locals, gradient[i] for the
            //   point) of what it read. The cost is a small multiple of one evaluation, whatever the dimension.
            // - The save buffer. Reversing a statement needs the values its operands had when it ran forward. A local
            //   overwritten later (a loop-carried sum, a recurrence) is pushed on one stackalloc buffer just before it is
            //   overwritten and popped back when that statement is reversed, last in first out, so that every reader sees
            //   its own value again. The analysis step (DerivativeAnalysis.Analyse) decides which statements push, and
            //   which loops push a local once around themselves instead (when nothing inside needs its value); the
            //   buffer size is the sum over those pushes of their trip counts, known at compile time.
            // - Stable locals. A local declared once from the point, data and other stable locals needs no saving: at
            //   the top level it keeps its value, in a loop body it is recomputed at the start of each reverse iteration.
            // - Branches and trips. An if whose condition might read changed values records its decision (a bool buffer);
            //   a while loop pushes its trip count, and the adjoint sweep runs its body's reverse that many times. Loops
            //   with run-time bounds that only accumulate are re-run iteration by iteration in the adjoint sweep.
            // - Intermediates are recomputed, not stored (Prepare), into locals t1, t2, ... just before the statement's
            //   reverse needs them, which keeps the buffer to one slot per overwritten local.
            // - Helpers. A called helper (or local function) gets its own adjoint method: it re-runs the helper's forward
            //   sweep from the arguments, then its adjoint sweep seeded with the caller's adjoint, returning the
            //   arguments' adjoints through ref parameters; the caller then backpropagates those into the arguments.
            private readonly IndentedWriter _writer;
            private readonly FunctionModel _function;
            private readonly EquatableArray<HelperModel> _helpers;
            private readonly FunctionFacts _facts;
            private readonly HashSet<string> _adjointed, _readOnlyByResult;
            private readonly HashSet<string> _names;
            private readonly Dictionary<string, string> _adjoints = new();
            // The locals holding values recomputed for the statement being reversed: a node's value (Condition false),
            // or for a conditional node the bool its condition was evaluated into (Condition true). Scoped: a branch
            // of the adjoint restores the outer set when it closes, so no name is used outside the block declaring it.
            private Dictionary<(ExprNode Node, bool Condition), string> _temps = new();
            private readonly string _point;
            private readonly string _gradient;

            // The gradient elements summed in locals by the loops whose reverse is being written (index text -> local).
            private readonly Dictionary<string, string> _gradientSums = new(System.StringComparer.Ordinal);
            private string _saved = "saved", _top = "top", _branches = "branches", _branchTop = "branchTop", _value = "value";
            private string? _values, _valuesBar;
            private string? _rentedValues, _rentedBranches, _grown;
            private int _counter;


            // False in a helper's adjoint, which returns nothing: its forward sweep does not compute the result.
            private bool _returnsValue = true;

            public AdjointWriter(IndentedWriter writer, FunctionModel function, EquatableArray<HelperModel> helpers,
                string point = "x", string gradient = "gradient", IEnumerable<string>? reserved = null)
            {
                _writer = writer;
                _function = function;
                _helpers = helpers;
                _point = point;
                _gradient = gradient;
                // The analysis step ran when the body was parsed; the writer only prints its decisions.
                _facts = function.Facts ?? throw new System.InvalidOperationException("The body was not analysed.");
                _adjointed = new HashSet<string>(_facts.Adjointed);
                _readOnlyByResult = new HashSet<string>(_facts.ReadOnlyByResult);
                _names = new HashSet<string>(function.Names) { point, gradient };
                if (reserved is not null)
                {
                    foreach (string name in reserved)
                        _names.Add(name);
                }
            }

            /// <summary>Claims a name no user local uses: <paramref name="stem"/>, or with a number appended.</summary>
            private string Fresh(string stem)
            {
                string name = stem;
                for (int n = 2; !_names.Add(name); n++)
                    name = stem + n.ToString(CultureInfo.InvariantCulture);
                return name;
            }

            private string Temp(string stem = "t") => Fresh(stem + (++_counter).ToString(CultureInfo.InvariantCulture));

            private string Adjoint(string local) =>
                _adjoints.TryGetValue(local, out string? name) ? name : _adjoints[local] = Fresh(local.TrimStart('@') + "Bar");

            private string PrintPlain(ExprNode node) => DerivativeAnalysis.Print(node, null, _point);

            private string Print(ExprNode node) => DerivativeAnalysis.Print(node, Named, _point);

            private string? Named(ExprNode node) => _temps.TryGetValue((node, false), out string? name) ? name : null;

            /// <summary>
            /// Writes the objective body: forward sweep, adjoint sweep seeded with 1, then <c>return value;</c>.
            /// <paramref name="afterGradient"/> runs before the return (the gradient check).
            /// </summary>
            public void WriteObjective(System.Action<string>? afterGradient = null)
            {
                _value = Fresh("value");
                if (WriteBuffers() | WriteLocals())
                    _writer.WriteLine();
                _writer.WriteLine("// Forward sweep");
                Forward(_function.Body, false);
                _writer.WriteLine();
                _writer.WriteLine("// Adjoint sweep");
                _writer.WriteLine($"{_gradient}.Clear();");
                WriteAdjointLocals();
                Reverse(_function.Body, false, "1");
                ReturnRented();
                afterGradient?.Invoke(_value);
                _writer.WriteLine($"return {_value};");
            }

            /// <summary>Writes one row of a vector constraint's Jacobian: component <paramref name="row"/> of the values.</summary>
            public void WriteVectorRow(string valuesName, int count, string row)
            {
                _names.Add(row);
                _values = Fresh(valuesName);
                _valuesBar = Fresh(valuesName.TrimStart('@') + "Bar");
                string size = count.ToString(CultureInfo.InvariantCulture);
                _writer.WriteLine($"global::System.Span<double> {_values} = stackalloc double[{size}];");
                _writer.WriteLine($"global::System.Span<double> {_valuesBar} = stackalloc double[{size}];");
                WriteBuffers();
                WriteLocals();
                _writer.WriteLine();
                _writer.WriteLine("// Forward sweep");
                Forward(_function.Body, false);
                _writer.WriteLine();
                _writer.WriteLine("// Adjoint sweep, seeded with the unit vector of the row");
                _writer.WriteLine($"{_gradient}.Clear();");
                _writer.WriteLine($"{_valuesBar}.Clear();");
                _writer.WriteLine($"{_valuesBar}[{row}] = 1;");
                WriteAdjointLocals();
                Reverse(_function.Body, false, "1");
                ReturnRented();
            }

            /// <summary>
            /// Writes the body of a local function's value method: its forward sweep, then <c>return value;</c>. The
            /// generated code cannot call the user's local function, so it computes the value from the same model.
            /// Nothing is saved: no adjoint sweep follows.
            /// </summary>
            public void WriteValue()
            {
                _value = Fresh("value");
                WriteLocals();
                Forward(_function.Body, false, record: false);
                ReturnRentedSpans();
                _writer.WriteLine($"return {_value};");
            }

            /// <summary>
            /// Writes a helper's adjoint: the adjoints of its <c>double</c> parameters, in order, are the <c>ref</c>
            /// parameters <paramref name="parameterAdjoints"/> (its <c>int</c> parameters have none).
            /// </summary>
            public void WriteHelper(HelperModel helper, IReadOnlyList<string> parameterAdjoints, string seed)
            {
                int next = 0;
                for (int i = 0; i < helper.Parameters.Count; i++)
                {
                    if (!helper.IsInteger(i))
                        _adjoints[helper.Parameters[i]] = parameterAdjoints[next++];
                }
                _returnsValue = false;
                WriteBuffers();
                WriteLocals();
                Forward(_function.Body, false);
                WriteAdjointLocals();
                Reverse(_function.Body, false, seed);
                ReturnRented();
            }

            private bool WriteBuffers()
            {
                long values = _facts.SavedValues, branches = _facts.Branches;
                bool dynamicValues = _facts.DynamicValues, dynamicBranches = _facts.DynamicBranches;
                // While loops save as many values as they run iterations: their buffers start on the stack with room to
                // spare and move to arrays rented from the shared pool when full (returned at the end).
                if (dynamicValues)
                    values += DynamicSlack;
                if (dynamicBranches)
                    branches += DynamicSlack;
                if (values > 0)
                {
                    _saved = Fresh("saved");
                    _top = Fresh("top");
                    _writer.WriteLine($"// Values the adjoint sweep reads after the forward sweep overwrote them, last in first out.");
                    _writer.WriteLine($"global::System.Span<double> {_saved} = stackalloc double[{values.ToString(CultureInfo.InvariantCulture)}];");
                    _writer.WriteLine($"int {_top} = 0;");
                }
                if (branches > 0)
                {
                    _branches = Fresh("branches");
                    _branchTop = Fresh("branchTop");
                    _writer.WriteLine($"global::System.Span<bool> {_branches} = stackalloc bool[{branches.ToString(CultureInfo.InvariantCulture)}];");
                    _writer.WriteLine($"int {_branchTop} = 0;");
                }
                if (dynamicValues)
                {
                    _rentedValues = Fresh("rentedValues");
                    _writer.WriteLine($"double[]? {_rentedValues} = null;");
                }
                if (dynamicBranches)
                {
                    _rentedBranches = Fresh("rentedBranches");
                    _writer.WriteLine($"bool[]? {_rentedBranches} = null;");
                }
                if (dynamicValues || dynamicBranches)
                    _grown = Fresh("grown");
                return values > 0 || branches > 0;
            }

            /// <summary>Room for the values and branch decisions of while loops on the stack, before the buffers move to rented arrays.</summary>
            private const int DynamicSlack = 64;

            /// <summary>
            /// Writes <c>buffer[top++] = value;</c>. When while loops push to the buffer, every push first grows it if it
            /// is full (the iterations of a while loop may have used the room counted for the pushes after it).
            /// </summary>
            private void Push(bool branch, string value)
            {
                string buffer = branch ? _branches : _saved, top = branch ? _branchTop : _top;
                if ((branch ? _rentedBranches : _rentedValues) is { } rented)
                {
                    string type = branch ? "bool" : "double";
                    string pool = $"global::System.Buffers.ArrayPool<{type}>.Shared";
                    _writer.WriteLine($"if ({top} == {buffer}.Length)");
                    using (_writer.Block())
                    {
                        _writer.WriteLine($"{type}[] {_grown} = {pool}.Rent(2 * {buffer}.Length);");
                        _writer.WriteLine($"{buffer}.CopyTo({_grown});");
                        _writer.WriteLine($"if ({rented} is not null)");
                        using (_writer.Indent())
                            _writer.WriteLine($"{pool}.Return({rented});");
                        _writer.WriteLine($"{rented} = {_grown};");
                        _writer.WriteLine($"{buffer} = {_grown};");
                    }
                }
                _writer.WriteLine($"{buffer}[{top}++] = {value};");
            }

            /// <summary>Returns the arrays the buffers moved to, if any, to the shared pool.</summary>
            private void ReturnRented()
            {
                ReturnRentedSpans();
                if (_rentedValues is not null)
                {
                    _writer.WriteLine($"if ({_rentedValues} is not null)");
                    using (_writer.Indent())
                        _writer.WriteLine($"global::System.Buffers.ArrayPool<double>.Shared.Return({_rentedValues});");
                }
                if (_rentedBranches is not null)
                {
                    _writer.WriteLine($"if ({_rentedBranches} is not null)");
                    using (_writer.Indent())
                        _writer.WriteLine($"global::System.Buffers.ArrayPool<bool>.Shared.Return({_rentedBranches});");
                }
            }

            private bool WriteLocals()
            {
                if (_function.Locals.Count != 0)
                    _writer.WriteLine($"double {string.Join(" = 0, ", _function.Locals)} = 0;");
                return WriteSpans() | _function.Locals.Count != 0;
            }

            private void WriteAdjointLocals()
            {
                var adjoints = new List<string>();
                foreach (string local in _function.Locals)
                {
                    if (HasAdjoint(local))
                        adjoints.Add(Adjoint(local));
                }
                if (adjoints.Count != 0)
                    _writer.WriteLine($"double {string.Join(" = 0, ", adjoints)} = 0;");
                WriteSpanAdjoints();
            }

            private string StatementText(StatementNode statement) => statement.Kind switch
            {
                StatementKind.Declare or StatementKind.Assign => $"{TargetText(statement)} = {PrintPlain(statement.Value!)};",
                StatementKind.AddAssign => $"{TargetText(statement)} += {PrintPlain(statement.Value!)};",
                StatementKind.SubtractAssign => $"{TargetText(statement)} -= {PrintPlain(statement.Value!)};",
                StatementKind.Output => $"{_values}[{statement.Target}] = {PrintPlain(statement.Value!)};",
                StatementKind.Return => $"return {PrintPlain(statement.Value!)};",
                _ => "",
            };

            private string LoopHeader(string variable, LoopRange loop, bool reverse) => DerivativeAnalysis.LoopHeader(variable, loop, reverse);

            /// <summary>
            /// Writes the statements as the user wrote them, saving what the adjoint sweep needs. <paramref name="record"/>
            /// false writes them without saving (the adjoint sweep re-runs the iterations); <paramref name="keep"/>, when
            /// given, lists the only locals whose assignments are written (a re-run must not accumulate twice into others).
            /// </summary>
            private void Forward(EquatableArray<StatementNode> statements, bool inLoop, bool record = true, HashSet<string>? keep = null)
            {
                foreach (StatementNode statement in statements)
                {
                    switch (statement.Kind)
                    {
                        case StatementKind.For:
                            if (statement.Loop!.Count == 0)
                                break;
                            // Locals the loop only overwrites are saved once, around it (see StatementFacts.SavedAround).
                            if (record)
                            {
                                foreach (string local in statement.Facts!.SavedAround)
                                    Push(false, local);
                            }
                            // A loop left by break stops at the first iteration its stop flags skip, and counts the
                            // iterations that ran, for the adjoint sweep to run only those.
                            string? counted = record && statement.Facts!.CountsTrips ? Fresh("trips") : null;
                            if (counted is not null)
                                _writer.WriteLine($"int {counted} = 0;");
                            _writer.WriteLine(LoopHeader(statement.Target, statement.Loop, false));
                            using (_writer.Block())
                            {
                                if (counted is not null)
                                {
                                    StatementNode guard = statement.Body[0];
                                    _writer.WriteLine($"if (!({guard.Condition}))");
                                    using (_writer.Indent())
                                        _writer.WriteLine("break;");
                                    _writer.WriteLine($"{counted}++;");
                                    Forward(guard.Body, true, true, keep);
                                }
                                else
                                {
                                    Forward(statement.Body, true, record && !statement.Facts!.RerunsIterations, keep);
                                }
                                // Costly stable locals, pushed last so that the iteration's reverse pops them first.
                                if (record)
                                {
                                    foreach (string local in statement.Facts!.KeptStable)
                                        Push(false, local);
                                }
                            }
                            if (counted is not null)
                                Push(false, counted);
                            break;
                        case StatementKind.While:
                        case StatementKind.DoWhile:
                        {
                            bool doWhile = statement.Kind == StatementKind.DoWhile;
                            string condition = statement.Condition;
                            if (!record)
                            {
                                _writer.WriteLine(doWhile ? "do" : $"while ({condition})");
                                using (_writer.Block())
                                    Forward(statement.Body, true, false, keep);
                                if (doWhile)
                                    _writer.WriteLine($"while ({condition});");
                                break;
                            }
                            // The trip count goes on the buffer, for the adjoint sweep to run the body's adjoint as often.
                            string trips = Fresh("trips");
                            _writer.WriteLine($"int {trips} = 0;");
                            _writer.WriteLine(doWhile ? "do" : $"while ({condition})");
                            using (_writer.Block())
                            {
                                Forward(statement.Body, true, true, keep);
                                _writer.WriteLine($"{trips}++;");
                            }
                            if (doWhile)
                                _writer.WriteLine($"while ({condition});");
                            Push(false, trips);
                            break;
                        }
                        case StatementKind.If:
                        {
                            // The decision is recorded after the branch, so that the adjoint sweep reads it before the
                            // decisions of the ifs nested in the branch (last in, first out).
                            string? branch = null;
                            if (!record || !statement.Facts!.RecordsBranch)
                            {
                                _writer.WriteLine($"if ({statement.Condition})");
                            }
                            else
                            {
                                branch = Fresh("branch");
                                _writer.WriteLine($"bool {branch} = {statement.Condition};");
                                _writer.WriteLine($"if ({branch})");
                            }
                            using (_writer.Block())
                                Forward(statement.Body, inLoop, record, keep);
                            if (statement.Else.Count != 0)
                            {
                                _writer.WriteLine("else");
                                using (_writer.Block())
                                    Forward(statement.Else, inLoop, record, keep);
                            }
                            if (branch is not null)
                                Push(true, branch);
                            break;
                        }
                        case StatementKind.Return:
                            if (_returnsValue)
                            {
                                _writer.WriteLine($"double {_value} = {PrintPlain(statement.Value!)};");
                                break;
                            }
                            // A local that only the result reads is still read, so that it is not "assigned but never used".
                            foreach (string local in _function.Locals)
                            {
                                if (_readOnlyByResult.Contains(local))
                                    _writer.WriteLine($"_ = {local}; // read only by the result, which the adjoint does not need");
                            }
                            break;
                        default:
                            if (keep is not null && (statement.Kind == StatementKind.Output || !keep.Contains(statement.Target)))
                                break;
                            if (record && statement.Facts!.Saves)
                                Push(false, TargetText(statement));
                            _writer.WriteLine(StatementText(statement));
                            break;
                    }
                }
            }

            /// <summary>
            /// Writes the adjoint sweep of <paramref name="statements"/>: last statement first, each loop run backwards
            /// (its counter from the last value down to the first), each <c>if</c> entering the branch the forward sweep
            /// took (re-evaluating a condition that reads only stable values, else popping the recorded decision).
            /// </summary>
            /// <remarks>
            /// Invariant: when the reverse of a statement starts, every local it reads holds the value it had just after that
            /// statement ran forward. It holds at the end of the forward sweep; a statement's reverse restores what it
            /// overwrote (popped from the save buffer, in the opposite order of the pushes); a loop's reverse iteration
            /// first recomputes its body's stable locals, whose values the iteration after it (reversed before it)
            /// replaced. <paramref name="seed"/> is the adjoint of the returned value (1, or a helper's seed parameter).
            /// </remarks>
            private void Reverse(EquatableArray<StatementNode> statements, bool inLoop, string seed)
            {
                for (int index = statements.Count - 1; index >= 0; index--)
                {
                    StatementNode statement = statements[index];
                    switch (statement.Kind)
                    {
                        case StatementKind.For:
                        {
                            if (statement.Loop!.Count == 0)
                                break;
                            ReverseForSummingGradient(statement, seed);
                            break;
                        }
                        case StatementKind.While:
                        case StatementKind.DoWhile:
                        {
                            string trip = Fresh("trip");
                            _writer.WriteLine($"for (int {trip} = (int){_saved}[--{_top}]; {trip} > 0; {trip}--)");
                            using (_writer.Block())
                            {
                                bool recomputed = false;
                                foreach (StatementNode inner in statement.Body)
                                {
                                    if (inner.Facts!.Stable)
                                    {
                                        if (!recomputed)
                                            _writer.WriteLine("// Recompute this iteration's values");
                                        recomputed = true;
                                        _writer.WriteLine(StatementText(inner));
                                    }
                                }
                                Reverse(statement.Body, true, seed);
                            }
                            break;
                        }
                        case StatementKind.If:
                            if (DerivativeAnalysis.Inert(statement, static s => s.Facts!.Saves, _adjointed))
                                break; // nothing flows back through its branches (it sets flags only)
                            _writer.WriteLine(!statement.Facts!.RecordsBranch
                                ? $"if ({statement.Condition})"
                                : $"if ({_branches}[--{_branchTop}])");
                            using (_writer.Block())
                                Reverse(statement.Body, inLoop, seed);
                            if (statement.Else.Count != 0)
                            {
                                _writer.WriteLine("else");
                                using (_writer.Block())
                                    Reverse(statement.Else, inLoop, seed);
                            }
                            break;
                        default:
                            ReverseAssignment(statement, inLoop, seed);
                            break;
                    }
                }
            }

            /// <summary>The adjoint sweep of a <c>for</c> loop: its iterations backwards (see <see cref="Reverse"/>).</summary>
            private void ReverseFor(StatementNode statement, string seed)
            {
                LoopRange loop = statement.Loop!;
                _writer.WriteLine(statement.Facts!.CountsTrips
                    ? CountedReverseHeader(statement.Target, loop)
                    : LoopHeader(statement.Target, loop, true));
                using (_writer.Block())
                {
                    // The costly stable locals this iteration pushed last, back in the reverse order.
                    EquatableArray<string> kept = statement.Facts!.KeptStable;
                    if (kept.Count != 0)
                        _writer.WriteLine("// This iteration's costly values, kept by the forward sweep");
                    for (int i = kept.Count - 1; i >= 0; i--)
                        _writer.WriteLine($"{kept[i]} = {_saved}[--{_top}];");
                    var keptSet = new HashSet<string>(kept);
                    if (statement.Facts.RerunsIterations)
                    {
                        _writer.WriteLine("// Re-run this iteration (its locals only), recording what its reverse needs");
                        var rerun = new HashSet<string>(statement.Facts.RerunLocals);
                        rerun.ExceptWith(keptSet);
                        Forward(statement.Body, true, true, rerun);
                        Reverse(statement.Body, true, seed);
                        return;
                    }
                    bool recomputed = false;
                    foreach (StatementNode inner in statement.Body)
                    {
                        if (inner.Facts!.Stable && !keptSet.Contains(inner.Target))
                        {
                            if (!recomputed)
                                _writer.WriteLine("// Recompute this iteration's values");
                            recomputed = true;
                            _writer.WriteLine(StatementText(inner));
                        }
                    }
                    // Each iteration of a loop with a trip count ran its guarded body.
                    Reverse(statement.Facts.CountsTrips ? statement.Body[0].Body : statement.Body, true, seed);
                }
                // The values from before the loop, saved around it, come back in the reverse order.
                for (int i = statement.Facts.SavedAround.Count - 1; i >= 0; i--)
                    _writer.WriteLine($"{statement.Facts.SavedAround[i]} = {_saved}[--{_top}];");
            }

            /// <summary>
            /// The reverse of a <c>for</c> loop, with the gradient elements the analysis chose
            /// (<see cref="StatementFacts.GradientSums"/>) summed in locals across it: each starts at 0 before the loop, takes
            /// the loop's additions to its element, and is added to the element once after the loop (to an enclosing
            /// loop's sum of the same element, when there is one), instead of a read-modify-write of memory per iteration.
            /// </summary>
            private void ReverseForSummingGradient(StatementNode statement, string seed)
            {
                EquatableArray<string> indices = statement.Facts!.GradientSums;
                if (indices.Count == 0)
                {
                    ReverseFor(statement, seed);
                    return;
                }
                _writer.WriteLine("// Sums of the adjoints this loop adds at indices it does not change");
                var sums = new string[indices.Count];
                var outer = new string?[indices.Count];
                for (int i = 0; i < indices.Count; i++)
                {
                    sums[i] = Fresh(_gradient + "Sum");
                    _writer.WriteLine($"double {sums[i]} = 0;");
                    outer[i] = _gradientSums.TryGetValue(indices[i], out string? enclosing) ? enclosing : null;
                    _gradientSums[indices[i]] = sums[i];
                }
                ReverseFor(statement, seed);
                for (int i = 0; i < indices.Count; i++)
                {
                    if (outer[i] is { } enclosing)
                        _gradientSums[indices[i]] = enclosing;
                    else
                        _gradientSums.Remove(indices[i]);
                    _writer.WriteLine($"{GradientTarget(indices[i])} += {sums[i]};");
                }
            }

            /// <summary>Where the adjoint of <c>x[index]</c> goes: the innermost loop's sum of that element, else the element.</summary>
            private string GradientTarget(string index) =>
                _gradientSums.TryGetValue(index, out string? sum) ? sum : $"{_gradient}[{index}]";

            /// <summary>
            /// The header of the adjoint sweep's loop over the iterations a loop left by <c>break</c> ran (see
            /// <see cref="StatementFacts.CountsTrips"/>): their number popped, the counter from the last one that ran
            /// back to the first.
            /// </summary>
            private string CountedReverseHeader(string variable, LoopRange loop)
            {
                string trip = Fresh("trip");
                string first = loop.IsRuntime ? "(" + loop.StartText + ")" : loop.Start.ToString(CultureInfo.InvariantCulture);
                int step = loop.IsRuntime ? 1 : loop.Step;
                string last = step == 1
                    ? (first == "0" ? $"{trip} - 1" : $"{first} + {trip} - 1")
                    : $"{first} + ({trip} - 1) * {(step < 0 ? "(" + step.ToString(CultureInfo.InvariantCulture) + ")" : step.ToString(CultureInfo.InvariantCulture))}";
                string back = step switch
                {
                    1 => $"{variable}--",
                    -1 => $"{variable}++",
                    > 0 => $"{variable} -= {step.ToString(CultureInfo.InvariantCulture)}",
                    _ => $"{variable} += {(-step).ToString(CultureInfo.InvariantCulture)}",
                };
                return $"for (int {trip} = (int){_saved}[--{_top}], {variable} = {last}; {trip} > 0; {trip}--, {back})";
            }

            /// <summary>Whether the local has an adjoint (decided by the analysis step, see <see cref="FunctionFacts.Adjointed"/>).</summary>
            private bool HasAdjoint(string local) => _adjointed.Contains(local);

            /// <summary>
            /// The reverse of one assignment <c>t = v</c> (or <c>t += v</c>, a return, a vector constraint's output):
            /// restores <c>t</c> if the forward sweep saved it, recomputes the intermediates the partial derivatives of
            /// <c>v</c> need (<see cref="Prepare"/>), then adds the adjoint of <c>t</c> times each partial derivative to
            /// the adjoints of what <c>v</c> reads (<see cref="Backprop"/>).
            /// </summary>
            /// <remarks>
            /// After <c>t = v</c> the old <c>t</c> is dead, so its adjoint is reset to 0 once consumed; after <c>t += v</c>
            /// it lives on with the same adjoint (d(t + v)/dt = 1), so nothing is reset. A declaration outside a loop is
            /// reversed once: no reset is needed. When <c>v</c> reads <c>t</c> itself (<c>s = s * a</c>) the adjoint is
            /// copied first, since backpropagating into <c>s</c> adds to the adjoint being read.
            /// </remarks>
            private void ReverseAssignment(StatementNode statement, bool inLoop, string seed)
            {
                ExprNode value = statement.Value!;
                bool restores = statement.Facts!.Saves;
                if (!restores && statement.Kind is not (StatementKind.Return or StatementKind.Output) && !HasAdjoint(statement.Target))
                    return; // neither read by a differentiated value nor assigned one: its adjoint is zero
                if (!restores && !DerivativeAnalysis.IsActive(value) && statement.Kind is StatementKind.Declare or StatementKind.AddAssign or StatementKind.SubtractAssign
                    && !(statement.Kind == StatementKind.Declare && inLoop))
                {
                    return; // a constant added or a first value: nothing flows back
                }
                _writer.WriteLine("// " + StatementText(statement));
                // A stable local still holds the value it was declared with here (assigned once, from values that do
                // not change; recomputed at the start of a loop's reverse iteration): derivatives that need the value
                // itself (a quotient's, sqrt's, exp's) read the local instead of computing it again. A saved value
                // whose derivative reads it is still in its target until the pop: it is copied from there first.
                string? holder = statement.Kind == StatementKind.Declare && statement.Facts.Stable && !statement.WritesElement ? statement.Target : null;
                if (restores && statement.Facts.KeepsOwnValue)
                {
                    holder = Temp("v");
                    _writer.WriteLine($"double {holder} = {TargetText(statement)};");
                }
                if (restores)
                    _writer.WriteLine($"{TargetText(statement)} = {_saved}[--{_top}];");
                var outer = new Dictionary<(ExprNode, bool), string>(_temps);
                Prepare(value, false, holder);
                switch (statement.Kind)
                {
                    case StatementKind.Return:
                        Backprop(value, new Adj(seed, false, seed != "1"));
                        break;
                    case StatementKind.Output:
                    {
                        string adjoint = Temp("g");
                        string target = $"{_valuesBar}[{statement.Target}]";
                        _writer.WriteLine($"double {adjoint} = {target};");
                        _writer.WriteLine($"{target} = 0;");
                        Backprop(value, new Adj(adjoint, false));
                        break;
                    }
                    case StatementKind.AddAssign:
                    case StatementKind.SubtractAssign:
                    {
                        string adjoint = TargetAdjoint(statement);
                        if (statement.Facts.ValueReadsTarget)
                        {
                            string copy = Temp("g");
                            _writer.WriteLine($"double {copy} = {adjoint};");
                            adjoint = copy;
                        }
                        Backprop(value, new Adj(adjoint, statement.Kind == StatementKind.SubtractAssign));
                        break;
                    }
                    default:
                    {
                        string adjoint = TargetAdjoint(statement);
                        bool reset = statement.Kind != StatementKind.Declare || inLoop;
                        if (statement.Facts.ValueReadsTarget)
                        {
                            string copy = Temp("g");
                            _writer.WriteLine($"double {copy} = {adjoint};");
                            _writer.WriteLine($"{adjoint} = 0;");
                            Backprop(value, new Adj(copy, false));
                        }
                        else
                        {
                            Backprop(value, new Adj(adjoint, false));
                            if (reset)
                                _writer.WriteLine($"{adjoint} = 0;");
                        }
                        break;
                    }
                }
                _temps = outer;
            }

            /// <summary>
            /// A piece of generated C# and the precedence of its outermost operator, on the scale of
            /// <see cref="DerivativeAnalysis.Precedence"/> (0 conditional, 1 additive, 2 multiplicative, 3 unary, 4 primary).
            /// Parentheses are decided from that precedence when the piece becomes an operand (<see cref="As"/>), never by
            /// looking at the text: the printed tree is the one the derivative was built as, so the rounding is too.
            /// </summary>
            private readonly struct Code
            {
                public Code(string text, int precedence, bool isLeaf = false)
                {
                    Text = text;
                    Precedence = precedence;
                    IsLeaf = isLeaf;
                }

                public string Text { get; }

                public int Precedence { get; }

                /// <summary>A name, a number or a read of a local, a component of the point or a span element: as cheap to repeat as a local.</summary>
                public bool IsLeaf { get; }

                /// <summary>A local the writer declared (an adjoint, a recomputed value, the seed).</summary>
                public static Code Name(string name) => new(name, 4, true);

                /// <summary>A call or another primary expression.</summary>
                public static Code Primary(string text) => new(text, 4);

                /// <summary>A product or quotient, <c>a * b</c> or <c>a / b</c>.</summary>
                public static Code Product(string text) => new(text, 2);

                /// <summary>A sum or difference.</summary>
                public static Code Sum(string text) => new(text, 1);

                /// <summary>
                /// The text as an operand of an operator that needs at least <paramref name="minimum"/>: the left operand
                /// of <c>*</c> needs 2, the right operand 3 (C# operators are left-associative, so <c>a * (b * c)</c> keeps
                /// its parentheses), the operand of a unary minus 3, an argument 0.
                /// </summary>
                public string As(int minimum) => Precedence >= minimum ? Text : "(" + Text + ")";

                public override string ToString() => Text;
            }

            /// <summary>An adjoint: a product of partial derivatives, and whether it is negated.</summary>
            /// <remarks>
            /// <see cref="IsDouble"/> tracks whether the text is sure to be a <c>double</c>: a product of integer constants
            /// (the seed 1 times a literal) must not be divided as integers, so <see cref="Over"/> then writes <c>1.0</c>.
            /// The seed 1 times a factor is the factor itself, with its own precedence: a sum (the derivative of tanh,
            /// <c>1 - y * y</c>) stays a sum, and is parenthesized when it is multiplied or divided further.
            /// </remarks>
            private readonly struct Adj
            {
                public Adj(string name, bool negative, bool isDouble = true)
                    : this(Code.Name(name), negative, isDouble)
                {
                }

                public Adj(Code value, bool negative, bool isDouble = true)
                {
                    Value = value;
                    Negative = negative;
                    IsDouble = isDouble;
                }

                public Code Value { get; }

                public string Text => Value.Text;

                public bool Negative { get; }

                public bool IsDouble { get; }

                private bool IsOne => Value.IsLeaf && Value.Text == "1";

                public Adj Negated => new(Value, !Negative, IsDouble);

                public Adj Times(Code factor, bool factorIsDouble = true) =>
                    new(IsOne ? factor : Code.Product(Value.As(2) + " * " + factor.As(3)), Negative, IsDouble || factorIsDouble);

                public Adj Over(Code denominator) =>
                    new(Code.Product((IsDouble ? Value.As(2) : IsOne ? "1.0" : "1.0 * " + Value.As(2)) + " / " + denominator.As(3)), Negative);

                public string Signed => Negative ? "-" + Value.As(3) : Value.Text;
            }

            /// <summary>The value of <paramref name="node"/> as a piece of C#: the local holding it, or the node printed.</summary>
            private Code Factor(ExprNode node)
            {
                if (Named(node) is { } name)
                    return Code.Name(name);
                // A leaf is repeated rather than held in a local (Share): a local, a component of the point or an
                // element of a span local, and a number. Other constants (a field, a property, a data element) are
                // held once, as a property may do work on each read.
                bool leaf = node.Kind is ExprKind.Local or ExprKind.Variable or ExprKind.Element
                    || (node.Kind == ExprKind.Constant && node.Text.Length != 0 && char.IsDigit(node.Text[0]));
                return new Code(Print(node), DerivativeAnalysis.Precedence(node), leaf);
            }

            /// <summary>Holds the adjoint in a local when it is used more than once and is not a leaf already.</summary>
            private Adj Share(Adj adjoint)
            {
                if (adjoint.Value.IsLeaf)
                    return adjoint;
                string name = Temp("g");
                _writer.WriteLine($"double {name} = {adjoint.Text};");
                return new Adj(name, adjoint.Negative);
            }

            /// <summary>
            /// Recomputes, into locals, the intermediate values the derivatives of <paramref name="node"/> need;
            /// <paramref name="required"/>: the node's own value too. <paramref name="holder"/>, when given, is a local
            /// that already holds the node's value: only the operands are recomputed.
            /// </summary>
            private void Prepare(ExprNode node, bool required, string? holder = null)
            {
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                if (!DerivativeAnalysis.IsActive(node) || Named(node) is not null)
                    return;
                if (holder is not null)
                {
                    _temps[(node, false)] = holder;
                    required = false;
                }
                IReadOnlyList<ExprNode> operands = node.Operands;
                bool ownValue = required;
                switch (node.Kind)
                {
                    case ExprKind.Variable:
                    case ExprKind.Local:
                    case ExprKind.Element:
                        return;
                    case ExprKind.Cast:
                        Prepare(operands[0], required);
                        return;
                    case ExprKind.Conditional:
                    {
                        string condition = Temp("c");
                        _writer.WriteLine($"bool {condition} = {node.Text};");
                        _temps[(node, true)] = condition;
                        if (required)
                        {
                            string name = Temp();
                            _writer.WriteLine($"double {name} = {condition} ? {PrintPlain(operands[0])} : {PrintPlain(operands[1])};");
                            _temps[(node, false)] = name;
                        }
                        return;
                    }
                    case ExprKind.Multiply:
                        Prepare(operands[0], DerivativeAnalysis.IsActive(operands[1]));
                        Prepare(operands[1], DerivativeAnalysis.IsActive(operands[0]));
                        break;
                    case ExprKind.Divide:
                        Prepare(operands[0], false);
                        // The derivative of a reciprocal 1 / b is -q * q, from the quotient q alone: b's own value is
                        // not needed (see Backprop).
                        Prepare(operands[1], !IsReciprocal(node));
                        ownValue |= DerivativeAnalysis.IsActive(operands[1]);
                        if (holder is null && !IsReciprocal(node) && DerivativeAnalysis.IsActive(operands[0]) && DerivativeAnalysis.IsActive(operands[1]))
                        {
                            // Both operands active: 1 / b, computed once, gives the quotient a * (1 / b) that b's
                            // adjoint needs and a's adjoint g * (1 / b): one division instead of two (the quotient is
                            // only read by derivatives, so that it differs from a / b by a rounding does not matter).
                            string reciprocal = Temp("r");
                            _writer.WriteLine($"double {reciprocal} = 1 / {Factor(operands[1]).As(3)};");
                            _temps[(node, true)] = reciprocal;
                            string quotient = Temp();
                            _writer.WriteLine($"double {quotient} = {Factor(operands[0]).As(2)} * {reciprocal};");
                            _temps[(node, false)] = quotient;
                            return;
                        }
                        break;
                    case ExprKind.Call:
                    case ExprKind.Helper:
                    {
                        // exp', sqrt' and tanh' are written from the result alone: with the result held, the
                        // operand's own value is not needed.
                        bool resultOnly = holder is not null && node.Kind == ExprKind.Call && FunctionName(node) is "Exp" or "Sqrt" or "Tanh";
                        foreach (ExprNode operand in operands)
                            Prepare(operand, !resultOnly);
                        ownValue |= node.Kind == ExprKind.Call && CallNeedsResult(node);
                        break;
                    }
                    case ExprKind.Add:
                    case ExprKind.Subtract:
                    {
                        // As preparing the left operand, then the right one; a chain of sums is walked in a loop
                        // (a sum of n terms is n nodes deep). Only the outermost sum's own value may be required.
                        var rights = new List<ExprNode>();
                        ExprNode bottom = node;
                        while (bottom.Kind is ExprKind.Add or ExprKind.Subtract && DerivativeAnalysis.IsActive(bottom)
                            && (ReferenceEquals(bottom, node) || Named(bottom) is null))
                        {
                            rights.Add(bottom.Operands[1]);
                            bottom = bottom.Operands[0];
                        }
                        Prepare(bottom, false);
                        for (int i = rights.Count - 1; i >= 0; i--)
                            Prepare(rights[i], false);
                        break;
                    }
                    default:
                        foreach (ExprNode operand in operands)
                            Prepare(operand, false);
                        break;
                }
                if (ownValue && holder is null)
                {
                    string name = Temp();
                    _writer.WriteLine($"double {name} = {Print(node)};");
                    _temps[(node, false)] = name;
                }
            }

            /// <summary>Whether the node is <c>1 / b</c>, with the number 1 written as the numerator.</summary>
            private static bool IsReciprocal(ExprNode node) =>
                node.Kind == ExprKind.Divide && node.Operands[0].Kind == ExprKind.Constant
                && node.Operands[0].Text is "1" or "1.0" or "1d" or "1D" or "1.0d" or "1.0D";

            private static string FunctionName(ExprNode call) => call.Text.Substring(call.Text.LastIndexOf('.') + 1);

            private static bool CallNeedsResult(ExprNode call) => DerivativeAnalysis.CallNeedsResult(call);

            private static string MathCall(string function) => "global::System.Math." + function;

            /// <summary>Adds <paramref name="adjoint"/> times the derivative of <paramref name="node"/> to the adjoints of its inputs.</summary>
            /// <remarks>
            /// The chain rule, one node at a time, top down: a node passes its adjoint g to each active operand times the
            /// partial derivative with respect to that operand (for <c>a * b</c>: g * b to a and g * a to b; for
            /// <c>a / b</c>: g / b to a and -g * (a / b) / b to b). The adjoint is carried as text (<see cref="Adj"/>)
            /// and only written out when it reaches a leaf (a local's adjoint, <c>gradient[i]</c>), or held in a local
            /// first (<see cref="Share"/>) when two operands both need it, so no product is computed twice. Operand
            /// values come from the locals <see cref="Prepare"/> wrote, or are printed when they are leaves.
            /// </remarks>
            private void Backprop(ExprNode node, Adj adjoint)
            {
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                if (!DerivativeAnalysis.IsActive(node))
                    return;
                IReadOnlyList<ExprNode> operands = node.Operands;
                switch (node.Kind)
                {
                    case ExprKind.Variable:
                        Accumulate(GradientTarget(node.Text), adjoint);
                        return;
                    case ExprKind.Local:
                        if (_values is null || node.Text != _values)
                            Accumulate(Adjoint(node.Text), adjoint);
                        return;
                    case ExprKind.Element:
                        Accumulate(ElementAdjoint(node.Text, node.Operands[0].Text), adjoint);
                        return;
                    case ExprKind.Negate:
                        Backprop(operands[0], adjoint.Negated);
                        return;
                    case ExprKind.Cast:
                        Backprop(operands[0], adjoint);
                        return;
                    case ExprKind.Add:
                    case ExprKind.Subtract:
                    {
                        // The same as backpropagating into the left operand, then into the right one, but a chain of
                        // sums ((a + b) - c) + d is walked in a loop (a sum of n terms is n nodes deep): down the left
                        // operands first, then the right operands from the innermost sum out, in the order the
                        // recursion would write them.
                        var rights = new List<(ExprNode Operand, Adj Adjoint)>();
                        while (node.Kind is ExprKind.Add or ExprKind.Subtract && DerivativeAnalysis.IsActive(node))
                        {
                            operands = node.Operands;
                            if (DerivativeAnalysis.IsActive(operands[0]) && DerivativeAnalysis.IsActive(operands[1]))
                                adjoint = Share(adjoint);
                            rights.Add((operands[1], node.Kind == ExprKind.Subtract ? adjoint.Negated : adjoint));
                            node = operands[0];
                        }
                        Backprop(node, adjoint);
                        for (int i = rights.Count - 1; i >= 0; i--)
                            Backprop(rights[i].Operand, rights[i].Adjoint);
                        return;
                    }
                    case ExprKind.Multiply:
                        if (DerivativeAnalysis.IsActive(operands[0]) && operands[0].Equals(operands[1]))
                        {
                            // A square a * a: its operand receives g * a * 2 once, rather than g * a twice.
                            Backprop(operands[0], adjoint.Times(Factor(operands[1])).Times(Code.Name("2"), factorIsDouble: false));
                            return;
                        }
                        if (DerivativeAnalysis.IsActive(operands[0]) && DerivativeAnalysis.IsActive(operands[1]))
                            adjoint = Share(adjoint);
                        Backprop(operands[0], adjoint.Times(Factor(operands[1]), DerivativeAnalysis.IsActive(operands[1])));
                        Backprop(operands[1], adjoint.Times(Factor(operands[0]), DerivativeAnalysis.IsActive(operands[0])));
                        return;
                    case ExprKind.Divide:
                        // q = a / b: a receives g / b and b receives -g * q / b. When both are active, g / b is held
                        // once and b receives -(g / b) * q; when Prepare computed 1 / b, g / b is g * (1 / b). For a
                        // reciprocal q = 1 / b, b receives -g * q * q, without a division.
                        if (DerivativeAnalysis.IsActive(operands[0]) && DerivativeAnalysis.IsActive(operands[1]))
                        {
                            Adj shared = Share(_temps.TryGetValue((node, true), out string? reciprocal)
                                ? adjoint.Times(Code.Name(reciprocal))
                                : adjoint.Over(Factor(operands[1])));
                            Backprop(operands[0], shared);
                            Backprop(operands[1], shared.Negated.Times(Factor(node)));
                            return;
                        }
                        Backprop(operands[0], adjoint.Over(Factor(operands[1])));
                        if (DerivativeAnalysis.IsActive(operands[1]))
                        {
                            Code quotient = Factor(node);
                            Backprop(operands[1], IsReciprocal(node)
                                ? adjoint.Negated.Times(quotient).Times(quotient)
                                : adjoint.Negated.Times(quotient).Over(Factor(operands[1])));
                        }
                        return;
                    case ExprKind.Conditional:
                    {
                        string condition = _temps[(node, true)];
                        adjoint = Share(adjoint);
                        Branch(condition, operands[0], adjoint, operands[1], adjoint);
                        return;
                    }
                    case ExprKind.Helper:
                        BackpropHelper(node, adjoint);
                        return;
                    case ExprKind.Call:
                        BackpropCall(node, adjoint);
                        return;
                    default:
                        return; // remainder of constants: never active
                }
            }

            /// <summary>Backpropagates into <paramref name="whenTrue"/> or <paramref name="whenFalse"/>, recomputing inside the branch.</summary>
            private void Branch(string condition, ExprNode whenTrue, Adj trueAdjoint, ExprNode? whenFalse, Adj falseAdjoint)
            {
                bool trueActive = DerivativeAnalysis.IsActive(whenTrue);
                bool falseActive = whenFalse is not null && DerivativeAnalysis.IsActive(whenFalse);
                if (!trueActive && !falseActive)
                    return;
                _writer.WriteLine(trueActive ? $"if ({condition})" : $"if (!({condition}))");
                Scoped(trueActive ? whenTrue : whenFalse!, trueActive ? trueAdjoint : falseAdjoint);
                if (trueActive && falseActive)
                {
                    _writer.WriteLine("else");
                    Scoped(whenFalse!, falseAdjoint);
                }
            }

            private void Scoped(ExprNode node, Adj adjoint)
            {
                var outer = new Dictionary<(ExprNode, bool), string>(_temps);
                using (_writer.Block())
                {
                    Prepare(node, false);
                    Backprop(node, adjoint);
                }
                _temps = outer;
            }

            private void Accumulate(string target, Adj adjoint) =>
                _writer.WriteLine($"{target} {(adjoint.Negative ? "-=" : "+=")} {adjoint.Text};");

            /// <summary>
            /// A call of a helper (or local function): its adjoint method (written once per helper, see
            /// <c>WriteHelperAdjoints</c>) re-runs the helper from the argument values and returns the adjoint of each
            /// parameter through a <c>ref</c> local; those are then backpropagated into the argument expressions.
            /// </summary>
            private void BackpropHelper(ExprNode node, Adj adjoint)
            {
                HelperModel? helper = null;
                foreach (HelperModel candidate in _helpers)
                {
                    if (candidate.Name == node.Text && candidate.Parameters.Count == node.Operands.Count)
                        helper = candidate;
                }
                var arguments = new List<string>();
                // One adjoint per 'double' parameter; an 'int' parameter's argument is passive (null here).
                var adjoints = new List<string?>();
                for (int i = 0; i < node.Operands.Count; i++)
                {
                    arguments.Add(Named(node.Operands[i]) ?? Print(node.Operands[i]));
                    adjoints.Add(helper!.IsInteger(i) ? null : Temp("a"));
                }
                var written = adjoints.FindAll(static a => a is not null);
                string refs = written.Count == 0 ? "" : ", " + string.Join(", ", written.ConvertAll(static a => "ref " + a));
                if (written.Count != 0)
                    _writer.WriteLine($"double {string.Join(" = 0, ", written)} = 0;");
                _writer.WriteLine($"{helper!.AdjointName}({string.Join(", ", arguments)}, {adjoint.Signed}{refs});");
                for (int i = 0; i < node.Operands.Count; i++)
                {
                    if (adjoints[i] is { } operandAdjoint)
                        Backprop(node.Operands[i], new Adj(operandAdjoint, false));
                }
            }

            /// <summary>
            /// A call of a <c>System.Math</c> function: its derivative written from the operand (<c>A</c>) and, where
            /// cheaper, from the result (<c>Y</c>, held in a local by <see cref="Prepare"/>; see <see cref="CallNeedsResult"/>):
            /// exp' = Y, sqrt' = 0.5 / Y, tanh' = 1 - Y². Piecewise functions (<c>Abs</c>, <c>Min</c>, <c>Max</c>, <c>Clamp</c>)
            /// send the adjoint into the operand that is the result, re-evaluating the comparison; functions that are
            /// constant where differentiable (<c>Floor</c>, <c>Round</c>, ...) pass nothing.
            /// </summary>
            private void BackpropCall(ExprNode node, Adj g)
            {
                IReadOnlyList<ExprNode> operands = node.Operands;
                ExprNode a = operands[0];
                // The operand and the result (held in a local by Prepare when the derivative needs it), with the
                // operator precedence each is written under below: A.As(2) as the left operand of '*', As(3) as the
                // right one, As(1) compared, As(0) as an argument.
                Code A = Factor(a);
                Code Y = Code.Name(Named(node) ?? "");
                switch (FunctionName(node))
                {
                    case "Sqrt":
                        Backprop(a, g.Times(Code.Name("0.5")).Over(Y));
                        return;
                    case "Exp":
                        Backprop(a, g.Times(Y));
                        return;
                    case "Log" when operands.Count == 1:
                        Backprop(a, g.Over(A));
                        return;
                    case "Log10":
                        Backprop(a, g.Over(Code.Product($"{A.As(2)} * 2.302585092994046")));
                        return;
                    case "Log2":
                        Backprop(a, g.Over(Code.Product($"{A.As(2)} * 0.6931471805599453")));
                        return;
                    case "Pow":
                    {
                        ExprNode b = operands[1];
                        Code B = Factor(b);
                        if (DerivativeAnalysis.IsActive(a) && DerivativeAnalysis.IsActive(b))
                            g = Share(g);
                        if (b.Kind == ExprKind.Constant && b.Text == "2")
                            Backprop(a, g.Times(Code.Product($"2 * {A.As(3)}")));
                        else
                            Backprop(a, g.Times(Code.Product($"{B.As(2)} * {MathCall("Pow")}({A.As(0)}, {B.As(1)} - 1)")));
                        if (DerivativeAnalysis.IsActive(b))
                        {
                            string log = Temp("log");
                            _writer.WriteLine($"double {log} = {A.As(1)} > 0 ? {MathCall("Log")}({A.As(0)}) : 0;");
                            Backprop(b, g.Times(Code.Product($"{Y} * {log}")));
                        }
                        return;
                    }
                    case "Sin":
                        Backprop(a, g.Times(Code.Primary($"{MathCall("Cos")}({A.As(0)})")));
                        return;
                    case "Cos":
                        Backprop(a, g.Negated.Times(Code.Primary($"{MathCall("Sin")}({A.As(0)})")));
                        return;
                    case "Tan":
                        Backprop(a, g.Times(Code.Sum($"1 + {Y} * {Y}")));
                        return;
                    case "Asin":
                        Backprop(a, g.Over(Code.Primary($"{MathCall("Sqrt")}(1 - {A.As(2)} * {A.As(3)})")));
                        return;
                    case "Acos":
                        Backprop(a, g.Negated.Over(Code.Primary($"{MathCall("Sqrt")}(1 - {A.As(2)} * {A.As(3)})")));
                        return;
                    case "Atan":
                        Backprop(a, g.Over(Code.Sum($"1 + {A.As(2)} * {A.As(3)}")));
                        return;
                    case "Sinh":
                        Backprop(a, g.Times(Code.Primary($"{MathCall("Cosh")}({A.As(0)})")));
                        return;
                    case "Cosh":
                        Backprop(a, g.Times(Code.Primary($"{MathCall("Sinh")}({A.As(0)})")));
                        return;
                    case "Tanh":
                        Backprop(a, g.Times(Code.Sum($"1 - {Y} * {Y}")));
                        return;
                    case "Cbrt":
                        Backprop(a, g.Over(Code.Product($"3 * {Y} * {Y}")));
                        return;
                    case "Atan2":
                    {
                        ExprNode b = operands[1];
                        Code B = Factor(b);
                        g = Share(g);
                        string squared = Temp("r");
                        _writer.WriteLine($"double {squared} = {A.As(2)} * {A.As(3)} + {B.As(2)} * {B.As(3)};");
                        Backprop(a, g.Times(B).Over(Code.Name(squared)));
                        Backprop(b, g.Negated.Times(A).Over(Code.Name(squared)));
                        return;
                    }
                    case "Hypot":
                    {
                        ExprNode b = operands[1];
                        g = Share(g);
                        Backprop(a, g.Times(A).Over(Y));
                        Backprop(b, g.Times(Factor(b)).Over(Y));
                        return;
                    }
                    case "FusedMultiplyAdd":
                        g = Share(g);
                        Backprop(a, g.Times(Factor(operands[1])));
                        Backprop(operands[1], g.Times(A));
                        Backprop(operands[2], g);
                        return;
                    case "Abs":
                    {
                        g = Share(g);
                        _writer.WriteLine($"if ({A.As(1)} > 0)");
                        Scoped(a, g);
                        _writer.WriteLine($"else if ({A.As(1)} < 0)");
                        Scoped(a, g.Negated);
                        return;
                    }
                    case "Min":
                    case "Max":
                    {
                        ExprNode b = operands[1];
                        g = Share(g);
                        string comparison = FunctionName(node) == "Min" ? "<=" : ">=";
                        string condition = $"{A.As(1)} {comparison} {Factor(b).As(1)}";
                        Branch(condition, a, g, b, g);
                        return;
                    }
                    case "Clamp":
                    {
                        // Math.Clamp(v, lo, hi) is lo where v < lo, hi where v > hi, else v (NaN included): the
                        // adjoint goes to the one operand that is the result.
                        ExprNode lo = operands[1], hi = operands[2];
                        bool loActive = DerivativeAnalysis.IsActive(lo), hiActive = DerivativeAnalysis.IsActive(hi);
                        g = Share(g);
                        string below = $"{A.As(1)} < {Factor(lo).As(1)}", above = $"{A.As(1)} > {Factor(hi).As(1)}";
                        if (!loActive && !hiActive)
                        {
                            _writer.WriteLine($"if (!({below}) && !({above}))");
                            Scoped(a, g);
                            return;
                        }
                        _writer.WriteLine($"if ({below})");
                        Scoped(lo, g);
                        _writer.WriteLine($"else if ({above})");
                        Scoped(hi, g);
                        if (DerivativeAnalysis.IsActive(a))
                        {
                            _writer.WriteLine("else");
                            Scoped(a, g);
                        }
                        return;
                    }
                    default:
                        return; // Floor, Ceiling, Round, Truncate, Sign: zero wherever defined
                }
            }
        }
    }
}
