using Kiln.Network.Protocol;
using Kiln.Network.Transport;

namespace Kiln.Network.Blocks;

/// <summary>
/// Fetches block ranges from <see cref="BlockTransferServer"/>s: one shared, authenticated connection per server
/// (reopened on demand), many requests in flight on it. One instance per executor process, shared by its tasks.
/// </summary>
/// <remarks>
/// Thread-safe. This is the raw protocol; <c>NetworkBlockFetcher</c> in Kiln.Execution adds the shuffle logic
/// (grouping by location, the bound on bytes in flight, local reads, retries, fetch failures).
/// </remarks>
public sealed class BlockTransferClient : IAsyncDisposable
{
    private readonly ConnectionPool _pool;

    public BlockTransferClient(NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _pool = new ConnectionPool(options, handler: null);
    }

    public NetworkOptions Options { get; }

    /// <summary>
    /// Sends one request for <paramref name="ranges"/> to the server at <paramref name="address"/>. Returns once
    /// the request is sent; the i-th task completes when range i has arrived in full, or fails with
    /// <see cref="BlockFetchException"/> (the server could not serve it) or <see cref="PeerUnavailableException"/>
    /// (the connection was lost). Cancelling <paramref name="cancellationToken"/> fails the unfinished ranges and
    /// tells the server to stop.
    /// </summary>
    /// <param name="onBytesReceived">Called with the size of each chunk as it arrives, and with minus the bytes of a range that failed after receiving some.</param>
    /// <exception cref="PeerUnavailableException">The server cannot be reached.</exception>
    /// <exception cref="HandshakeException">The server refused this process.</exception>
    public async Task<IReadOnlyList<Task<ReceivedBlock>>> FetchAsync(
        NetworkAddress address, IReadOnlyList<BlockRangeRequest> ranges, Action<long>? onBytesReceived = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentOutOfRangeException.ThrowIfZero(ranges.Count, nameof(ranges));
        var connection = await _pool.GetAsync(address, cancellationToken).ConfigureAwait(false);
        var firstId = connection.ReserveIds(ranges.Count);
        var receivers = new RangeReceiver[ranges.Count];
        var request = new FetchBlocksRequest();
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            receivers[i] = new RangeReceiver(connection, firstId + i, range, onBytesReceived);
            request.Ranges.Add(new BlockRange { BlockId = range.BlockId, Offset = range.Offset, Length = range.Length });
            if (!connection.TryAddSink(firstId + i, receivers[i]))
            {
                var reason = connection.CloseReason ?? new PeerUnavailableException(address, null, $"the connection with {address} is closed");
                FailAll(receivers, reason);
                throw reason;
            }
        }

        try
        {
            await connection.SendAsync(FrameType.FetchBlocks, FrameFlags.None, firstId, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            FailAll(receivers, e);
            throw;
        }

        var tasks = receivers.Select(r => r.Task).ToArray();
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                FailAll(receivers, new OperationCanceledException(cancellationToken));
                _ = connection.TrySendCancelAsync(firstId);
            });
            _ = Task.WhenAll(tasks).ContinueWith(
                all =>
                {
                    _ = all.Exception;
                    registration.Dispose();
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
        }

        return tasks;
    }

    private static void FailAll(RangeReceiver[] receivers, Exception reason)
    {
        foreach (var receiver in receivers)
        {
            if (receiver is null)
            {
                continue;
            }

            receiver.Fail(reason);
        }
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();
}
