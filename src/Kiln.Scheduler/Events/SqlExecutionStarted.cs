namespace Kiln.Scheduler.Events;

/// <summary>A query (one DataFrame or SQL action) started, with its plans as text.</summary>
/// <param name="Description">The SQL text when the query came from SQL, else the action (collect, count, write).</param>
/// <param name="Nodes">The physical plan as a graph (<see cref="Stages.PlanNodes.Describe"/>); null in logs written before it was recorded.</param>
public sealed record SqlExecutionStarted(DateTimeOffset Time, long ExecutionId, string Description, string PhysicalPlan, string LogicalPlan, IReadOnlyList<PlanNodeInfo>? Nodes = null) : ListenerEvent(Time);
