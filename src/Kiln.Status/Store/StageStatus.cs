using Kiln.Execution.Physical;

namespace Kiln.Status.Store;

/// <summary>One attempt of a stage: its tasks (in launch order) and their summed metrics.</summary>
public sealed class StageStatus
{
    public int StageId { get; init; }

    public int Attempt { get; init; }

    public int JobId { get; init; }

    public string Name { get; init; } = string.Empty;

    /// <summary>The stage's plan fragment as a tree.</summary>
    public string Details { get; init; } = string.Empty;

    public bool IsShuffleMap { get; init; }

    public int NumTasks { get; init; }

    /// <summary>ACTIVE, COMPLETE or FAILED.</summary>
    public string Status { get; set; } = "ACTIVE";

    public string? FailureReason { get; set; }

    public DateTimeOffset SubmissionTime { get; init; }

    public DateTimeOffset? FirstTaskLaunchedTime { get; set; }

    public DateTimeOffset? CompletionTime { get; set; }

    public int NumActiveTasks { get; set; }

    public int NumCompleteTasks { get; set; }

    public int NumFailedTasks { get; set; }

    public int NumKilledTasks { get; set; }

    /// <summary>The sum of the metrics of its successful tasks (peak memory: the largest).</summary>
    public TaskMetrics Metrics { get; } = new();

    public List<TaskAttemptStatus> Tasks { get; } = [];

    internal Dictionary<long, TaskAttemptStatus> TasksById { get; } = [];
}
