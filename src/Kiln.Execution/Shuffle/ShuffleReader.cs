using System.Runtime.CompilerServices;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Spill;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// Reads one reduce partition (or a contiguous range of them) of a shuffle: requests every non-empty block
/// from the map statuses and streams their batches, one frame at a time, never holding the whole partition.
/// Missing map outputs and unreadable or corrupt blocks surface as <see cref="FetchFailedException"/>.
/// </summary>
/// <remarks>Not thread-safe; one reduce task enumerates it once. Batch order across map tasks is unspecified.</remarks>
public sealed class ShuffleReader
{
    private readonly IBlockFetcher _fetcher;
    private readonly Schema _schema;
    private readonly int _shuffleId;
    private readonly IReadOnlyList<MapStatus?> _statuses;
    private readonly int _startReduceId;
    private readonly int _endReduceId;

    /// <param name="statuses">One entry per map index, as from <see cref="MapOutputTracker.GetStatuses"/>; null marks a missing output.</param>
    /// <param name="startReduceId">First reduce partition to read.</param>
    /// <param name="endReduceId">One past the last reduce partition to read.</param>
    public ShuffleReader(IBlockFetcher fetcher, Schema schema, int shuffleId, IReadOnlyList<MapStatus?> statuses, int startReduceId, int endReduceId)
    {
        _fetcher = fetcher ?? throw new ArgumentNullException(nameof(fetcher));
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _statuses = statuses ?? throw new ArgumentNullException(nameof(statuses));
        ArgumentOutOfRangeException.ThrowIfNegative(startReduceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(endReduceId, startReduceId + 1);
        _shuffleId = shuffleId;
        _startReduceId = startReduceId;
        _endReduceId = endReduceId;
    }

    public ShuffleReader(IBlockFetcher fetcher, Schema schema, int shuffleId, IReadOnlyList<MapStatus?> statuses, int reduceId)
        : this(fetcher, schema, shuffleId, statuses, reduceId, reduceId + 1)
    {
    }

    public long BlocksRead { get; private set; }

    public long BytesRead { get; private set; }

    public long RowsRead { get; private set; }

    /// <summary>The blocks this reader will fetch: every non-empty (map, reduce) pair in range.</summary>
    public IReadOnlyList<BlockRequest> PlanRequests()
    {
        var requests = new List<BlockRequest>();
        for (var m = 0; m < _statuses.Count; m++)
        {
            var status = _statuses[m]
                ?? throw new FetchFailedException(_shuffleId, m, _startReduceId, null, $"shuffle {_shuffleId} has no output for map task {m}; the map stage must be re-run");
            for (var r = _startReduceId; r < _endReduceId; r++)
            {
                if (r >= status.PartitionSizes.Length)
                {
                    throw new ArgumentOutOfRangeException(nameof(_endReduceId), r, $"shuffle {_shuffleId} has only {status.PartitionSizes.Length} partitions");
                }

                if (status.PartitionSizes[r] > 0)
                {
                    requests.Add(new BlockRequest(new ShuffleBlockId(_shuffleId, m, r), status.Location, status.PartitionSizes[r]) { BlockServer = status.BlockServer });
                }
            }
        }

        return requests;
    }

    public async IAsyncEnumerable<RecordBatch> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var requests = PlanRequests();
        if (requests.Count == 0)
        {
            yield break;
        }

        await foreach (var block in _fetcher.FetchAsync(requests, cancellationToken).ConfigureAwait(false))
        {
            using (block)
            {
                BlocksRead++;
                while (ReadFrame(block) is { } batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    RowsRead += batch.RowCount;
                    yield return batch;
                }

                BytesRead += block.Request.Size;
            }
        }
    }

    /// <summary>Synchronous view of <see cref="ReadAsync"/> for pull-based operators.</summary>
    public IEnumerable<RecordBatch> Read(CancellationToken cancellationToken = default) => ReadAsync(cancellationToken).ToBlockingEnumerable(cancellationToken);

    private RecordBatch? ReadFrame(FetchedBlock block)
    {
        try
        {
            return BatchFrames.Read(block.Data, _schema);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            var id = block.BlockId;
            throw new FetchFailedException(id.ShuffleId, id.MapIndex, id.ReduceId, block.Request.Location, $"block {id} from {block.Request.Location} is corrupt or truncated; the map task will be re-run", e);
        }
    }
}
