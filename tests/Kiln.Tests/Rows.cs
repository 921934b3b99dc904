using System.Globalization;

namespace Kiln.Tests;

/// <summary>Canonical text for result rows, so engine results and LINQ expectations compare exactly (doubles to 9 significant digits).</summary>
public static class Rows
{
    public static string Text(IEnumerable<object?> values) => "[" + string.Join(",", values.Select(Value)) + "]";

    public static string Value(object? v) => v switch
    {
        null => "null",
        double d => double.IsNaN(d) ? "NaN" : d.ToString("G9", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.############################", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    public static string[] Of(IEnumerable<Row> rows) => rows.Select(r => Text(r.Values)).ToArray();

    public static string[] Sorted(IEnumerable<Row> rows) => Of(rows).Order(StringComparer.Ordinal).ToArray();

    public static string[] Sorted(IEnumerable<object?[]> rows) => rows.Select(Text).Order(StringComparer.Ordinal).ToArray();

    public static string[] Ordered(IEnumerable<object?[]> rows) => rows.Select(Text).ToArray();
}
