using Kiln.Common.Errors;

namespace Kiln.DataSources.Errors;

/// <summary>
/// A file could not be decoded: truncated, not in the expected format, or with a corrupt footer or page. Names the file
/// and, where known, the row group and column.
/// </summary>
public sealed class CorruptFileException : KilnException
{
    public CorruptFileException(string path, string format, int? rowGroup, string? column, Exception? inner)
        : base(Describe(path, format, rowGroup, column, inner), inner)
    {
        Path = path;
        Format = format;
        RowGroup = rowGroup;
        Column = column;
    }

    public string Path { get; }

    public string Format { get; }

    /// <summary>The 0-based row group being read, when the footer could be read.</summary>
    public int? RowGroup { get; }

    public string? Column { get; }

    private static string Describe(string path, string format, int? rowGroup, string? column, Exception? inner)
    {
        var where = rowGroup is { } g ? $" (row group {g}{(column is null ? "" : $", column '{column}'")})" : "";
        var why = inner is null ? "" : $": {Reason(inner)}";
        return $"Cannot read {format} file '{path}'{where}; it is truncated or corrupt{why}. " +
            "Replace the file, or set the option ignoreCorruptFiles=true to skip unreadable files.";
    }

    /// <summary>The library's own words: Arrow's exceptions arrive as <c>N7parquet...E (message: '...')</c>.</summary>
    private static string Reason(Exception inner)
    {
        const string marker = "(message: '";
        var message = inner.Message;
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        return start >= 0 && message.EndsWith("')", StringComparison.Ordinal)
            ? message[(start + marker.Length)..^2].Trim()
            : message;
    }
}
