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
                    _writer.WriteLine($"global::System.Span<double> {span.Name} = stackalloc double[{span.Size}];");
                return _function.Spans.Count != 0;
            }

            /// <summary>Declares a zeroed span of adjoints for each span local the derivative flows through.</summary>
            private void WriteSpanAdjoints()
            {
                foreach (SpanLocal span in _function.Spans)
                {
                    if (!HasAdjoint(span.Name))
                        continue;
                    string adjoint = Adjoint(span.Name);
                    _writer.WriteLine($"global::System.Span<double> {adjoint} = stackalloc double[{span.Size}];");
                    _writer.WriteLine($"{adjoint}.Clear();");
                }
            }
        }
    }
}
