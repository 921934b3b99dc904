using Kiln.Common.Batches;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Hashing;

/// <summary>
/// Key equality between rows of two batches, for hash-table probes in joins and aggregations. Doubles compare
/// normalized (-0.0 = 0.0, NaN = NaN) to agree with <see cref="RowHasher"/>. With <c>nullsEqual</c> false
/// (join keys) a NULL equals nothing, not even NULL; with true (grouping keys) NULLs are one group.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class RowEquality
{
    /// <summary>Whether row <paramref name="i"/> of <paramref name="a"/> over <paramref name="keysA"/> equals row <paramref name="j"/> of <paramref name="b"/> over <paramref name="keysB"/>.</summary>
    public static bool KeysEqual(RecordBatch a, int i, ReadOnlySpan<int> keysA, RecordBatch b, int j, ReadOnlySpan<int> keysB, bool nullsEqual)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (keysA.Length != keysB.Length)
        {
            throw new ArgumentException($"{keysA.Length} keys on one side and {keysB.Length} on the other", nameof(keysB));
        }

        for (var k = 0; k < keysA.Length; k++)
        {
            if (!ValuesEqual(a.Columns[keysA[k]], i, b.Columns[keysB[k]], j, nullsEqual))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equality of one value of each vector (same type).</summary>
    public static bool ValuesEqual(ColumnVector a, int i, ColumnVector b, int j, bool nullsEqual)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var aNull = a.IsNull(i);
        var bNull = b.IsNull(j);
        if (aNull || bNull)
        {
            return nullsEqual && aNull && bNull;
        }

        return a switch
        {
            PrimitiveVector<long> x => x[i] == ((PrimitiveVector<long>)b)[j],
            PrimitiveVector<int> x => x[i] == ((PrimitiveVector<int>)b)[j],
            PrimitiveVector<double> x => RowHasher.NormalizedDoubleBits(x[i]) == RowHasher.NormalizedDoubleBits(((PrimitiveVector<double>)b)[j]),
            StringVector x => x.GetBytes(i).SequenceEqual(((StringVector)b).GetBytes(j)),
            PrimitiveVector<Int128> x => x[i] == ((PrimitiveVector<Int128>)b)[j],
            PrimitiveVector<bool> x => x[i] == ((PrimitiveVector<bool>)b)[j],
            _ => throw new NotSupportedException($"cannot compare a {a.Type} column ({a.GetType().Name})"),
        };
    }

    /// <summary>
    /// Vectorized probe check: for each candidate pair k, ANDs into <paramref name="equal"/>[k] whether row
    /// <paramref name="rowsA"/>[k] of <paramref name="a"/> equals row <paramref name="rowsB"/>[k] of <paramref name="b"/>.
    /// Call once per key column with <paramref name="equal"/> initialised to true.
    /// </summary>
    public static void AndEqual(ColumnVector a, ReadOnlySpan<int> rowsA, ColumnVector b, ReadOnlySpan<int> rowsB, Span<bool> equal, bool nullsEqual)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (rowsA.Length != rowsB.Length || equal.Length != rowsA.Length)
        {
            throw new ArgumentException("rowsA, rowsB and equal must have the same length", nameof(equal));
        }

        if (!a.HasNulls && !b.HasNulls)
        {
            switch (a)
            {
                case PrimitiveVector<long> x:
                    AndEqualPrimitive(x.RawValues, rowsA, ((PrimitiveVector<long>)b).RawValues, rowsB, equal);
                    return;
                case PrimitiveVector<int> x:
                    AndEqualPrimitive(x.RawValues, rowsA, ((PrimitiveVector<int>)b).RawValues, rowsB, equal);
                    return;
            }
        }

        for (var k = 0; k < equal.Length; k++)
        {
            if (equal[k])
            {
                equal[k] = ValuesEqual(a, rowsA[k], b, rowsB[k], nullsEqual);
            }
        }
    }

    private static void AndEqualPrimitive<T>(T[] a, ReadOnlySpan<int> rowsA, T[] b, ReadOnlySpan<int> rowsB, Span<bool> equal)
        where T : unmanaged, IEquatable<T>
    {
        for (var k = 0; k < equal.Length; k++)
        {
            equal[k] &= a[rowsA[k]].Equals(b[rowsB[k]]);
        }
    }
}
