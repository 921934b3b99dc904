namespace Kiln.Status.Store;

/// <summary>One executor: size, where it runs, its task counts and shuffle totals, and why it went away.</summary>
public sealed class ExecutorStatus
{
    public string Id { get; init; } = string.Empty;

    public string Host { get; init; } = string.Empty;

    public int Cores { get; init; }

    public long MaxMemory { get; init; }

    /// <summary>"pid N", a pod name, or "in process".</summary>
    public string Process { get; init; } = string.Empty;

    public DateTimeOffset AddTime { get; init; }

    public DateTimeOffset? RemoveTime { get; set; }

    public string? RemoveReason { get; set; }

    /// <summary>True when it was lost (a failure) rather than stopped with the application.</summary>
    public bool Lost { get; set; }

    public bool IsActive => RemoveTime is null;

    /// <summary>Tasks launched on it that have not ended.</summary>
    public int ActiveTasks { get; set; }

    public int CompletedTasks { get; set; }

    public int FailedTasks { get; set; }

    public long TotalDurationMs { get; set; }

    public long TotalInputRecords { get; set; }

    public long TotalShuffleRead { get; set; }

    public long TotalShuffleWrite { get; set; }
}
