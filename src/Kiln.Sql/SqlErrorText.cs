using System.Text;

namespace Kiln.Sql;

/// <summary>The shared shape of SQL error messages: what is wrong and where, then the line quoted with a caret under the column.</summary>
internal static class SqlErrorText
{
    public static string Format(string kind, string problem, int line, int column, string sql)
    {
        var lines = (sql ?? string.Empty).Split('\n');
        var text = line >= 1 && line <= lines.Length ? lines[line - 1].TrimEnd('\r') : string.Empty;
        var sb = new StringBuilder();
        sb.Append(kind).Append(" at line ").Append(line).Append(", column ").Append(column).Append(": ").Append(problem).Append('\n');
        sb.Append("  ").Append(text).Append('\n');
        sb.Append("  ").Append(' ', Math.Max(0, column - 1)).Append('^');
        return sb.ToString();
    }
}
