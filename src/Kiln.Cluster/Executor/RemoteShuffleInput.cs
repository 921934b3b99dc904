using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Execution.Shuffle;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;

namespace Kiln.Cluster.Executor;

/// <summary>
/// An executor's <see cref="IShuffleInput"/>: asks the driver where the map outputs of a shuffle are
/// (<see cref="GetMapOutputStatuses"/>), then reads the task's reduce partition through the executor's
/// <see cref="NetworkBlockFetcher"/> (its own outputs from disk, the others from their executors' block servers).
/// An output the driver no longer knows (its executor was lost) raises <see cref="FetchFailedException"/>.
/// </summary>
/// <remarks>Thread-safe; called on task threads, which block while the driver answers.</remarks>
internal sealed class RemoteShuffleInput : IShuffleInput
{
    private readonly RpcEndpointRef _driver;
    private readonly NetworkBlockFetcher _fetcher;

    public RemoteShuffleInput(RpcEndpointRef driver, NetworkBlockFetcher fetcher)
    {
        _driver = driver;
        _fetcher = fetcher;
    }

    public IEnumerable<RecordBatch> Read(int shuffleId, int reducePartition, Schema schema, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var answer = _driver.AskAsync<MapOutputStatuses>(new GetMapOutputStatuses { ShuffleId = shuffleId }, cancellationToken: context.CancellationToken)
            .GetAwaiter().GetResult();
        var statuses = answer.Slots.Select(s => s.Status is { } status ? MapStatusMessages.FromMessage(status) : null).ToArray();
        var reader = new ShuffleReader(_fetcher, schema, shuffleId, statuses, reducePartition);
        foreach (var batch in reader.Read(context.CancellationToken))
        {
            yield return batch;
        }

        context.Metrics.ShuffleBytesRead += reader.BytesRead;
    }
}
