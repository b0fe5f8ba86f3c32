using System.Collections.Generic;
using GenOpt.Generators.Model;

namespace GenOpt.Generators;

public sealed partial class ObjectiveGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// The <c>stackalloc</c> span locals of a body (<see cref="SpanLocal"/>): the forward sweep declares each span as
        /// the user does, the adjoint sweep a zeroed span of adjoints of the same length (<c>hBar</c> for <c>h</c>), element
        /// by element what <c>nameBar</c> is to a <c>double</c> local. An assignment to an element that overwrites a value
        /// the reverse sweep reads pushes the element's old value on the save buffer, like a local's
        /// (the analysis step decides which: <see cref="StatementFacts.Saves"/>).
        /// </summary>
        private sealed partial class AdjointWriter
        {
            /// <summary>What a statement assigns, as C#: the local, or the span element <c>h[j]</c>.</summary>
            private string TargetText(StatementNode statement) =>
                statement.WritesElement ? $"{statement.Target}[{statement.Index}]" : statement.Target;

            /// <summary>The adjoint of what a statement assigns: <c>sBar</c>, or <c>hBar[j]</c>.</summary>
            private string TargetAdjoint(StatementNode statement) =>
                statement.WritesElement ? ElementAdjoint(statement.Target, statement.Index) : Adjoint(statement.Target);

            private string ElementAdjoint(string span, string index) => $"{Adjoint(span)}[{index}]";

            /// <summary>Declares the span locals (at the top of the method: the user declares them outside any loop).</summary>
            private bool WriteSpans()
            {
                foreach (SpanLocal span in _function.Spans)
                {
                    if (span.Length >= 0)
                        _writer.WriteLine($"global::System.Span<double> {span.Name} = stackalloc double[{span.Size}];");
                    else
                        DeclareRuntimeSpan(span.Name, span.Size);
                }
                return _function.Spans.Count != 0;
            }

            /// <summary>Most doubles a span whose length is known only at run time takes on the stack; a longer one rents.</summary>
            private const int RuntimeSpanStackLimit = 256;

            // The arrays that spans of run-time length rent from the shared pool when they are long (null otherwise),
            // returned at the end of the method.
            private readonly List<string> _rentedSpans = [];

            /// <summary>
            /// Declares a zeroed span of <paramref name="size"/> doubles, a length known only at run time (an instance's
            /// field, a data array's length): on the stack up to <see cref="RuntimeSpanStackLimit"/>, else in an array
            /// rented from <c>ArrayPool&lt;double&gt;.Shared</c> (returned at the end, so nothing is allocated once the
            /// pool holds an array of that size).
            /// </summary>
            private void DeclareRuntimeSpan(string name, string size)
            {
                string length = size;
                string rented = Fresh(name.TrimStart('@') + "Rented");
                _rentedSpans.Add(rented);
                _writer.WriteLine($"double[]? {rented} = null;");
                _writer.WriteLine($"global::System.Span<double> {name} = {length} <= {RuntimeSpanStackLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                using (_writer.Indent())
                {
                    _writer.WriteLine($"? stackalloc double[{length}]");
                    _writer.WriteLine($": global::System.MemoryExtensions.AsSpan({rented} = global::System.Buffers.ArrayPool<double>.Shared.Rent({length}), 0, {length});");
                }
                _writer.WriteLine($"{name}.Clear();");
            }

            /// <summary>Returns the arrays rented by spans of run-time length.</summary>
            private void ReturnRentedSpans()
            {
                foreach (string rented in _rentedSpans)
                {
                    _writer.WriteLine($"if ({rented} is not null)");
                    using (_writer.Indent())
                        _writer.WriteLine($"global::System.Buffers.ArrayPool<double>.Shared.Return({rented});");
                }
            }

            /// <summary>Declares a zeroed span of adjoints for each span local the derivative flows through.</summary>
            private void WriteSpanAdjoints()
            {
                foreach (SpanLocal span in _function.Spans)
                {
                    if (!HasAdjoint(span.Name))
                        continue;
                    string adjoint = Adjoint(span.Name);
                    if (span.Length < 0)
                    {
                        DeclareRuntimeSpan(adjoint, span.Size);
                        continue;
                    }
                    _writer.WriteLine($"global::System.Span<double> {adjoint} = stackalloc double[{span.Size}];");
                    _writer.WriteLine($"{adjoint}.Clear();");
                }
            }
        }
    }
}
