using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Hashing;
using Kiln.Execution.Sort;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// Partitions rows for a global sort: partition i holds the rows ordered after bound i-1 and up to bound i
/// (rows equal to a bound go to that bound's partition, as in Spark). Bounds are chosen from a sample of rows
/// so that partitions are about equally large; equal bounds are merged, so <see cref="NumPartitions"/> can be
/// fewer than requested when the keys have few distinct values.
/// </summary>
/// <remarks>Immutable and thread-safe. The bounds batch has the data's schema; only the key columns matter.</remarks>
public sealed class RangePartitioner
{
    private readonly RecordBatch _bounds;
    private readonly RowComparator _comparator;

    public RangePartitioner(RecordBatch bounds, IReadOnlyList<SortKeySpec> keys)
    {
        _bounds = bounds ?? throw new ArgumentNullException(nameof(bounds));
        _comparator = new RowComparator(keys);
    }

    /// <summary>Bound rows plus one.</summary>
    public int NumPartitions => _bounds.RowCount + 1;

    public RecordBatch Bounds => _bounds;

    /// <summary>Chooses up to <paramref name="numPartitions"/> - 1 bounds from sampled rows of the data.</summary>
    public static RangePartitioner FromSamples(Schema schema, IReadOnlyList<SortKeySpec> keys, IReadOnlyList<RecordBatch> samples, int numPartitions)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(numPartitions, 1);
        var buffer = new SortBuffer(schema, keys);
        foreach (var sample in samples)
        {
            buffer.Add(sample);
        }

        var total = buffer.RowCount;
        if (total == 0 || numPartitions == 1)
        {
            return new RangePartitioner(RecordBatch.Empty(schema), keys);
        }

        var sorted = buffer.SortedBatches(total).Single();
        var comparator = new RowComparator(keys);
        var picked = new List<int>();
        for (var i = 1; i < numPartitions; i++)
        {
            var row = (int)Math.Min(total - 1, ((long)i * total / numPartitions) - 1);
            row = Math.Max(row, 0);
            if (picked.Count == 0 || comparator.Compare(sorted, picked[^1], sorted, row) < 0)
            {
                picked.Add(row);
            }
        }

        return new RangePartitioner(sorted.Gather(picked.ToArray()), keys);
    }

    public int[] PartitionIds(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var ids = new int[batch.RowCount];
        for (var r = 0; r < ids.Length; r++)
        {
            ids[r] = PartitionOf(batch, r);
        }

        return ids;
    }

    /// <summary>The first partition whose bound is not ordered before the row (binary search).</summary>
    public int PartitionOf(RecordBatch batch, int row)
    {
        int lo = 0, hi = _bounds.RowCount;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_comparator.Compare(_bounds, mid, batch, row) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
