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
/// 24  P  payload: the optimizer's state, field by field (arrays with their length first)
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
        optimizer.WriteState(writer);
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
        var reader = new CheckpointReader(payload);
        optimizer.ReadState(ref reader);
        reader.End();
        optimizer.Restored();
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
        ReadExactly(source, header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
            throw new InvalidDataException("The data is not a GenOpt checkpoint (its first four bytes are not \"GOCP\").");
        int payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
        if (payloadLength < 0 || payloadLength > MaxPayload)
            throw new InvalidDataException($"The checkpoint is corrupt: its header announces {payloadLength} bytes of state.");
        byte[] bytes = new byte[HeaderLength + payloadLength + ChecksumLength];
        header.CopyTo(bytes, 0);
        ReadExactly(source, bytes.AsSpan(HeaderLength));
        return bytes;
    }

    private static void ReadExactly(Stream source, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = source.Read(destination[total..]);
            if (read == 0)
                throw new InvalidDataException($"The checkpoint is truncated: the stream ended {destination.Length - total} bytes before the checkpoint did.");
            total += read;
        }
    }
}

/// <summary>What an optimizer gives <see cref="Checkpoint.Save"/> and <see cref="Checkpoint.Restore"/>.</summary>
internal interface ICheckpointState
{
    OptimizerKind Kind { get; }

    int Dimension { get; }

    bool Initialized { get; }

    /// <summary>FNV-1a 64 of every option that shapes a run once started (all but Seed and Threads).</summary>
    ulong OptionsFingerprint();

    /// <summary>The state, field by field; <see cref="ReadState"/> reads it back in the same order.</summary>
    void WriteState(CheckpointWriter writer);

    /// <summary>Marks the optimizer uninitialized, then reads the state.</summary>
    void ReadState(ref CheckpointReader reader);

    /// <summary>After a complete read: the run's clock starts and the optimizer is initialized.</summary>
    void Restored();
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

    public void Write(ReadOnlySpan<int> values)
    {
        Write(values.Length);
        foreach (int v in values)
            Write(v);
    }

    public void Write(in RandomSource random)
    {
        random.GetState(out ulong s0, out ulong s1, out ulong s2, out ulong s3);
        Write(s0);
        Write(s1);
        Write(s2);
        Write(s3);
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

/// <summary>Reads a checkpoint payload written by <see cref="CheckpointWriter"/>; every read checks that the data is there.</summary>
internal ref struct CheckpointReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public CheckpointReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_data.Length - _position < count)
            throw new InvalidDataException("The checkpoint's state ends early: it does not match this optimizer's layout.");
        ReadOnlySpan<byte> s = _data.Slice(_position, count);
        _position += count;
        return s;
    }

    public bool ReadBool() => Take(1)[0] switch
    {
        0 => false,
        1 => true,
        byte b => throw new InvalidDataException($"The checkpoint's state has {b} where a flag (0 or 1) belongs."),
    };

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public double ReadDouble() => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(Take(8)));

    /// <summary>Reads an int and checks that it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadInt32(int min, int max, string what)
    {
        int v = ReadInt32();
        if (v < min || v > max)
            throw new InvalidDataException($"The checkpoint's {what} is {v}, outside [{min}, {max}].");
        return v;
    }

    /// <summary>Reads a termination reason and checks that it is one.</summary>
    public TerminationReason ReadStatus()
    {
        int v = ReadInt32();
        if (!Enum.IsDefined((TerminationReason)v))
            throw new InvalidDataException($"The checkpoint's status {v} is not a termination reason.");
        return (TerminationReason)v;
    }

    /// <summary>Reads an array of exactly <c>destination.Length</c> doubles into <paramref name="destination"/>.</summary>
    public void ReadDoubles(Span<double> destination, string what)
    {
        ReadLength(destination.Length, what);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = ReadDouble();
    }

    /// <summary>Reads an array of exactly <c>destination.Length</c> ints, each in [0, <paramref name="exclusiveMax"/>).</summary>
    public void ReadIndices(Span<int> destination, int exclusiveMax, string what)
    {
        ReadLength(destination.Length, what);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = ReadInt32(0, exclusiveMax - 1, what);
    }

    private void ReadLength(int expected, string what)
    {
        int length = ReadInt32();
        if (length != expected)
            throw new InvalidDataException($"The checkpoint's {what} has {length} entries where this optimizer has {expected}.");
    }

    public RandomSource ReadRandom()
    {
        ulong s0 = ReadUInt64(), s1 = ReadUInt64(), s2 = ReadUInt64(), s3 = ReadUInt64();
        if ((s0 | s1 | s2 | s3) == 0)
            throw new InvalidDataException("The checkpoint's random generator state is all zero, which xoshiro256** never reaches.");
        return RandomSource.FromState(s0, s1, s2, s3);
    }

    /// <summary>Checks that the whole payload was read.</summary>
    public readonly void End()
    {
        if (_position != _data.Length)
            throw new InvalidDataException($"The checkpoint's state has {_data.Length - _position} bytes more than this optimizer's layout.");
    }
}
