using System.Globalization;
using Keys = Kiln.Cluster.Allocation.DynamicAllocationConfigKeys;

namespace Kiln.Cluster.Allocation;

/// <summary>
/// Dynamic allocation's policy (Spark's ExecutorAllocationManager): how many executors the application should have,
/// and which idle ones to release. Pure: the cluster backend's loop calls <see cref="Update"/> with the time, its
/// task counts and executors after every batch of events and on every tick, and acts on the answer (sets the
/// roster's target, releases executors). No timers of its own, so a fake clock drives it in tests.
/// <code>
///   tasks wait for cores ──schedulerBacklogTimeout──> target += 1 ──sustainedSchedulerBacklogTimeout──> += 2, += 4 ...
///       bounded by maxExecutors and by ceil((pending + running) × executorAllocationRatio / cores per executor)
///   fewer tasks than the target needs ──> target = max(needed, minExecutors), growth back to 1
///   an executor idle for executorIdleTimeout ──> removed while live executors stay >= max(target, minExecutors)
///       holding needed shuffle data (shuffle tracking): shuffleTracking.timeout instead
///       holding cached blocks: cachedExecutorIdleTimeout instead (the earlier of both when it holds both)
/// </code>
/// Until the first task arrives or an idle timeout expires the target stays at the initial count, so the first job
/// does not have to ramp up again (as in Spark).
/// </summary>
/// <remarks>Not thread-safe: owned by the cluster backend's event loop.</remarks>
public sealed class ExecutorAllocationManager
{
    private readonly DynamicAllocationSettings _settings;
    private readonly int _coresPerExecutor;
    private readonly Dictionary<string, DateTimeOffset> _idleSince = new(StringComparer.Ordinal);
    private readonly TimeSpan _shortestIdleTimeout;
    private DateTimeOffset? _addAt;
    private bool _initializing = true;

    public ExecutorAllocationManager(DynamicAllocationSettings settings, int coresPerExecutor, int initialExecutors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(coresPerExecutor, 1);
        _settings = settings;
        _coresPerExecutor = coresPerExecutor;
        Target = initialExecutors;
        var shuffleTimeout = settings.ShuffleTracking ? settings.ShuffleTrackingTimeout : TimeSpan.MaxValue;
        _shortestIdleTimeout = new[] { settings.ExecutorIdleTimeout, settings.CachedExecutorIdleTimeout, shuffleTimeout }.Min();
    }

    /// <summary>The number of live executors the application should have.</summary>
    public int Target { get; private set; }

    /// <summary>How many executors the next backlog round adds (1, 2, 4, ...).</summary>
    public int ToAdd { get; private set; } = 1;

    /// <summary>
    /// One round of the policy at <paramref name="now"/>: <paramref name="pendingTasks"/> wait for a core,
    /// <paramref name="runningTasks"/> run, on <paramref name="executors"/> (the live ones).
    /// </summary>
    public AllocationDecision Update(DateTimeOffset now, int pendingTasks, int runningTasks, IReadOnlyList<AllocationExecutor> executors, IExecutorDataView data)
    {
        ArgumentNullException.ThrowIfNull(executors);
        ArgumentNullException.ThrowIfNull(data);
        TrackIdleness(now, executors);
        TrackBacklog(now, pendingTasks);
        if (pendingTasks + runningTasks > 0)
        {
            _initializing = false;
        }

        var expired = TimedOut(now, data);
        if (expired.Count > 0)
        {
            _initializing = false;
        }

        var registered = executors.Count(e => e.Registered);
        UpdateTarget(now, pendingTasks + runningTasks, registered);
        return new AllocationDecision(Target, ChooseRemovals(expired, registered));
    }

    private void TrackIdleness(DateTimeOffset now, IReadOnlyList<AllocationExecutor> executors)
    {
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var executor in executors)
        {
            live.Add(executor.Id);
            if (!executor.Registered || executor.RunningTasks > 0)
            {
                _idleSince.Remove(executor.Id);
            }
            else
            {
                _idleSince.TryAdd(executor.Id, now);
            }
        }

        foreach (var gone in _idleSince.Keys.Where(id => !live.Contains(id)).ToArray())
        {
            _idleSince.Remove(gone);
        }
    }

    /// <summary>Tasks waiting start the backlog clock; an empty queue stops it and resets the growth.</summary>
    private void TrackBacklog(DateTimeOffset now, int pendingTasks)
    {
        if (pendingTasks > 0)
        {
            _addAt ??= now + _settings.SchedulerBacklogTimeout;
        }
        else
        {
            _addAt = null;
            ToAdd = 1;
        }
    }

    private void UpdateTarget(DateTimeOffset now, int tasks, int registered)
    {
        if (_initializing)
        {
            return;
        }

        var needed = (int)Math.Min(int.MaxValue, Math.Ceiling(tasks * _settings.ExecutorAllocationRatio / _coresPerExecutor));
        if (needed < Target)
        {
            Target = Math.Max(needed, _settings.MinExecutors);
            ToAdd = 1;
        }
        else if (_addAt is { } addAt && now >= addAt)
        {
            Add(needed, registered);
            _addAt = now + _settings.SustainedSchedulerBacklogTimeout;
        }
    }

    /// <summary>Spark's addExecutors: raises the target by <see cref="ToAdd"/> within the bounds, doubling the next step when all of it was granted.</summary>
    private void Add(int needed, int registered)
    {
        if (Target >= _settings.MaxExecutors)
        {
            ToAdd = 1;
            return;
        }

        var old = Target;
        var target = (long)Math.Max(Target, registered) + ToAdd;
        target = Math.Min(target, needed);
        target = Math.Max(Math.Min(target, _settings.MaxExecutors), _settings.MinExecutors);
        Target = (int)target;
        var delta = Target - old;
        ToAdd = delta == ToAdd ? (int)Math.Min(int.MaxValue, 2L * ToAdd) : 1;
    }

    /// <summary>The idle executors whose timeout has passed, longest idle first, with the reason.</summary>
    private List<ExecutorRemoval> TimedOut(DateTimeOffset now, IExecutorDataView data)
    {
        var expired = new List<ExecutorRemoval>();
        foreach (var (id, since) in _idleSince.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var idle = now - since;
            if (idle < _shortestIdleTimeout)
            {
                continue;
            }

            var (timeout, key) = Timeout(id, data);
            if (idle >= timeout)
            {
                expired.Add(new ExecutorRemoval(id, $"it was idle for {Seconds(idle)} ({key} is {Seconds(timeout)})"));
            }
        }

        return expired;
    }

    private (TimeSpan Timeout, string Key) Timeout(string id, IExecutorDataView data)
    {
        var shuffle = _settings.ShuffleTracking && data.HoldsNeededShuffleData(id);
        var cached = data.HoldsCachedBlocks(id);
        if (!shuffle && !cached)
        {
            return (_settings.ExecutorIdleTimeout, Keys.ExecutorIdleTimeout.Key);
        }

        var cacheTimeout = cached ? _settings.CachedExecutorIdleTimeout : TimeSpan.MaxValue;
        var shuffleTimeout = shuffle ? _settings.ShuffleTrackingTimeout : TimeSpan.MaxValue;
        return cacheTimeout <= shuffleTimeout
            ? (cacheTimeout, Keys.CachedExecutorIdleTimeout.Key)
            : (shuffleTimeout, Keys.ShuffleTrackingTimeout.Key);
    }

    /// <summary>Spark's removeExecutors: never below minExecutors, never below the target.</summary>
    private List<ExecutorRemoval> ChooseRemovals(List<ExecutorRemoval> expired, int registered)
    {
        var removals = new List<ExecutorRemoval>();
        var remaining = registered;
        foreach (var candidate in expired)
        {
            if (remaining - 1 < _settings.MinExecutors || remaining - 1 < Target)
            {
                continue;
            }

            removals.Add(candidate);
            _idleSince.Remove(candidate.ExecutorId);
            remaining--;
        }

        return removals;
    }

    private static string Seconds(TimeSpan t) => t == TimeSpan.MaxValue ? "infinity" : t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
