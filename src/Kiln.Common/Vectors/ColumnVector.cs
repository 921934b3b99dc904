using Kiln.Common.Types;

namespace Kiln.Common.Vectors;

/// <summary>
/// An immutable column of <see cref="Length"/> values of one <see cref="DataType"/>, with an optional validity
/// bitmap. Operators read the typed arrays of the concrete vectors directly in their hot loops; the boxed
/// <see cref="GetValue"/> exists for results, display and tests only.
/// </summary>
/// <remarks>Vectors are never mutated after construction and may be shared freely between threads.</remarks>
public abstract class ColumnVector
{
    protected ColumnVector(DataType type, int length, ValidityBitmap? validity)
    {
        Type = type;
        Length = length;
        Validity = validity is not null && validity.CountNulls() == 0 ? null : validity;
    }

    public DataType Type { get; }

    public int Length { get; }

    /// <summary>Null when the vector has no nulls.</summary>
    public ValidityBitmap? Validity { get; }

    public bool HasNulls => Validity is not null;

    public bool IsNull(int index) => Validity is { } v && !v.IsValid(index);

    /// <summary>The value at <paramref name="index"/> as a CLR object (null for SQL NULL): bool, int, long, double, decimal, string, DateOnly or DateTime.</summary>
    public abstract object? GetValue(int index);

    /// <summary>A new vector holding the rows at <paramref name="indices"/>, in that order.</summary>
    public abstract ColumnVector Gather(ReadOnlySpan<int> indices);

    /// <summary>A new vector holding rows [offset, offset+length).</summary>
    public abstract ColumnVector Slice(int offset, int length);

    /// <summary>Approximate bytes held, for memory accounting.</summary>
    public abstract long EstimatedBytes { get; }

    protected ValidityBitmap? GatherValidity(ReadOnlySpan<int> indices)
    {
        if (Validity is not { } v)
        {
            return null;
        }

        var result = new ValidityBitmap(indices.Length);
        for (var i = 0; i < indices.Length; i++)
        {
            if (!v.IsValid(indices[i]))
            {
                result.SetNull(i);
            }
        }

        return result;
    }

    protected ValidityBitmap? SliceValidity(int offset, int length)
    {
        if (Validity is not { } v)
        {
            return null;
        }

        var result = new ValidityBitmap(length);
        for (var i = 0; i < length; i++)
        {
            if (!v.IsValid(offset + i))
            {
                result.SetNull(i);
            }
        }

        return result;
    }
}
