using System.Buffers.Binary;

namespace Kiln.Network.Transport;

/// <summary>
/// The fixed 16-byte header in front of every frame after the preamble. One format carries handshake, RPC and
/// bulk block data; <see cref="Id"/> multiplexes calls and block streams over one connection.
/// <code>
///  0        4      5       6          8                 16
///  +--------+------+-------+----------+-----------------+------------------+
///  | length | type | flags | reserved | id              | payload[length]  |
///  | u32 LE | u8   | u8    | u16 = 0  | i64 LE          |                  |
///  +--------+------+-------+----------+-----------------+------------------+
/// </code>
/// </summary>
internal readonly record struct FrameHeader(FrameType Type, FrameFlags Flags, long Id, int Length)
{
    public const int Size = 16;

    public bool IsEnd => (Flags & FrameFlags.End) != 0;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)Length);
        destination[4] = (byte)Type;
        destination[5] = (byte)Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], Id);
    }

    /// <summary>Decodes a header; a length above <paramref name="maxLength"/> or a nonzero reserved field is a protocol error.</summary>
    /// <exception cref="InvalidDataException">The header is malformed.</exception>
    public static FrameHeader Read(ReadOnlySpan<byte> source, int maxLength)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (length > (uint)maxLength)
        {
            throw new InvalidDataException($"frame of {length} bytes exceeds the limit of {maxLength} bytes (kiln.rpc.message.maxSize)");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(source[6..]) != 0)
        {
            throw new InvalidDataException("malformed frame header (reserved bits set)");
        }

        return new FrameHeader((FrameType)source[4], (FrameFlags)source[5], BinaryPrimitives.ReadInt64LittleEndian(source[8..]), (int)length);
    }
}
