using System.Globalization;
using System.Net;
using System.Text;

namespace Kiln.Ui.Pages;

/// <summary>Building blocks of the server-rendered pages: escaping, tables, sizes, durations and times.</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string Attr(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string Link(string href, string text, string? testId = null) =>
        $"<a href=\"{Attr(href)}\"{(testId is null ? string.Empty : $" data-testid=\"{Attr(testId)}\"")}>{E(text)}</a>";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1 << 20 => (bytes / 1024.0).ToString("0.0 'KiB'", CultureInfo.InvariantCulture),
        < 1 << 30 => (bytes / 1048576.0).ToString("0.0 'MiB'", CultureInfo.InvariantCulture),
        _ => (bytes / 1073741824.0).ToString("0.00 'GiB'", CultureInfo.InvariantCulture),
    };

    public static string Duration(long? ms) => ms switch
    {
        null => "running",
        < 1000 => $"{ms} ms",
        < 60_000 => (ms.Value / 1000.0).ToString("0.0 's'", CultureInfo.InvariantCulture),
        < 3_600_000 => (ms.Value / 60_000.0).ToString("0.0 'min'", CultureInfo.InvariantCulture),
        _ => (ms.Value / 3_600_000.0).ToString("0.0 'h'", CultureInfo.InvariantCulture),
    };

    public static long? Between(DateTimeOffset start, DateTimeOffset? end) => end is { } e ? (long)(e - start).TotalMilliseconds : null;

    public static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string N(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A table whose rows are already rendered cells.</summary>
    public static string Table(string testId, IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<table data-testid=\"{Attr(testId)}\"><thead><tr>");
        foreach (var h in headers)
        {
            sb.Append("<th>").Append(h).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                sb.Append("<td>").Append(cell).Append("</td>");
            }

            sb.Append("</tr>");
        }

        return sb.Append("</tbody></table>").ToString();
    }

    public static string Progress(int done, int failed, int total)
    {
        var width = total == 0 ? 0 : Math.Min(100, done * 100 / total);
        var failedText = failed > 0 ? $" ({failed} failed)" : string.Empty;
        return $"<div class=\"bar\"><div style=\"width:{width}%\"></div><span>{done}/{total}{failedText}</span></div>";
    }

    public static string Status(string status) => $"<span class=\"status {Attr(status.ToLowerInvariant())}\">{E(status)}</span>";
}
