using Kiln.Network.Blocks;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;
using Kiln.Network.Tests.TestSupport;

namespace Kiln.Network.Tests.Blocks;

public sealed class BlockTransferTests : IAsyncLifetime
{
    private readonly CapturingLoggerFactory _logs = new();
    private readonly MemorySource _source = new();
    private BlockTransferServer _server = null!;
    private BlockTransferClient _client = null!;

    public Task InitializeAsync()
    {
        _source.Blocks["small"] = Bytes(100, seed: 1);
        _source.Blocks["large"] = Bytes((3 * BlockService.ChunkSize) + 17, seed: 2);
        _source.Blocks["empty"] = [];
        _server = BlockTransferServer.Start(_source, TestNetwork.Loopback, TestNetwork.Options(_logs));
        _client = new BlockTransferClient(TestNetwork.Options());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Ranges_of_several_blocks_arrive_intact_in_one_request()
    {
        var large = _source.Blocks["large"];
        var ranges = new[]
        {
            new BlockRangeRequest("small", 0, 100),
            new BlockRangeRequest("large", 0, large.Length),
            new BlockRangeRequest("empty", 0, 0),
            new BlockRangeRequest("large", 5, BlockService.ChunkSize + 3),
        };
        var arrivals = await _client.FetchAsync(_server.Address, ranges);
        var blocks = await Task.WhenAll(arrivals);
        Assert.Equal(_source.Blocks["small"], Concat(blocks[0]));
        Assert.Equal(large, Concat(blocks[1]));
        Assert.Equal(4, blocks[1].ChunkCount);
        Assert.Equal((large.Length, 0), (blocks[1].BlockLength, blocks[2].ChunkCount));
        Assert.Equal(large.AsSpan(5, BlockService.ChunkSize + 3).ToArray(), Concat(blocks[3]));
        foreach (var block in blocks)
        {
            block.Dispose();
        }
    }

    [Fact]
    public async Task Missing_blocks_and_bad_ranges_fail_only_their_own_range()
    {
        var arrivals = await _client.FetchAsync(_server.Address, [
            new BlockRangeRequest("nope", 0, 10),
            new BlockRangeRequest("small", 90, 20),
            new BlockRangeRequest("small", 0, 10),
        ]);
        var missing = await Assert.ThrowsAsync<BlockFetchException>(() => arrivals[0]);
        Assert.Equal((BlockErrorCode.NotFound, "nope"), (missing.Code, missing.BlockId));
        var outside = await Assert.ThrowsAsync<BlockFetchException>(() => arrivals[1]);
        Assert.Equal(BlockErrorCode.OutOfRange, outside.Code);
        Assert.Contains("outside block small of 100 bytes", outside.Message, StringComparison.Ordinal);
        using var ok = await arrivals[2];
        Assert.Equal(_source.Blocks["small"][..10], Concat(ok));
    }

    [Fact]
    public async Task A_fetcher_without_the_secret_is_refused_and_logged()
    {
        await using var stranger = new BlockTransferClient(TestNetwork.Options(secret: NetworkSecret.FromText("a-different-application-secret")));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => stranger.FetchAsync(_server.Address, [new BlockRangeRequest("small", 0, 100)]));
        var entry = await _logs.WaitForAsync(l => l.EventId.Name == "ConnectionRefused");
        Assert.Contains("authentication failed", (string)entry["Reason"]!, StringComparison.Ordinal);
        Assert.Equal(0, _source.Opened);
    }

    [Fact]
    public async Task Block_servers_refuse_RPC_and_RPC_servers_refuse_block_fetches()
    {
        await using var env = RpcEnv.Create(TestNetwork.Options());
        var rpc = await Assert.ThrowsAsync<RpcRemoteException>(() => env.EndpointRef(_server.Address, "driver").AskAsync<Ack>(new Heartbeat()));
        Assert.Equal(RpcErrorCode.NoSuchEndpoint, rpc.Code);

        await using var rpcServer = RpcEnv.Listen(TestNetwork.Options(), TestNetwork.Loopback);
        var arrivals = await _client.FetchAsync(rpcServer.Address!.Value, [new BlockRangeRequest("small", 0, 100)]);
        Assert.Equal(BlockErrorCode.NoBlockService, (await Assert.ThrowsAsync<BlockFetchException>(() => arrivals[0])).Code);
    }

    [Fact]
    public async Task Cancelling_a_fetch_stops_the_server_and_fails_the_unfinished_ranges()
    {
        _source.Blocks["slow"] = Bytes(8 * BlockService.ChunkSize, seed: 3);
        _source.Delay = TimeSpan.FromMilliseconds(50);
        using var cancel = new CancellationTokenSource();
        var arrivals = await _client.FetchAsync(_server.Address, [new BlockRangeRequest("slow", 0, 8 * BlockService.ChunkSize)], cancellationToken: cancel.Token);
        await _source.FirstRead.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => arrivals[0]);
        await _source.AllClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_source.Reads < 8, $"the server kept reading after the fetch was cancelled ({_source.Reads} reads)");
    }

    [Fact]
    public async Task A_server_that_dies_mid_stream_fails_the_range_as_unavailable()
    {
        _source.Blocks["slow"] = Bytes(8 * BlockService.ChunkSize, seed: 3);
        _source.Delay = TimeSpan.FromMilliseconds(50);
        var arrivals = await _client.FetchAsync(_server.Address, [new BlockRangeRequest("slow", 0, 8 * BlockService.ChunkSize)]);
        await _source.FirstRead.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await _server.DisposeAsync();
        var e = await Assert.ThrowsAsync<PeerUnavailableException>(() => arrivals[0]);
        Assert.Equal(_server.Address, e.Address);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Concat(ReceivedBlock block)
    {
        var all = new List<byte>();
        for (var i = 0; i < block.ChunkCount; i++)
        {
            all.AddRange(block.Chunk(i).ToArray());
        }

        return [.. all];
    }

    private sealed class MemorySource : IBlockSource
    {
        private int _open;

        public Dictionary<string, byte[]> Blocks { get; } = [];

        public TimeSpan Delay { get; set; }

        public int Opened;

        public int Reads;

        public TaskCompletionSource FirstRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource AllClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<IBlockHandle> OpenAsync(string blockId, CancellationToken cancellationToken)
        {
            if (!Blocks.TryGetValue(blockId, out var bytes))
            {
                throw new BlockNotFoundException(blockId, $"no block {blockId}");
            }

            Interlocked.Increment(ref Opened);
            Interlocked.Increment(ref _open);
            return ValueTask.FromResult<IBlockHandle>(new Handle(this, bytes));
        }

        private sealed class Handle(MemorySource source, byte[] bytes) : IBlockHandle
        {
            public long Length => bytes.Length;

            public long Version => 1;

            public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref source.Reads);
                source.FirstRead.TrySetResult();
                if (source.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(source.Delay, cancellationToken);
                }

                var n = (int)Math.Min(buffer.Length, bytes.Length - offset);
                bytes.AsMemory((int)offset, n).CopyTo(buffer);
                return n;
            }

            public void Dispose()
            {
                if (Interlocked.Decrement(ref source._open) == 0)
                {
                    source.AllClosed.TrySetResult();
                }
            }
        }
    }
}
