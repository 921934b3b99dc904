using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>Fixed-width key storage. Doubles compare by value with all NaNs equal and -0.0 equal to 0.0.</summary>
public sealed class PrimitiveKeyColumn<T> : KeyColumn
    where T : unmanaged, IEquatable<T>
{
    private readonly DataType _type;
    private T[] _values = new T[1024];
    private bool[] _nulls = new bool[1024];
    private int _count;

    public PrimitiveKeyColumn(DataType type) => _type = type;

    public override int Count => _count;

    public override long Bytes => (long)_values.Length * (System.Runtime.CompilerServices.Unsafe.SizeOf<T>() + 1);

    public override void Append(ColumnVector source, int row)
    {
        if (_count == _values.Length)
        {
            Array.Resize(ref _values, _count * 2);
            Array.Resize(ref _nulls, _count * 2);
        }

        var isNull = source.IsNull(row);
        _nulls[_count] = isNull;
        _values[_count++] = isNull ? default : ((PrimitiveVector<T>)source)[row];
    }

    public override bool EqualsRow(int index, ColumnVector source, int row)
    {
        var isNull = source.IsNull(row);
        if (isNull || _nulls[index])
        {
            return isNull && _nulls[index];
        }

        var value = ((PrimitiveVector<T>)source)[row];
        if (typeof(T) == typeof(double))
        {
            var a = (double)(object)_values[index];
            var b = (double)(object)value;
            return a == b || (double.IsNaN(a) && double.IsNaN(b));
        }

        return _values[index].Equals(value);
    }

    public override ColumnVector Build(int start, int count)
    {
        ValidityBitmap? validity = null;
        for (var i = 0; i < count; i++)
        {
            if (_nulls[start + i])
            {
                validity ??= new ValidityBitmap(count);
                validity.SetNull(i);
            }
        }

        return new PrimitiveVector<T>(_type, _values.AsSpan(start, count).ToArray(), validity);
    }

    public override void Clear()
    {
        _count = 0;
        _values = new T[1024];
        _nulls = new bool[1024];
    }
}
