using System.Globalization;
using System.Text.Json;
using Kiln.Common.Types;

namespace Kiln.Tests.SqlCases;

/// <summary>
/// One SQL case file: input tables (schema and rows as data), a query, and the expected result (generated from DuckDB by
/// generate-expected.mjs, or stated from Spark's semantics where the two differ, with the reason in <see cref="Spark"/>),
/// or the error Kiln must raise and where.
/// </summary>
public sealed record SqlCase(string Name, string Query, IReadOnlyDictionary<string, (Schema Schema, IReadOnlyList<object?[]> Rows)> Tables, IReadOnlyList<string>? Expected, SqlCaseError? Error, string? Spark)
{
    public static string Directory(string suite) => Path.Combine(AppContext.BaseDirectory, "SqlCases", suite);

    public static IEnumerable<string> Names(string suite) =>
        System.IO.Directory.GetFiles(Directory(suite), "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);

    public static SqlCase Load(string suite, string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory(suite), name + ".json")));
        var root = doc.RootElement;
        var tables = new Dictionary<string, (Schema, IReadOnlyList<object?[]>)>();
        foreach (var table in root.GetProperty("tables").EnumerateObject())
        {
            var schema = Schema.ParseDdl(table.Value.GetProperty("schema").GetString()!);
            var rows = table.Value.GetProperty("rows").EnumerateArray()
                .Select(r => r.EnumerateArray().Select((v, i) => Value(v, schema[i].Type)).ToArray()).ToList();
            tables[table.Name] = (schema, rows);
        }

        var expected = root.TryGetProperty("expected", out var e)
            ? e.GetProperty("rows").EnumerateArray().Select(r => Text(r.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.ToString()))).ToList()
            : null;
        var error = root.TryGetProperty("error", out var x)
            ? new SqlCaseError(x.GetProperty("contains").GetString()!, x.GetProperty("line").GetInt32(), x.GetProperty("column").GetInt32())
            : null;
        var spark = root.TryGetProperty("spark", out var s) ? s.GetString() : null;
        return new SqlCase(name, root.GetProperty("query").GetString()!, tables, expected, error, spark);
    }

    /// <summary>A result row as canonical text: NULL, numbers to 10 significant digits (so bigint 3 = decimal 3.00 = double 3.0), dates as yyyy-MM-dd.</summary>
    public static string Text(IEnumerable<string?> values) => "[" + string.Join("|", values.Select(Canonical)) + "]";

    public static string Text(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Text(row.Values.Select(v => v switch
        {
            null => null,
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));
    }

    private static string Canonical(string? value) =>
        value is null ? "NULL"
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("G10", CultureInfo.InvariantCulture)
        : value;

    private static object? Value(JsonElement v, DataType type)
    {
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = v.ToString();
        return type.Id switch
        {
            TypeId.Int32 => int.Parse(text, CultureInfo.InvariantCulture),
            TypeId.Int64 => long.Parse(text, CultureInfo.InvariantCulture),
            TypeId.Float64 => double.Parse(text, CultureInfo.InvariantCulture),
            TypeId.Decimal => decimal.Parse(text, CultureInfo.InvariantCulture),
            TypeId.Date => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            TypeId.Boolean => bool.Parse(text),
            _ => text,
        };
    }
}
