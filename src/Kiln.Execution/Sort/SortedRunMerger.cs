using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Hashing;

namespace Kiln.Execution.Sort;

/// <summary>
/// K-way merge of sorted runs with a binary min-heap of <see cref="RunCursor"/>s. Rows are not copied one by
/// one: each output batch records (source batch, row) pairs and is built with <see cref="BatchGather"/>.
/// </summary>
internal static class SortedRunMerger
{
    public static IEnumerable<RecordBatch> Merge(
        Schema schema, IReadOnlyList<SortKeySpec> keys, IReadOnlyList<IEnumerable<RecordBatch>> runs, int batchSize, long limit)
    {
        var comparator = new RowComparator(keys);
        var exact = keys.Count == 1 && NormalizedKeys.IsExact(schema[keys[0].Column].Type);
        var cursors = new List<RunCursor>(runs.Count);
        try
        {
            foreach (var run in runs)
            {
                var cursor = new RunCursor(run, keys[0]);
                if (cursor.Start())
                {
                    cursors.Add(cursor);
                }
                else
                {
                    cursor.Dispose();
                }
            }

            var heap = new RunCursor[cursors.Count];
            var size = 0;
            foreach (var c in cursors)
            {
                heap[size++] = c;
                SiftUp(heap, size - 1, comparator, exact);
            }

            var sources = new List<RecordBatch>();
            var sourceIndex = new int[batchSize];
            var rows = new int[batchSize];
            var n = 0;
            long emitted = 0;
            while (size > 0 && emitted < limit)
            {
                var top = heap[0];
                if (top.SourceSlot < 0)
                {
                    top.SourceSlot = sources.Count;
                    sources.Add(top.Batch);
                }

                sourceIndex[n] = top.SourceSlot;
                rows[n] = top.Row;
                n++;
                emitted++;
                if (!top.Advance())
                {
                    heap[0] = heap[--size];
                }

                if (size > 0)
                {
                    SiftDown(heap, size, comparator, exact);
                }

                if (n == batchSize)
                {
                    yield return BatchGather.Gather(schema, sources, sourceIndex, rows);
                    n = 0;
                    sources.Clear();
                    for (var i = 0; i < size; i++)
                    {
                        heap[i].SourceSlot = -1;
                    }
                }
            }

            if (n > 0)
            {
                yield return BatchGather.Gather(schema, sources, sourceIndex.AsSpan(0, n), rows.AsSpan(0, n));
            }
        }
        finally
        {
            foreach (var c in cursors)
            {
                c.Dispose();
            }
        }
    }

    private static int Compare(RunCursor a, RunCursor b, RowComparator comparator, bool exact)
    {
        if (a.NullRank != b.NullRank)
        {
            return a.NullRank.CompareTo(b.NullRank);
        }

        if (a.Key != b.Key)
        {
            return a.Key < b.Key ? -1 : 1;
        }

        return exact ? 0 : comparator.Compare(a.Batch, a.Row, b.Batch, b.Row);
    }

    private static void SiftUp(RunCursor[] heap, int i, RowComparator comparator, bool exact)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (Compare(heap[i], heap[parent], comparator, exact) >= 0)
            {
                return;
            }

            (heap[i], heap[parent]) = (heap[parent], heap[i]);
            i = parent;
        }
    }

    private static void SiftDown(RunCursor[] heap, int size, RowComparator comparator, bool exact)
    {
        var i = 0;
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= size)
            {
                return;
            }

            var right = left + 1;
            var child = right < size && Compare(heap[right], heap[left], comparator, exact) < 0 ? right : left;
            if (Compare(heap[child], heap[i], comparator, exact) >= 0)
            {
                return;
            }

            (heap[i], heap[child]) = (heap[child], heap[i]);
            i = child;
        }
    }
}
