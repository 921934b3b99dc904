using Kiln.Common.Types;

namespace Kiln.Common.Vectors;

/// <summary>
/// Accumulates values for one column and produces an immutable <see cref="ColumnVector"/>. Readers and operators
/// use the typed subclasses' <c>Append</c> in hot loops; <see cref="AppendValue"/> and <see cref="AppendFrom"/>
/// are the generic slow paths.
/// </summary>
/// <remarks>Not thread-safe. After <see cref="Build"/> the builder is reset and may be reused.</remarks>
public abstract class VectorBuilder
{
    private ValidityBitmap? _validity;

    protected VectorBuilder(DataType type) => Type = type;

    public DataType Type { get; }

    public int Count { get; protected set; }

    public static VectorBuilder Create(DataType type, int capacity = 1024) => type.Id switch
    {
        TypeId.Boolean => new PrimitiveVectorBuilder<bool>(type, capacity),
        TypeId.Int32 or TypeId.Date => new PrimitiveVectorBuilder<int>(type, capacity),
        TypeId.Int64 or TypeId.Timestamp => new PrimitiveVectorBuilder<long>(type, capacity),
        TypeId.Float64 => new PrimitiveVectorBuilder<double>(type, capacity),
        TypeId.Decimal => new PrimitiveVectorBuilder<Int128>(type, capacity),
        TypeId.String => new StringVectorBuilder(capacity),
        TypeId.Null => new PrimitiveVectorBuilder<bool>(type, capacity),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no vector layout for this type"),
    };

    public abstract void AppendNull();

    /// <summary>Appends a CLR value (as returned by <see cref="ColumnVector.GetValue"/>) or null.</summary>
    public abstract void AppendValue(object? value);

    /// <summary>Appends row <paramref name="row"/> of a vector of the same type.</summary>
    public abstract void AppendFrom(ColumnVector source, int row);

    public abstract ColumnVector Build();

    protected void MarkNull(int index, int capacity)
    {
        _validity ??= new ValidityBitmap(Math.Max(capacity, index + 1));
        if (_validity.Length <= index)
        {
            var grown = new ValidityBitmap(Math.Max(index + 1, _validity.Length * 2));
            for (var i = 0; i < _validity.Length; i++)
            {
                if (!_validity.IsValid(i))
                {
                    grown.SetNull(i);
                }
            }

            _validity = grown;
        }

        _validity.SetNull(index);
    }

    protected ValidityBitmap? TakeValidity(int length)
    {
        var v = _validity;
        _validity = null;
        if (v is null)
        {
            return null;
        }

        if (v.Length == length)
        {
            return v;
        }

        var exact = new ValidityBitmap(length);
        for (var i = 0; i < length; i++)
        {
            if (!v.IsValid(i))
            {
                exact.SetNull(i);
            }
        }

        return exact;
    }
}
