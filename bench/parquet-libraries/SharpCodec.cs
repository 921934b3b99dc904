using System.Runtime.InteropServices;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using ParquetSharp;
using ParquetSharp.Schema;

/// <summary>ParquetSharp through its physical column readers and writers: values and definition levels straight into our arrays.</summary>
internal static class SharpCodec
{
    private const int BatchRows = 8192;

    public static IReadOnlyList<RecordBatch> Decode(string path)
    {
        using var file = new ParquetFileReader(path);
        var meta = file.FileMetaData;
        var columns = meta.NumColumns;
        var schema = new Schema(Enumerable.Range(0, columns).Select(c => new Field(meta.Schema.Column(c).Name, TypeOf(meta.Schema.Column(c)))));
        var result = new List<RecordBatch>();
        for (var g = 0; g < meta.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var rows = checked((int)group.MetaData.NumRows);
            var readers = Enumerable.Range(0, columns).Select(group.Column).ToArray();
            var defs = new short[BatchRows];
            for (var start = 0; start < rows; start += BatchRows)
            {
                var n = Math.Min(BatchRows, rows - start);
                var vectors = new ColumnVector[columns];
                for (var c = 0; c < columns; c++)
                {
                    vectors[c] = Read(readers[c], schema[c].Type, n, defs);
                }

                result.Add(new RecordBatch(schema, vectors, n));
            }

            foreach (var r in readers)
            {
                r.Dispose();
            }
        }

        return result;
    }

    private static DataType TypeOf(ColumnDescriptor d) => d.LogicalType switch
    {
        DecimalLogicalType dec => DataType.Decimal(dec.Precision, dec.Scale),
        DateLogicalType => DataType.Date,
        StringLogicalType => DataType.String,
        _ => d.PhysicalType switch
        {
            PhysicalType.Int32 => DataType.Int32,
            PhysicalType.Int64 => DataType.Int64,
            PhysicalType.Double => DataType.Float64,
            PhysicalType.ByteArray => DataType.String,
            _ => throw new NotSupportedException(d.PhysicalType.ToString()),
        },
    };

    private static ColumnVector Read(ColumnReader reader, DataType type, int n, short[] defs) => reader switch
    {
        ColumnReader<int> r => Primitive(r, type, n, defs),
        ColumnReader<long> r when type.Id == TypeId.Decimal => Widen(Primitive(r, DataType.Int64, n, defs), type),
        ColumnReader<long> r => Primitive(r, type, n, defs),
        ColumnReader<double> r => Primitive(r, type, n, defs),
        ColumnReader<ByteArray> r => Strings(r, n, defs),
        _ => throw new NotSupportedException(reader.GetType().Name),
    };

    private static PrimitiveVector<T> Primitive<T>(ColumnReader<T> reader, DataType type, int n, short[] defs)
        where T : unmanaged
    {
        var values = new T[n];
        long levels = 0, count = 0;
        while (levels < n)
        {
            levels += reader.ReadBatch(n - levels, defs.AsSpan((int)levels, n - (int)levels), default, values.AsSpan((int)count), out var read);
            count += read;
        }

        var validity = Spread(values, defs, n, (int)count);
        return new PrimitiveVector<T>(type, values, n, validity);
    }

    /// <summary>Moves the <paramref name="count"/> dense values to their rows (nulls left default) and returns the validity, or null when none are null.</summary>
    private static ValidityBitmap? Spread<T>(T[] values, short[] defs, int n, int count)
    {
        if (count == n)
        {
            return null;
        }

        var validity = new ValidityBitmap(n);
        for (int i = n - 1, j = count - 1; i >= 0; i--)
        {
            if (defs[i] > 0)
            {
                values[i] = values[j--];
            }
            else
            {
                values[i] = default!;
                validity.SetNull(i);
            }
        }

        return validity;
    }

    private static PrimitiveVector<Int128> Widen(PrimitiveVector<long> v, DataType type)
    {
        var values = new Int128[v.Length];
        var src = v.Values;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = src[i];
        }

        return new PrimitiveVector<Int128>(type, values, v.Validity);
    }

    private static unsafe StringVector Strings(ColumnReader<ByteArray> reader, int n, short[] defs)
    {
        var values = new ByteArray[n];
        var offsets = new int[n + 1];
        var data = new byte[Math.Max(16, n * 16)];
        var total = 0;
        long levels = 0;
        ValidityBitmap? validity = null;
        while (levels < n)
        {
            var start = (int)levels;
            var got = (int)reader.ReadBatch(n - levels, defs.AsSpan(start, n - start), default, values, out var read);
            var j = 0;
            for (var i = start; i < start + got; i++)
            {
                if (defs[i] > 0)
                {
                    var v = values[j++];
                    if (total + v.Length > data.Length)
                    {
                        Array.Resize(ref data, Math.Max(data.Length * 2, total + v.Length));
                    }

                    new ReadOnlySpan<byte>((void*)v.Pointer, v.Length).CopyTo(data.AsSpan(total));
                    total += v.Length;
                }
                else
                {
                    (validity ??= new ValidityBitmap(n)).SetNull(i);
                }

                offsets[i + 1] = total;
            }

            levels += got;
        }

        return new StringVector(offsets, data, n, validity);
    }

    public static void Encode(IReadOnlyList<RecordBatch> batches, string path)
    {
        var schema = batches[0].Schema;
        var nodes = schema.Fields.Select(f => (Node)(f.Type.Id switch
        {
            TypeId.Int32 => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.None(), PhysicalType.Int32),
            TypeId.Date => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.Date(), PhysicalType.Int32),
            TypeId.Int64 => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.None(), PhysicalType.Int64),
            TypeId.Float64 => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.None(), PhysicalType.Double),
            TypeId.Decimal => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.Decimal(f.Type.Precision, f.Type.Scale), PhysicalType.Int64),
            TypeId.String => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.String(), PhysicalType.ByteArray),
            _ => throw new NotSupportedException(f.Type.ToString()),
        })).ToArray();
        using var root = new GroupNode("schema", Repetition.Required, nodes);
        using var properties = new WriterPropertiesBuilder().Compression(Compression.Snappy).Build();
        using var writer = new ParquetFileWriter(path, root, properties);
        const int groupRows = 122_880;
        for (var b = 0; b < batches.Count;)
        {
            var group = new List<RecordBatch>();
            for (var rows = 0; b < batches.Count && rows < groupRows; b++)
            {
                group.Add(batches[b]);
                rows += batches[b].RowCount;
            }

            using var rowGroup = writer.AppendRowGroup();
            for (var c = 0; c < schema.Count; c++)
            {
                using var column = rowGroup.NextColumn();
                foreach (var batch in group)
                {
                    Write(column, batch.Column(c));
                }
            }
        }

        writer.Close();
    }

    private static void Write(ColumnWriter column, ColumnVector vector)
    {
        var n = vector.Length;
        var defs = new short[n];
        for (var i = 0; i < n; i++)
        {
            defs[i] = vector.IsNull(i) ? (short)0 : (short)1;
        }

        switch (column)
        {
            case ColumnWriter<int> w:
                w.WriteBatch(n, defs, default, Dense(((PrimitiveVector<int>)vector).Values, defs));
                break;
            case ColumnWriter<long> w when vector is PrimitiveVector<Int128> dec:
                {
                    var longs = new long[n];
                    for (var i = 0; i < n; i++)
                    {
                        longs[i] = (long)dec[i];
                    }

                    w.WriteBatch(n, defs, default, Dense<long>(longs, defs));
                    break;
                }

            case ColumnWriter<long> w:
                w.WriteBatch(n, defs, default, Dense(((PrimitiveVector<long>)vector).Values, defs));
                break;
            case ColumnWriter<double> w:
                w.WriteBatch(n, defs, default, Dense(((PrimitiveVector<double>)vector).Values, defs));
                break;
            case ColumnWriter<ByteArray> w:
                {
                    var s = (StringVector)vector;
                    var handle = GCHandle.Alloc(s.RawData, GCHandleType.Pinned);
                    try
                    {
                        var values = new ByteArray[n];
                        var k = 0;
                        var basePtr = handle.AddrOfPinnedObject();
                        for (var i = 0; i < n; i++)
                        {
                            if (defs[i] > 0)
                            {
                                values[k++] = new ByteArray(basePtr + s.RawOffsets[i], s.RawOffsets[i + 1] - s.RawOffsets[i]);
                            }
                        }

                        w.WriteBatch(n, defs, default, values.AsSpan(0, k));
                    }
                    finally
                    {
                        handle.Free();
                    }

                    break;
                }

            default:
                throw new NotSupportedException(column.GetType().Name);
        }
    }

    private static ReadOnlySpan<T> Dense<T>(ReadOnlySpan<T> values, short[] defs)
        where T : unmanaged
    {
        if (Array.IndexOf(defs, (short)0) < 0)
        {
            return values;
        }

        var dense = new T[values.Length];
        var k = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (defs[i] > 0)
            {
                dense[k++] = values[i];
            }
        }

        return dense.AsSpan(0, k);
    }
}
