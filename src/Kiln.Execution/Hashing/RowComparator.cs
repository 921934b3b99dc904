using System.Runtime.CompilerServices;
using Kiln.Common.Batches;
using Kiln.Common.Vectors;
using Kiln.Execution.Sort;

namespace Kiln.Execution.Hashing;

/// <summary>
/// Orders rows by a list of <see cref="SortKeySpec"/>s, comparing row i of one batch with row j of another
/// (same schema). Spark semantics: doubles order -0.0 = 0.0 and NaN above every other value (NaN = NaN);
/// strings by their UTF-8 bytes (ordinal); decimals by unscaled value (a column has one scale); booleans false
/// before true; NULL placement per key, independent of direction.
/// </summary>
/// <remarks>Immutable and thread-safe. For whole-batch sorting the sorter uses normalized keys and falls back
/// to this comparer only for multi-key or wide-key sorts.</remarks>
public sealed class RowComparator
{
    private readonly SortKeySpec[] _keys;

    public RowComparator(IReadOnlyList<SortKeySpec> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("a sort needs at least one key", nameof(keys));
        }

        _keys = [.. keys];
    }

    public IReadOnlyList<SortKeySpec> Keys => _keys;

    /// <summary>Negative, zero or positive as row <paramref name="i"/> of <paramref name="a"/> sorts before, with or after row <paramref name="j"/> of <paramref name="b"/>.</summary>
    public int Compare(RecordBatch a, int i, RecordBatch b, int j)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        foreach (var key in _keys)
        {
            var c = CompareKey(key, a.Columns[key.Column], i, b.Columns[key.Column], j);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>Compares one key column; the vectors must be of the same type.</summary>
    public static int CompareKey(SortKeySpec key, ColumnVector a, int i, ColumnVector b, int j)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var aNull = a.IsNull(i);
        var bNull = b.IsNull(j);
        if (aNull || bNull)
        {
            if (aNull && bNull)
            {
                return 0;
            }

            return aNull == key.NullsFirst ? -1 : 1;
        }

        var c = CompareValues(a, i, b, j);
        return key.Ascending ? c : -c;
    }

    /// <summary>Compares two non-null values in ascending order.</summary>
    public static int CompareValues(ColumnVector a, int i, ColumnVector b, int j) => a switch
    {
        PrimitiveVector<long> x => x[i].CompareTo(((PrimitiveVector<long>)b)[j]),
        PrimitiveVector<int> x => x[i].CompareTo(((PrimitiveVector<int>)b)[j]),
        PrimitiveVector<double> x => CompareDoubles(x[i], ((PrimitiveVector<double>)b)[j]),
        StringVector x => x.GetBytes(i).SequenceCompareTo(((StringVector)b).GetBytes(j)),
        PrimitiveVector<Int128> x => x[i].CompareTo(((PrimitiveVector<Int128>)b)[j]),
        PrimitiveVector<bool> x => x[i].CompareTo(((PrimitiveVector<bool>)b)[j]),
        _ => throw new NotSupportedException($"cannot order a {a.Type} column ({a.GetType().Name})"),
    };

    /// <summary>Spark's double order: -0.0 equals 0.0, NaN equals NaN and is greater than every other value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CompareDoubles(double x, double y)
    {
        if (x < y)
        {
            return -1;
        }

        if (x > y)
        {
            return 1;
        }

        if (x == y)
        {
            return 0;
        }

        var xNaN = double.IsNaN(x);
        var yNaN = double.IsNaN(y);
        return xNaN == yNaN ? 0 : xNaN ? 1 : -1;
    }
}
