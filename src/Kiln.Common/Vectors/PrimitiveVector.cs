using Kiln.Common.Types;

namespace Kiln.Common.Vectors;

/// <summary>
/// A vector of fixed-width values: bool (Boolean), int (Int32, Date), long (Int64, Timestamp), double (Float64)
/// or Int128 (Decimal, unscaled). Slots of null rows hold default(T).
/// </summary>
public sealed class PrimitiveVector<T> : ColumnVector
    where T : unmanaged
{
    private readonly T[] _values;

    public PrimitiveVector(DataType type, T[] values, int length, ValidityBitmap? validity = null)
        : base(type, length, validity)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length < length)
        {
            throw new ArgumentException("values array is shorter than the vector length", nameof(values));
        }

        _values = values;
    }

    public PrimitiveVector(DataType type, T[] values, ValidityBitmap? validity = null)
        : this(type, values, values?.Length ?? 0, validity)
    {
    }

    /// <summary>The values, exactly <see cref="ColumnVector.Length"/> long.</summary>
    public ReadOnlySpan<T> Values => _values.AsSpan(0, Length);

    /// <summary>The backing array; it may be longer than the vector. Read only.</summary>
    public T[] RawValues => _values;

    public T this[int index] => _values[index];

    public override long EstimatedBytes => ((long)Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) + (Validity is null ? 0 : Length / 8);

    public override object? GetValue(int index) => IsNull(index) ? null : ScalarValues.ToClr(Type, _values[index]);

    public override ColumnVector Gather(ReadOnlySpan<int> indices)
    {
        var result = new T[indices.Length];
        var src = _values;
        for (var i = 0; i < indices.Length; i++)
        {
            result[i] = src[indices[i]];
        }

        return new PrimitiveVector<T>(Type, result, GatherValidity(indices));
    }

    public override ColumnVector Slice(int offset, int length) =>
        offset == 0 && length == Length
            ? this
            : new PrimitiveVector<T>(Type, _values.AsSpan(offset, length).ToArray(), SliceValidity(offset, length));
}
