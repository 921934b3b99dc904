using System.IO.Compression;

namespace Kiln.Common.Compression;

/// <summary>Deflate (System.IO.Compression) at its fastest level: about a third smaller than LZ4, several times slower.</summary>
public sealed class DeflateCodec : CompressionCodec
{
    public override byte Id => 1;

    public override string Name => "deflate";

    public override int MaxCompressedLength(int inputLength) => inputLength + (inputLength >> 2) + 64;

    public override unsafe int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* d = destination)
        {
            using var output = new UnmanagedMemoryStream(d, 0, destination.Length, FileAccess.Write);
            using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write(source);
            }

            return (int)output.Position;
        }
    }

    public override unsafe void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.IsEmpty)
        {
            // DeflateStream writes nothing at all for empty input.
            if (!destination.IsEmpty)
            {
                throw new InvalidDataException("corrupt compressed data: empty deflate input");
            }

            return;
        }

        fixed (byte* s = source)
        {
            using var input = new UnmanagedMemoryStream(s, source.Length);
            using var deflate = new DeflateStream(input, CompressionMode.Decompress);
            if (deflate.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) != destination.Length || deflate.ReadByte() >= 0)
            {
                throw new InvalidDataException($"corrupt compressed data: deflate input does not decode to {destination.Length} bytes");
            }
        }
    }
}
