using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Hashing;
using Kiln.Execution.Memory;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Spill;
using Kiln.Execution.Tests.TestSupport;

namespace Kiln.Execution.Tests.Shuffle;

public sealed class ShuffleRoundTripTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kiln-shuffle-tests-" + Guid.NewGuid().ToString("N"));
    private readonly DiskBlockManager _disk;
    private readonly Schema _schema = TestData.SchemaOf(DataType.Int32, DataType.String, DataType.Float64);

    public ShuffleRoundTripTests() => _disk = new DiskBlockManager(_dir, "app-shuffle");

    public void Dispose()
    {
        _disk.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(1, SpillCodec.None, long.MaxValue / 8)]
    [InlineData(7, SpillCodec.None, long.MaxValue / 8)]
    [InlineData(7, SpillCodec.Deflate, 32 << 10)]
    [InlineData(13, SpillCodec.Brotli, 16 << 10)]
    [InlineData(13, SpillCodec.None, 8 << 10)]
    public void Every_row_arrives_in_the_partition_of_its_key_hash(int numPartitions, SpillCodec codec, long budget)
    {
        var partitioner = new HashPartitioner([0, 1], numPartitions);
        var inputs = Enumerable.Range(0, 4).Select(m => TestData.RandomBatches(_schema, 12, 300, new Random(m), distinct: 20)).ToList();
        var tracker = new MapOutputTracker();
        tracker.RegisterShuffle(5, inputs.Count);
        var spilled = 0;
        for (var m = 0; m < inputs.Count; m++)
        {
            var status = WriteMap(5, m, numPartitions, partitioner, inputs[m], budget, codec, out var spills);
            spilled += spills;
            tracker.RegisterMapOutput(status);
            Assert.Equal(new FileInfo(_disk.ShuffleDataPath(5, m)).Length, status.TotalBytes);
        }

        Assert.Equal(budget < 1 << 20, spilled > 0);
        var fetcher = new LocalBlockFetcher(_disk);
        var seen = new List<object?[]>();
        for (var r = 0; r < numPartitions; r++)
        {
            var reader = new ShuffleReader(fetcher, _schema, 5, tracker.GetStatuses(5), r);
            var rows = TestData.Rows(reader.Read());
            foreach (var batch in new ShuffleReader(fetcher, _schema, 5, tracker.GetStatuses(5), r).Read())
            {
                Assert.All(partitioner.PartitionIds(batch), p => Assert.Equal(r, p));
                Assert.InRange(batch.RowCount, 1, 100);
            }

            seen.AddRange(rows);
        }

        var expected = inputs.SelectMany(TestData.Rows).Select(Key).Order().ToList();
        Assert.Equal(expected, seen.Select(Key).Order().ToList());
    }

    [Fact]
    public void A_reduce_range_reads_the_partitions_of_the_range_and_empty_blocks_are_not_fetched()
    {
        var ids = new Func<RecordBatch, int[]>(b => Enumerable.Range(0, b.RowCount).Select(i => (int)((long)b.Columns[^1].GetValue(i)! % 3) * 2).ToArray());
        var input = TestData.RandomBatches(_schema, 5, 100, new Random(9));
        var status = WriteMap(1, 0, 6, ids, input, long.MaxValue / 8, SpillCodec.None, out _);
        Assert.Equal(0, status.PartitionSizes[1]);
        Assert.Equal(0, status.PartitionSizes[5]);
        Assert.True(status.PartitionSizes[0] > 0 && status.PartitionSizes[2] > 0 && status.PartitionSizes[4] > 0);

        var fetcher = new CountingFetcher(new LocalBlockFetcher(_disk));
        var reader = new ShuffleReader(fetcher, _schema, 1, [status], 1, 4);
        var rows = TestData.Rows(reader.Read());
        Assert.Equal([new ShuffleBlockId(1, 0, 2)], fetcher.Requested.Select(r => r.BlockId));
        var expected = TestData.Rows(input).Where(r => (long)r[^1]! % 3 == 1).ToList();
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void An_empty_map_task_writes_an_all_empty_output()
    {
        var status = WriteMap(2, 0, 4, b => new int[b.RowCount], [], long.MaxValue / 8, SpillCodec.None, out _);
        Assert.Equal(new long[4], status.PartitionSizes);
        Assert.Equal(40, new FileInfo(_disk.ShuffleIndexPath(2, 0)).Length);
        Assert.Empty(new ShuffleReader(new LocalBlockFetcher(_disk), _schema, 2, [status], 0, 4).Read());
    }

    [Fact]
    public void A_retry_of_a_map_task_replaces_its_output()
    {
        var partitioner = new HashPartitioner([0], 3);
        var first = TestData.RandomBatches(_schema, 4, 200, new Random(1));
        var second = TestData.RandomBatches(_schema, 2, 50, new Random(2));
        WriteMap(3, 0, 3, partitioner.PartitionIds, first, long.MaxValue / 8, SpillCodec.None, out _);
        var status = WriteMap(3, 0, 3, partitioner.PartitionIds, second, long.MaxValue / 8, SpillCodec.Deflate, out _);

        var rows = Enumerable.Range(0, 3).SelectMany(r => TestData.Rows(new ShuffleReader(new LocalBlockFetcher(_disk), _schema, 3, [status], r).Read()));
        Assert.Equal(TestData.Rows(second).Select(Key).Order(), rows.Select(Key).Order());
        Assert.Equal(2, Directory.GetFiles(_disk.RootDirectory).Length);
    }

    [Fact]
    public void A_deleted_data_file_is_a_fetch_failure_naming_the_block_and_location()
    {
        var partitioner = new HashPartitioner([0], 2);
        var statuses = new List<MapStatus?>();
        for (var m = 0; m < 3; m++)
        {
            statuses.Add(WriteMap(4, m, 2, partitioner.PartitionIds, TestData.RandomBatches(_schema, 3, 100, new Random(m)), long.MaxValue / 8, SpillCodec.None, out _, executor: $"exec-{m}"));
        }

        File.Delete(_disk.ShuffleDataPath(4, 1));
        var reader = new ShuffleReader(new LocalBlockFetcher(_disk), _schema, 4, statuses, 1);
        var error = Assert.Throws<FetchFailedException>(() => reader.Read().ToList());
        Assert.Equal((4, 1, 1, "exec-1"), (error.ShuffleId, error.MapIndex, error.ReduceId, error.Location));
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public void A_truncated_data_file_is_a_fetch_failure()
    {
        var status = WriteMap(6, 0, 1, b => new int[b.RowCount], TestData.RandomBatches(_schema, 3, 100, new Random(5)), long.MaxValue / 8, SpillCodec.None, out _);
        using (var f = new FileStream(_disk.ShuffleDataPath(6, 0), FileMode.Open))
        {
            f.SetLength(f.Length - 10);
        }

        var error = Assert.Throws<FetchFailedException>(() => new ShuffleReader(new LocalBlockFetcher(_disk), _schema, 6, [status], 0).Read().ToList());
        Assert.Equal((6, 0, 0), (error.ShuffleId, error.MapIndex, error.ReduceId));
    }

    [Fact]
    public void A_missing_map_status_is_a_fetch_failure_without_a_location()
    {
        var error = Assert.Throws<FetchFailedException>(() => new ShuffleReader(new LocalBlockFetcher(_disk), _schema, 8, [null], 0).Read().ToList());
        Assert.Equal((8, 0, null), (error.ShuffleId, error.MapIndex, error.Location));
    }

    [Fact]
    public void Partition_ids_outside_the_range_are_rejected()
    {
        using var memory = TaskMemoryManager.Unbounded();
        using var writer = new ShuffleWriter(9, 0, 2, b => Enumerable.Repeat(2, b.RowCount).ToArray(), _schema, _disk, memory);
        var batch = TestData.RandomBatches(_schema, 5, 10, new Random(1)).First(b => b.RowCount > 0);
        Assert.Throws<InvalidOperationException>(() => writer.Write(batch));
    }

    private MapStatus WriteMap(int shuffleId, int mapIndex, int numPartitions, HashPartitioner partitioner, List<RecordBatch> input, long budget, SpillCodec codec, out int spills) =>
        WriteMap(shuffleId, mapIndex, numPartitions, partitioner.PartitionIds, input, budget, codec, out spills);

    private MapStatus WriteMap(int shuffleId, int mapIndex, int numPartitions, Func<RecordBatch, int[]> partitioner, List<RecordBatch> input, long budget, SpillCodec codec, out int spills, string executor = "exec-1")
    {
        using var memory = new TaskMemoryManager(budget);
        using var writer = new ShuffleWriter(shuffleId, mapIndex, numPartitions, partitioner, _schema, _disk, memory, new ShuffleWriterOptions { ExecutorId = executor, BatchSize = 100, Codec = codec });
        foreach (var b in input)
        {
            writer.Write(b);
        }

        spills = writer.SpillCount;
        var status = writer.Commit();
        Assert.Equal(0, memory.UsedBytes);
        Assert.Equal((shuffleId, mapIndex, executor, numPartitions), (status.ShuffleId, status.MapIndex, status.Location, status.NumPartitions));
        return status;
    }

    private static long Key(object?[] row) => (long)row[^1]!;

    private sealed class CountingFetcher(IBlockFetcher inner) : IBlockFetcher
    {
        public List<BlockRequest> Requested { get; } = [];

        public IAsyncEnumerable<FetchedBlock> FetchAsync(IReadOnlyList<BlockRequest> requests, CancellationToken cancellationToken = default)
        {
            Requested.AddRange(requests);
            return inner.FetchAsync(requests, cancellationToken);
        }
    }
}
