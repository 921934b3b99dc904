using System.Threading.Channels;
using Kiln.Network;
using Kiln.Network.Blocks;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// One reduce task's remote fetch. Blocks are grouped by block server into units: small blocks batched into
/// requests of about maxBytesInFlight/5, each large block (over maxBytesInFlight/4) a unit of its own fetched in
/// pieces. An issuer loop sends units round-robin over servers while both bounds allow:
/// <code>
///   reserved + unit.Reservation &lt;= maxBytesInFlight     (reserved: requested or received, not yet consumed)
///   outstanding[server] &lt; maxRequestsInFlightPerAddress
///
///   unit ─issue─> reserve ─> FetchBlocks ─> block arrives whole ─> results channel ─> consumer reads it
///                                                                   consumer disposes ─> release ─> wake issuer
///        connection lost ─> retry the missing blocks (maxRetries, retryWait) ─> then FetchFailedException
///        error answer (missing file) ─> FetchFailedException for that block
///   large block: reserve 2 pieces ─> published when piece 0 arrives ─> PiecedBlockStream fetches the rest
/// </code>
/// Results are handed out in arrival order. The consumer's first error ends the fetch.
/// </summary>
/// <remarks>
/// <see cref="NextAsync"/> is called by one consumer; the issuer and the units run on the thread pool.
/// Disposing cancels everything in flight and releases every block not handed out.
/// </remarks>
internal sealed class NetworkFetchRun : IAsyncDisposable
{
    private readonly BlockTransferClient _client;
    private readonly ShuffleFetchOptions _options;
    private readonly FetchStatistics _stats;
    private readonly CancellationTokenSource _cancel;
    private readonly Channel<(FetchedBlock? Block, Exception? Error)> _results = Channel.CreateUnbounded<(FetchedBlock?, Exception?)>();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Lock _gate = new();
    private readonly List<NetworkAddress> _servers = [];
    private readonly Dictionary<NetworkAddress, Queue<Unit>> _queues = [];
    private readonly Dictionary<NetworkAddress, int> _outstanding = [];
    private readonly List<Task> _running = [];
    private readonly int _expected;
    private int _pendingUnits;
    private int _cursor;
    private long _reserved;
    private int _delivered;
    private Task _issuer = Task.CompletedTask;

    public NetworkFetchRun(BlockTransferClient client, ShuffleFetchOptions options, FetchStatistics stats, IReadOnlyList<BlockRequest> requests, CancellationToken cancellationToken)
    {
        _client = client;
        _options = options;
        _stats = stats;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _expected = requests.Count;
        Plan(requests);
    }

    private CancellationToken Token => _cancel.Token;

    public void Start() => _issuer = Task.Run(IssueAsync);

    /// <summary>The next block as it arrives; null when all have been handed out.</summary>
    /// <exception cref="FetchFailedException">A block could not be fetched.</exception>
    public async ValueTask<FetchedBlock?> NextAsync(CancellationToken cancellationToken)
    {
        if (_delivered == _expected)
        {
            return null;
        }

        var (block, error) = await _results.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        _delivered++;
        return error is null ? block : throw error;
    }

    private void Plan(IReadOnlyList<BlockRequest> requests)
    {
        var batches = new Dictionary<NetworkAddress, List<BlockRequest>>();
        foreach (var request in requests)
        {
            if (request.BlockServer is not { } server)
            {
                Post(null, NetworkBlockFetcher.FetchFailed(request, null, new InvalidOperationException($"executor {request.Location} has no block server address in its map status")));
                continue;
            }

            if (!_queues.TryGetValue(server, out var queue))
            {
                _queues[server] = queue = new Queue<Unit>();
                _outstanding[server] = 0;
                _servers.Add(server);
            }

            if (request.Size > _options.PieceSize)
            {
                Enqueue(queue, new Unit(server, [request], Math.Min(request.Size, 2 * _options.PieceSize), Pieced: true));
                continue;
            }

            var batch = batches.TryGetValue(server, out var b) ? b : batches[server] = [];
            if (batch.Count > 0 && batch.Sum(r => r.Size) + request.Size > _options.TargetRequestSize)
            {
                Enqueue(queue, Batch(server, batch));
                batch.Clear();
            }

            batch.Add(request);
        }

        foreach (var (server, batch) in batches)
        {
            if (batch.Count > 0)
            {
                Enqueue(_queues[server], Batch(server, batch));
            }
        }

        // Spread the load: every reducer starts at a different server.
        _cursor = _servers.Count == 0 ? 0 : Random.Shared.Next(_servers.Count);
    }

    private static Unit Batch(NetworkAddress server, List<BlockRequest> blocks) => new(server, [.. blocks], blocks.Sum(r => r.Size), Pieced: false);

    private void Enqueue(Queue<Unit> queue, Unit unit)
    {
        queue.Enqueue(unit);
        _pendingUnits++;
    }

    private async Task IssueAsync()
    {
        try
        {
            while (_pendingUnits > 0)
            {
                if (TryTakeIssuable() is { } unit)
                {
                    var task = unit.Pieced ? RunPiecedAsync(unit) : RunBatchAsync(unit);
                    lock (_gate)
                    {
                        _running.Add(task);
                    }

                    continue;
                }

                await _wake.WaitAsync(Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
        }
    }

    /// <summary>The next unit both bounds allow, round-robin over servers, reserved and counted; null when none fits now.</summary>
    private Unit? TryTakeIssuable()
    {
        lock (_gate)
        {
            for (var i = 0; i < _servers.Count; i++)
            {
                var server = _servers[(_cursor + i) % _servers.Count];
                var queue = _queues[server];
                if (queue.Count == 0 || _outstanding[server] >= _options.MaxRequestsPerAddress)
                {
                    continue;
                }

                var unit = queue.Peek();
                if (_reserved > 0 && _reserved + unit.Reservation > _options.MaxBytesInFlight)
                {
                    continue;
                }

                queue.Dequeue();
                _pendingUnits--;
                _cursor = (_cursor + i + 1) % _servers.Count;
                _reserved += unit.Reservation;
                _stats.AddInFlight(unit.Reservation);
                _stats.RequestsAtAddress(++_outstanding[server]);
                return unit;
            }

            return null;
        }
    }

    private void Release(long bytes)
    {
        lock (_gate)
        {
            _reserved -= bytes;
        }

        _stats.AddInFlight(-bytes);
        _wake.Release();
    }

    private void RequestDone(NetworkAddress server)
    {
        lock (_gate)
        {
            _outstanding[server]--;
        }

        _wake.Release();
    }

    private async Task RunBatchAsync(Unit unit)
    {
        var server = unit.Server;

        // The unit's blocks not yet handed out or failed; each keeps its reservation until it is.
        var unsettled = new List<BlockRequest>(unit.Blocks);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var reason = await FetchBatchOnceAsync(server, unsettled).ConfigureAwait(false);
                if (unsettled.Count == 0)
                {
                    return;
                }

                if (attempt >= _options.MaxRetries)
                {
                    Fail(unsettled, server, reason!);
                    unsettled.Clear();
                    return;
                }

                _stats.Retry();
                await Task.Delay(_options.RetryWait, _options.TimeProvider, Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            foreach (var request in unsettled)
            {
                Release(request.Size);
            }
        }
        finally
        {
            RequestDone(server);
        }
    }

    /// <summary>
    /// One request for the <paramref name="unsettled"/> blocks. Blocks handed out or failed are removed from it; those
    /// left were lost to a connection failure (to retry), and the reason is returned.
    /// </summary>
    private async Task<Exception?> FetchBatchOnceAsync(NetworkAddress server, List<BlockRequest> unsettled)
    {
        var blocks = unsettled.ToArray();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(Token);
        IReadOnlyList<Task<ReceivedBlock>> arrivals;
        try
        {
            _stats.Request();
            var ranges = blocks.Select(b => new BlockRangeRequest(b.BlockId.Name, 0, b.Size)).ToArray();
            arrivals = await _client.FetchAsync(server, ranges, _stats.AddBuffered, attempt.Token).ConfigureAwait(false);
        }
        catch (PeerUnavailableException e)
        {
            return e;
        }
        catch (NetworkException e)
        {
            // Refused (authentication, protocol version): retrying cannot help.
            unsettled.Clear();
            Fail(blocks, server, e);
            return null;
        }

        Exception? reason = null;
        var delivered = new bool[blocks.Length];
        try
        {
            for (var i = 0; i < blocks.Length; i++)
            {
                try
                {
                    var block = await arrivals[i].WaitAsync(_options.IdleTimeout, _options.TimeProvider, Token).ConfigureAwait(false);
                    delivered[i] = true;
                    unsettled.Remove(blocks[i]);
                    Deliver(blocks[i], server, block);
                }
                catch (TimeoutException e)
                {
                    reason ??= new PeerUnavailableException(server, null, $"{server} sent nothing for {_options.IdleTimeout.TotalSeconds:0.###}s (kiln.network.timeout)", e);
                    await attempt.CancelAsync().ConfigureAwait(false);
                }
                catch (PeerUnavailableException e)
                {
                    reason ??= e;
                }
                catch (OperationCanceledException) when (attempt.IsCancellationRequested && !Token.IsCancellationRequested)
                {
                }
                catch (BlockFetchException e)
                {
                    unsettled.Remove(blocks[i]);
                    Fail([blocks[i]], server, e);
                }
            }
        }
        finally
        {
            // Blocks that arrive after their wait was given up (lost, timed out, cancelled) are dropped as they come.
            for (var i = 0; i < blocks.Length; i++)
            {
                if (!delivered[i])
                {
                    Discard(arrivals[i]);
                }
            }
        }

        return reason;
    }

    private void Discard(Task<ReceivedBlock> arrival) =>
        arrival.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    _stats.AddBuffered(-t.Result.Length);
                    t.Result.Dispose();
                }
                else
                {
                    _ = t.Exception;
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private void Deliver(BlockRequest request, NetworkAddress server, ReceivedBlock block)
    {
        if (block.BlockLength != request.Size)
        {
            _stats.AddBuffered(-block.Length);
            block.Dispose();
            var cause = new InvalidDataException($"the block has {block.BlockLength} bytes, not the {request.Size} its map status reported: the map output was rewritten");
            Fail([request], server, cause);
            return;
        }

        _stats.RemoteBlock(request.Size);
        var size = request.Size;
        Post(new FetchedBlock(request, new WholeBlockStream(block, () =>
        {
            _stats.AddBuffered(-size);
            Release(size);
        })), null);
    }

    private async Task RunPiecedAsync(Unit unit)
    {
        var request = unit.Blocks[0];
        var stream = new PiecedBlockStream(
            request, unit.Server, _options.PieceSize, (range, token) => FetchPieceAsync(unit.Server, range, token), _stats.AddBuffered, () => Release(unit.Reservation), Token);
        try
        {
            stream.Start();
            try
            {
                await stream.FirstPiece.ConfigureAwait(false);
                _stats.RemoteBlock(request.Size);
                Post(new FetchedBlock(request, stream), null);
            }
            catch (Exception e) when (!Token.IsCancellationRequested)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                Post(null, e as FetchFailedException ?? NetworkBlockFetcher.FetchFailed(request, unit.Server, e));
            }

            // The server slot is held until the last piece is in.
            await stream.AllArrived.ConfigureAwait(false);
        }
        catch (Exception) when (Token.IsCancellationRequested)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            RequestDone(unit.Server);
        }
    }

    /// <summary>One piece of a large block, retried after connection failures.</summary>
    private async Task<ReceivedBlock> FetchPieceAsync(NetworkAddress server, BlockRangeRequest range, CancellationToken token)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                _stats.Request();
                var arrivals = await _client.FetchAsync(server, [range], _stats.AddBuffered, token).ConfigureAwait(false);
                return await arrivals[0].WaitAsync(_options.IdleTimeout, _options.TimeProvider, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is PeerUnavailableException or TimeoutException && attempt < _options.MaxRetries)
            {
                _stats.Retry();
                await Task.Delay(_options.RetryWait, _options.TimeProvider, token).ConfigureAwait(false);
            }
        }
    }

    private void Fail(IReadOnlyList<BlockRequest> blocks, NetworkAddress server, Exception cause)
    {
        foreach (var request in blocks)
        {
            Release(request.Size);
            Post(null, NetworkBlockFetcher.FetchFailed(request, server, cause));
        }
    }

    private void Post(FetchedBlock? block, Exception? error)
    {
        if (!_results.Writer.TryWrite((block, error)))
        {
            block?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        _results.Writer.TryComplete();
        while (_results.Reader.TryRead(out var result))
        {
            result.Block?.Dispose();
        }

        await _issuer.ConfigureAwait(false);
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _cancel.Dispose();
    }

    /// <summary>Blocks fetched by one request (or one large block in pieces) and the bytes reserved for them.</summary>
    private sealed record Unit(NetworkAddress Server, IReadOnlyList<BlockRequest> Blocks, long Reservation, bool Pieced);
}
