using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Shuffle;

namespace Kiln.Execution.Physical;

/// <summary>
/// The one <see cref="IShuffleInput"/>: looks up where a shuffle's map outputs are, then streams the task's reduce
/// partition through a <see cref="ShuffleReader"/> over the given <see cref="IBlockFetcher"/>. Only the lookup differs
/// between masters: the driver's own <see cref="MapOutputTracker"/> in local mode (<see cref="Local"/>), a call to
/// the driver on an executor process.
/// </summary>
/// <remarks>Thread-safe if the lookup and the fetcher are; called on task threads.</remarks>
public sealed class ShuffleInput : IShuffleInput
{
    private readonly Func<int, CancellationToken, IReadOnlyList<MapStatus?>> _statuses;
    private readonly IBlockFetcher _fetcher;

    /// <param name="statuses">Map statuses of a shuffle by id, one slot per map partition (null: output missing).</param>
    /// <param name="fetcher">Reads the blocks the statuses point at.</param>
    public ShuffleInput(Func<int, CancellationToken, IReadOnlyList<MapStatus?>> statuses, IBlockFetcher fetcher)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(fetcher);
        _statuses = statuses;
        _fetcher = fetcher;
    }

    /// <summary>Reads from this process's map outputs, with statuses from the driver's tracker (local mode).</summary>
    public static ShuffleInput Local(MapOutputTracker tracker, IBlockFetcher fetcher)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        return new ShuffleInput((shuffleId, _) => tracker.GetStatuses(shuffleId), fetcher);
    }

    public IEnumerable<RecordBatch> Read(int shuffleId, int reducePartition, Schema schema, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new ShuffleReader(_fetcher, schema, shuffleId, _statuses(shuffleId, context.CancellationToken), reducePartition);
        foreach (var batch in reader.Read(context.CancellationToken))
        {
            yield return batch;
        }

        context.Metrics.ShuffleBytesRead += reader.BytesRead;
        context.Metrics.ShuffleRecordsRead += reader.RowsRead;
    }
}
