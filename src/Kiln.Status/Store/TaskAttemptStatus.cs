using Kiln.Execution.Physical;

namespace Kiln.Status.Store;

/// <summary>One task attempt: where and when it ran, its outcome and metrics.</summary>
public sealed class TaskAttemptStatus
{
    public long TaskId { get; init; }

    public int Index { get; init; }

    public int Attempt { get; init; }

    public int StageId { get; init; }

    public int StageAttempt { get; init; }

    public DateTimeOffset LaunchTime { get; init; }

    public DateTimeOffset? EndTime { get; set; }

    public string ExecutorId { get; set; } = string.Empty;

    public string Host { get; set; } = string.Empty;

    /// <summary>RUNNING, SUCCESS, FAILED, FETCH_FAILED or KILLED.</summary>
    public string Status { get; set; } = "RUNNING";

    public string? Error { get; set; }

    public TaskMetrics Metrics { get; set; } = new();

    /// <summary>Milliseconds from launch to end (null while running).</summary>
    public long? DurationMs => EndTime is { } end ? (long)(end - LaunchTime).TotalMilliseconds : null;
}
