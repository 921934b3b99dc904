using Kiln.DataSources.Filters;
using ParquetSharp;

namespace Kiln.DataSources.Parquet;

/// <summary>
/// Decides from a row group's min/max and null-count statistics whether any of its rows can satisfy a pushed-down
/// <see cref="SourceFilter"/>. Answers "maybe" whenever the statistics are missing or the filter is not understood, so
/// skipping is always safe; the exact filter runs on the rows that are read.
/// </summary>
internal static class RowGroupPruner
{
    public static bool MightMatch(SourceFilter filter, Func<int, ColumnStatistics?> statistics) => filter switch
    {
        AndFilter a => MightMatch(a.Left, statistics) && MightMatch(a.Right, statistics),
        OrFilter o => MightMatch(o.Left, statistics) || MightMatch(o.Right, statistics),
        ColumnIsNull n => statistics(n.Column) is not { NullCount: >= 0 } s || (n.Negated ? s.NullCount < s.RowCount : s.NullCount > 0),
        ColumnComparison c => statistics(c.Column) is not { } s || Compare(s, c.Kind, c.Value),
        ColumnIn i => statistics(i.Column) is not { } s || i.Values.Any(v => Compare(s, ComparisonKind.Equal, v)),
        _ => true,
    };

    private static bool Compare(ColumnStatistics s, ComparisonKind kind, object value)
    {
        if (s.NullCount >= 0 && s.NullCount == s.RowCount)
        {
            return false;
        }

        if (s.Min is null || s.Max is null || !Comparable(s.Min, value))
        {
            return true;
        }

        return kind switch
        {
            ComparisonKind.Equal => Order(s.Min, value) <= 0 && Order(s.Max, value) >= 0,
            ComparisonKind.LessThan => Order(s.Min, value) < 0,
            ComparisonKind.LessThanOrEqual => Order(s.Min, value) <= 0,
            ComparisonKind.GreaterThan => Order(s.Max, value) > 0,
            ComparisonKind.GreaterThanOrEqual => Order(s.Max, value) >= 0,
            _ => true,
        };
    }

    private static bool Comparable(object stat, object value) =>
        stat is byte[] ? value is string : stat.GetType() == value.GetType() && !(value is double d && double.IsNaN(d));

    private static int Order(object stat, object value) => stat switch
    {
        byte[] bytes => bytes.AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes((string)value)),
        IComparable c => c.CompareTo(value),
        _ => 0,
    };

    /// <summary>Reads a column chunk's statistics into Kiln values for a column of the given kind; null when there are none.</summary>
    public static unsafe ColumnStatistics? Read(ColumnChunkMetaData chunk, ParquetColumn column, long rowCount)
    {
        if (!chunk.IsStatsSet)
        {
            return null;
        }

        using var stats = chunk.Statistics;
        if (stats is null)
        {
            return null;
        }

        var nulls = stats.NullCount;
        if (!stats.HasMinMax)
        {
            return new ColumnStatistics(null, null, nulls, rowCount);
        }

        (object? Min, object? Max) range = (column.Kind, stats) switch
        {
            (ParquetValueKind.Int32, Statistics<int> s) => (s.Min, s.Max),
            (ParquetValueKind.UInt32ToInt64, Statistics<int> s) => ((long)(uint)s.Min, (long)(uint)s.Max),
            (ParquetValueKind.Int32ToDecimal, Statistics<int> s) => ((Int128)s.Min, (Int128)s.Max),
            (ParquetValueKind.Int64 or ParquetValueKind.TimestampMicros, Statistics<long> s) => (s.Min, s.Max),
            (ParquetValueKind.TimestampMillis, Statistics<long> s) => (s.Min * 1000, s.Max * 1000),
            (ParquetValueKind.TimestampNanos, Statistics<long> s) => (Math.DivRem(s.Min, 1000).Quotient - 1, (s.Max / 1000) + 1),
            (ParquetValueKind.Int64ToDecimal, Statistics<long> s) => ((Int128)s.Min, (Int128)s.Max),
            (ParquetValueKind.UInt64ToDecimal, Statistics<long> s) => ((Int128)(ulong)s.Min, (Int128)(ulong)s.Max),
            (ParquetValueKind.FloatToDouble, Statistics<float> s) => ((double)s.Min, (double)s.Max),
            (ParquetValueKind.Double, Statistics<double> s) => (s.Min, s.Max),
            (ParquetValueKind.BytesToString, Statistics<ByteArray> s) => (Bytes(s.Min), Bytes(s.Max)),
            (ParquetValueKind.BytesToDecimal, Statistics<ByteArray> s) => (ParquetColumnDecoder.BigEndian(Span(s.Min)), ParquetColumnDecoder.BigEndian(Span(s.Max))),
            (ParquetValueKind.FixedToDecimal, Statistics<FixedLenByteArray> s) =>
                (ParquetColumnDecoder.BigEndian(new ReadOnlySpan<byte>((void*)s.Min.Pointer, column.FixedLength)),
                 ParquetColumnDecoder.BigEndian(new ReadOnlySpan<byte>((void*)s.Max.Pointer, column.FixedLength))),
            _ => (null, null),
        };
        if ((range.Min is double min && double.IsNaN(min)) || (range.Max is double max && double.IsNaN(max)))
        {
            range = (null, null);
        }

        return new ColumnStatistics(range.Min, range.Max, nulls, rowCount);
    }

    private static unsafe ReadOnlySpan<byte> Span(ByteArray b) => new((void*)b.Pointer, b.Length);

    private static byte[] Bytes(ByteArray b) => Span(b).ToArray();
}
