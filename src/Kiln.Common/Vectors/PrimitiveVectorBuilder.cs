using System.Runtime.CompilerServices;
using Kiln.Common.Types;

namespace Kiln.Common.Vectors;

/// <summary>Builds a <see cref="PrimitiveVector{T}"/>; grows by doubling.</summary>
public sealed class PrimitiveVectorBuilder<T> : VectorBuilder
    where T : unmanaged
{
    private T[] _values;

    public PrimitiveVectorBuilder(DataType type, int capacity = 1024)
        : base(type) => _values = new T[Math.Max(capacity, 4)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(T value)
    {
        if (Count == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[Count++] = value;
    }

    public override void AppendNull()
    {
        if (Count == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        MarkNull(Count, _values.Length);
        _values[Count++] = default;
    }

    public override void AppendValue(object? value)
    {
        if (value is null)
        {
            AppendNull();
            return;
        }

        object physical = Type.Id switch
        {
            TypeId.Date => ScalarValues.ToDays((DateOnly)value),
            TypeId.Timestamp => ScalarValues.ToMicros((DateTime)value),
            TypeId.Decimal => ScalarValues.TryDecimalFromClr(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture), Type.Precision, Type.Scale, out var unscaled)
                ? unscaled
                : throw new OverflowException($"{value} does not fit {Type}"),
            TypeId.Int32 => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
            TypeId.Int64 => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
            TypeId.Float64 => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };
        Append((T)physical);
    }

    public override void AppendFrom(ColumnVector source, int row)
    {
        if (source.IsNull(row))
        {
            AppendNull();
        }
        else
        {
            Append(((PrimitiveVector<T>)source)[row]);
        }
    }

    public override ColumnVector Build()
    {
        var length = Count;
        var vector = new PrimitiveVector<T>(Type, _values, length, TakeValidity(length));
        _values = new T[Math.Max(4, length)];
        Count = 0;
        return vector;
    }
}
