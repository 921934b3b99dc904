using System.Buffers;
using System.Text;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.DataSources.Values;

namespace Kiln.DataSources.Csv;

/// <summary>
/// Writes batches as CSV in UTF-8, honoring header, delimiter, quote, escape and nullValue. A string is quoted when
/// it contains the delimiter, the quote, the escape or a line break, or when it could be mistaken for null (empty
/// while nullValue is empty, or equal to nullValue). Nulls are written as nullValue (empty by default).
/// </summary>
/// <remarks>Not thread-safe. Dispose flushes, and closes the stream unless leaveOpen.</remarks>
public sealed class CsvWriter : IRecordBatchWriter
{
    private readonly Utf8Output _out;
    private readonly byte _delimiter;
    private readonly byte _quote;
    private readonly byte _escape;
    private readonly byte[] _nullValue;
    private readonly SearchValues<byte> _special;

    public CsvWriter(Stream stream, Schema schema, CsvOptions options, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        Schema = schema;
        _out = new Utf8Output(stream, leaveOpen);
        _delimiter = (byte)options.Delimiter;
        _quote = (byte)options.Quote;
        _escape = (byte)options.Escape;
        _nullValue = Encoding.UTF8.GetBytes(options.NullValue);
        _special = SearchValues.Create([_delimiter, _quote, _escape, (byte)'\n', (byte)'\r']);
        if (options.Header)
        {
            for (var c = 0; c < schema.Count; c++)
            {
                if (c > 0)
                {
                    _out.WriteByte(_delimiter);
                }

                WriteString(Encoding.UTF8.GetBytes(schema[c].Name));
            }

            _out.WriteByte((byte)'\n');
        }
    }

    public Schema Schema { get; }

    public long RowsWritten { get; private set; }

    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var columns = batch.Columns;
        for (var r = 0; r < batch.RowCount; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0)
                {
                    _out.WriteByte(_delimiter);
                }

                var column = columns[c];
                if (column.IsNull(r))
                {
                    _out.Write(_nullValue);
                    continue;
                }

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
                        _out.WriteDouble(((PrimitiveVector<double>)column)[r]);
                        break;
                    case TypeId.Decimal:
                        _out.WriteDecimal(((PrimitiveVector<Int128>)column)[r], column.Type.Scale);
                        break;
                    case TypeId.Boolean:
                        _out.Write(((PrimitiveVector<bool>)column)[r] ? "true"u8 : "false"u8);
                        break;
                    case TypeId.Date:
                        _out.WriteDate(((PrimitiveVector<int>)column)[r]);
                        break;
                    case TypeId.Timestamp:
                        _out.WriteTimestamp(((PrimitiveVector<long>)column)[r]);
                        break;
                    default:
                        throw new NotSupportedException($"columns of type {column.Type} cannot be written as CSV");
                }
            }

            _out.WriteByte((byte)'\n');
        }

        RowsWritten += batch.RowCount;
    }

    private void WriteString(ReadOnlySpan<byte> value)
    {
        var needsQuotes = value.IndexOfAny(_special) >= 0
            || (value.IsEmpty && _nullValue.Length == 0)
            || (_nullValue.Length > 0 && value.SequenceEqual(_nullValue));
        if (!needsQuotes)
        {
            _out.Write(value);
            return;
        }

        _out.WriteByte(_quote);
        foreach (var b in value)
        {
            if (b == _quote || (b == _escape && _escape != _quote))
            {
                _out.WriteByte(_escape);
            }

            _out.WriteByte(b);
        }

        _out.WriteByte(_quote);
    }

    public void Flush() => _out.Flush();

    public void Dispose() => _out.Dispose();
}
