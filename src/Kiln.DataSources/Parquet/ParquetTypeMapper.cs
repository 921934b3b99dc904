using Kiln.Common.Types;
using ParquetSharp;
using ParquetSharp.Schema;

namespace Kiln.DataSources.Parquet;

/// <summary>
/// Maps a Parquet file's schema to Kiln columns the way Spark does: int8/16/32 and uint8/16 → int, uint32 and int64 →
/// bigint, uint64 → decimal(20,0), float and double → double, decimals in every physical form → decimal(p,s),
/// strings, enums, JSON and plain binary → string, date → date, timestamps (millis, micros, nanos, INT96; UTC-adjusted
/// or not) → timestamp. Nested groups, repeated fields and types such as TIME are kept as unsupported columns.
/// </summary>
internal static class ParquetTypeMapper
{
    public static IReadOnlyList<ParquetColumn> Map(SchemaDescriptor schema)
    {
        var root = schema.GroupNode;
        var leavesByTop = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < schema.NumColumns; i++)
        {
            var d = schema.Column(i);
            if (d.MaxRepetitionLevel == 0 && d.Path.ToDotVector() is { Length: 1 } path)
            {
                leavesByTop[path[0]] = i;
            }
        }

        var columns = new List<ParquetColumn>(root.FieldCount);
        for (var f = 0; f < root.FieldCount; f++)
        {
            using var node = root.Field(f);
            if (node is PrimitiveNode && node.Repetition != Repetition.Repeated && leavesByTop.TryGetValue(node.Name, out var leaf))
            {
                columns.Add(MapLeaf(node.Name, leaf, schema.Column(leaf)));
            }
            else
            {
                columns.Add(new ParquetColumn(node.Name, -1, DataType.Null, ParquetValueKind.Boolean, Describe(node), Unsupported: true));
            }
        }

        return columns;
    }

    private static ParquetColumn MapLeaf(string name, int leaf, ColumnDescriptor d)
    {
        using var logical = d.LogicalType;
        var physical = d.PhysicalType;
        var fileType = logical is NoneLogicalType or null ? physical.ToString().ToUpperInvariant() : $"{physical.ToString().ToUpperInvariant()} ({logical})";
        ParquetColumn Ok(DataType type, ParquetValueKind kind) => new(name, leaf, type, kind, fileType, Unsupported: false, d.TypeLength);
        ParquetColumn No() => new(name, leaf, DataType.Null, ParquetValueKind.Boolean, fileType, Unsupported: true);

        if (logical is DecimalLogicalType dec)
        {
            if (dec.Precision is < 1 or > DataType.MaxDecimalPrecision || dec.Scale < 0 || dec.Scale > dec.Precision)
            {
                return No();
            }

            var type = DataType.Decimal(dec.Precision, dec.Scale);
            return physical switch
            {
                PhysicalType.Int32 => Ok(type, ParquetValueKind.Int32ToDecimal),
                PhysicalType.Int64 => Ok(type, ParquetValueKind.Int64ToDecimal),
                PhysicalType.ByteArray => Ok(type, ParquetValueKind.BytesToDecimal),
                PhysicalType.FixedLenByteArray => Ok(type, ParquetValueKind.FixedToDecimal),
                _ => No(),
            };
        }

        switch (physical)
        {
            case PhysicalType.Boolean:
                return Ok(DataType.Boolean, ParquetValueKind.Boolean);
            case PhysicalType.Int32:
                return logical switch
                {
                    DateLogicalType => Ok(DataType.Date, ParquetValueKind.Int32),
                    IntLogicalType { IsSigned: false, BitWidth: 32 } => Ok(DataType.Int64, ParquetValueKind.UInt32ToInt64),
                    IntLogicalType or NoneLogicalType or null => Ok(DataType.Int32, ParquetValueKind.Int32),
                    _ => No(),
                };
            case PhysicalType.Int64:
                return logical switch
                {
                    TimestampLogicalType { TimeUnit: TimeUnit.Millis } => Ok(DataType.Timestamp, ParquetValueKind.TimestampMillis),
                    TimestampLogicalType { TimeUnit: TimeUnit.Micros } => Ok(DataType.Timestamp, ParquetValueKind.TimestampMicros),
                    TimestampLogicalType { TimeUnit: TimeUnit.Nanos } => Ok(DataType.Timestamp, ParquetValueKind.TimestampNanos),
                    IntLogicalType { IsSigned: false } => Ok(DataType.Decimal(20, 0), ParquetValueKind.UInt64ToDecimal),
                    IntLogicalType or NoneLogicalType or null => Ok(DataType.Int64, ParquetValueKind.Int64),
                    _ => No(),
                };
            case PhysicalType.Int96:
                return Ok(DataType.Timestamp, ParquetValueKind.Int96Timestamp);
            case PhysicalType.Float:
                return logical is NoneLogicalType or null ? Ok(DataType.Float64, ParquetValueKind.FloatToDouble) : No();
            case PhysicalType.Double:
                return Ok(DataType.Float64, ParquetValueKind.Double);
            case PhysicalType.ByteArray:
                return logical is StringLogicalType or EnumLogicalType or JsonLogicalType or NoneLogicalType or null
                    ? Ok(DataType.String, ParquetValueKind.BytesToString)
                    : No();
            case PhysicalType.FixedLenByteArray:
                return logical is NoneLogicalType or null ? Ok(DataType.String, ParquetValueKind.FixedToString) : No();
            default:
                return No();
        }
    }

    private static string Describe(Node node)
    {
        using var logical = node.LogicalType;
        if (node is GroupNode group)
        {
            var kind = logical switch
            {
                ListLogicalType => "list",
                MapLogicalType => "map",
                _ => "struct",
            };
            var children = Enumerable.Range(0, group.FieldCount).Select(i =>
            {
                using var child = group.Field(i);
                return child.Name;
            });
            return $"{kind}<{string.Join(", ", children)}>";
        }

        return node.Repetition == Repetition.Repeated ? $"repeated {((PrimitiveNode)node).PhysicalType.ToString().ToUpperInvariant()}" : "unknown";
    }
}
