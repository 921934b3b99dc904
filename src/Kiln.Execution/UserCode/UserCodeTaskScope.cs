using Kiln.Execution.Tasks;

namespace Kiln.Execution.UserCode;

/// <summary>
/// The running task as user code sees it: its identity, its executor's <see cref="UserCodeEnvironment"/>, the
/// accumulators its lambdas updated and the cache blocks it stored. <see cref="TaskRunner"/> enters one per task
/// attempt; <see cref="Current"/> finds it from inside a lambda (a broadcast's <c>Value</c>, an accumulator's <c>Add</c>).
/// </summary>
/// <remarks>
/// Flows with the task's execution context (an <see cref="AsyncLocal{T}"/>), so lambdas running on the task's
/// thread see it; it is used by that thread only.
/// </remarks>
public sealed class UserCodeTaskScope : IDisposable
{
    private static readonly AsyncLocal<UserCodeTaskScope?> Ambient = new();

    private readonly UserCodeTaskScope? _previous;
    private readonly Dictionary<long, List<ITaskAccumulator>> _accumulators = [];
    private readonly List<CachedBlock> _blocks = [];

    private UserCodeTaskScope(int stageId, int partition, int attempt, string executorId, UserCodeEnvironment environment)
    {
        StageId = stageId;
        Partition = partition;
        Attempt = attempt;
        ExecutorId = executorId;
        Environment = environment;
        _previous = Ambient.Value;
        Ambient.Value = this;
    }

    /// <summary>The task running on this flow, or null outside tasks (on the driver).</summary>
    public static UserCodeTaskScope? Current => Ambient.Value;

    /// <summary>The loader for the current task, or the default context outside tasks.</summary>
    public static UserCodeLoader CurrentLoader => Current?.Environment.Loader ?? UserCodeLoader.Default;

    public int StageId { get; }

    public int Partition { get; }

    public int Attempt { get; }

    public string ExecutorId { get; }

    public UserCodeEnvironment Environment { get; }

    /// <summary>The cache blocks this task stored, reported to the driver with its result.</summary>
    public IReadOnlyList<CachedBlock> StoredBlocks => _blocks;

    public static UserCodeTaskScope Enter(int stageId, int partition, int attempt, string executorId, UserCodeEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new UserCodeTaskScope(stageId, partition, attempt, executorId, environment);
    }

    /// <summary>Called by an accumulator copy when a task's lambda is deserialized; its value is reported when the task succeeds.</summary>
    public void Register(ITaskAccumulator accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        if (!_accumulators.TryGetValue(accumulator.Id, out var copies))
        {
            _accumulators[accumulator.Id] = copies = [];
        }

        if (!copies.Any(c => ReferenceEquals(c, accumulator)))
        {
            copies.Add(accumulator);
        }
    }

    public void ReportBlock(CachedBlock block) => _blocks.Add(block);

    /// <summary>Attaches this task's accumulator updates and stored blocks to a successful result.</summary>
    public TaskResult Complete(TaskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome != TaskOutcome.Succeeded)
        {
            return result;
        }

        var updates = _accumulators
            .SelectMany(kv => kv.Value.Select(a => new AccumulatorUpdate(kv.Key, a.SerializeLocalValue())))
            .ToArray();
        return result with { AccumulatorUpdates = updates, CachedBlocks = _blocks.ToArray() };
    }

    public void Dispose() => Ambient.Value = _previous;
}
