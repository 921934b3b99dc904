using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.DataSources.Values;

namespace Kiln.DataSources.Json;

/// <summary>
/// Writes batches as JSON lines in UTF-8: one object per row, fields in schema order, null fields omitted (as Spark
/// does). Dates and timestamps are strings in ISO form (<c>yyyy-MM-dd</c>, <c>yyyy-MM-dd HH:mm:ss[.ffffff]</c>);
/// non-finite doubles are the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>; decimals are numbers.
/// </summary>
/// <remarks>Not thread-safe. Dispose flushes, and closes the stream unless leaveOpen.</remarks>
public sealed class JsonLinesWriter : IRecordBatchWriter
{
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private static readonly JsonSerializerOptions KeyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Utf8Output _out;
    private readonly byte[][] _keys;

    public JsonLinesWriter(Stream stream, Schema schema, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _out = new Utf8Output(stream, leaveOpen);
        _keys = schema.Fields
            .Select(f => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(f.Name, KeyOptions) + ":"))
            .ToArray();
    }

    public Schema Schema { get; }

    public long RowsWritten { get; private set; }

    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var columns = batch.Columns;
        for (var r = 0; r < batch.RowCount; r++)
        {
            _out.WriteByte((byte)'{');
            var first = true;
            for (var c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                if (column.IsNull(r))
                {
                    continue;
                }

                if (!first)
                {
                    _out.WriteByte((byte)',');
                }

                first = false;
                _out.Write(_keys[c]);
                WriteValue(column, r);
            }

            _out.Write("}\n"u8);
        }

        RowsWritten += batch.RowCount;
    }

    private void WriteValue(ColumnVector column, int r)
    {
        switch (column.Type.Id)
        {
            case TypeId.String:
                WriteString(((StringVector)column).GetBytes(r));
                break;
            case TypeId.Int32:
                _out.WriteInt64(((PrimitiveVector<int>)column)[r]);
                break;
            case TypeId.Int64:
                _out.WriteInt64(((PrimitiveVector<long>)column)[r]);
                break;
            case TypeId.Float64:
                var d = ((PrimitiveVector<double>)column)[r];
                if (double.IsFinite(d))
                {
                    _out.WriteDouble(d);
                }
                else
                {
                    _out.WriteByte((byte)'"');
                    _out.WriteDouble(d);
                    _out.WriteByte((byte)'"');
                }

                break;
            case TypeId.Decimal:
                _out.WriteDecimal(((PrimitiveVector<Int128>)column)[r], column.Type.Scale);
                break;
            case TypeId.Boolean:
                _out.Write(((PrimitiveVector<bool>)column)[r] ? "true"u8 : "false"u8);
                break;
            case TypeId.Date:
                _out.WriteByte((byte)'"');
                _out.WriteDate(((PrimitiveVector<int>)column)[r]);
                _out.WriteByte((byte)'"');
                break;
            case TypeId.Timestamp:
                _out.WriteByte((byte)'"');
                _out.WriteTimestamp(((PrimitiveVector<long>)column)[r]);
                _out.WriteByte((byte)'"');
                break;
            default:
                throw new NotSupportedException($"columns of type {column.Type} cannot be written as JSON");
        }
    }

    private void WriteString(ReadOnlySpan<byte> value)
    {
        _out.WriteByte((byte)'"');
        while (true)
        {
            var i = value.IndexOfAny(NeedsEscape);
            if (i < 0)
            {
                _out.Write(value);
                break;
            }

            _out.Write(value[..i]);
            var b = value[i];
            switch (b)
            {
                case (byte)'"': _out.Write("\\\""u8); break;
                case (byte)'\\': _out.Write("\\\\"u8); break;
                case (byte)'\n': _out.Write("\\n"u8); break;
                case (byte)'\r': _out.Write("\\r"u8); break;
                case (byte)'\t': _out.Write("\\t"u8); break;
                default:
                    _out.Write("\\u00"u8);
                    _out.WriteByte((byte)"0123456789abcdef"[b >> 4]);
                    _out.WriteByte((byte)"0123456789abcdef"[b & 15]);
                    break;
            }

            value = value[(i + 1)..];
        }

        _out.WriteByte((byte)'"');
    }

    public void Flush() => _out.Flush();

    public void Dispose() => _out.Dispose();
}
