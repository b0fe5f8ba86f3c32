using System;

namespace GenOpt;

/// <summary>
/// Where a result's arrays go when a run ends: a fresh array (the result owns its data; one allocation per run) or,
/// when the caller gave the optimizer a <c>ResultBuffer</c>, that buffer (no allocation; the next run overwrites it).
/// </summary>
internal static class ResultStorage
{
    /// <summary>Checks a caller's result buffer: empty (no buffer) or at least <paramref name="length"/> long.</summary>
    /// <exception cref="ArgumentException">The buffer is shorter than <paramref name="length"/>.</exception>
    public static Memory<double> CheckBuffer(Memory<double> buffer, int length, string what)
    {
        if (!buffer.IsEmpty && buffer.Length < length)
            throw new ArgumentException(
                $"ResultBuffer has {buffer.Length} entries but {what} needs {length}; give a buffer of at least that length, or none.", "value");
        return buffer;
    }

    /// <summary>
    /// Copies <paramref name="data"/> into <paramref name="buffer"/> when it is not empty (a view of its first
    /// <c>data.Length</c> entries), else into a new array.
    /// </summary>
    public static ReadOnlyMemory<double> Keep(ReadOnlySpan<double> data, Memory<double> buffer)
    {
        Memory<double> target = buffer.IsEmpty ? new double[data.Length] : buffer[..data.Length];
        data.CopyTo(target.Span);
        return target;
    }
}
