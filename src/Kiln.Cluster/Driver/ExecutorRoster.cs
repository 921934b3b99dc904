using System.Globalization;

namespace Kiln.Cluster.Driver;

/// <summary>
/// The driver's executors and the counts that decide their lifecycle: how many it wants (the target), how many were
/// lost, and so whether to launch, replace or release one. It decides; the cluster backend acts (launches, kills,
/// fails tasks) on what it answers.
/// <code>
///   target ─┬─ live (Starting + Active) &lt; target and lost &lt;= max failures ─> LaunchesNeeded: launch that many
///           └─ lowered below live ─> ExtraStarting: release the newest starting ones (active ones keep their work)
///   a loss ─> Lost++ ─> past kiln.executor.maxFailures no replacement is launched
/// </code>
/// </summary>
/// <remarks>Not thread-safe: owned by the cluster backend's event loop.</remarks>
internal sealed class ExecutorRoster
{
    private readonly Dictionary<string, TrackedExecutor> _executors = new(StringComparer.Ordinal);
    private int _nextId;

    /// <param name="target">How many live executors are wanted at first.</param>
    /// <param name="maxFailures">How many losses are replaced (<c>kiln.executor.maxFailures</c>).</param>
    public ExecutorRoster(int target, int maxFailures)
    {
        Target = target;
        MaxFailures = maxFailures;
    }

    public int Target { get; set; }

    public int MaxFailures { get; }

    /// <summary>Executors lost so far (not those the driver stopped).</summary>
    public int Lost { get; private set; }

    /// <summary>Every executor of the application, in launch order, stopped and lost ones included.</summary>
    public IReadOnlyCollection<TrackedExecutor> All => _executors.Values;

    public int Count => _executors.Count;

    public int LiveCount => _executors.Values.Count(e => e.State is ExecutorState.Starting or ExecutorState.Active);

    public int ActiveCount => _executors.Values.Count(e => e.State == ExecutorState.Active);

    public bool AnyStarting => _executors.Values.Any(e => e.State == ExecutorState.Starting);

    public bool AnyLive => _executors.Values.Any(e => e.State is ExecutorState.Starting or ExecutorState.Active);

    /// <summary>The id the next executor gets: "0", "1", ... never reused.</summary>
    public string NextId => _nextId.ToString(CultureInfo.InvariantCulture);

    /// <summary>True once a replacement would exceed <see cref="MaxFailures"/>.</summary>
    public bool ReplacementsExhausted => Lost > MaxFailures;

    /// <summary>How many executors to launch now to reach the target (none once too many were lost).</summary>
    public int LaunchesNeeded => ReplacementsExhausted ? 0 : Math.Max(0, Target - LiveCount);

    public bool TryGetValue(string id, out TrackedExecutor executor) => _executors.TryGetValue(id, out executor!);

    public TrackedExecutor this[string id] => _executors[id];

    public void Add(TrackedExecutor executor)
    {
        if (executor.Id != NextId)
        {
            throw new InvalidOperationException($"executor {executor.Id} added out of order; the next id is {NextId}");
        }

        _executors.Add(executor.Id, executor);
        _nextId++;
    }

    /// <summary>Marks a live executor lost; false when it was already gone (a second report of the same end).</summary>
    public bool MarkLost(TrackedExecutor executor, string reason)
    {
        if (!MarkGone(executor, ExecutorState.Lost, reason))
        {
            return false;
        }

        Lost++;
        return true;
    }

    /// <summary>Marks a live executor stopped by the driver (it does not count as lost); false when it was already gone.</summary>
    public bool MarkStopped(TrackedExecutor executor, string reason) => MarkGone(executor, ExecutorState.Stopped, reason);

    /// <summary>The starting executors to release when the target went below the live count, newest first.</summary>
    public IReadOnlyList<TrackedExecutor> ExtraStarting() => _executors.Values
        .Where(e => e.State == ExecutorState.Starting)
        .OrderByDescending(e => e.LaunchedAt)
        .ThenByDescending(e => int.Parse(e.Id, CultureInfo.InvariantCulture))
        .Take(Math.Max(0, LiveCount - Target))
        .ToArray();

    /// <summary>The loss reason of the executor lost last, if any.</summary>
    public string? LastLossReason => _executors.Values.LastOrDefault(e => e.LossReason is not null)?.LossReason;

    private static bool MarkGone(TrackedExecutor executor, ExecutorState state, string reason)
    {
        if (executor.State is ExecutorState.Lost or ExecutorState.Stopped)
        {
            return false;
        }

        executor.State = state;
        executor.LossReason = reason;
        return true;
    }
}
