using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Shuffle;

namespace Kiln.Execution.Physical;

/// <summary>Reads shuffle output from this machine's local directories, with map statuses looked up in the driver's tracker.</summary>
public sealed class LocalShuffleInput : IShuffleInput
{
    private readonly MapOutputTracker _tracker;
    private readonly IBlockFetcher _fetcher;

    public LocalShuffleInput(MapOutputTracker tracker, IBlockFetcher fetcher)
    {
        _tracker = tracker;
        _fetcher = fetcher;
    }

    public IEnumerable<RecordBatch> Read(int shuffleId, int reducePartition, Schema schema, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new ShuffleReader(_fetcher, schema, shuffleId, _tracker.GetStatuses(shuffleId), reducePartition);
        foreach (var batch in reader.Read(context.CancellationToken))
        {
            yield return batch;
        }

        context.Metrics.ShuffleBytesRead += reader.BytesRead;
    }
}
