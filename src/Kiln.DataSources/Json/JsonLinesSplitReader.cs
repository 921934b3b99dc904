using System.Text;
using System.Text.Json;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Errors;
using Kiln.DataSources.Files;
using Kiln.DataSources.Values;

namespace Kiln.DataSources.Json;

/// <summary>
/// Reads one JSON object per line of a <see cref="FileSplit"/> into batches with a <see cref="Utf8JsonReader"/> over
/// the line's bytes (no document per row). Fields match schema columns by name, exactly first, then ignoring case;
/// absent fields are null, unknown fields are skipped, and for a repeated key the first occurrence wins.
/// </summary>
/// <remarks>
/// Value conversion: JSON numbers fill int, bigint, double and decimal columns (a fraction in an integer column is
/// malformed); strings fill any column whose text parser accepts them (dates and timestamps by the configured
/// formats, "NaN" and "Infinity" for doubles); an empty string is null for non-string columns; objects, arrays,
/// numbers and booleans in a string column are kept as their JSON text. Single consumer; dispose to close the file.
/// </remarks>
public sealed class JsonLinesSplitReader : IRecordBatchReader
{
    private readonly RecordSource _source;
    private readonly JsonOptions _options;
    private readonly int _batchSize;
    private readonly Field[] _fields;
    private readonly byte[][] _names;
    private readonly ColumnSink?[] _fieldSinks;
    private readonly ColumnSink[] _outputSinks;
    private readonly ColumnSink? _corruptSink;
    private readonly bool[] _seen;
    private readonly CsvScratch _scratch = new();
    private int _rows;

    public JsonLinesSplitReader(FileSplit split, Schema schema, JsonOptions options, int batchSize = 8192, IReadOnlyList<int>? projection = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _options = options;
        _batchSize = batchSize;
        var corruptIndex = CsvSplitReader.CorruptColumnIndex(schema, options.ColumnNameOfCorruptRecord);
        _fields = schema.Fields.Where((_, i) => i != corruptIndex).ToArray();
        _names = _fields.Select(f => Encoding.UTF8.GetBytes(f.Name)).ToArray();
        _seen = new bool[_fields.Length];
        var columns = projection?.ToArray() ?? Enumerable.Range(0, schema.Count).ToArray();
        Schema = new Schema(columns.Select(c => schema[c]));
        _outputSinks = new ColumnSink[columns.Length];
        _fieldSinks = new ColumnSink?[_fields.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            var sink = ColumnSink.Create(schema[columns[j]].Type, batchSize, options.DateFormat, options.TimestampFormat);
            _outputSinks[j] = sink;
            if (columns[j] == corruptIndex)
            {
                _corruptSink = sink;
            }
            else
            {
                _fieldSinks[corruptIndex >= 0 && columns[j] > corruptIndex ? columns[j] - 1 : columns[j]] = sink;
            }
        }

        _source = new RecordSource(split);
    }

    public Schema Schema { get; }

    public RecordBatch? ReadBatch(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _rows = 0;
        while (_rows < _batchSize && _source.TryRead(out var line))
        {
            if (line.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            if (ParseLine(line))
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

    private bool ParseLine(ReadOnlySpan<byte> line)
    {
        Array.Clear(_seen);
        var bad = false;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Reject(line, -1, null, "a JSON object");
            }

            var guess = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var f = Match(ref reader, guess);
                reader.Read();
                if (f < 0 || _seen[f] || _fieldSinks[f] is not { } sink)
                {
                    reader.Skip();
                    continue;
                }

                _seen[f] = true;
                guess = f + 1;
                if (!AppendValue(ref reader, sink, line, out var valueText))
                {
                    sink.AppendNull();
                    if (_options.Mode == ParseMode.FailFast)
                    {
                        throw new MalformedRecordException(_source.Split.Path, _source.RecordLine, _fields[f].Name, f + 1, valueText, $"a JSON value convertible to {_fields[f].Type}");
                    }

                    bad = true;
                }
            }

            if (reader.Read())
            {
                return Reject(line, -1, null, "a single JSON object per line");
            }
        }
        catch (JsonException e)
        {
            return Reject(line, -1, e, "valid JSON");
        }

        for (var f = 0; f < _seen.Length; f++)
        {
            if (!_seen[f])
            {
                _fieldSinks[f]?.AppendNull();
            }
        }

        if (bad)
        {
            if (_options.Mode == ParseMode.DropMalformed)
            {
                Truncate();
                return false;
            }

            _corruptSink?.TryAppend(line);
            return true;
        }

        _corruptSink?.AppendNull();
        return true;
    }

    private bool Reject(ReadOnlySpan<byte> line, int field, Exception? inner, string expected)
    {
        if (_options.Mode == ParseMode.FailFast)
        {
            throw new MalformedRecordException(_source.Split.Path, _source.RecordLine, null, field + 1, Encoding.UTF8.GetString(line), expected, inner);
        }

        Truncate();
        if (_options.Mode == ParseMode.DropMalformed)
        {
            return false;
        }

        foreach (var sink in _fieldSinks)
        {
            sink?.AppendNull();
        }

        _corruptSink?.TryAppend(line);
        return true;
    }

    private void Truncate()
    {
        foreach (var s in _outputSinks)
        {
            s.Truncate(_rows);
        }
    }

    private int Match(ref Utf8JsonReader reader, int guess)
    {
        var n = _names.Length;
        for (var k = 0; k < n; k++)
        {
            var f = (guess + k) % n;
            if (reader.ValueTextEquals(_names[f]))
            {
                return f;
            }
        }

        var name = reader.GetString();
        for (var f = 0; f < n; f++)
        {
            if (string.Equals(_fields[f].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return f;
            }
        }

        return -1;
    }

    private bool AppendValue(ref Utf8JsonReader reader, ColumnSink sink, ReadOnlySpan<byte> line, out string? valueText)
    {
        valueText = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                sink.AppendNull();
                return true;
            case JsonTokenType.String:
                var text = reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan;
                if (text.IsEmpty)
                {
                    sink.AppendQuotedEmpty();
                    return true;
                }

                if (sink.TryAppend(text))
                {
                    return true;
                }

                valueText = Encoding.UTF8.GetString(text);
                return false;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                if (sink.TryAppend(reader.ValueSpan))
                {
                    return true;
                }

                valueText = Encoding.UTF8.GetString(reader.ValueSpan);
                return false;
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var raw = line[start..(int)reader.BytesConsumed];
                if (sink.Type.Id == TypeId.String)
                {
                    return sink.TryAppend(raw);
                }

                valueText = Encoding.UTF8.GetString(raw);
                return false;
        }
    }

    private ReadOnlySpan<byte> Unescape(ref Utf8JsonReader reader)
    {
        var buffer = _scratch.Rent(reader.ValueSpan.Length);
        var n = reader.CopyString(buffer);
        return buffer.AsSpan(0, n);
    }

    public void Dispose() => _source.Dispose();
}
