using Kiln.Common.Errors;

namespace Kiln.Execution.UserCode;

/// <summary>
/// A task was told to read a cached partition that its executor no longer holds, and the partition's lineage
/// crosses a shuffle, so the task cannot recompute it alone. The driver forgets the block and re-plans the job,
/// which then recomputes the partition from lineage.
/// </summary>
public sealed class CacheBlockLostException : KilnException
{
    public CacheBlockLostException(long cacheId, int partition, string executorId)
        : base($"cached partition {partition} of cache {cacheId} is no longer on executor {executorId}; it will be recomputed")
    {
        CacheId = cacheId;
        Partition = partition;
        ExecutorId = executorId;
    }

    public long CacheId { get; }

    public int Partition { get; }

    public string ExecutorId { get; }
}
