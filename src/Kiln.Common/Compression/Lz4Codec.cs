using K4os.Compression.LZ4;

namespace Kiln.Common.Compression;

/// <summary>
/// LZ4 block format (the format of LZ4's <c>LZ4_compress_default</c>, without the frame wrapper) through
/// K4os.Compression.LZ4, the kept .NET port, at its fastest level. Replaced Kiln's own implementation of the same
/// format when bench/shuffle-throughput.sh measured it at least as fast (docs/benchmarks.md); frames written by
/// either decode with the other. The caller records the decompressed length (batch frames do).
/// </summary>
/// <remarks>
/// The decoder is LZ4's safe decoder: it checks lengths and offsets against both spans, so corrupt input throws
/// <see cref="InvalidDataException"/> and never reads or writes out of bounds (the tests fuzz it).
/// </remarks>
public sealed class Lz4Codec : CompressionCodec
{
    public override byte Id => 3;

    public override string Name => "lz4";

    public override int MaxCompressedLength(int inputLength) => Math.Max(1, LZ4Codec.MaximumOutputSize(inputLength));

    public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.IsEmpty)
        {
            // The empty block is one token with no literals, as the reference library writes it (the package writes nothing).
            destination[0] = 0;
            return 1;
        }

        var written = LZ4Codec.Encode(source, destination, LZ4Level.L00_FAST);
        return written >= 0 ? written : throw new InvalidOperationException("lz4 compression failed: the destination is smaller than MaxCompressedLength");
    }

    public override void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = source is [0] ? 0 : LZ4Codec.Decode(source, destination);
        if (written != destination.Length)
        {
            throw new InvalidDataException($"corrupt LZ4 data: the input ({source.Length} bytes) does not decode to the expected {destination.Length} bytes");
        }
    }
}
