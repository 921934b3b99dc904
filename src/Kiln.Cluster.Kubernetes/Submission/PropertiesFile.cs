using System.Text;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// The driver's configuration file (<c>kiln.properties</c> in its ConfigMap): one <c>key=value</c> per line, sorted;
/// a backslash, a line break or a carriage return in a value is escaped (<c>\\</c>, <c>\n</c>, <c>\r</c>). Lines
/// starting with <c>#</c> are comments.
/// </summary>
public static class PropertiesFile
{
    public static string Write(IEnumerable<KeyValuePair<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sb = new StringBuilder("# Kiln driver configuration, written by kiln submit\n");
        foreach (var (key, value) in settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(key).Append('=').Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)).Append('\n');
        }

        return sb.ToString();
    }

    /// <exception cref="FormatException">A line is neither a comment, blank, nor <c>key=value</c>; the message names the line.</exception>
    public static Dictionary<string, string> Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"{source}, line {i + 1}: expected key=value, found '{line}'");
            }

            result[line[..eq]] = Unescape(line[(eq + 1)..]);
        }

        return result;
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                sb.Append(value[i] switch { 'n' => '\n', 'r' => '\r', var c => c });
            }
            else
            {
                sb.Append(value[i]);
            }
        }

        return sb.ToString();
    }
}
