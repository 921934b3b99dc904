namespace Kiln.Common.Compression;

/// <summary>
/// A block compressor: whole buffers in, whole buffers out (no streaming state), so every frame of a shuffle
/// block or spill file is compressed on its own and records the codec that wrote it (<see cref="Id"/>).
/// </summary>
/// <remarks>Implementations are stateless and thread-safe.</remarks>
public abstract class CompressionCodec
{
    /// <summary>The byte written in frame headers; never reused for another format.</summary>
    public abstract byte Id { get; }

    /// <summary>The name used in <c>kiln.io.compression.codec</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The largest output <see cref="Compress"/> can produce for <paramref name="inputLength"/> bytes.</summary>
    public abstract int MaxCompressedLength(int inputLength);

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/> and returns the bytes written.</summary>
    /// <param name="destination">At least <see cref="MaxCompressedLength"/> bytes.</param>
    public abstract int Compress(ReadOnlySpan<byte> source, Span<byte> destination);

    /// <summary>
    /// Decompresses <paramref name="source"/>, which must decode to exactly <c>destination.Length</c> bytes.
    /// Corrupt or truncated input throws; it never reads or writes outside the two spans.
    /// </summary>
    /// <exception cref="InvalidDataException">The input is corrupt, truncated, or decodes to another length.</exception>
    public abstract void Decompress(ReadOnlySpan<byte> source, Span<byte> destination);

    public override string ToString() => Name;
}
