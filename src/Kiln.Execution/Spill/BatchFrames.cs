using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Kiln.Common.Batches;
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
/// </code>
/// All integers are little-endian. A sequence ends at the end of its byte range.
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
        if (codec == SpillCodec.None)
        {
            WriteHeader(header, raw.Length, raw.Length, codec);
            output.Write(header);
            output.Write(raw);
            return HeaderSize + raw.Length;
        }

        var encoded = Encode(raw, codec);
        WriteHeader(header, encoded.Length, raw.Length, codec);
        output.Write(header);
        output.Write(encoded);
        return HeaderSize + encoded.Length;
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
        var codec = (SpillCodec)header[8];
        if (payloadLength < 0 || rawLength < 0 || codec > SpillCodec.Brotli || (codec == SpillCodec.None && payloadLength != rawLength))
        {
            throw new InvalidDataException($"corrupt frame stream: bad frame header (payload {payloadLength}, raw {rawLength}, codec {(int)codec})");
        }

        var payload = ArrayPool<byte>.Shared.Rent(payloadLength);
        try
        {
            if (input.ReadAtLeast(payload.AsSpan(0, payloadLength), payloadLength, throwOnEndOfStream: false) != payloadLength)
            {
                throw new InvalidDataException("corrupt frame stream: truncated frame payload");
            }

            if (codec == SpillCodec.None)
            {
                return Deserialize(payload, rawLength, schema);
            }

            var raw = ArrayPool<byte>.Shared.Rent(rawLength);
            try
            {
                Decode(payload.AsSpan(0, payloadLength), raw.AsSpan(0, rawLength), codec);
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

    private static ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> raw, SpillCodec codec)
    {
        if (codec == SpillCodec.Brotli)
        {
            var target = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
            if (!BrotliEncoder.TryCompress(raw, target, out var written, quality: 1, window: 22))
            {
                throw new InvalidOperationException("brotli compression failed");
            }

            return target.AsSpan(0, written);
        }

        using var ms = new MemoryStream(raw.Length / 2 + 64);
        using (var deflate = new DeflateStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(raw);
        }

        return ms.GetBuffer().AsSpan(0, (int)ms.Length);
    }

    private static void Decode(ReadOnlySpan<byte> payload, Span<byte> raw, SpillCodec codec)
    {
        if (codec == SpillCodec.Brotli)
        {
            if (!BrotliDecoder.TryDecompress(payload, raw, out var written) || written != raw.Length)
            {
                throw new InvalidDataException("corrupt frame stream: brotli payload does not decode to its recorded length");
            }

            return;
        }

        unsafe
        {
            fixed (byte* p = payload)
            {
                using var source = new UnmanagedMemoryStream(p, payload.Length);
                using var deflate = new DeflateStream(source, CompressionMode.Decompress);
                if (deflate.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false) != raw.Length)
                {
                    throw new InvalidDataException("corrupt frame stream: deflate payload shorter than its recorded length");
                }
            }
        }
    }
}
