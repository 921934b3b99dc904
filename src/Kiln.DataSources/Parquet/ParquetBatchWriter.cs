using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using ParquetSharp;
using ParquetSharp.IO;
using ParquetSharp.Schema;

namespace Kiln.DataSources.Parquet;

/// <summary>
/// Writes batches as one Parquet file through ParquetSharp's physical column writers, in row groups of
/// <see cref="ParquetOptions.RowGroupSize"/> rows compressed with <see cref="ParquetOptions.Compression"/>
/// (dictionary encoding and statistics on, as Arrow and Spark write them).
/// </summary>
/// <remarks>
/// Types as Spark writes them: boolean, int (INT32), bigint (INT64), double, decimal(p,s) as INT32 (p ≤ 9), INT64
/// (p ≤ 18) or the shortest FIXED_LEN_BYTE_ARRAY, string (BYTE_ARRAY UTF8), date (INT32 DATE), timestamp (INT64
/// TIMESTAMP(MICROS, UTC)); every column optional. Not thread-safe; Dispose finishes the file (its footer).
/// </remarks>
public sealed class ParquetBatchWriter : IRecordBatchWriter
{
    private readonly ParquetFileWriter _writer;
    private readonly OutputStream _output;
    private readonly ParquetOptions _options;
    private readonly int[] _fixedLengths;
    private RowGroupWriter? _group;
    private long _groupRows;
    private short[] _defs = [];
    private bool _disposed;

    public ParquetBatchWriter(Stream stream, Schema schema, ParquetOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _options = options ?? ParquetOptions.Default;
        _fixedLengths = schema.Fields.Select(f => f.Type.Id == TypeId.Decimal && f.Type.Precision > 18 ? DecimalBytes(f.Type.Precision) : 0).ToArray();
        var nodes = schema.Fields.Select((f, i) => Node(f, _fixedLengths[i])).ToArray();
        using var root = new GroupNode("spark_schema", Repetition.Required, nodes);
        foreach (var n in nodes)
        {
            n.Dispose();
        }

        using var builder = new WriterPropertiesBuilder();
        using var properties = builder.Compression(_options.Codec).CreatedBy("kiln").Build();
        _output = new ManagedOutputStream(stream, leaveOpen: false);
        _writer = new ParquetFileWriter(_output, root, properties);
    }

    public Schema Schema { get; }

    public long RowsWritten { get; private set; }

    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var offset = 0;
        while (offset < batch.RowCount)
        {
            _group ??= _writer.AppendBufferedRowGroup();
            var n = (int)Math.Min(batch.RowCount - offset, _options.RowGroupSize - _groupRows);
            var part = offset == 0 && n == batch.RowCount ? batch : new RecordBatch(batch.Schema, batch.Columns.Select(c => c.Slice(offset, n)).ToArray(), n);
            for (var c = 0; c < Schema.Count; c++)
            {
                using var column = _group.Column(c);
                WriteColumn(column, part.Column(c), _fixedLengths[c]);
            }

            offset += n;
            _groupRows += n;
            RowsWritten += n;
            if (_groupRows >= _options.RowGroupSize)
            {
                CloseGroup();
            }
        }
    }

    public void Flush()
    {
    }

    private void CloseGroup()
    {
        if (_group is not null)
        {
            _group.Close();
            _group.Dispose();
            _group = null;
            _groupRows = 0;
        }
    }

    private static Node Node(Field f, int fixedLength)
    {
        var t = f.Type;
        return t.Id switch
        {
            TypeId.Boolean => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.None(), PhysicalType.Boolean),
            TypeId.Int32 => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.None(), PhysicalType.Int32),
            TypeId.Int64 => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.None(), PhysicalType.Int64),
            TypeId.Float64 => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.None(), PhysicalType.Double),
            TypeId.String => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.String(), PhysicalType.ByteArray),
            TypeId.Date => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.Date(), PhysicalType.Int32),
            TypeId.Timestamp => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.Timestamp(true, TimeUnit.Micros), PhysicalType.Int64),
            TypeId.Decimal when t.Precision <= 9 => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.Decimal(t.Precision, t.Scale), PhysicalType.Int32),
            TypeId.Decimal when t.Precision <= 18 => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.Decimal(t.Precision, t.Scale), PhysicalType.Int64),
            TypeId.Decimal => new PrimitiveNode(f.Name, Repetition.Optional, LogicalType.Decimal(t.Precision, t.Scale), PhysicalType.FixedLenByteArray, fixedLength),
            _ => throw new NotSupportedException($"column '{f.Name}' has type {t}, which cannot be written to Parquet; cast it to another type first"),
        };
    }

    /// <summary>The fewest bytes whose two's complement holds every unscaled value of the precision.</summary>
    private static int DecimalBytes(int precision)
    {
        var limit = Int128.One;
        for (var i = 0; i < precision; i++)
        {
            limit *= 10;
        }

        for (var n = 1; n < 16; n++)
        {
            if ((Int128.One << ((8 * n) - 1)) >= limit)
            {
                return n;
            }
        }

        return 16;
    }

    private void WriteColumn(ColumnWriter writer, ColumnVector vector, int fixedLength)
    {
        var n = vector.Length;
        if (_defs.Length < n)
        {
            _defs = new short[n];
        }

        var defs = _defs.AsSpan(0, n);
        var nulls = 0;
        if (vector.Validity is null)
        {
            defs.Fill(1);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                var valid = !vector.IsNull(i);
                defs[i] = valid ? (short)1 : (short)0;
                nulls += valid ? 0 : 1;
            }
        }

        switch (writer)
        {
            case ColumnWriter<bool> w:
                w.WriteBatch(n, defs, default, Dense<bool, bool>(((PrimitiveVector<bool>)vector).Values, defs, nulls, v => v));
                break;
            case ColumnWriter<int> w when vector is PrimitiveVector<Int128> dec:
                w.WriteBatch(n, defs, default, Dense<Int128, int>(dec.Values, defs, nulls, v => (int)v));
                break;
            case ColumnWriter<int> w:
                w.WriteBatch(n, defs, default, Dense<int, int>(((PrimitiveVector<int>)vector).Values, defs, nulls, v => v));
                break;
            case ColumnWriter<long> w when vector is PrimitiveVector<Int128> dec:
                w.WriteBatch(n, defs, default, Dense<Int128, long>(dec.Values, defs, nulls, v => (long)v));
                break;
            case ColumnWriter<long> w:
                w.WriteBatch(n, defs, default, Dense<long, long>(((PrimitiveVector<long>)vector).Values, defs, nulls, v => v));
                break;
            case ColumnWriter<double> w:
                w.WriteBatch(n, defs, default, Dense<double, double>(((PrimitiveVector<double>)vector).Values, defs, nulls, v => v));
                break;
            case ColumnWriter<ByteArray> w:
                WriteStrings(w, (StringVector)vector, defs, nulls);
                break;
            case ColumnWriter<FixedLenByteArray> w:
                WriteFixedDecimals(w, (PrimitiveVector<Int128>)vector, defs, nulls, fixedLength);
                break;
            default:
                throw new NotSupportedException(writer.GetType().Name);
        }
    }

    private static ReadOnlySpan<TOut> Dense<TIn, TOut>(ReadOnlySpan<TIn> values, ReadOnlySpan<short> defs, int nulls, Func<TIn, TOut> convert)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        if (nulls == 0 && typeof(TIn) == typeof(TOut))
        {
            return MemoryMarshal.Cast<TIn, TOut>(values);
        }

        var dense = new TOut[values.Length - nulls];
        for (int i = 0, k = 0; i < values.Length; i++)
        {
            if (defs[i] != 0)
            {
                dense[k++] = convert(values[i]);
            }
        }

        return dense;
    }

    private static void WriteStrings(ColumnWriter<ByteArray> writer, StringVector vector, ReadOnlySpan<short> defs, int nulls)
    {
        var n = vector.Length;
        var values = new ByteArray[n - nulls];
        var handle = GCHandle.Alloc(vector.RawData, GCHandleType.Pinned);
        try
        {
            var basePtr = handle.AddrOfPinnedObject();
            var offsets = vector.RawOffsets;
            for (int i = 0, k = 0; i < n; i++)
            {
                if (defs[i] != 0)
                {
                    values[k++] = new ByteArray(basePtr + offsets[i], offsets[i + 1] - offsets[i]);
                }
            }

            writer.WriteBatch(n, defs, default, values);
        }
        finally
        {
            handle.Free();
        }
    }

    private static void WriteFixedDecimals(ColumnWriter<FixedLenByteArray> writer, PrimitiveVector<Int128> vector, ReadOnlySpan<short> defs, int nulls, int width)
    {
        var n = vector.Length;
        var bytes = new byte[(n - nulls) * width];
        var values = new FixedLenByteArray[n - nulls];
        Span<byte> buffer = stackalloc byte[16];
        var handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        try
        {
            var basePtr = handle.AddrOfPinnedObject();
            for (int i = 0, k = 0; i < n; i++)
            {
                if (defs[i] != 0)
                {
                    BinaryPrimitives.WriteInt128BigEndian(buffer, vector[i]);
                    buffer[(16 - width)..].CopyTo(bytes.AsSpan(k * width));
                    values[k] = new FixedLenByteArray(basePtr + (k * width));
                    k++;
                }
            }

            writer.WriteBatch(n, defs, default, values);
        }
        finally
        {
            handle.Free();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CloseGroup();
        _writer.Close();
        _writer.Dispose();
        _output.Dispose();
    }
}
