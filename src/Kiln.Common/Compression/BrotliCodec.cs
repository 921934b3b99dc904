using System.IO.Compression;

namespace Kiln.Common.Compression;

/// <summary>Brotli at quality 1: the smallest output of the built-in codecs, the slowest.</summary>
public sealed class BrotliCodec : CompressionCodec
{
    public override byte Id => 2;

    public override string Name => "brotli";

    public override int MaxCompressedLength(int inputLength) => BrotliEncoder.GetMaxCompressedLength(inputLength);

    public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination) =>
        BrotliEncoder.TryCompress(source, destination, out var written, quality: 1, window: 22)
            ? written
            : throw new InvalidOperationException("brotli compression failed");

    public override void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!BrotliDecoder.TryDecompress(source, destination, out var written) || written != destination.Length)
        {
            throw new InvalidDataException($"corrupt compressed data: brotli input does not decode to {destination.Length} bytes");
        }
    }
}
