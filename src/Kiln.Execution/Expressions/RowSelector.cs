using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>Assembles a vector whose row i comes from <c>sources[choice[i]]</c> (NULL where the choice is -1).</summary>
internal static class RowSelector
{
    public static ColumnVector Select(DataType type, ColumnVector?[] sources, int[] choice, int n) => type.Id switch
    {
        TypeId.Int32 or TypeId.Date => Primitive<int>(type, sources, choice, n),
        TypeId.Int64 or TypeId.Timestamp => Primitive<long>(type, sources, choice, n),
        TypeId.Float64 => Primitive<double>(type, sources, choice, n),
        TypeId.Decimal => Primitive<Int128>(type, sources, choice, n),
        TypeId.String => Strings(sources, choice, n),
        _ => Primitive<bool>(type, sources, choice, n),
    };

    private static PrimitiveVector<T> Primitive<T>(DataType type, ColumnVector?[] sources, int[] choice, int n)
        where T : unmanaged
    {
        var values = new T[n];
        var invalid = new bool[n];
        var anyInvalid = false;
        for (var i = 0; i < n; i++)
        {
            var c = choice[i];
            if (c < 0 || sources[c]!.IsNull(i))
            {
                invalid[i] = true;
                anyInvalid = true;
                continue;
            }

            values[i] = ((PrimitiveVector<T>)sources[c]!)[i];
        }

        return new PrimitiveVector<T>(type, values, anyInvalid ? Bits.ClearWhere(null, invalid) : null);
    }

    private static StringVector Strings(ColumnVector?[] sources, int[] choice, int n)
    {
        var offsets = new int[n + 1];
        var invalid = new bool[n];
        var anyInvalid = false;
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            var c = choice[i];
            if (c < 0 || sources[c]!.IsNull(i))
            {
                invalid[i] = true;
                anyInvalid = true;
            }
            else
            {
                var s = (StringVector)sources[c]!;
                total += s.RawOffsets[i + 1] - s.RawOffsets[i];
            }

            offsets[i + 1] = total;
        }

        var data = new byte[total];
        for (var i = 0; i < n; i++)
        {
            if (!invalid[i])
            {
                ((StringVector)sources[choice[i]]!).GetBytes(i).CopyTo(data.AsSpan(offsets[i]));
            }
        }

        return new StringVector(offsets, data, n, anyInvalid ? Bits.ClearWhere(null, invalid) : null);
    }
}
