using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>
/// Growable typed storage for one key column of a hash table: the table appends a row's key when it creates a
/// group or build entry and compares incoming rows against stored keys. NULL equals NULL here (grouping
/// semantics); join tables never insert NULL keys.
/// </summary>
public abstract class KeyColumn
{
    public static KeyColumn Create(DataType type) => type.Id switch
    {
        TypeId.Boolean or TypeId.Null => new PrimitiveKeyColumn<bool>(type),
        TypeId.Int32 or TypeId.Date => new PrimitiveKeyColumn<int>(type),
        TypeId.Int64 or TypeId.Timestamp => new PrimitiveKeyColumn<long>(type),
        TypeId.Float64 => new PrimitiveKeyColumn<double>(type),
        TypeId.Decimal => new PrimitiveKeyColumn<Int128>(type),
        TypeId.String => new StringKeyColumn(),
        _ => throw new NotSupportedException($"cannot group by {type}"),
    };

    public abstract int Count { get; }

    /// <summary>Approximate bytes held.</summary>
    public abstract long Bytes { get; }

    public abstract void Append(ColumnVector source, int row);

    public abstract bool EqualsRow(int index, ColumnVector source, int row);

    public abstract ColumnVector Build(int start, int count);

    public abstract void Clear();
}
