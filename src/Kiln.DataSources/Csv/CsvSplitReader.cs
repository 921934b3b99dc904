using System.Text;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.DataSources.Errors;
using Kiln.DataSources.Files;
using Kiln.DataSources.Values;

namespace Kiln.DataSources.Csv;

/// <summary>
/// Reads the CSV records of one <see cref="FileSplit"/> into batches, parsing values straight from the file's UTF-8
/// bytes. Only projected columns are parsed; the others are merely stepped over.
/// </summary>
/// <remarks>
/// The schema lists the file's columns in order; a string field named <see cref="CsvOptions.ColumnNameOfCorruptRecord"/>
/// is not a file column but receives the raw text of malformed records (PERMISSIVE mode). With
/// <see cref="CsvOptions.Header"/>, the first non-empty line of the split starting at offset 0 is skipped.
/// Blank lines are skipped. Single consumer; dispose to close the file.
/// </remarks>
public sealed class CsvSplitReader : IRecordBatchReader
{
    private readonly RecordSource _source;
    private readonly CsvOptions _options;
    private readonly int _batchSize;
    private readonly Field[] _dataFields;
    private readonly ColumnSink?[] _fieldSinks;
    private readonly ColumnSink[] _outputSinks;
    private readonly ColumnSink? _corruptSink;
    private readonly int _lastNeeded;
    private readonly byte _delimiter;
    private readonly byte _quote;
    private readonly byte _escape;
    private readonly byte[] _nullValue;
    private readonly CsvScratch _scratch = new();
    private bool _headerPending;
    private int _rows;

    public CsvSplitReader(FileSplit split, Schema schema, CsvOptions options, int batchSize = 8192, IReadOnlyList<int>? projection = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _options = options;
        _batchSize = batchSize;
        _delimiter = (byte)options.Delimiter;
        _quote = (byte)options.Quote;
        _escape = (byte)options.Escape;
        _nullValue = Encoding.UTF8.GetBytes(options.NullValue);
        var corruptIndex = CorruptColumnIndex(schema, options.ColumnNameOfCorruptRecord);
        _dataFields = schema.Fields.Where((_, i) => i != corruptIndex).ToArray();
        var columns = projection?.ToArray() ?? Enumerable.Range(0, schema.Count).ToArray();
        Schema = new Schema(columns.Select(c => schema[c]));
        _outputSinks = new ColumnSink[columns.Length];
        _fieldSinks = new ColumnSink?[_dataFields.Length];
        _lastNeeded = -1;
        for (var j = 0; j < columns.Length; j++)
        {
            var sink = ColumnSink.Create(schema[columns[j]].Type, batchSize, options.DateFormat, options.TimestampFormat);
            _outputSinks[j] = sink;
            if (columns[j] == corruptIndex)
            {
                _corruptSink = sink;
                continue;
            }

            var dataIndex = corruptIndex >= 0 && columns[j] > corruptIndex ? columns[j] - 1 : columns[j];
            if (_fieldSinks[dataIndex] is not null)
            {
                throw new ArgumentException($"column {columns[j]} is projected twice", nameof(projection));
            }

            _fieldSinks[dataIndex] = sink;
            _lastNeeded = Math.Max(_lastNeeded, dataIndex);
        }

        _headerPending = options.Header && split.Start == 0;
        _source = new RecordSource(split, options.MultiLine, _quote, _escape);
    }

    public Schema Schema { get; }

    /// <summary>The index of the corrupt-record column in <paramref name="schema"/>, or -1 when it has none.</summary>
    public static int CorruptColumnIndex(Schema schema, string name)
    {
        ArgumentNullException.ThrowIfNull(schema);
        for (var i = 0; i < schema.Count; i++)
        {
            if (schema[i].Name == name && schema[i].Type.Id == TypeId.String)
            {
                return i;
            }
        }

        return -1;
    }

    public RecordBatch? ReadBatch(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _rows = 0;
        while (_rows < _batchSize && _source.TryRead(out var record))
        {
            if (record.IsEmpty)
            {
                continue;
            }

            if (_headerPending)
            {
                _headerPending = false;
                continue;
            }

            if (ParseRecord(record))
            {
                _rows++;
            }
        }

        if (_rows == 0)
        {
            return null;
        }

        var columns = new ColumnVector[_outputSinks.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = _outputSinks[j].Build();
        }

        return new RecordBatch(Schema, columns, _rows);
    }

    private bool ParseRecord(ReadOnlySpan<byte> record)
    {
        var cursor = new CsvFieldCursor(record, _delimiter, _quote, _escape, _scratch);
        var fieldCount = 0;
        var badField = -1;
        var nData = _dataFields.Length;
        while (cursor.MoveNext(out var value, out var quoted, out var wellFormed))
        {
            var f = fieldCount++;
            if (!wellFormed && badField < 0)
            {
                badField = f;
                if (_options.Mode == ParseMode.FailFast)
                {
                    throw Malformed(f, value, "a closing quote followed by a delimiter or the end of the line");
                }
            }

            if (f < nData && _fieldSinks[f] is { } sink)
            {
                if (value.IsEmpty)
                {
                    if (quoted)
                    {
                        sink.AppendQuotedEmpty();
                    }
                    else
                    {
                        sink.AppendNull();
                    }
                }
                else if (!quoted && _nullValue.Length > 0 && value.SequenceEqual(_nullValue))
                {
                    sink.AppendNull();
                }
                else if (!sink.TryAppend(value))
                {
                    sink.AppendNull();
                    if (_options.Mode == ParseMode.FailFast)
                    {
                        throw Malformed(f, value, $"a {DescribeType(sink.Type)}");
                    }

                    badField = badField < 0 ? f : badField;
                }
            }

            if (fieldCount > _lastNeeded)
            {
                fieldCount += cursor.CountRemaining();
                break;
            }
        }

        if (fieldCount < nData)
        {
            for (var f = fieldCount; f <= _lastNeeded; f++)
            {
                _fieldSinks[f]?.AppendNull();
            }
        }

        if (fieldCount != nData || badField >= 0)
        {
            if (_options.Mode == ParseMode.FailFast)
            {
                throw new MalformedRecordException(
                    _source.Split.Path, _source.RecordLine, fieldCount < nData ? _dataFields[fieldCount].Name : null, fieldCount < nData ? fieldCount + 1 : 0,
                    Encoding.UTF8.GetString(record), $"{nData} fields but found {fieldCount}");
            }

            if (_options.Mode == ParseMode.DropMalformed)
            {
                foreach (var s in _outputSinks)
                {
                    s.Truncate(_rows);
                }

                return false;
            }

            _corruptSink?.TryAppend(record);
            return true;
        }

        _corruptSink?.AppendNull();
        return true;
    }

    private MalformedRecordException Malformed(int field, ReadOnlySpan<byte> value, string expected)
    {
        var name = field < _dataFields.Length ? _dataFields[field].Name : null;
        return new MalformedRecordException(_source.Split.Path, _source.RecordLine, name, field + 1, Encoding.UTF8.GetString(value), expected);
    }

    private string DescribeType(DataType type) => type.Id switch
    {
        TypeId.Date => $"date in format '{_options.DateFormat}'",
        TypeId.Timestamp => $"timestamp in format '{_options.TimestampFormat}'",
        TypeId.Int32 => "int (32-bit integer)",
        TypeId.Int64 => "bigint (64-bit integer)",
        TypeId.Boolean => "boolean (true or false)",
        _ => type.ToString(),
    };

    public void Dispose() => _source.Dispose();
}
