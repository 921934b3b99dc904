using Kiln.Common.Errors;

namespace Kiln.DataSources.Errors;

/// <summary>
/// A record that does not fit the schema, raised in FAILFAST mode. <see cref="Line"/> is the 1-based physical line
/// of the file where the record starts; <see cref="ColumnIndex"/> is 1-based, 0 when the whole record is at fault.
/// </summary>
public sealed class MalformedRecordException : KilnException
{
    public MalformedRecordException(string path, long line, string? column, int columnIndex, string? value, string expected, Exception? inner = null)
        : base(BuildMessage(path, line, column, columnIndex, value, expected), inner)
    {
        Path = path;
        Line = line;
        Column = column;
        ColumnIndex = columnIndex;
        Value = value;
        Expected = expected;
    }

    public string Path { get; }

    public long Line { get; }

    public string? Column { get; }

    public int ColumnIndex { get; }

    public string? Value { get; }

    public string Expected { get; }

    private static string BuildMessage(string path, long line, string? column, int columnIndex, string? value, string expected)
    {
        var where = column is null ? string.Empty : $", column '{column}' (#{columnIndex})";
        var got = value is null ? string.Empty : $": got '{Truncate(value)}'";
        return $"Malformed record in '{path}' at line {line}{where}{got}, expected {expected}. "
            + "Fix the input, or read with mode PERMISSIVE (bad fields become null) or DROPMALFORMED (bad records are skipped).";
    }

    private static string Truncate(string value) => value.Length <= 200 ? value : value[..200] + "...";
}
