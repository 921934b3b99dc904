using Kiln.Execution.Shuffle;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;

namespace Kiln.Cluster.Executor;

/// <summary>
/// An executor's lookup of map outputs for its <see cref="Execution.Physical.ShuffleInput"/>: asks the driver where
/// the outputs of a shuffle are (<see cref="GetMapOutputStatuses"/>) once, then answers the executor's other reduce
/// tasks from a cache. The cache is only as old as the driver's map-output epoch: every task arrives with the epoch
/// at launch, which moves on whenever the driver loses an output, and a newer epoch empties the cache.
/// <code>
///   LaunchTask(epoch e) ─> ObserveEpoch(e): e &gt; cached epoch ─> drop every cached shuffle
///   Get(s): cached ─> statuses        not cached ─> ask the driver ─> complete? cache under the answer's epoch
/// </code>
/// An output the driver no longer knows (its executor was lost) comes back as a missing slot, which the shuffle
/// reader turns into a fetch failure; such an incomplete answer is never cached.
/// </summary>
/// <remarks>Thread-safe; called on task threads, which block while the driver answers. At most
/// <see cref="Capacity"/> shuffles are kept; the least recently used goes first.</remarks>
internal sealed class DriverMapStatuses
{
    public const int Capacity = 64;

    private readonly Func<int, CancellationToken, (long Epoch, IReadOnlyList<MapStatus?> Statuses)> _ask;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, LinkedListNode<(int ShuffleId, IReadOnlyList<MapStatus?> Statuses)>> _cached = [];
    private readonly LinkedList<(int ShuffleId, IReadOnlyList<MapStatus?> Statuses)> _recency = new();
    private long _epoch;
    private long _driverRequests;

    public DriverMapStatuses(Func<int, CancellationToken, (long Epoch, IReadOnlyList<MapStatus?> Statuses)> ask) => _ask = ask;

    /// <summary>Asks <paramref name="driver"/>'s endpoint.</summary>
    public DriverMapStatuses(RpcEndpointRef driver)
        : this((shuffleId, cancellationToken) => Ask(driver, shuffleId, cancellationToken))
    {
    }

    /// <summary>How many times the driver was asked (for tests and metrics).</summary>
    public long DriverRequests => Interlocked.Read(ref _driverRequests);

    /// <summary>Moves to a task's launch epoch, dropping statuses cached before an output was lost.</summary>
    public void ObserveEpoch(long epoch)
    {
        lock (_gate)
        {
            MoveTo(epoch);
        }
    }

    /// <summary>Drops a shuffle whose job has ended.</summary>
    public void Forget(int shuffleId)
    {
        lock (_gate)
        {
            if (_cached.Remove(shuffleId, out var node))
            {
                _recency.Remove(node);
            }
        }
    }

    public IReadOnlyList<MapStatus?> Get(int shuffleId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cached.TryGetValue(shuffleId, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Statuses;
            }
        }

        Interlocked.Increment(ref _driverRequests);
        var (epoch, statuses) = _ask(shuffleId, cancellationToken);
        lock (_gate)
        {
            MoveTo(epoch);
            if (epoch == _epoch && statuses.All(s => s is not null) && !_cached.ContainsKey(shuffleId))
            {
                _cached[shuffleId] = _recency.AddFirst((shuffleId, statuses));
                if (_cached.Count > Capacity)
                {
                    _cached.Remove(_recency.Last!.Value.ShuffleId);
                    _recency.RemoveLast();
                }
            }
        }

        return statuses;
    }

    private void MoveTo(long epoch)
    {
        if (epoch > _epoch)
        {
            _epoch = epoch;
            _cached.Clear();
            _recency.Clear();
        }
    }

    private static (long, IReadOnlyList<MapStatus?>) Ask(RpcEndpointRef driver, int shuffleId, CancellationToken cancellationToken)
    {
        var answer = driver.AskAsync<MapOutputStatuses>(new GetMapOutputStatuses { ShuffleId = shuffleId }, cancellationToken: cancellationToken)
            .GetAwaiter().GetResult();
        return (answer.Epoch, answer.Slots.Select(s => s.Status is { } status ? MapStatusMessages.FromMessage(status) : null).ToArray());
    }
}
