namespace Kiln.DataSources.Parquet;

/// <summary>How a leaf column's physical values become Kiln values (see <see cref="ParquetColumnDecoder"/>).</summary>
internal enum ParquetValueKind
{
    Boolean,
    Int32,
    UInt32ToInt64,
    Int32ToDecimal,
    Int64,
    UInt64ToDecimal,
    Int64ToDecimal,
    TimestampMillis,
    TimestampMicros,
    TimestampNanos,
    Int96Timestamp,
    FloatToDouble,
    Double,
    BytesToString,
    BytesToDecimal,
    FixedToString,
    FixedToDecimal,
}
