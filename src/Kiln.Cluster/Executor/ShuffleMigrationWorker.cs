using System.Threading.Channels;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Spill;
using Kiln.Network;
using Kiln.Network.Blocks;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;

namespace Kiln.Cluster.Executor;

/// <summary>
/// An executor's part in moving map outputs during a graceful decommission: on the driver's
/// <c>MigrateShuffleOutput</c> it pulls a leaving executor's output over the block servers into its own directory,
/// or (sent to the leaving executor itself) copies its own output to the fallback storage, and answers the driver
/// with <c>ShuffleOutputMigrated</c>. At most <see cref="Concurrency"/> outputs move at once, off the message loop; the workers live as long as the process.
/// </summary>
/// <remarks>Thread-safe. Failures are answered, never thrown: the driver then leaves that output to be recomputed.</remarks>
internal sealed class ShuffleMigrationWorker
{
    private const int Concurrency = 4;

    private readonly string _executorId;
    private readonly DiskBlockManager _disk;
    private readonly DiskBlockManager? _fallback;
    private readonly BlockTransferClient _client;
    private readonly RpcEndpointRef _driver;
    private readonly Channel<MigrateShuffleOutput> _requests = Channel.CreateUnbounded<MigrateShuffleOutput>();

    public ShuffleMigrationWorker(string executorId, DiskBlockManager disk, DiskBlockManager? fallback, BlockTransferClient client, RpcEndpointRef driver)
    {
        _executorId = executorId;
        _disk = disk;
        _fallback = fallback;
        _client = client;
        _driver = driver;
        for (var i = 0; i < Concurrency; i++)
        {
            _ = Task.Run(WorkAsync);
        }
    }

    public void Start(MigrateShuffleOutput request) => _requests.Writer.TryWrite(request);

    private async Task WorkAsync()
    {
        await foreach (var request in _requests.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await MigrateAsync(request).ConfigureAwait(false);
        }
    }

    private async Task MigrateAsync(MigrateShuffleOutput request)
    {
        var answer = new ShuffleOutputMigrated
        {
            ExecutorId = _executorId,
            ShuffleId = request.ShuffleId,
            MapIndex = request.MapIndex,
            SourceExecutorId = request.Source.ExecutorId,
            ToFallback = request.ToFallback,
        };
        try
        {
            answer.Bytes = request.ToFallback
                ? ShuffleOutputMigration.CopyTo(_disk, _fallback ?? throw new IOException("no fallback storage is configured (kiln.storage.decommission.fallbackStorage.path)"), request.ShuffleId, request.MapIndex)
                : await ShuffleOutputMigration.ReceiveAsync(
                    _disk, _client, new NetworkAddress(request.Source.Host, request.Source.Port), request.ShuffleId, request.MapIndex, [.. request.PartitionSizes], CancellationToken.None).ConfigureAwait(false);
            answer.Ok = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            answer.Error = $"{e.GetType().Name}: {e.Message}";
        }

        try
        {
            await _driver.SendAsync(answer).ConfigureAwait(false);
        }
        catch (NetworkException)
        {
            // The driver is gone; this executor exits too.
        }
    }
}
