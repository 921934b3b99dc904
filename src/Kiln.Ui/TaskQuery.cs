using Kiln.Status.Store;

namespace Kiln.Ui;

/// <summary>Sorting and paging of a stage's tasks, shared by the task table page and the REST taskList.</summary>
internal static class TaskQuery
{
    /// <summary>The columns a task list sorts by (Spark's sortBy values ID, -ID, runtime, -runtime are accepted too).</summary>
    public static readonly IReadOnlyList<string> Columns = ["index", "id", "attempt", "executor", "status", "launch", "duration", "runtime", "input", "shuffleRead", "shuffleWrite", "spill", "memory"];

    public static IReadOnlyList<TaskAttemptStatus> Page(IReadOnlyList<TaskAttemptStatus> tasks, string? sortBy, bool descending, int offset, int length)
    {
        var column = sortBy ?? "index";
        if (column.StartsWith('-'))
        {
            (column, descending) = (column[1..], true);
        }

        Func<TaskAttemptStatus, IComparable> key = column.ToLowerInvariant() switch
        {
            "id" => t => t.TaskId,
            "attempt" => t => t.Attempt,
            "executor" => t => t.ExecutorId,
            "status" => t => t.Status,
            "launch" => t => t.LaunchTime,
            "duration" => t => t.DurationMs ?? long.MaxValue,
            "runtime" => t => t.Metrics.RunTimeMs,
            "input" => t => t.Metrics.RowsRead,
            "shuffleread" => t => t.Metrics.ShuffleBytesRead,
            "shufflewrite" => t => t.Metrics.ShuffleBytesWritten,
            "spill" => t => t.Metrics.SpillBytes,
            "memory" => t => t.Metrics.PeakMemory,
            _ => t => t.Index,
        };
        var ordered = descending ? tasks.OrderByDescending(key).ThenBy(t => t.TaskId) : tasks.OrderBy(key).ThenBy(t => t.TaskId);
        return ordered.Skip(Math.Max(0, offset)).Take(Math.Clamp(length, 0, 10_000)).ToArray();
    }
}
