using System.Text;

namespace Kiln.DataSources.Files;

/// <summary>Hive-style partition directory names: <c>col=value</c>, with Spark's escaping and its name for nulls.</summary>
public static class PartitionPaths
{
    /// <summary>The directory value that stands for a null partition value (Hive, Spark and DuckDB use it).</summary>
    public const string DefaultPartitionName = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>The directory name for one partition value; characters unsafe in paths are written as <c>%XX</c>, as Spark does.</summary>
    public static string Segment(string column, string? value) =>
        $"{Escape(column)}={(value is null || value.Length == 0 ? DefaultPartitionName : Escape(value))}";

    /// <summary>The raw values of the partition columns <paramref name="columns"/> found in a file's path (null when absent or the default partition).</summary>
    public static string?[] ValuesOf(string path, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        var values = new string?[columns.Count];
        var dir = Path.GetDirectoryName(path);
        var seen = new bool[columns.Count];
        while (!string.IsNullOrEmpty(dir))
        {
            var name = Path.GetFileName(dir);
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                var key = Uri.UnescapeDataString(name[..eq]);
                for (var i = 0; i < columns.Count; i++)
                {
                    if (!seen[i] && columns[i] == key)
                    {
                        seen[i] = true;
                        var raw = name[(eq + 1)..];
                        values[i] = raw == DefaultPartitionName ? null : Uri.UnescapeDataString(raw);
                    }
                }
            }

            dir = Path.GetDirectoryName(dir);
        }

        return values;
    }

    private static string Escape(string s)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^".Contains(c, StringComparison.Ordinal))
            {
                sb ??= new StringBuilder(s, 0, i, s.Length + 8);
                sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb?.Append(c);
            }
        }

        return sb?.ToString() ?? s;
    }
}
