using System.Globalization;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.TpcH;

namespace Kiln.Tests.Parquet;

/// <summary>
/// Compares Kiln's rows with DuckDB's text, row by row in order and column by column: integers, decimals, strings,
/// dates and timestamps (as epoch microseconds) exactly, floating point within 1e-9 relative (TPC-H's rule).
/// </summary>
internal static class Oracle
{
    public static void Equal(TpchAnswer expected, IReadOnlyList<Row> actual, Schema schema)
    {
        var rows = expected.Rows!;
        Assert.Equal(expected.Columns!, schema.Names);
        Assert.True(rows.Count == actual.Count, $"Kiln returns {actual.Count} rows, DuckDB {rows.Count}");
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < schema.Count; c++)
            {
                var value = actual[r][c];
                var text = rows[r][c];
                Assert.True(Matches(value, schema[c].Type, text, expected.Types![c]),
                    $"row {r}, column {schema[c].Name} (Kiln {schema[c].Type}, DuckDB {expected.Types![c]}): Kiln has {Rows.Value(value is DateTime t ? ScalarValues.ToMicros(t) : value)}, DuckDB {text ?? "NULL"}");
            }
        }
    }

    private static bool Matches(object? value, DataType type, string? text, string duckType) => value switch
    {
        DateTime t => text == ScalarValues.ToMicros(t).ToString(CultureInfo.InvariantCulture),
        decimal m when text is not null => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == m,
        _ => TpchResultComparer.CellMatches(value, type, text, duckType),
    };
}
