using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>A block store that keeps nothing: for executors set up without caching, where cached plans are always recomputed.</summary>
public sealed class NoBlockStore : IBlockStore
{
    public static NoBlockStore Instance { get; } = new();

    public IEnumerable<RecordBatch>? TryRead(long cacheId, int partition, Schema schema) => null;

    public CachedBlock? Put(long cacheId, int partition, CacheLevel level, IReadOnlyList<RecordBatch> batches, string executorId) => null;

    public bool Remove(long cacheId, int partition) => false;

    public void RemoveCache(long cacheId)
    {
    }
}
