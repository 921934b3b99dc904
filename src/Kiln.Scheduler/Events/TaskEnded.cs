using Kiln.Execution.Physical;

namespace Kiln.Scheduler.Events;

/// <summary>A task attempt ended on an executor with its outcome and metrics.</summary>
/// <param name="Status">SUCCESS, FAILED, FETCH_FAILED or KILLED (Spark's words).</param>
/// <param name="Error">The failure's type and message; null when it succeeded.</param>
/// <param name="CachedBlocks">Cached partitions the task stored on its executor; null when none.</param>
/// <param name="Nodes">What each plan node of the query did in this task; null when the task ran no query plan.</param>
public sealed record TaskEnded(
    DateTimeOffset Time,
    long TaskId,
    int StageId,
    int StageAttempt,
    int Index,
    int Attempt,
    string ExecutorId,
    string Status,
    string? Error,
    TaskMetrics Metrics,
    IReadOnlyList<NodeMetrics>? Nodes = null,
    IReadOnlyList<Execution.UserCode.CachedBlock>? CachedBlocks = null) : ListenerEvent(Time);
