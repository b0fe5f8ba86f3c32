using System;
using System.Buffers.Binary;
using System.IO;

namespace GenOpt;

/// <summary>
/// The checkpoint format of the ask/tell optimizers (<c>SaveCheckpoint</c> / <c>RestoreCheckpoint</c>): explicit
/// little-endian fields, no reflection, so it works under NativeAOT and is the same on every machine.
/// </summary>
/// <remarks>
/// Layout (all integers little-endian):
/// <code>
///  0  4  magic "GOCP"
///  4  2  format version (<see cref="FormatVersion"/>)
///  6  1  optimizer kind (<see cref="OptimizerKind"/>)
///  7  1  reserved, 0
///  8  4  dimension n
/// 12  8  options fingerprint (FNV-1a 64 of the options that shape the run, see <see cref="CheckpointWriter.Fingerprint"/>)
/// 20  4  payload length P
/// 24  P  payload: the optimizer's state, field by field in the order of its Visit method (arrays with their length first)
/// 24+P 8 checksum: FNV-1a 64 of bytes 0 .. 24+P
/// </code>
/// A checkpoint that is truncated, corrupt (checksum), of another format version, optimizer kind, dimension or
/// options is refused with an <see cref="InvalidDataException"/> naming the problem, before the optimizer is changed.
/// </remarks>
internal static class Checkpoint
{
    /// <summary>The complete state of <paramref name="optimizer"/> as a sealed checkpoint (the caller holds its guard).</summary>
    /// <exception cref="InvalidOperationException">The optimizer is not initialized.</exception>
    public static byte[] Save(ICheckpointState optimizer)
    {
        if (!optimizer.Initialized)
            throw new InvalidOperationException($"Nothing to save: initialize the {optimizer.Kind} (Initialize or Minimize) or restore a checkpoint before SaveCheckpoint().");
        var writer = new CheckpointWriter();
        var cursor = CheckpointCursor.Saving(writer);
        optimizer.Visit(ref cursor);
        return Seal(optimizer.Kind, optimizer.Dimension, optimizer.OptionsFingerprint(), writer.Written);
    }

    /// <summary>
    /// Checks <paramref name="bytes"/> completely against <paramref name="optimizer"/>, then reads the state into it (the
    /// caller holds its guard). Nothing changes when the check fails; the optimizer is left uninitialized when the state
    /// itself then does not fit.
    /// </summary>
    public static void Restore(ICheckpointState optimizer, ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> payload = Open(bytes, optimizer.Kind, optimizer.Dimension, optimizer.OptionsFingerprint());
        optimizer.Initialized = false;
        var cursor = CheckpointCursor.Restoring(payload);
        optimizer.Visit(ref cursor);
        cursor.End();
        optimizer.StartClock();
        optimizer.Initialized = true;
    }

    /// <summary>
    /// Restoring: checks that the box read from a checkpoint is one <see cref="Bounds"/> accepts (no NaN, lower &lt;= upper,
    /// some feasible value; all finite when <paramref name="finite"/>), so that a checkpoint whose checksum was made to fit
    /// after its bounds changed is refused rather than run.
    /// </summary>
    /// <exception cref="InvalidDataException">A coordinate's bounds are not a box.</exception>
    public static void EnsureBox(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, bool finite)
    {
        for (int i = 0; i < lower.Length; i++)
        {
            double lo = lower[i], hi = upper[i];
            if (!(lo <= hi) || double.IsPositiveInfinity(lo) || double.IsNegativeInfinity(hi) || (finite && !double.IsFinite(hi - lo)))
                throw new InvalidDataException($"The checkpoint's bounds of coordinate {i}, [{lo}, {hi}], are not a box this optimizer can search.");
        }
    }

    /// <summary>Throws unless a run is there to continue: initialized (or restored) and not stopped.</summary>
    public static void EnsureResumable(bool initialized, TerminationReason status)
    {
        if (!initialized)
            throw new InvalidOperationException("Nothing to resume: call RestoreCheckpoint (or Initialize) first.");
        if (status != TerminationReason.None)
            throw new InvalidOperationException($"Nothing to resume: the run has stopped ({status}).");
    }

    public const uint Magic = 0x5043_4F47; // "GOCP" read little-endian
    /// <summary>2: CMA-ES checkpoints carry the covariance model (CmaEsOptions.CovarianceModel) and its state.</summary>
    public const ushort FormatVersion = 2;
    public const int HeaderLength = 24;
    public const int ChecksumLength = 8;

    /// <summary>The largest payload a checkpoint may declare (guards a stream read against a corrupt length).</summary>
    private const int MaxPayload = int.MaxValue - HeaderLength - ChecksumLength - 64;

    private const ulong FnvOffset = 0xCBF2_9CE4_8422_2325UL;
    private const ulong FnvPrime = 0x0000_0100_0000_01B3UL;

    /// <summary>FNV-1a 64 of <paramref name="data"/>, continuing from <paramref name="hash"/>.</summary>
    public static ulong Fnv1a(ReadOnlySpan<byte> data, ulong hash = FnvOffset)
    {
        foreach (byte b in data)
            hash = (hash ^ b) * FnvPrime;
        return hash;
    }

    /// <summary>Wraps a payload in the header and checksum.</summary>
    public static byte[] Seal(OptimizerKind kind, int dimension, ulong fingerprint, ReadOnlySpan<byte> payload)
    {
        byte[] bytes = new byte[HeaderLength + payload.Length + ChecksumLength];
        Span<byte> s = bytes;
        BinaryPrimitives.WriteUInt32LittleEndian(s, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(s[4..], FormatVersion);
        s[6] = (byte)kind;
        s[7] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(s[8..], dimension);
        BinaryPrimitives.WriteUInt64LittleEndian(s[12..], fingerprint);
        BinaryPrimitives.WriteInt32LittleEndian(s[20..], payload.Length);
        payload.CopyTo(s[HeaderLength..]);
        int end = HeaderLength + payload.Length;
        BinaryPrimitives.WriteUInt64LittleEndian(s[end..], Fnv1a(s[..end]));
        return bytes;
    }

    /// <summary>
    /// Checks a whole checkpoint against the optimizer that is to take it and returns its payload.
    /// </summary>
    /// <exception cref="InvalidDataException">Truncated, corrupt, another format version, or made by another optimizer kind, dimension or options.</exception>
    public static ReadOnlySpan<byte> Open(ReadOnlySpan<byte> bytes, OptimizerKind kind, int dimension, ulong fingerprint)
    {
        if (bytes.Length < HeaderLength + ChecksumLength)
            throw new InvalidDataException($"The checkpoint is truncated: {bytes.Length} bytes, less than the {HeaderLength + ChecksumLength} of an empty one.");
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
            throw new InvalidDataException("The data is not a GenOpt checkpoint (its first four bytes are not \"GOCP\").");
        int payloadLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]);
        if (payloadLength < 0 || (long)HeaderLength + payloadLength + ChecksumLength > bytes.Length)
            throw new InvalidDataException($"The checkpoint is truncated: its header announces {payloadLength} bytes of state but only {bytes.Length - HeaderLength - ChecksumLength} follow.");
        int end = HeaderLength + payloadLength;
        if (bytes.Length != end + ChecksumLength)
            throw new InvalidDataException($"The checkpoint has {bytes.Length - end - ChecksumLength} unexpected bytes after its end.");
        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[end..]) != Fnv1a(bytes[..end]))
            throw new InvalidDataException("The checkpoint is corrupt: its checksum does not match its contents.");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version != FormatVersion)
            throw new InvalidDataException($"The checkpoint has format version {version}; this GenOpt reads version {FormatVersion}.");
        var savedKind = (OptimizerKind)bytes[6];
        if (savedKind != kind)
            throw new InvalidDataException($"The checkpoint was saved by {savedKind}, not {kind}.");
        int savedDimension = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        if (savedDimension != dimension)
            throw new InvalidDataException($"The checkpoint is of a problem of dimension {savedDimension}, but this {kind}'s objective has dimension {dimension}.");
        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[12..]) != fingerprint)
            throw new InvalidDataException($"The checkpoint was saved by a {kind} with other options: restore it into an instance made with the same options (Seed and Threads may differ).");
        return bytes.Slice(HeaderLength, payloadLength);
    }

    /// <summary>Reads one whole checkpoint from <paramref name="source"/> (no more: the stream may go on).</summary>
    /// <exception cref="InvalidDataException">The stream ends before the checkpoint does.</exception>
    public static byte[] Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] header = new byte[HeaderLength];
        ReadExactly(source, header, HeaderLength);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
            throw new InvalidDataException("The data is not a GenOpt checkpoint (its first four bytes are not \"GOCP\").");
        int payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
        if (payloadLength < 0 || payloadLength > MaxPayload)
            throw new InvalidDataException($"The checkpoint is corrupt: its header announces {payloadLength} bytes of state.");
        // The buffer grows with the data that actually arrives (or is sized once from what a seekable stream holds), so
        // a corrupt length field in a short stream is refused as truncated without allocating the length it announces.
        int total = HeaderLength + payloadLength + ChecksumLength;
        if (source.CanSeek && source.Length - source.Position < total - HeaderLength)
            throw new InvalidDataException($"The checkpoint is truncated: the stream ended {total - HeaderLength - (source.Length - source.Position)} bytes before the checkpoint did.");
        byte[] bytes = new byte[source.CanSeek ? total : Math.Min(total, HeaderLength + FirstReadLength)];
        header.CopyTo(bytes, 0);
        int filled = HeaderLength;
        while (true)
        {
            ReadExactly(source, bytes.AsSpan(filled), total - filled);
            if (bytes.Length == total)
                return bytes;
            filled = bytes.Length;
            Array.Resize(ref bytes, (int)Math.Min(total, 2L * bytes.Length));
        }
    }

    /// <summary>How much of a checkpoint a non-seekable stream is read into before the buffer grows (doubling).</summary>
    private const int FirstReadLength = 1 << 16;

    /// <summary>Fills <paramref name="destination"/>; <paramref name="missing"/> (at least its length) is how many bytes of the checkpoint are still to come, for the message.</summary>
    private static void ReadExactly(Stream source, Span<byte> destination, int missing)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = source.Read(destination[total..]);
            if (read == 0)
                throw new InvalidDataException($"The checkpoint is truncated: the stream ended {missing - total} bytes before the checkpoint did.");
            total += read;
        }
    }
}

/// <summary>What an optimizer gives <see cref="Checkpoint.Save"/> and <see cref="Checkpoint.Restore"/>.</summary>
internal interface ICheckpointState
{
    OptimizerKind Kind { get; }

    int Dimension { get; }

    /// <summary>Set false by a restore before it reads, true once the whole state is read.</summary>
    bool Initialized { get; set; }

    /// <summary>FNV-1a 64 of every option that shapes a run once started (all but Seed and Threads).</summary>
    ulong OptionsFingerprint();

    /// <summary>
    /// The state, field by field: the one list of fields that both saving (the cursor writes each field) and
    /// restoring (the cursor reads each field back into place, checking it) walk, so the two cannot drift apart.
    /// </summary>
    void Visit(ref CheckpointCursor cursor);

    /// <summary>After a complete restore: the run's clock starts.</summary>
    void StartClock();
}

/// <summary>Builds a checkpoint payload (or an options fingerprint) field by field, little-endian.</summary>
internal sealed class CheckpointWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    private Span<byte> Take(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        Span<byte> s = _buffer.AsSpan(_length, count);
        _length += count;
        return s;
    }

    public void Write(bool value) => Take(1)[0] = value ? (byte)1 : (byte)0;

    public void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

    public void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);

    public void Write(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);

    /// <summary>The bits of the double (NaN payloads and signed zeros kept).</summary>
    public void Write(double value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), BitConverter.DoubleToInt64Bits(value));

    public void Write(ReadOnlySpan<double> values)
    {
        Write(values.Length);
        foreach (double v in values)
            Write(v);
    }

    /// <summary>A nullable value: a presence flag, then the value.</summary>
    public void Write(long? value)
    {
        Write(value.HasValue);
        Write(value.GetValueOrDefault());
    }

    /// <summary>A nullable value: a presence flag, then the value.</summary>
    public void Write(int? value)
    {
        Write(value.HasValue);
        Write(value.GetValueOrDefault());
    }

    /// <summary>FNV-1a 64 of what was written (for options fingerprints).</summary>
    public ulong Fingerprint() => Checkpoint.Fnv1a(Written);
}

/// <summary>
/// Walks an optimizer's state in one direction: writing each field to a <see cref="CheckpointWriter"/> (saving) or
/// reading each field from a payload into place (restoring), so that one <c>Visit</c> method per optimizer defines
/// the layout for both. Reading checks every field: the data is there, flags are 0 or 1, arrays have the expected
/// length, ranged integers and indices are in range, statuses are defined, random generator states are not all zero.
/// </summary>
internal ref struct CheckpointCursor
{
    private readonly CheckpointWriter? _writer;
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    private CheckpointCursor(CheckpointWriter? writer, ReadOnlySpan<byte> data)
    {
        _writer = writer;
        _data = data;
        _position = 0;
    }

    /// <summary>A cursor that saves each visited field to <paramref name="writer"/>.</summary>
    public static CheckpointCursor Saving(CheckpointWriter writer) => new(writer, default);

    /// <summary>A cursor that restores each visited field from <paramref name="payload"/>.</summary>
    public static CheckpointCursor Restoring(ReadOnlySpan<byte> payload) => new(null, payload);

    /// <summary>True when restoring (fields are assigned), false when saving (fields are read).</summary>
    public readonly bool IsRestoring => _writer is null;

    public void Field(ref bool value)
    {
        if (_writer is not null)
        {
            _writer.Write(value);
            return;
        }
        value = Take(1)[0] switch
        {
            0 => false,
            1 => true,
            byte b => throw new InvalidDataException($"The checkpoint's state has {b} where a flag (0 or 1) belongs."),
        };
    }

    public void Field(ref int value)
    {
        if (_writer is not null)
            _writer.Write(value);
        else
            value = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    }

    /// <summary>An int that a restore checks to lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Field(ref int value, int min, int max, string what)
    {
        Field(ref value);
        if (IsRestoring && (value < min || value > max))
            throw new InvalidDataException($"The checkpoint's {what} is {value}, outside [{min}, {max}].");
    }

    public void Field(ref long value)
    {
        if (_writer is not null)
            _writer.Write(value);
        else
            value = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    }

    public void Field(ref ulong value)
    {
        if (_writer is not null)
            _writer.Write(value);
        else
            value = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    }

    /// <summary>The bits of the double (NaN payloads and signed zeros kept).</summary>
    public void Field(ref double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        Field(ref bits);
        value = BitConverter.Int64BitsToDouble(bits);
    }

    /// <summary>A termination reason (as an int) that a restore checks to be one.</summary>
    public void Field(ref TerminationReason value)
    {
        int v = (int)value;
        Field(ref v);
        if (IsRestoring && !Enum.IsDefined((TerminationReason)v))
            throw new InvalidDataException($"The checkpoint's status {v} is not a termination reason.");
        value = (TerminationReason)v;
    }

    /// <summary>A random generator's four state words; a restore refuses the all-zero state.</summary>
    public void Field(ref RandomSource random)
    {
        random.GetState(out ulong s0, out ulong s1, out ulong s2, out ulong s3);
        Field(ref s0);
        Field(ref s1);
        Field(ref s2);
        Field(ref s3);
        if (!IsRestoring)
            return;
        if ((s0 | s1 | s2 | s3) == 0)
            throw new InvalidDataException("The checkpoint's random generator state is all zero, which xoshiro256** never reaches.");
        random = RandomSource.FromState(s0, s1, s2, s3);
    }

    /// <summary>An array of doubles, its length first; a restore requires exactly <c>values.Length</c> entries.</summary>
    public void Field(Span<double> values, string what)
    {
        Length(values.Length, what);
        for (int i = 0; i < values.Length; i++)
            Field(ref values[i]);
    }

    /// <summary>An array of indices, its length first; a restore requires exactly <c>indices.Length</c> entries, each in [0, <paramref name="exclusiveMax"/>).</summary>
    public void Field(Span<int> indices, int exclusiveMax, string what)
    {
        Length(indices.Length, what);
        for (int i = 0; i < indices.Length; i++)
            Field(ref indices[i], 0, exclusiveMax - 1, what);
    }

    private void Length(int expected, string what)
    {
        int length = expected;
        Field(ref length);
        if (length != expected)
            throw new InvalidDataException($"The checkpoint's {what} has {length} entries where this optimizer has {expected}.");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_data.Length - _position < count)
            throw new InvalidDataException("The checkpoint's state ends early: it does not match this optimizer's layout.");
        ReadOnlySpan<byte> s = _data.Slice(_position, count);
        _position += count;
        return s;
    }

    /// <summary>Restoring: checks that the whole payload was read.</summary>
    public readonly void End()
    {
        if (IsRestoring && _position != _data.Length)
            throw new InvalidDataException($"The checkpoint's state has {_data.Length - _position} bytes more than this optimizer's layout.");
    }
}
