using System.Runtime.CompilerServices;
using Kiln.Network;
using Kiln.Network.Blocks;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// The executors' <see cref="IBlockFetcher"/>: blocks written by this executor are read straight from disk;
/// the others are fetched from their executors' <see cref="BlockTransferServer"/>s, concurrently, within
/// <c>kiln.reducer.maxBytesInFlight</c> and <c>kiln.reducer.maxRequestsInFlightPerAddress</c>, and handed out
/// one by one as they arrive (see <see cref="NetworkFetchRun"/>). A block that cannot be fetched (executor gone,
/// file missing, connection lost beyond <c>kiln.shuffle.io.maxRetries</c>) raises <see cref="FetchFailedException"/>
/// naming the executor, shuffle and map task.
/// </summary>
/// <remarks>
/// Thread-safe: one instance per executor serves all its reduce tasks. The bound applies to each
/// <see cref="FetchAsync(IReadOnlyList{BlockRequest}, CancellationToken)"/> call (one reduce task). Disposing a
/// block releases its share of the bound; abandoning the enumeration cancels what is still in flight.
/// </remarks>
public sealed class NetworkBlockFetcher : IBlockFetcher
{
    private readonly string _localExecutorId;
    private readonly LocalBlockFetcher _local;
    private readonly BlockTransferClient _client;
    private readonly ShuffleFetchOptions _options;
    private readonly LocalBlockFetcher? _fallback;
    private long _remoteBytesFetched;

    /// <param name="localExecutorId">This executor's id: blocks with this location are read from <paramref name="local"/>.</param>
    /// <param name="fallback">The decommission fallback storage: blocks at <see cref="ShuffleOutputMigration.FallbackLocation"/> are read from it.</param>
    public NetworkBlockFetcher(string localExecutorId, LocalBlockFetcher local, BlockTransferClient client, ShuffleFetchOptions options, LocalBlockFetcher? fallback = null)
    {
        _fallback = fallback;
        ArgumentException.ThrowIfNullOrEmpty(localExecutorId);
        _localExecutorId = localExecutorId;
        _local = local ?? throw new ArgumentNullException(nameof(local));
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>Bytes received from other executors' block servers by every fetch of this executor so far.</summary>
    public long RemoteBytesFetched => Interlocked.Read(ref _remoteBytesFetched);

    public IAsyncEnumerable<FetchedBlock> FetchAsync(IReadOnlyList<BlockRequest> requests, CancellationToken cancellationToken = default) =>
        FetchAsync(requests, null, cancellationToken);

    /// <summary>As <see cref="FetchAsync(IReadOnlyList{BlockRequest}, CancellationToken)"/>, counting into <paramref name="statistics"/>.</summary>
    public async IAsyncEnumerable<FetchedBlock> FetchAsync(
        IReadOnlyList<BlockRequest> requests, FetchStatistics? statistics, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var stats = statistics ?? new FetchStatistics();
        var local = new List<BlockRequest>();
        var remote = new List<BlockRequest>();
        var fallback = new List<BlockRequest>();
        foreach (var request in requests)
        {
            (request.Location == _localExecutorId ? local : _fallback is not null && request.Location == ShuffleOutputMigration.FallbackLocation ? fallback : remote).Add(request);
        }

        // Remote requests go out first, so the network works while local blocks are read.
        var remoteBefore = stats.RemoteBytes;
        var run = new NetworkFetchRun(_client, _options, stats, remote, cancellationToken);
        await using var disposeRun = run.ConfigureAwait(false);
        try
        {
            run.Start();
            foreach (var request in local)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var block = await _local.FetchOneAsync(request, cancellationToken).ConfigureAwait(false);
                stats.LocalBlock();
                yield return block;
            }

            foreach (var request in fallback)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var block = await _fallback!.FetchOneAsync(request, cancellationToken).ConfigureAwait(false);
                stats.LocalBlock();
                yield return block;
            }

            while (await run.NextAsync(cancellationToken).ConfigureAwait(false) is { } block)
            {
                yield return block;
            }
        }
        finally
        {
            Interlocked.Add(ref _remoteBytesFetched, stats.RemoteBytes - remoteBefore);
        }
    }

    internal static FetchFailedException FetchFailed(BlockRequest request, NetworkAddress? address, Exception cause)
    {
        var id = request.BlockId;
        var where = address is { } a ? $"executor {request.Location} at {a}" : $"executor {request.Location}";
        return new FetchFailedException(
            id.ShuffleId, id.MapIndex, id.ReduceId, request.Location,
            $"cannot fetch {id} from {where}: {cause.Message}; the map task will be re-run",
            cause)
        {
            Address = address,
        };
    }
}
