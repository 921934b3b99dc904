using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Hashing;

namespace Kiln.Execution.Sort;

/// <summary>
/// Maps a sort key's non-null values to longs whose signed order is the key's order (direction included), so
/// a sort can run on a plain <c>long[]</c>. Exact for booleans, ints, dates, longs, timestamps and doubles; a
/// monotone prefix for strings (first 8 bytes) and decimals (clamped to the long range), whose ties need the
/// full comparator.
/// </summary>
internal static class NormalizedKeys
{
    private const long DoubleFlip = 0x7FFFFFFFFFFFFFFF;

    public static bool IsSupported(DataType type) => type.Id is not TypeId.Null;

    public static bool IsExact(DataType type) =>
        type.Id is TypeId.Boolean or TypeId.Int32 or TypeId.Date or TypeId.Int64 or TypeId.Timestamp or TypeId.Float64;

    /// <summary>Writes the normalized key of rows [0, column.Length) into <paramref name="dest"/>; null rows get an unspecified value.</summary>
    public static void Extract(ColumnVector column, bool ascending, Span<long> dest)
    {
        switch (column)
        {
            case PrimitiveVector<long> v:
                v.Values.CopyTo(dest);
                break;
            case PrimitiveVector<int> v:
                var ints = v.Values;
                for (var i = 0; i < ints.Length; i++)
                {
                    dest[i] = ints[i];
                }

                break;
            case PrimitiveVector<double> v:
                var doubles = v.Values;
                for (var i = 0; i < doubles.Length; i++)
                {
                    dest[i] = Double(doubles[i]);
                }

                break;
            default:
                for (var i = 0; i < column.Length; i++)
                {
                    dest[i] = Single(column, i);
                }

                break;
        }

        if (!ascending)
        {
            for (var i = 0; i < dest.Length; i++)
            {
                dest[i] = ~dest[i];
            }
        }
    }

    /// <summary>The ascending-order normalized key of one non-null value.</summary>
    public static long Single(ColumnVector column, int row) => column switch
    {
        PrimitiveVector<long> v => v[row],
        PrimitiveVector<int> v => v[row],
        PrimitiveVector<double> v => Double(v[row]),
        PrimitiveVector<bool> v => v[row] ? 1 : 0,
        PrimitiveVector<Int128> v => v[row] > long.MaxValue ? long.MaxValue : v[row] < long.MinValue ? long.MinValue : (long)v[row],
        StringVector v => StringPrefix(v.GetBytes(row)),
        _ => throw new NotSupportedException($"cannot sort a {column.Type} column ({column.GetType().Name})"),
    };

    public static long Double(double d)
    {
        var bits = (long)RowHasher.NormalizedDoubleBits(d);
        return bits < 0 ? bits ^ DoubleFlip : bits;
    }

    private static long StringPrefix(ReadOnlySpan<byte> bytes)
    {
        ulong prefix = 0;
        var n = Math.Min(8, bytes.Length);
        for (var i = 0; i < n; i++)
        {
            prefix |= (ulong)bytes[i] << (56 - (8 * i));
        }

        return (long)(prefix ^ 0x8000000000000000UL);
    }
}
