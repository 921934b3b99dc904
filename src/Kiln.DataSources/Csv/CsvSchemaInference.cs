using System.Text;
using Kiln.Common.Types;
using Kiln.DataSources.Files;
using Kiln.DataSources.Values;

namespace Kiln.DataSources.Csv;

/// <summary>
/// Derives a schema from CSV files. Column names come from the header (or are <c>_c0, _c1, ...</c>); the column
/// count is that of the first non-empty line. Without <see cref="CsvOptions.InferSchema"/> every column is a string.
/// </summary>
/// <remarks>
/// Each sampled non-null value is classified as the first of int, bigint, double (also NaN and Infinity), boolean,
/// date (by dateFormat), timestamp (by timestampFormat) that parses it, else string; a column's type is the
/// widening of its values' types (<see cref="TypeWidening"/>). Empty fields and nullValue are ignored; a column with
/// no value is a string. Decimals are never inferred (numbers beyond bigint are doubles). Sampling keeps each row
/// with probability samplingRatio, from a fixed seed, so the result is repeatable.
/// </remarks>
public static class CsvSchemaInference
{
    public static Schema Infer(IReadOnlyList<string> files, CsvOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        var scratch = new CsvScratch();
        var nullValue = Encoding.UTF8.GetBytes(options.NullValue);
        string[]? names = null;
        DataType[] types = [];
        var random = new Random(42);
        foreach (var file in files)
        {
            using var source = new RecordSource(FileSplit.WholeFile(file), options.MultiLine, (byte)options.Quote, (byte)options.Escape);
            var first = true;
            var n = 0L;
            while (source.TryRead(out var record))
            {
                if (record.IsEmpty)
                {
                    continue;
                }

                if (names is null)
                {
                    names = ReadNames(record, options, scratch);
                    types = new DataType[names.Length];
                    Array.Fill(types, DataType.Null);
                }

                if (first && options.Header)
                {
                    first = false;
                    continue;
                }

                first = false;
                if ((++n & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (!options.InferSchema || (options.SamplingRatio < 1 && random.NextDouble() >= options.SamplingRatio))
                {
                    continue;
                }

                var cursor = new CsvFieldCursor(record, (byte)options.Delimiter, (byte)options.Quote, (byte)options.Escape, scratch);
                for (var i = 0; i < types.Length && cursor.MoveNext(out var value, out var quoted, out _); i++)
                {
                    if (types[i].Id == TypeId.String || value.IsEmpty || (!quoted && nullValue.Length > 0 && value.SequenceEqual(nullValue)))
                    {
                        continue;
                    }

                    types[i] = TypeWidening.Widen(types[i], Classify(value, options));
                }
            }
        }

        if (names is null)
        {
            return Schema.Empty;
        }

        return new Schema(names.Select((name, i) => new Field(name, options.InferSchema ? TypeWidening.Finish(types[i]) : DataType.String)));
    }

    private static string[] ReadNames(ReadOnlySpan<byte> record, CsvOptions options, CsvScratch scratch)
    {
        var raw = new List<string>();
        var cursor = new CsvFieldCursor(record, (byte)options.Delimiter, (byte)options.Quote, (byte)options.Escape, scratch);
        while (cursor.MoveNext(out var value, out _, out _))
        {
            raw.Add(options.Header ? Encoding.UTF8.GetString(value) : string.Empty);
        }

        return options.Header ? TypeWidening.MakeUnique(raw) : raw.Select((_, i) => $"_c{i}").ToArray();
    }

    internal static DataType Classify(ReadOnlySpan<byte> value, CsvOptions options)
    {
        if (Utf8Values.TryParseInt64(value, out var l))
        {
            return l is >= int.MinValue and <= int.MaxValue ? DataType.Int32 : DataType.Int64;
        }

        if (Utf8Values.TryParseDouble(value, out _))
        {
            return DataType.Float64;
        }

        if (Utf8Values.TryParseBoolean(value, out _))
        {
            return DataType.Boolean;
        }

        if (options.DateFormat.TryParseDate(value, out _))
        {
            return DataType.Date;
        }

        return options.TimestampFormat.TryParse(value, out _) ? DataType.Timestamp : DataType.String;
    }
}
