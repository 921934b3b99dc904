using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Common.Ipc;

/// <summary>
/// Kiln's columnar IPC format, used for shuffle blocks, spill files and results sent to the driver.
/// <code>
/// batch   := magic:u32 'KLB1' | rowCount:i32 | columnCount:i32 | column*
/// column  := typeId:u8 | precision:u8 | scale:u8 | hasValidity:u8 | [validity words:u64*]
///            | values (fixed width: rowCount * width bytes)
///            | (string: offsets (rowCount+1):i32* | dataLength:i32 | data bytes)
/// </code>
/// All integers are little-endian; values are the vectors' raw memory. The schema's names are not written:
/// reader and writer agree on the schema through the plan.
/// </summary>
public static class BatchSerializer
{
    private const uint Magic = 0x31424C4B; // "KLB1"

    public static void Write(Stream stream, RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(batch);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], batch.RowCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], batch.Columns.Count);
        stream.Write(header);
        foreach (var column in batch.Columns)
        {
            WriteColumn(stream, column, batch.RowCount);
        }
    }

    private static void WriteColumn(Stream stream, ColumnVector column, int rows)
    {
        Span<byte> head = [(byte)column.Type.Id, (byte)column.Type.Precision, (byte)column.Type.Scale, (byte)(column.Validity is null ? 0 : 1)];
        stream.Write(head);
        if (column.Validity is { } validity)
        {
            stream.Write(MemoryMarshal.AsBytes(validity.Words[..ValidityBitmap.WordCount(rows)]));
        }

        switch (column)
        {
            case PrimitiveVector<bool> b:
                stream.Write(MemoryMarshal.AsBytes(b.Values));
                break;
            case PrimitiveVector<int> i:
                stream.Write(MemoryMarshal.AsBytes(i.Values));
                break;
            case PrimitiveVector<long> l:
                stream.Write(MemoryMarshal.AsBytes(l.Values));
                break;
            case PrimitiveVector<double> d:
                stream.Write(MemoryMarshal.AsBytes(d.Values));
                break;
            case PrimitiveVector<Int128> m:
                stream.Write(MemoryMarshal.AsBytes(m.Values));
                break;
            case StringVector s:
                var offsets = s.Offsets;
                var start = offsets[0];
                if (start == 0)
                {
                    stream.Write(MemoryMarshal.AsBytes(offsets));
                }
                else
                {
                    var rebased = new int[offsets.Length];
                    for (var k = 0; k < offsets.Length; k++)
                    {
                        rebased[k] = offsets[k] - start;
                    }

                    stream.Write(MemoryMarshal.AsBytes(rebased.AsSpan()));
                }

                var dataLength = offsets[rows] - start;
                Span<byte> len = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(len, dataLength);
                stream.Write(len);
                stream.Write(s.RawData.AsSpan(start, dataLength));
                break;
            default:
                throw new NotSupportedException($"cannot serialize vector {column.GetType().Name}");
        }
    }

    /// <summary>Reads one batch, or returns null at a clean end of stream.</summary>
    public static RecordBatch? Read(Stream stream, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        Span<byte> header = stackalloc byte[12];
        var got = ReadAtLeast(stream, header);
        if (got == 0)
        {
            return null;
        }

        if (got < 12 || BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
        {
            throw new InvalidDataException("corrupt batch stream: bad header");
        }

        var rows = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (count != schema.Count || rows < 0)
        {
            throw new InvalidDataException($"corrupt batch stream: {count} columns where the schema has {schema.Count}");
        }

        var columns = new ColumnVector[count];
        for (var c = 0; c < count; c++)
        {
            columns[c] = ReadColumn(stream, rows);
        }

        return new RecordBatch(schema, columns, rows);
    }

    private static ColumnVector ReadColumn(Stream stream, int rows)
    {
        Span<byte> head = stackalloc byte[4];
        ReadExactly(stream, head);
        var type = DataType.FromId((TypeId)head[0], head[1], head[2]);
        ValidityBitmap? validity = null;
        if (head[3] == 1)
        {
            var words = new ulong[ValidityBitmap.WordCount(rows)];
            ReadExactly(stream, MemoryMarshal.AsBytes(words.AsSpan()));
            validity = ValidityBitmap.FromWords(words, rows);
        }

        switch (type.Id)
        {
            case TypeId.Boolean or TypeId.Null:
                return new PrimitiveVector<bool>(type, ReadArray<bool>(stream, rows), validity);
            case TypeId.Int32 or TypeId.Date:
                return new PrimitiveVector<int>(type, ReadArray<int>(stream, rows), validity);
            case TypeId.Int64 or TypeId.Timestamp:
                return new PrimitiveVector<long>(type, ReadArray<long>(stream, rows), validity);
            case TypeId.Float64:
                return new PrimitiveVector<double>(type, ReadArray<double>(stream, rows), validity);
            case TypeId.Decimal:
                return new PrimitiveVector<Int128>(type, ReadArray<Int128>(stream, rows), validity);
            case TypeId.String:
                var offsets = ReadArray<int>(stream, rows + 1);
                Span<byte> len = stackalloc byte[4];
                ReadExactly(stream, len);
                var data = new byte[BinaryPrimitives.ReadInt32LittleEndian(len)];
                ReadExactly(stream, data);
                return new StringVector(offsets, data, rows, validity);
            default:
                throw new InvalidDataException($"corrupt batch stream: unknown type id {head[0]}");
        }
    }

    private static T[] ReadArray<T>(Stream stream, int count)
        where T : unmanaged
    {
        var values = new T[count];
        ReadExactly(stream, MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer)
    {
        if (ReadAtLeast(stream, buffer) != buffer.Length)
        {
            throw new InvalidDataException("corrupt batch stream: unexpected end of data");
        }
    }

    private static int ReadAtLeast(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
}
