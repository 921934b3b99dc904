using System.Collections.Concurrent;

namespace Kiln.Execution.UserCode;

/// <summary>
/// The driver's broadcast values, serialized once when created. It is the <see cref="IBroadcastSource"/> of local
/// executors; a network layer serves <see cref="Fetch"/> to remote executors.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class BroadcastRegistry : IBroadcastSource
{
    private static long _nextId;
    private readonly ConcurrentDictionary<long, byte[]> _values = new();

    /// <summary>Registers a serialized value and returns its id.</summary>
    public long Add(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var id = Interlocked.Increment(ref _nextId);
        _values[id] = value;
        return id;
    }

    public bool Contains(long id) => _values.ContainsKey(id);

    /// <summary>Bytes currently held for broadcasts.</summary>
    public long Bytes => _values.Values.Sum(v => (long)v.Length);

    public byte[] Fetch(long broadcastId) =>
        _values.TryGetValue(broadcastId, out var bytes) ? bytes : throw new BroadcastNotFoundException(broadcastId);

    public bool Remove(long id) => _values.TryRemove(id, out _);
}
