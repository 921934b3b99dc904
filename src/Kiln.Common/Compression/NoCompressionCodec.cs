namespace Kiln.Common.Compression;

/// <summary>Stores bytes as they are.</summary>
public sealed class NoCompressionCodec : CompressionCodec
{
    public override byte Id => 0;

    public override string Name => "none";

    public override int MaxCompressedLength(int inputLength) => inputLength;

    public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    public override void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new InvalidDataException($"corrupt compressed data: {source.Length} stored bytes, {destination.Length} expected");
        }

        source.CopyTo(destination);
    }
}
