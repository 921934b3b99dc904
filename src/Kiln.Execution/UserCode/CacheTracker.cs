namespace Kiln.Execution.UserCode;

/// <summary>
/// The driver's map of cached partitions: which executors hold each block of each cached plan. A cached plan is
/// read from the cache only when every partition has a location; a block on a lost executor is forgotten
/// (<see cref="RemoveExecutor"/>) and recomputed from lineage by the next job that needs it.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class CacheTracker
{
    private readonly Dictionary<long, Dictionary<int, HashSet<string>>> _blocks = [];
    private readonly object _lock = new();

    public void Report(CachedBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_lock)
        {
            if (!_blocks.TryGetValue(block.CacheId, out var partitions))
            {
                _blocks[block.CacheId] = partitions = [];
            }

            if (!partitions.TryGetValue(block.Partition, out var executors))
            {
                partitions[block.Partition] = executors = [];
            }

            executors.Add(block.ExecutorId);
        }
    }

    /// <summary>Whether partitions 0..<paramref name="partitionCount"/>-1 all have at least one location.</summary>
    public bool IsComplete(long cacheId, int partitionCount)
    {
        lock (_lock)
        {
            return _blocks.TryGetValue(cacheId, out var partitions)
                && Enumerable.Range(0, partitionCount).All(p => partitions.TryGetValue(p, out var e) && e.Count > 0);
        }
    }

    /// <summary>The executors holding each cached partition.</summary>
    public IReadOnlyDictionary<int, IReadOnlyCollection<string>> Locations(long cacheId)
    {
        lock (_lock)
        {
            return _blocks.TryGetValue(cacheId, out var partitions)
                ? partitions.Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => (IReadOnlyCollection<string>)kv.Value.ToArray())
                : new Dictionary<int, IReadOnlyCollection<string>>();
        }
    }

    /// <summary>The executors holding one cached partition.</summary>
    public IReadOnlyList<string> LocationsOf(long cacheId, int partition)
    {
        lock (_lock)
        {
            return _blocks.TryGetValue(cacheId, out var partitions) && partitions.TryGetValue(partition, out var executors) ? [.. executors] : [];
        }
    }

    /// <summary>Forgets one block location (or every location of the block when <paramref name="executorId"/> is null).</summary>
    public void RemoveBlock(long cacheId, int partition, string? executorId = null)
    {
        lock (_lock)
        {
            if (_blocks.TryGetValue(cacheId, out var partitions) && partitions.TryGetValue(partition, out var executors))
            {
                if (executorId is null)
                {
                    executors.Clear();
                }
                else
                {
                    executors.Remove(executorId);
                }
            }
        }
    }

    /// <summary>Whether the executor holds at least one cached block.</summary>
    public bool HoldsBlocks(string executorId)
    {
        lock (_lock)
        {
            return _blocks.Values.Any(partitions => partitions.Values.Any(executors => executors.Contains(executorId)));
        }
    }

    /// <summary>An executor was lost: every block it held is gone.</summary>
    public void RemoveExecutor(string executorId)
    {
        lock (_lock)
        {
            foreach (var executors in _blocks.Values.SelectMany(p => p.Values))
            {
                executors.Remove(executorId);
            }
        }
    }

    public void RemoveCache(long cacheId)
    {
        lock (_lock)
        {
            _blocks.Remove(cacheId);
        }
    }
}
