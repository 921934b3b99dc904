using System.Buffers;
using System.Buffers.Binary;
using Kiln.Common.Batches;
using Kiln.Common.Compression;
using Kiln.Common.Ipc;
using Kiln.Common.Types;

namespace Kiln.Execution.Spill;

/// <summary>
/// The on-disk framing of batches in spill files and shuffle blocks. Each batch is one self-contained frame,
/// so frame sequences can be concatenated byte for byte (a shuffle writer appends the spilled segments of a
/// partition without decoding them) and compression is per frame.
/// <code>
/// frame := payloadLength:i32 | rawLength:i32 | codec:u8 | payload
///          payload = BatchSerializer bytes of one batch, encoded by codec (rawLength bytes once decoded)
///          codec   = a <see cref="CompressionCodec.Id"/>: 0 none, 1 deflate, 2 brotli, 3 lz4
/// </code>
/// All integers are little-endian. A sequence ends at the end of its byte range. Every frame names its own
/// codec, so readers need no configuration and files written with different settings can be mixed; a frame
/// that would not shrink is stored uncompressed.
/// </summary>
public static class BatchFrames
{
    public const int HeaderSize = 9;

    /// <summary>Writes one frame and returns the number of bytes written.</summary>
    /// <param name="scratch">A reusable buffer for the serialized batch; reset on each call.</param>
    public static int Write(Stream output, RecordBatch batch, SpillCodec codec, MemoryStream scratch)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(scratch);
        scratch.SetLength(0);
        BatchSerializer.Write(scratch, batch);
        var raw = scratch.GetBuffer().AsSpan(0, (int)scratch.Length);
        Span<byte> header = stackalloc byte[HeaderSize];
        if (codec != SpillCodec.None && CompressionCodecs.ForId((byte)codec) is { } compressor)
        {
            var encoded = ArrayPool<byte>.Shared.Rent(compressor.MaxCompressedLength(raw.Length));
            try
            {
                var length = compressor.Compress(raw, encoded);
                if (length < raw.Length)
                {
                    WriteHeader(header, length, raw.Length, codec);
                    output.Write(header);
                    output.Write(encoded, 0, length);
                    return HeaderSize + length;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(encoded);
            }
        }

        WriteHeader(header, raw.Length, raw.Length, SpillCodec.None);
        output.Write(header);
        output.Write(raw);
        return HeaderSize + raw.Length;
    }

    /// <summary>Reads the next frame of <paramref name="input"/>, or returns null at a clean end of the stream.</summary>
    /// <exception cref="InvalidDataException">The stream ends inside a frame or a frame is malformed.</exception>
    public static RecordBatch? Read(Stream input, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(input);
        Span<byte> header = stackalloc byte[HeaderSize];
        var got = input.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        if (got == 0)
        {
            return null;
        }

        if (got < HeaderSize)
        {
            throw new InvalidDataException("corrupt frame stream: truncated frame header");
        }

        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header);
        var rawLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var codec = CompressionCodecs.ForId(header[8]);
        if (payloadLength < 0 || rawLength < 0 || codec is null || (codec.Id == 0 && payloadLength != rawLength))
        {
            throw new InvalidDataException($"corrupt frame stream: bad frame header (payload {payloadLength}, raw {rawLength}, codec {header[8]})");
        }

        var payload = ArrayPool<byte>.Shared.Rent(payloadLength);
        try
        {
            if (input.ReadAtLeast(payload.AsSpan(0, payloadLength), payloadLength, throwOnEndOfStream: false) != payloadLength)
            {
                throw new InvalidDataException("corrupt frame stream: truncated frame payload");
            }

            if (codec.Id == 0)
            {
                return Deserialize(payload, rawLength, schema);
            }

            var raw = ArrayPool<byte>.Shared.Rent(rawLength);
            try
            {
                codec.Decompress(payload.AsSpan(0, payloadLength), raw.AsSpan(0, rawLength));
                return Deserialize(raw, rawLength, schema);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(raw);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private static RecordBatch Deserialize(byte[] buffer, int length, Schema schema)
    {
        using var ms = new MemoryStream(buffer, 0, length, writable: false);
        return BatchSerializer.Read(ms, schema)
            ?? throw new InvalidDataException("corrupt frame stream: empty frame payload");
    }

    private static void WriteHeader(Span<byte> header, int payloadLength, int rawLength, SpillCodec codec)
    {
        BinaryPrimitives.WriteInt32LittleEndian(header, payloadLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], rawLength);
        header[8] = (byte)codec;
    }
}
