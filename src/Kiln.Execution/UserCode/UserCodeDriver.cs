using Kiln.Execution.Tasks;

namespace Kiln.Execution.UserCode;

/// <summary>
/// The driver's user-code state for one application: accumulators, broadcast values and cache block locations.
/// It is the scheduler's <see cref="ITaskUpdateSink"/>, and it tells executors to drop broadcast copies and cached
/// blocks: local executors directly (<see cref="AttachExecutor"/>), remote ones through the events a cluster
/// backend subscribes to.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class UserCodeDriver : ITaskUpdateSink
{
    private readonly List<UserCodeEnvironment> _localExecutors = [];

    public AccumulatorRegistry Accumulators { get; } = new();

    public BroadcastRegistry Broadcasts { get; } = new();

    public CacheTracker Cache { get; } = new();

    /// <summary>A broadcast was unpersisted or destroyed: executors must drop their copy (<see cref="BroadcastCache.Remove"/>).</summary>
    public event Action<long>? BroadcastRemoved;

    /// <summary>A cached plan was unpersisted: executors must drop its blocks (<see cref="IBlockStore.RemoveCache"/>).</summary>
    public event Action<long>? CacheRemoved;

    /// <summary>Registers an executor running in this process (local mode), to be told about removals directly.</summary>
    public void AttachExecutor(UserCodeEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        lock (_localExecutors)
        {
            _localExecutors.Add(environment);
        }
    }

    public void OnTaskSucceeded(TaskResult result, bool firstSuccessOfPartition)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (firstSuccessOfPartition)
        {
            Accumulators.Merge(result.AccumulatorUpdates);
        }

        foreach (var block in result.CachedBlocks)
        {
            Cache.Report(block);
        }
    }

    public void UnpersistBroadcast(long id)
    {
        foreach (var e in LocalExecutors())
        {
            e.Broadcasts.Remove(id);
        }

        BroadcastRemoved?.Invoke(id);
    }

    public void DestroyBroadcast(long id)
    {
        Broadcasts.Remove(id);
        UnpersistBroadcast(id);
    }

    public void UnpersistCache(long cacheId)
    {
        Cache.RemoveCache(cacheId);
        foreach (var e in LocalExecutors())
        {
            e.Blocks.RemoveCache(cacheId);
        }

        CacheRemoved?.Invoke(cacheId);
    }

    private UserCodeEnvironment[] LocalExecutors()
    {
        lock (_localExecutors)
        {
            return _localExecutors.ToArray();
        }
    }
}
