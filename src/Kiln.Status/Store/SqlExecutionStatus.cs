namespace Kiln.Status.Store;

/// <summary>One query execution: its text or action, its plans, and the jobs it ran.</summary>
public sealed class SqlExecutionStatus
{
    public long Id { get; init; }

    public string Description { get; init; } = string.Empty;

    public string PhysicalPlan { get; init; } = string.Empty;

    public string LogicalPlan { get; init; } = string.Empty;

    public DateTimeOffset SubmissionTime { get; init; }

    public DateTimeOffset? CompletionTime { get; set; }

    public string? Error { get; set; }

    public List<int> JobIds { get; } = [];

    /// <summary>RUNNING, COMPLETED or FAILED.</summary>
    public string Status => CompletionTime is null ? "RUNNING" : Error is null ? "COMPLETED" : "FAILED";
}
