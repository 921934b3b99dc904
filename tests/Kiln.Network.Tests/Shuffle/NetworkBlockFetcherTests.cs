using Google.Protobuf;
using Kiln.Execution.Shuffle;
using Kiln.Network.Blocks;
using Kiln.Network.Protocol;
using Kiln.Network.Tests.TestSupport;

namespace Kiln.Network.Tests.Shuffle;

public sealed class NetworkBlockFetcherTests : IAsyncLifetime
{
    private const int Partitions = 6;
    private const int RowsPerMap = 3000;
    private readonly ShuffleCluster _cluster = new(executors: 3);
    private BlockTransferClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new BlockTransferClient(_cluster.Options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    private ShuffleCluster.Executor Reducer => _cluster.Executors[2];

    [Fact]
    public async Task Many_blocks_from_two_servers_arrive_whole_without_exceeding_the_bytes_in_flight_bound()
    {
        // Executors 0 and 1 each write 30 map outputs; executor 2 (no outputs) reads every partition.
        var statuses = WriteOnTwo(shuffleId: 1, mapsPerExecutor: 30, rowsPerMap: 1000);
        var bound = 12 * statuses.SelectMany(s => s.PartitionSizes).Max();
        var options = new ShuffleFetchOptions { MaxBytesInFlight = bound, MaxRequestsPerAddress = 2 };
        for (var r = 0; r < Partitions; r++)
        {
            Assert.True(statuses.Sum(s => s.PartitionSizes[r]) > 4 * bound, "a partition must be much larger than the bound for the test to mean anything");
            var stats = new FetchStatistics();
            var ids = await ReadAsync(Fetcher(options), statuses, 1, r, stats);
            Assert.Equal(ShuffleCluster.ExpectedIds(60, Partitions, 1000, r), ids);
            Assert.Equal((60, 0), (stats.RemoteBlocks, stats.LocalBlocks));
            Assert.InRange(stats.PeakBytesInFlight, bound / 2, bound);
            Assert.InRange(stats.PeakBytesBuffered, 1, stats.PeakBytesInFlight);
            Assert.InRange(stats.PeakRequestsPerAddress, 1, 2);
            Assert.InRange(stats.Requests, 10, 40);
            Assert.Equal((0, 0), (stats.BytesInFlight, stats.BytesBuffered));
        }
    }

    [Fact]
    public async Task Blocks_larger_than_the_bound_stream_in_pieces_within_it()
    {
        var statuses = WriteOnTwo(shuffleId: 2, mapsPerExecutor: 2, partitions: 1, rowsPerMap: 20_000);
        var bound = statuses.Min(s => s.TotalBytes) / 3;
        var stats = new FetchStatistics();
        var ids = await ReadAsync(Fetcher(new ShuffleFetchOptions { MaxBytesInFlight = bound }), statuses, 2, 0, stats, partitions: 1);
        Assert.Equal(ShuffleCluster.ExpectedIds(4, 1, 20_000, 0), ids);
        Assert.InRange(stats.PeakBytesInFlight, 1, bound);
        Assert.InRange(stats.PeakBytesBuffered, 1, bound);
        Assert.True(stats.Requests >= 4 * 6, $"each block needs at least 6 pieces ({stats.Requests} requests)");
    }

    [Theory]
    [InlineData(Kiln.Execution.Spill.SpillCodec.Lz4)]
    [InlineData(Kiln.Execution.Spill.SpillCodec.Deflate)]
    public async Task Compressed_blocks_are_fetched_and_decoded_by_the_codec_each_frame_names(Kiln.Execution.Spill.SpillCodec codec)
    {
        var statuses = new[]
        {
            ShuffleCluster.WriteMap(_cluster.Executors[0], 10, 0, Partitions, RowsPerMap, codec),
            ShuffleCluster.WriteMap(_cluster.Executors[1], 10, 1, Partitions, RowsPerMap, Kiln.Execution.Spill.SpillCodec.None),
        };
        Assert.True(statuses[0].TotalBytes < statuses[1].TotalBytes * 3 / 4, "compressed output must be smaller");
        var ids = await ReadAsync(Fetcher(new ShuffleFetchOptions { MaxBytesInFlight = 16 << 10 }), statuses, 10, 3, new FetchStatistics());
        Assert.Equal(ShuffleCluster.ExpectedIds(2, Partitions, RowsPerMap, 3), ids);
    }

    [Fact]
    public void Map_statuses_survive_the_wire_form()
    {
        var status = new MapStatus(3, 7, "exec-9", [0, 12, 7]) { BlockServer = new NetworkAddress("10.0.0.4", 7337) };
        var back = MapStatusMessages.FromMessage(Kiln.Network.Protocol.MapStatusInfo.Parser.ParseFrom(MapStatusMessages.ToMessage(status).ToByteArray()));
        Assert.Equal((3, 7, "exec-9", status.BlockServer), (back.ShuffleId, back.MapIndex, back.Location, back.BlockServer));
        Assert.Equal(status.PartitionSizes, back.PartitionSizes);
        Assert.Null(MapStatusMessages.FromMessage(MapStatusMessages.ToMessage(new MapStatus(1, 0, "driver", [1]))).BlockServer);
    }

    [Fact]
    public async Task Local_blocks_are_read_from_disk_without_the_network()
    {
        var statuses = _cluster.WriteShuffle(3, mapsPerExecutor: 3, Partitions, RowsPerMap);
        var local = _cluster.Executors[0];
        await local.Server.DisposeAsync();
        var stats = new FetchStatistics();
        var fetcher = _cluster.Fetcher(local, _client, new ShuffleFetchOptions { MaxBytesInFlight = 64 << 10 });
        var ids = await ReadAsync(fetcher, statuses, 3, 4, stats);
        Assert.Equal(ShuffleCluster.ExpectedIds(9, Partitions, RowsPerMap, 4), ids);
        Assert.Equal((3, 6), (stats.LocalBlocks, stats.RemoteBlocks));
    }

    [Fact]
    public async Task Concurrent_reduce_tasks_share_one_client_and_one_connection_per_server()
    {
        var statuses = WriteOnTwo(shuffleId: 4, mapsPerExecutor: 4);
        var fetcher = Fetcher(new ShuffleFetchOptions { MaxBytesInFlight = 32 << 10 });
        var reads = Enumerable.Range(0, Partitions).Select(r => Task.Run(() => ReadAsync(fetcher, statuses, 4, r, new FetchStatistics()))).ToArray();
        var results = await Task.WhenAll(reads);
        for (var r = 0; r < Partitions; r++)
        {
            Assert.Equal(ShuffleCluster.ExpectedIds(8, Partitions, RowsPerMap, r), results[r]);
        }

        Assert.Equal(1, _cluster.Executors[0].Server.ConnectionCount);
        Assert.Equal(1, _cluster.Executors[1].Server.ConnectionCount);
    }

    [Fact]
    public async Task An_unreachable_executor_raises_fetch_failed_naming_executor_shuffle_and_map()
    {
        var statuses = WriteOnTwo(shuffleId: 5, mapsPerExecutor: 2);
        var dead = _cluster.Executors[1];
        var address = dead.Server.Address;
        await dead.Server.DisposeAsync();
        var stats = new FetchStatistics();
        var options = new ShuffleFetchOptions { MaxRetries = 2, RetryWait = TimeSpan.FromMilliseconds(10) };
        var e = await Assert.ThrowsAsync<FetchFailedException>(() => ReadAsync(Fetcher(options), statuses, 5, 0, stats));
        Assert.Equal(("exec-1", 5, 0, address), (e.Location, e.ShuffleId, e.ReduceId, e.Address));
        Assert.Contains(e.MapIndex, new[] { 2, 3 });
        Assert.IsType<PeerUnavailableException>(e.InnerException);
        Assert.Contains("cannot connect", e.Message, StringComparison.Ordinal);
        Assert.True(stats.Retries >= 2);
    }

    [Fact]
    public async Task A_missing_map_output_on_a_live_executor_raises_fetch_failed()
    {
        var statuses = WriteOnTwo(shuffleId: 6, mapsPerExecutor: 2);
        _cluster.Executors[0].Disk.RemoveShuffle(6);
        var e = await Assert.ThrowsAsync<FetchFailedException>(() => ReadAsync(Fetcher(new ShuffleFetchOptions()), statuses, 6, 1, new FetchStatistics()));
        Assert.Equal("exec-0", e.Location);
        Assert.Equal(BlockErrorCode.NotFound, Assert.IsType<BlockFetchException>(e.InnerException).Code);
    }

    [Fact]
    public async Task A_rewritten_map_output_of_another_size_raises_fetch_failed()
    {
        var statuses = WriteOnTwo(shuffleId: 7, mapsPerExecutor: 1);
        ShuffleCluster.WriteMap(_cluster.Executors[1], 7, 1, Partitions, RowsPerMap * 2, Kiln.Execution.Spill.SpillCodec.None);
        var e = await Assert.ThrowsAsync<FetchFailedException>(() => ReadAsync(Fetcher(new ShuffleFetchOptions()), statuses, 7, 0, new FetchStatistics()));
        Assert.Equal((1, "exec-1"), (e.MapIndex, e.Location));
        Assert.Contains("rewritten", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_block_server_of_another_application_is_refused_and_fails_the_fetch()
    {
        var statuses = WriteOnTwo(shuffleId: 8, mapsPerExecutor: 1);
        await using var stranger = new BlockTransferClient(TestNetwork.Options(secret: NetworkSecret.FromText("a-different-application-secret")));
        var fetcher = new NetworkBlockFetcher(Reducer.Id, new LocalBlockFetcher(Reducer.Disk), stranger, new ShuffleFetchOptions());
        var e = await Assert.ThrowsAsync<FetchFailedException>(() => ReadAsync(fetcher, statuses, 8, 0, new FetchStatistics()));
        Assert.IsType<AuthenticationFailedException>(e.InnerException);
    }

    [Fact]
    public async Task Abandoning_a_fetch_releases_every_block_in_flight()
    {
        var statuses = WriteOnTwo(shuffleId: 9, mapsPerExecutor: 6);
        var stats = new FetchStatistics();
        var requests = new ShuffleReader(Fetcher(new ShuffleFetchOptions()), ShuffleCluster.Schema, 9, statuses, 0).PlanRequests();
        await foreach (var block in Fetcher(new ShuffleFetchOptions()).FetchAsync(requests, stats))
        {
            block.Dispose();
            break;
        }

        Assert.Equal((0, 0), (stats.BytesInFlight, stats.BytesBuffered));
    }

    private MapStatus[] WriteOnTwo(int shuffleId, int mapsPerExecutor, int partitions = Partitions, int rowsPerMap = RowsPerMap)
    {
        var statuses = new List<MapStatus>();
        for (var e = 0; e < 2; e++)
        {
            for (var k = 0; k < mapsPerExecutor; k++)
            {
                statuses.Add(ShuffleCluster.WriteMap(_cluster.Executors[e], shuffleId, statuses.Count, partitions, rowsPerMap, Kiln.Execution.Spill.SpillCodec.None));
            }
        }

        return [.. statuses];
    }

    private NetworkBlockFetcher Fetcher(ShuffleFetchOptions options) => _cluster.Fetcher(Reducer, _client, options);

    private static Task<List<long>> ReadAsync(NetworkBlockFetcher fetcher, IReadOnlyList<MapStatus> statuses, int shuffleId, int partition, FetchStatistics stats, int partitions = Partitions) =>
        Task.Run(() => ShuffleCluster.ReadIds(new StatisticsFetcher(fetcher, stats), statuses, shuffleId, partition));

    /// <summary>Routes the reader's fetch through the overload that counts into <paramref name="stats"/>.</summary>
    private sealed class StatisticsFetcher(NetworkBlockFetcher inner, FetchStatistics stats) : IBlockFetcher
    {
        public IAsyncEnumerable<FetchedBlock> FetchAsync(IReadOnlyList<BlockRequest> requests, CancellationToken cancellationToken = default) =>
            inner.FetchAsync(requests, stats, cancellationToken);
    }
}
