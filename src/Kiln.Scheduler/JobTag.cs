namespace Kiln.Scheduler;

/// <summary>What a job is for, as the UI shows it: a description and the query execution it belongs to (-1: none).</summary>
public sealed record JobTag(string Description, long SqlExecutionId)
{
    public static readonly JobTag None = new(string.Empty, -1);
}
