using Kiln.Common.Config;

namespace Kiln.Execution.Memory;

/// <summary>
/// The memory budget of one task. Consumers (sort buffers, aggregation tables, join build sides, shuffle
/// buffers) call <see cref="TryReserve"/> before they grow; when it is refused they spill what they hold to
/// disk, <see cref="Release"/> it, and try again. Nothing is allocated here: this is accounting only.
/// <code>
///   consumer grows ──TryReserve(n)──> granted? ── yes ──> keep buffering
///                                        │
///                                        no ──> spill to disk ──Release(held)──> TryReserve(n) again
/// </code>
/// </summary>
/// <remarks>
/// One instance per task attempt; dispose it when the task ends (it then returns whatever is still reserved and
/// leaves the <see cref="ExecutorMemoryTracker"/>). All members are thread-safe, so a fetch thread may reserve
/// alongside the task thread, but the budget is shared: a task is expected to have one main consumer at a time.
/// </remarks>
public sealed class TaskMemoryManager : IDisposable
{
    private readonly ExecutorMemoryTracker? _tracker;
    private long _used;
    private long _peak;
    private long _spillCount;
    private long _spilledBytes;
    private int _disposed;

    public TaskMemoryManager(long budgetBytes, string taskName = "task", ExecutorMemoryTracker? tracker = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        BudgetBytes = budgetBytes;
        TaskName = taskName;
        _tracker = tracker;
        _tracker?.Register(this);
    }

    /// <summary>A manager whose budget is <c>kiln.task.memory</c>.</summary>
    public static TaskMemoryManager FromConf(KilnConf conf, string taskName = "task", ExecutorMemoryTracker? tracker = null)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return new TaskMemoryManager(conf.Get(ConfigKeys.TaskMemory), taskName, tracker);
    }

    /// <summary>An effectively unbounded manager, for tests and for callers that do not account memory.</summary>
    public static TaskMemoryManager Unbounded() => new(long.MaxValue / 4, "unbounded");

    public string TaskName { get; }

    public long BudgetBytes { get; }

    public long UsedBytes => Interlocked.Read(ref _used);

    public long PeakBytes => Interlocked.Read(ref _peak);

    public long AvailableBytes => Math.Max(0, BudgetBytes - UsedBytes);

    /// <summary>How many times consumers of this task spilled.</summary>
    public long SpillCount => Interlocked.Read(ref _spillCount);

    /// <summary>Bytes written to disk by spills of this task.</summary>
    public long SpilledBytes => Interlocked.Read(ref _spilledBytes);

    /// <summary>Reserves <paramref name="bytes"/> if the budget allows it; returns false (and reserves nothing) otherwise.</summary>
    public bool TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            var next = used + bytes;
            if (next > BudgetBytes)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, next, used) == used)
            {
                UpdatePeak(next);
                _tracker?.OnReserved(bytes);
                return true;
            }
        }
    }

    /// <summary>Reserves unconditionally, even beyond the budget: for the minimum a consumer needs to make progress (one batch).</summary>
    public void ForceReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        UpdatePeak(Interlocked.Add(ref _used, bytes));
        _tracker?.OnReserved(bytes);
    }

    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var after = Interlocked.Add(ref _used, -bytes);
        if (after < 0)
        {
            Interlocked.Add(ref _used, bytes);
            throw new InvalidOperationException($"{TaskName} released {bytes} bytes but only {after + bytes} were reserved; a consumer releases more than it reserved");
        }

        _tracker?.OnReleased(bytes);
    }

    /// <summary>Records a spill for metrics.</summary>
    public void RecordSpill(long bytesWritten)
    {
        Interlocked.Increment(ref _spillCount);
        Interlocked.Add(ref _spilledBytes, bytesWritten);
        _tracker?.OnSpilled(bytesWritten);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var leftover = Interlocked.Exchange(ref _used, 0);
        if (leftover > 0)
        {
            _tracker?.OnReleased(leftover);
        }

        _tracker?.Unregister(this);
    }

    private void UpdatePeak(long used)
    {
        var peak = Interlocked.Read(ref _peak);
        while (used > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, used, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }
}
