using System.Collections.Concurrent;

namespace Kiln.Execution.UserCode;

/// <summary>The driver's accumulators by id; merges the updates of successful tasks into them.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class AccumulatorRegistry
{
    private static long _nextId;
    private readonly ConcurrentDictionary<long, IMergeableAccumulator> _accumulators = new();

    /// <summary>A process-wide unique id, so accumulators of different sessions never collide.</summary>
    public static long NextId() => Interlocked.Increment(ref _nextId);

    public void Register(IMergeableAccumulator accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        _accumulators[accumulator.Id] = accumulator;
    }

    public bool Unregister(long id) => _accumulators.TryRemove(id, out _);

    /// <summary>Merges partial values; updates of unknown (unregistered) accumulators are ignored.</summary>
    public void Merge(IReadOnlyList<AccumulatorUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        foreach (var u in updates)
        {
            if (_accumulators.TryGetValue(u.Id, out var accumulator))
            {
                accumulator.Merge(ClosureSerializer.DeserializeValue(u.Value, UserCodeLoader.Default));
            }
        }
    }
}
