using System.Text.Json;
using Kiln.Common.Types;
using Kiln.DataSources.Files;
using Kiln.DataSources.Values;

namespace Kiln.DataSources.Json;

/// <summary>
/// Derives a schema from JSON lines files: the union of top-level keys in first-seen order, each typed by widening
/// its values (<see cref="TypeWidening"/>).
/// </summary>
/// <remarks>
/// Integer literals are int or bigint (beyond bigint: double), other numbers double, true/false boolean, strings
/// string (dates and timestamps are not guessed from strings), objects and arrays string (their JSON text); keys
/// only ever null are strings. In PERMISSIVE mode, when a sampled line is not a JSON object, a string column named
/// columnNameOfCorruptRecord is appended, as Spark does. Sampling keeps each line with probability samplingRatio,
/// from a fixed seed.
/// </remarks>
public static class JsonSchemaInference
{
    public static Schema Infer(IReadOnlyList<string> files, JsonOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        var names = new List<string>();
        var types = new List<DataType>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var random = new Random(42);
        var anyCorrupt = false;
        var n = 0L;
        foreach (var file in files)
        {
            using var source = new RecordSource(FileSplit.WholeFile(file));
            while (source.TryRead(out var line))
            {
                if (line.Trim(" \t"u8).IsEmpty || (options.SamplingRatio < 1 && random.NextDouble() >= options.SamplingRatio))
                {
                    continue;
                }

                if ((++n & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                anyCorrupt |= !Visit(line, names, types, index);
            }
        }

        var fields = names.Select((name, i) => new Field(name, TypeWidening.Finish(types[i]))).ToList();
        if (anyCorrupt && options.Mode == ParseMode.Permissive && !index.ContainsKey(options.ColumnNameOfCorruptRecord))
        {
            fields.Add(new Field(options.ColumnNameOfCorruptRecord, DataType.String));
        }

        return new Schema(fields);
    }

    private static bool Visit(ReadOnlySpan<byte> line, List<string> names, List<DataType> types, Dictionary<string, int> index)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var found = new List<(string Name, DataType Type)>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                found.Add((name, TypeOf(ref reader)));
            }

            if (reader.Read())
            {
                return false;
            }

            foreach (var (name, type) in found)
            {
                if (!index.TryGetValue(name, out var i))
                {
                    index[name] = i = names.Count;
                    names.Add(name);
                    types.Add(DataType.Null);
                }

                types[i] = TypeWidening.Widen(types[i], type);
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static DataType TypeOf(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return DataType.Null;
            case JsonTokenType.True or JsonTokenType.False:
                return DataType.Boolean;
            case JsonTokenType.Number:
                var span = reader.ValueSpan;
                if (span.IndexOfAny(".eE"u8) < 0 && Utf8Values.TryParseInt64(span, out var l))
                {
                    return l is >= int.MinValue and <= int.MaxValue ? DataType.Int32 : DataType.Int64;
                }

                return DataType.Float64;
            case JsonTokenType.String:
                return DataType.String;
            default:
                reader.Skip();
                return DataType.String;
        }
    }
}
