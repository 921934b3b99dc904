namespace Kiln.DataSources.Parquet;

/// <summary>
/// What a row group's footer says about one column, in Kiln's value representation (strings as UTF-8 bytes):
/// min and max (null when absent or unusable) and the null count (-1 when unknown).
/// </summary>
internal sealed record ColumnStatistics(object? Min, object? Max, long NullCount, long RowCount);
