using System.Globalization;

namespace Kiln.Ui.Api;

/// <summary>Times as Spark's REST API writes them: <c>2026-12-07T10:00:00.000GMT</c>, and epoch milliseconds.</summary>
internal static class SparkTime
{
    public static string? Format(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'GMT'", CultureInfo.InvariantCulture);

    public static long Epoch(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds() ?? -1;
}
