using Kiln.Common.Types;
using Kiln.Execution.Hashing;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Sort;
using Kiln.Execution.Tests.TestSupport;

namespace Kiln.Execution.Tests.Shuffle;

public sealed class RangePartitionerTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Partitions_are_ordered_ranges_of_about_equal_size(bool ascending, bool nullsFirst)
    {
        var schema = TestData.SchemaOf(DataType.Float64, DataType.String);
        SortKeySpec[] keys = [new SortKeySpec(0, ascending, nullsFirst), SortKeySpec.Asc(1)];
        var data = TestData.RandomBatches(schema, 20, 500, new Random(1), distinct: 10_000);
        var sample = data.Take(5).ToList();
        var partitioner = RangePartitioner.FromSamples(schema, keys, sample, 8);
        Assert.Equal(8, partitioner.NumPartitions);

        var comparator = new RowComparator(keys);
        var byPartition = new List<(int P, int Batch, int Row)>();
        for (var b = 0; b < data.Count; b++)
        {
            var ids = partitioner.PartitionIds(data[b]);
            for (var r = 0; r < ids.Length; r++)
            {
                byPartition.Add((ids[r], b, r));
            }
        }

        // Every row of partition p sorts at or before every row of partition p + 1.
        foreach (var x in byPartition)
        {
            if (x.P > 0)
            {
                Assert.True(comparator.Compare(partitioner.Bounds, x.P - 1, data[x.Batch], x.Row) < 0);
            }

            if (x.P < partitioner.NumPartitions - 1)
            {
                Assert.True(comparator.Compare(data[x.Batch], x.Row, partitioner.Bounds, x.P) <= 0);
            }
        }

        var sizes = byPartition.GroupBy(x => x.P).Select(g => g.Count()).ToList();
        Assert.Equal(8, sizes.Count);
        Assert.True(sizes.Max() < 3 * sizes.Min(), string.Join(",", sizes));
    }

    [Fact]
    public void Few_distinct_keys_give_fewer_partitions()
    {
        var schema = TestData.SchemaOf(DataType.Boolean);
        var data = TestData.RandomBatches(schema, 5, 100, new Random(2), nullFraction: 0);
        var partitioner = RangePartitioner.FromSamples(schema, [SortKeySpec.Asc(0)], data, 10);
        Assert.InRange(partitioner.NumPartitions, 2, 3);
        Assert.Equal(1, RangePartitioner.FromSamples(schema, [SortKeySpec.Asc(0)], [], 10).NumPartitions);
    }
}
