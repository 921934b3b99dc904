namespace Kiln.Scheduler;

/// <summary>What a job is for, as the UI shows it: a description and the query execution it belongs to (-1: none).</summary>
public sealed record JobTag(string Description, long SqlExecutionId)
{
    /// <summary>The query's plan node ids (<see cref="Stages.PlanNodes.Ids"/>) when the job runs the query's plan, so its tasks' operator metrics name plan nodes.</summary>
    public IReadOnlyDictionary<Execution.Physical.ExecNode, int>? PlanNodeIds { get; init; }

    public static readonly JobTag None = new(string.Empty, -1);
}
