using System.Collections.Concurrent;

namespace Kiln.Execution.UserCode;

/// <summary>
/// An executor's broadcast values: each is fetched from the <see cref="IBroadcastSource"/> and deserialized once per
/// executor, on first use by any task, then shared read-only by all tasks of that executor.
/// </summary>
/// <remarks>Thread-safe: concurrent first uses fetch once.</remarks>
public sealed class BroadcastCache
{
    private readonly IBroadcastSource? _source;
    private readonly ConcurrentDictionary<long, Lazy<object?>> _values = new();
    private int _fetches;

    /// <param name="source">Null for an executor that cannot fetch broadcasts (reading one fails).</param>
    public BroadcastCache(IBroadcastSource? source) => _source = source;

    /// <summary>How many values this executor fetched (for tests and metrics).</summary>
    public int FetchCount => Volatile.Read(ref _fetches);

    public object? Get(long broadcastId, UserCodeLoader loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        var lazy = _values.GetOrAdd(broadcastId, id => new Lazy<object?>(() => Fetch(id, loader), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _values.TryRemove(new KeyValuePair<long, Lazy<object?>>(broadcastId, lazy));
            throw;
        }
    }

    /// <summary>Drops this executor's copy (unpersist/destroy); a later use fetches again.</summary>
    public void Remove(long broadcastId) => _values.TryRemove(broadcastId, out _);

    private object? Fetch(long id, UserCodeLoader loader)
    {
        if (_source is null)
        {
            throw new InvalidOperationException($"this executor has no broadcast source and cannot read broadcast {id}");
        }

        var bytes = _source.Fetch(id);
        Interlocked.Increment(ref _fetches);
        return ClosureSerializer.DeserializeValue(bytes, loader);
    }
}
