using System.Globalization;
using System.Numerics;
using System.Text;
using Kiln.Common.Types;

namespace Kiln.TpcH;

/// <summary>
/// Compares Kiln's result of a query with DuckDB's: integers, strings and dates exactly; floating point within
/// 1e-9 relative. Decimals are exact when Kiln's type keeps at least DuckDB's scale; otherwise (Kiln follows Spark's
/// decimal typing, so avg and division round to a fixed scale where DuckDB returns a double) they may also differ by
/// half a unit in the last place of Kiln's type. Rows are compared in order, group by group of equal ORDER BY keys;
/// within a group of ties (which the query leaves in any order) as multisets; for a query with LIMIT, the last group
/// may be cut off anywhere, so only its keys are compared.
/// </summary>
public static class TpchResultComparer
{
    private const double RelativeTolerance = 1e-9;

    /// <summary>Null when Kiln's result of TPC-H query <paramref name="query"/> matches the expected one; otherwise the first difference.</summary>
    public static string? Difference(int query, IReadOnlyList<Row> actual, Schema schema, TpchAnswer expected) =>
        Difference(actual, schema, expected, TpchQueries.OrderKeyColumns(query), TpchQueries.HasLimit(query));

    /// <summary>Null when the results match; otherwise a description of the first difference.</summary>
    public static string? Difference(IReadOnlyList<Row> actual, Schema schema, TpchAnswer expected, IReadOnlyList<int> orderKeys, bool hasLimit)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(orderKeys);
        if (expected.Error is not null)
        {
            return $"there is no expected result: DuckDB failed with {expected.Error}";
        }

        var types = expected.Types!;
        var rows = expected.Rows!;
        if (schema.Fields.Count != types.Count)
        {
            return $"Kiln returns {schema.Fields.Count} columns ({string.Join(", ", schema.Names)}), DuckDB {types.Count} ({string.Join(", ", expected.Columns!)})";
        }

        if (actual.Count != rows.Count)
        {
            return $"Kiln returns {actual.Count} rows, DuckDB {rows.Count}\n{Sample(actual, rows)}";
        }

        var i = 0;
        while (i < rows.Count)
        {
            var j = i + 1;
            while (j < rows.Count && orderKeys.Count > 0 && orderKeys.All(k => rows[j][k] == rows[i][k]))
            {
                j++;
            }

            if (orderKeys.Count == 0)
            {
                j = rows.Count;
            }

            for (var r = i; r < j; r++)
            {
                foreach (var k in orderKeys)
                {
                    if (!CellMatches(actual[r][k], schema[k].Type, rows[i][k], types[k]))
                    {
                        return $"row {r}: ORDER BY column {k} ({schema[k].Name}) is {Show(actual[r][k])}, DuckDB has {rows[i][k] ?? "NULL"}\n{Sample(actual, rows)}";
                    }
                }
            }

            var cut = hasLimit && j == rows.Count;
            if (!cut)
            {
                var mine = Enumerable.Range(i, j - i).Select(r => actual[r]).ToList();
                var theirs = Enumerable.Range(i, j - i).Select(r => rows[r]).ToList();
                if (j - i > 1)
                {
                    mine.Sort((a, b) => CompareRows(Normalize(a.Values), Normalize(b.Values)));
                    theirs.Sort((a, b) => CompareRows(Normalize(a, types), Normalize(b, types)));
                }

                for (var r = 0; r < mine.Count; r++)
                {
                    for (var c = 0; c < types.Count; c++)
                    {
                        if (!CellMatches(mine[r][c], schema[c].Type, theirs[r][c], types[c]))
                        {
                            return $"row {i + r}, column {c} ({schema[c].Name}, Kiln {schema[c].Type}, DuckDB {types[c]}): Kiln has {Show(mine[r][c])}, DuckDB {theirs[r][c] ?? "NULL"}\n{Sample(actual, rows)}";
                        }
                    }
                }
            }

            i = j;
        }

        return null;
    }

    /// <summary>Whether one Kiln value matches DuckDB's text for it under the rules above.</summary>
    public static bool CellMatches(object? value, DataType type, string? expected, string duckType)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(duckType);
        if (expected is null || value is null)
        {
            return expected is null && value is null;
        }

        switch (value)
        {
            case string s:
                return s == expected;
            case DateOnly d:
                return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == expected;
            case bool b:
                return string.Equals(b ? "true" : "false", expected, StringComparison.OrdinalIgnoreCase);
            case int or long when IsIntegral(duckType):
                return BigInteger.TryParse(expected, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n == Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case decimal m when duckType.StartsWith("DECIMAL", StringComparison.Ordinal) && DuckScale(duckType) <= type.Scale:
                return decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) && e == m;
            case decimal m:
                return Close((double)m, expected, 0.5 * Math.Pow(10, -type.Scale));
            case int or long or double or float:
                return Close(Convert.ToDouble(value, CultureInfo.InvariantCulture), expected, 0);
            default:
                return false;
        }
    }

    private static bool Close(double actual, string expected, double halfUlpOfType)
    {
        if (!double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e))
        {
            return false;
        }

        var diff = Math.Abs(actual - e);
        var allowed = Math.Max(RelativeTolerance * Math.Max(Math.Abs(actual), Math.Abs(e)), halfUlpOfType * (1 + 1e-9));
        return actual == e || diff <= allowed;
    }

    private static bool IsIntegral(string duckType) => duckType is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT";

    private static int DuckScale(string duckType)
    {
        var comma = duckType.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? 0 : int.Parse(duckType[(comma + 1)..^1], CultureInfo.InvariantCulture);
    }

    private static bool IsNumeric(string duckType) => IsIntegral(duckType) || duckType.StartsWith("DECIMAL", StringComparison.Ordinal) || duckType is "DOUBLE" or "FLOAT";

    private static object?[] Normalize(IReadOnlyList<object?> values) => values.Select(v => v switch
    {
        null => null,
        int or long or decimal or double or float => (object)Convert.ToDouble(v, CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => v.ToString(),
    }).ToArray();

    private static object?[] Normalize(IReadOnlyList<string?> values, IReadOnlyList<string> types) => values.Select((v, i) => v switch
    {
        null => null,
        _ when IsNumeric(types[i]) => (object)double.Parse(v, CultureInfo.InvariantCulture),
        _ => v,
    }).ToArray();

    private static int CompareRows(object?[] a, object?[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var c = (a[i], b[i]) switch
            {
                (null, null) => 0,
                (null, _) => -1,
                (_, null) => 1,
                (double x, double y) => x.CompareTo(y),
                _ => string.CompareOrdinal(a[i]!.ToString(), b[i]!.ToString()),
            };
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    private static string Show(object? value) => value switch
    {
        null => "NULL",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Sample(IReadOnlyList<Row> actual, IReadOnlyList<IReadOnlyList<string?>> expected)
    {
        var sb = new StringBuilder();
        sb.Append("first rows, Kiln:\n");
        foreach (var row in actual.Take(5))
        {
            sb.Append("  ").Append(string.Join(" | ", row.Values.Select(Show))).Append('\n');
        }

        sb.Append("first rows, DuckDB:\n");
        foreach (var row in expected.Take(5))
        {
            sb.Append("  ").Append(string.Join(" | ", row.Select(v => v ?? "NULL"))).Append('\n');
        }

        return sb.ToString();
    }
}
