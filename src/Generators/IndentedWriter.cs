using System;
using System.Text;

namespace GenOpt.Generators;

/// <summary>
/// Writes C# source line by line with four-space indentation. <see cref="Block"/> opens a brace block
/// that closes when disposed, so the shape of the emitter code follows the shape of the output.
/// </summary>
internal sealed class IndentedWriter
{
    private const string IndentUnit = "    ";

    /// <summary>
    /// Deepest indentation written: blocks nested deeper (a deeply nested conditional's adjoint) are written at this
    /// indentation, so that the size of the output grows linearly with the nesting, not with its square.
    /// </summary>
    internal const int MaxIndent = 24;

    private readonly StringBuilder _builder = new();
    private int _depth;

    /// <summary>Writes an indented line (an empty line is written without trailing spaces).</summary>
    public void WriteLine(string line)
    {
        if (line.Length != 0)
        {
            for (int i = 0; i < _depth && i < MaxIndent; i++)
                _builder.Append(IndentUnit);
            _builder.Append(line);
        }
        _builder.Append('\n');
    }

    /// <summary>Writes an empty line.</summary>
    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes <c>{</c>, indents, and on dispose unindents and writes <c>}</c> followed by <paramref name="closingSuffix"/>.</summary>
    public BlockScope Block(string closingSuffix = "")
    {
        WriteLine("{");
        _depth++;
        return new BlockScope(this, closingSuffix);
    }

    /// <summary>Increases the indentation until disposed, without braces (e.g. for an expression body on its own line).</summary>
    public IndentScope Indent()
    {
        _depth++;
        return new IndentScope(this);
    }

    public override string ToString() => _builder.ToString();

    private void Unindent()
    {
        if (_depth == 0)
            throw new InvalidOperationException("Unbalanced indentation.");
        _depth--;
    }

    internal readonly struct BlockScope : IDisposable
    {
        private readonly IndentedWriter _writer;
        private readonly string _closingSuffix;

        public BlockScope(IndentedWriter writer, string closingSuffix)
        {
            _writer = writer;
            _closingSuffix = closingSuffix;
        }

        public void Dispose()
        {
            _writer.Unindent();
            _writer.WriteLine("}" + _closingSuffix);
        }
    }

    internal readonly struct IndentScope : IDisposable
    {
        private readonly IndentedWriter _writer;

        public IndentScope(IndentedWriter writer) => _writer = writer;

        public void Dispose() => _writer.Unindent();
    }
}
