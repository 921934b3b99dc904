using Kiln.Execution.UserCode;
using Kiln.Scheduler.Events;

namespace Kiln.Status.Store;

/// <summary>Cached data: registered and removed by their events, blocks added by the tasks that stored them, dropped with a lost executor.</summary>
public sealed partial class AppStatusStore
{
    private readonly SortedDictionary<long, CachedDataStatus> _cached = [];

    public IEnumerable<CachedDataStatus> CachedData => _cached.Values;

    public CachedDataStatus? Cached(long id) => _cached.GetValueOrDefault(id);

    private void OnCachePersisted(CachePersisted e) => _cached[e.CacheId] = new CachedDataStatus
    {
        Id = e.CacheId,
        Name = e.Name,
        StorageLevel = e.StorageLevel,
        PartitionCount = e.PartitionCount,
    };

    private void OnCacheBlocks(IReadOnlyList<CachedBlock> blocks)
    {
        foreach (var block in blocks)
        {
            if (_cached.TryGetValue(block.CacheId, out var cached))
            {
                cached.Blocks[(block.Partition, block.ExecutorId)] = block;
            }
        }
    }

    private void OnCacheExecutorRemoved(string executorId)
    {
        foreach (var cached in _cached.Values)
        {
            foreach (var key in cached.Blocks.Keys.Where(k => k.ExecutorId == executorId).ToArray())
            {
                cached.Blocks.Remove(key);
            }
        }
    }
}
