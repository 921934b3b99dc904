using Kiln.Network;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// The driver's registry of map outputs: per shuffle, one slot per map task holding its <see cref="MapStatus"/>
/// once it finishes. Reduce tasks get the statuses from here; when an executor is lost or a fetch fails, its
/// outputs are unregistered and <see cref="MissingMapIndices"/> tells the scheduler which map tasks to re-run.
/// <code>
///   RegisterShuffle(s, n) ─> slots [null]*n ─RegisterMapOutput─> slot m = status (a retry replaces it)
///   UnregisterOutputsOnLocation(exec) / UnregisterMapOutput(s, m) ─> slot back to null ─> Epoch++
///   RemoveLocation(exec) ─> as UnregisterOutputsOnLocation, and later statuses from exec are refused
///   MoveMapOutput(s, m, from, to) ─> slot m now served by to (decommission migrated it) ─> Epoch++
///   AddReader(s) / RemoveReader(s) ─> IsNeeded(s): registered and a stage reading it has yet to finish
/// </code>
/// </summary>
/// <remarks>Thread-safe; every call takes one lock. Returned lists are snapshots.</remarks>
public sealed class MapOutputTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, MapStatus?[]> _shuffles = [];
    private readonly HashSet<string> _lostLocations = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _readers = [];
    private long _epoch;

    /// <summary>Incremented whenever an output is lost; executors can compare it to drop cached statuses.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>How many shuffles are registered (a finished job's are unregistered).</summary>
    public int ShuffleCount
    {
        get
        {
            lock (_gate)
            {
                return _shuffles.Count;
            }
        }
    }

    public void RegisterShuffle(int shuffleId, int numMaps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numMaps);
        lock (_gate)
        {
            if (_shuffles.TryGetValue(shuffleId, out var existing))
            {
                if (existing.Length != numMaps)
                {
                    throw new InvalidOperationException($"shuffle {shuffleId} is registered with {existing.Length} map tasks, not {numMaps}");
                }

                return;
            }

            _shuffles[shuffleId] = new MapStatus?[numMaps];
        }
    }

    public bool ContainsShuffle(int shuffleId)
    {
        lock (_gate)
        {
            return _shuffles.ContainsKey(shuffleId);
        }
    }

    /// <summary>Records a finished map task's output; false (nothing recorded) when its executor was removed as lost.</summary>
    public bool RegisterMapOutput(MapStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_gate)
        {
            if (_lostLocations.Contains(status.Location))
            {
                return false;
            }

            var slots = Slots(status.ShuffleId);
            if ((uint)status.MapIndex >= (uint)slots.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(status), status.MapIndex, $"shuffle {status.ShuffleId} has {slots.Length} map tasks");
            }

            slots[status.MapIndex] = status;
            return true;
        }
    }

    /// <summary>One entry per map index; null where the output is missing.</summary>
    /// <summary>The status of one map output; null when the output is missing or the shuffle is not (or no longer) registered.</summary>
    public MapStatus? StatusOf(int shuffleId, int mapIndex)
    {
        lock (_gate)
        {
            return _shuffles.TryGetValue(shuffleId, out var slots) && (uint)mapIndex < (uint)slots.Length ? slots[mapIndex] : null;
        }
    }

    public IReadOnlyList<MapStatus?> GetStatuses(int shuffleId)
    {
        lock (_gate)
        {
            return [.. Slots(shuffleId)];
        }
    }

    public IReadOnlyList<int> MissingMapIndices(int shuffleId)
    {
        lock (_gate)
        {
            var slots = Slots(shuffleId);
            var missing = new List<int>();
            for (var m = 0; m < slots.Length; m++)
            {
                if (slots[m] is null)
                {
                    missing.Add(m);
                }
            }

            return missing;
        }
    }

    public bool IsComplete(int shuffleId) => MissingMapIndices(shuffleId).Count == 0;

    /// <summary>Forgets one output after a fetch failure, if it is still the one served by <paramref name="location"/>.</summary>
    public bool UnregisterMapOutput(int shuffleId, int mapIndex, string location)
    {
        lock (_gate)
        {
            if (!_shuffles.TryGetValue(shuffleId, out var slots) || (uint)mapIndex >= (uint)slots.Length || slots[mapIndex]?.Location != location)
            {
                return false;
            }

            slots[mapIndex] = null;
            Interlocked.Increment(ref _epoch);
            return true;
        }
    }

    /// <summary>Forgets every output an executor served (it was lost); returns how many were removed.</summary>
    public int UnregisterOutputsOnLocation(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        lock (_gate)
        {
            var removed = 0;
            foreach (var slots in _shuffles.Values)
            {
                for (var m = 0; m < slots.Length; m++)
                {
                    if (slots[m]?.Location == location)
                    {
                        slots[m] = null;
                        removed++;
                    }
                }
            }

            if (removed > 0)
            {
                Interlocked.Increment(ref _epoch);
            }

            return removed;
        }
    }

    /// <summary>The outputs an executor serves now, every shuffle's (what a decommission has to move).</summary>
    public IReadOnlyList<MapStatus> OutputsOn(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        lock (_gate)
        {
            return _shuffles.Values.SelectMany(slots => slots).OfType<MapStatus>().Where(s => s.Location == location).ToArray();
        }
    }

    /// <summary>
    /// A map output was copied from <paramref name="from"/> to <paramref name="to"/> (graceful decommission): the slot
    /// now points at the new holder, if it still held <paramref name="from"/>'s output. The epoch moves on, so
    /// executors drop statuses cached with the old location. False when the output was lost or replaced meanwhile.
    /// </summary>
    public bool MoveMapOutput(int shuffleId, int mapIndex, string from, string to, NetworkAddress? blockServer)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        lock (_gate)
        {
            if (_lostLocations.Contains(to) || !_shuffles.TryGetValue(shuffleId, out var slots) || (uint)mapIndex >= (uint)slots.Length
                || slots[mapIndex] is not { } status || status.Location != from)
            {
                return false;
            }

            slots[mapIndex] = status with { Location = to, BlockServer = blockServer };
            Interlocked.Increment(ref _epoch);
            return true;
        }
    }

    /// <summary>
    /// An executor is gone for good (its process died or it stopped answering): forgets its outputs, like
    /// <see cref="UnregisterOutputsOnLocation"/>, and refuses outputs it reports later (from tasks that finished
    /// just before it was lost). Returns how many outputs were removed.
    /// </summary>
    public int RemoveLocation(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        lock (_gate)
        {
            _lostLocations.Add(location);
            return UnregisterOutputsOnLocation(location);
        }
    }

    public void UnregisterShuffle(int shuffleId)
    {
        lock (_gate)
        {
            _shuffles.Remove(shuffleId);
            _readers.Remove(shuffleId);
        }
    }

    /// <summary>A stage that reads the shuffle is planned or runs again (dynamic allocation keeps the executors holding it).</summary>
    public void AddReader(int shuffleId)
    {
        lock (_gate)
        {
            _readers[shuffleId] = _readers.GetValueOrDefault(shuffleId) + 1;
        }
    }

    /// <summary>A stage that reads the shuffle has finished.</summary>
    public void RemoveReader(int shuffleId)
    {
        lock (_gate)
        {
            if (_readers.TryGetValue(shuffleId, out var n) && n > 0)
            {
                _readers[shuffleId] = n - 1;
            }
        }
    }

    /// <summary>
    /// Whether the shuffle's outputs may still be read: it is registered and a stage reading it has yet to finish
    /// (a shuffle whose readers were never declared counts as needed while registered).
    /// </summary>
    public bool IsNeeded(int shuffleId)
    {
        lock (_gate)
        {
            return _shuffles.ContainsKey(shuffleId) && (!_readers.TryGetValue(shuffleId, out var n) || n > 0);
        }
    }

    private MapStatus?[] Slots(int shuffleId) =>
        _shuffles.TryGetValue(shuffleId, out var slots)
            ? slots
            : throw new KeyNotFoundException($"shuffle {shuffleId} is not registered with the map output tracker");
}
