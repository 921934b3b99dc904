using Kiln.Execution.Physical;
using Kiln.Execution.Shuffle;

namespace Kiln.Execution.Tasks;

/// <summary>
/// What a finished task attempt reports: its outcome, the collected bytes (collect, sample), its map status
/// (shuffle map tasks), metrics, and for failures the exception and where it ran.
/// </summary>
public sealed record TaskResult(long TaskId, TaskOutcome Outcome, TaskMetrics Metrics, string ExecutorId)
{
    public byte[]? Data { get; init; }

    public MapStatus? MapStatus { get; init; }

    public Exception? Error { get; init; }

    /// <summary>For write tasks: the committed file names.</summary>
    public IReadOnlyList<string> CommittedFiles { get; init; } = [];

    /// <summary>Partial values of the accumulators this task's lambdas updated (successful tasks only).</summary>
    public IReadOnlyList<UserCode.AccumulatorUpdate> AccumulatorUpdates { get; init; } = [];

    /// <summary>Cache blocks this task stored on its executor (successful tasks only).</summary>
    public IReadOnlyList<UserCode.CachedBlock> CachedBlocks { get; init; } = [];
}
