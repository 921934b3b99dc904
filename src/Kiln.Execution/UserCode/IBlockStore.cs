using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>
/// An executor's store of cached partitions (blocks <c>rdd_&lt;cacheId&gt;_&lt;partition&gt;</c>), in memory or in
/// files under its local directory. The driver tracks which executor holds which block; a block that is gone
/// (executor lost, evicted, file deleted) is simply absent here and the task recomputes it from lineage.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public interface IBlockStore
{
    /// <summary>The block's batches, or null when this executor does not hold it. Disk blocks stream from their file.</summary>
    IEnumerable<RecordBatch>? TryRead(long cacheId, int partition, Schema schema);

    /// <summary>Stores a complete partition; returns what was stored, or null when it did not fit (memory only).</summary>
    CachedBlock? Put(long cacheId, int partition, CacheLevel level, IReadOnlyList<RecordBatch> batches, string executorId);

    bool Remove(long cacheId, int partition);

    /// <summary>Drops every block of a cached plan (unpersist).</summary>
    void RemoveCache(long cacheId);
}
