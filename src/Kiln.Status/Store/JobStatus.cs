namespace Kiln.Status.Store;

/// <summary>One job: its stages, task counts and outcome (RUNNING, SUCCEEDED, FAILED).</summary>
public sealed class JobStatus
{
    public int JobId { get; init; }

    public string Description { get; init; } = string.Empty;

    public long SqlExecutionId { get; init; } = -1;

    public DateTimeOffset SubmissionTime { get; init; }

    public DateTimeOffset? CompletionTime { get; set; }

    public string Status { get; set; } = "RUNNING";

    public string? Error { get; set; }

    public List<int> StageIds { get; } = [];

    /// <summary>Tasks of all its stages (partitions of each stage).</summary>
    public int NumTasks { get; set; }

    public int NumActiveTasks { get; set; }

    public int NumCompletedTasks { get; set; }

    public int NumFailedTasks { get; set; }

    public int NumKilledTasks { get; set; }

    public int NumActiveStages { get; set; }

    public int NumCompletedStages { get; set; }

    public int NumFailedStages { get; set; }

    /// <summary>Declared stages that never ran, counted when the job ends.</summary>
    public int NumSkippedStages { get; set; }

    /// <summary>The stages that were submitted at least once.</summary>
    internal HashSet<int> StagesRun { get; } = [];
}
