using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Hashing;

namespace Kiln.Execution.Sort;

/// <summary>
/// Buffered input batches and their in-memory sort: a permutation of row ids (see <see cref="RowIdMap"/>),
/// never per-row objects. The first key is normalized into a <c>long[]</c> and sorted with
/// <see cref="RadixSort"/> carrying the ids; rows left tied (further keys, string or decimal prefixes, NULLs of the first
/// key) are then ordered with <see cref="RowComparator"/> within their tie runs only.
/// </summary>
/// <remarks>Not thread-safe; owned by one sorter.</remarks>
internal sealed class SortBuffer
{
    private readonly Schema _schema;
    private readonly SortKeySpec[] _keys;
    private readonly RowComparator _comparator;
    private readonly List<RecordBatch> _batches = [];
    private readonly List<int> _rowCounts = [];

    public SortBuffer(Schema schema, IReadOnlyList<SortKeySpec> keys)
    {
        _schema = schema;
        _keys = [.. keys];
        _comparator = new RowComparator(keys);
    }

    public int RowCount { get; private set; }

    public int BatchCount => _batches.Count;

    /// <summary>Bytes of sort arrays per buffered row (normalized key, row id and their radix scratch copies), to be accounted with the batches.</summary>
    public const int OverheadBytesPerRow = 24;

    public void Add(RecordBatch batch)
    {
        if (batch.RowCount == 0)
        {
            return;
        }

        if ((long)RowCount + batch.RowCount > Array.MaxLength)
        {
            throw new InvalidOperationException("a sort buffer holds at most Array.MaxLength rows; lower kiln.task.memory so the sorter spills earlier");
        }

        _rowCounts.Add(batch.RowCount);
        _batches.Add(batch);
        RowCount += batch.RowCount;
    }

    public void Clear()
    {
        _batches.Clear();
        _rowCounts.Clear();
        RowCount = 0;
    }

    /// <summary>Sorts the buffered rows and returns them as batches of at most <paramref name="batchSize"/> rows, stopping after <paramref name="limit"/> rows.</summary>
    public IEnumerable<RecordBatch> SortedBatches(int batchSize, long limit = long.MaxValue)
    {
        if (RowCount == 0)
        {
            return [];
        }

        var ids = new RowIdMap(_rowCounts);
        var perm = SortPermutation(ids);
        return Emit(perm, (int)Math.Min(limit, perm.Length), batchSize, [.. _batches], ids);
    }

    private IEnumerable<RecordBatch> Emit(int[] perm, int count, int batchSize, RecordBatch[] batches, RowIdMap ids)
    {
        var source = new int[Math.Min(batchSize, count)];
        var rows = new int[source.Length];
        for (var offset = 0; offset < count; offset += batchSize)
        {
            var n = Math.Min(batchSize, count - offset);
            for (var k = 0; k < n; k++)
            {
                var id = perm[offset + k];
                var b = ids.Batch(id);
                source[k] = b;
                rows[k] = ids.Row(id, b);
            }

            yield return BatchGather.Gather(_schema, batches, source.AsSpan(0, n), rows.AsSpan(0, n));
        }
    }

    private int[] SortPermutation(RowIdMap ids)
    {
        var first = _keys[0];
        var n = RowCount;
        var nulls = 0;
        foreach (var batch in _batches)
        {
            if (batch.Columns[first.Column].Validity is { } v)
            {
                nulls += v.CountNulls();
            }
        }

        var perm = new int[n];
        var keys = new long[n];
        var nonNullStart = first.NullsFirst ? nulls : 0;
        var nullStart = first.NullsFirst ? 0 : n - nulls;
        int pos = nonNullStart, nullPos = nullStart;
        for (var b = 0; b < _batches.Count; b++)
        {
            var column = _batches[b].Columns[first.Column];
            var start = ids.BaseId(b);
            var rows = _batches[b].RowCount;
            if (column.Validity is not { } validity)
            {
                NormalizedKeys.Extract(column, first.Ascending, keys.AsSpan(pos, rows));
                for (var r = 0; r < rows; r++)
                {
                    perm[pos + r] = start + r;
                }

                pos += rows;
                continue;
            }

            for (var r = 0; r < rows; r++)
            {
                if (validity.IsValid(r))
                {
                    var key = NormalizedKeys.Single(column, r);
                    keys[pos] = first.Ascending ? key : ~key;
                    perm[pos++] = start + r;
                }
                else
                {
                    perm[nullPos++] = start + r;
                }
            }
        }

        RadixSort.Sort(keys, perm, nonNullStart, n - nulls);
        var exact = _keys.Length == 1 && NormalizedKeys.IsExact(_schema[first.Column].Type);
        if (!exact)
        {
            var comparer = new RowIdComparer(_comparator, [.. _batches], ids);
            SortTies(keys, perm, nonNullStart, n - nulls, comparer);
            if (nulls > 1)
            {
                Array.Sort(perm, nullStart, nulls, comparer);
            }
        }

        return perm;
    }

    private static void SortTies(long[] keys, int[] perm, int start, int count, IComparer<int> comparer)
    {
        var end = start + count;
        var i = start;
        while (i < end)
        {
            var j = i + 1;
            while (j < end && keys[j] == keys[i])
            {
                j++;
            }

            if (j - i > 1)
            {
                Array.Sort(perm, i, j - i, comparer);
            }

            i = j;
        }
    }

    private sealed class RowIdComparer(RowComparator comparator, RecordBatch[] batches, RowIdMap ids) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var bx = ids.Batch(x);
            var by = ids.Batch(y);
            return comparator.Compare(batches[bx], ids.Row(x, bx), batches[by], ids.Row(y, by));
        }
    }
}
