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

    /// <summary>When the scheduler handed it to the backend.</summary>
    public DateTimeOffset SubmitTime { get; init; }

    /// <summary>When it was sent to an executor's core (the submit time until then).</summary>
    public DateTimeOffset LaunchTime { get; set; }

    /// <summary>True once an executor took it (TaskLaunch); queued until then.</summary>
    public bool Launched { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public string ExecutorId { get; set; } = string.Empty;

    public string Host { get; set; } = string.Empty;

    /// <summary>RUNNING, SUCCESS, FAILED, FETCH_FAILED or KILLED.</summary>
    public string Status { get; set; } = "RUNNING";

    public string? Error { get; set; }

    public TaskMetrics Metrics { get; set; } = new();

    /// <summary>
    /// Milliseconds from the launch on its executor to the end, without the time queued for a core (null while
    /// running). A task that ended without a launch (failed in the queue, or from a log without launch events)
    /// counts its run time on the executor.
    /// </summary>
    public long? DurationMs => EndTime is not { } end ? null : Launched ? Math.Max(0, (long)(end - LaunchTime).TotalMilliseconds) : Metrics.RunTimeMs;
}
