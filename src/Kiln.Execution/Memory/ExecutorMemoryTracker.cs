namespace Kiln.Execution.Memory;

/// <summary>
/// The process-wide view of task memory: the sum of what running tasks have reserved, its peak, and spill
/// totals, for metrics and the UI. It does not enforce a limit; each task's <see cref="TaskMemoryManager"/> does.
/// </summary>
/// <remarks>Thread-safe. <see cref="Shared"/> is the executor's instance; tests create their own.</remarks>
public sealed class ExecutorMemoryTracker
{
    private readonly Lock _gate = new();
    private readonly HashSet<TaskMemoryManager> _tasks = [];
    private long _used;
    private long _peak;
    private long _spillCount;
    private long _spilledBytes;

    public static ExecutorMemoryTracker Shared { get; } = new();

    public long UsedBytes => Interlocked.Read(ref _used);

    public long PeakBytes => Interlocked.Read(ref _peak);

    public long SpillCount => Interlocked.Read(ref _spillCount);

    public long SpilledBytes => Interlocked.Read(ref _spilledBytes);

    public int ActiveTasks
    {
        get
        {
            lock (_gate)
            {
                return _tasks.Count;
            }
        }
    }

    /// <summary>Per-task figures of the running tasks: name, used and peak bytes.</summary>
    public IReadOnlyList<(string Task, long UsedBytes, long PeakBytes)> Snapshot()
    {
        lock (_gate)
        {
            return _tasks.Select(t => (t.TaskName, t.UsedBytes, t.PeakBytes)).ToArray();
        }
    }

    internal void Register(TaskMemoryManager task)
    {
        lock (_gate)
        {
            _tasks.Add(task);
        }
    }

    internal void Unregister(TaskMemoryManager task)
    {
        lock (_gate)
        {
            _tasks.Remove(task);
        }
    }

    internal void OnReserved(long bytes)
    {
        var used = Interlocked.Add(ref _used, bytes);
        var peak = Interlocked.Read(ref _peak);
        while (used > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, used, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }
    }

    internal void OnReleased(long bytes) => Interlocked.Add(ref _used, -bytes);

    internal void OnSpilled(long bytes)
    {
        Interlocked.Increment(ref _spillCount);
        Interlocked.Add(ref _spilledBytes, bytes);
    }
}
