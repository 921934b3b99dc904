namespace Kiln.Scheduler.Events;

/// <summary>A query (one DataFrame or SQL action) started, with its plans as text.</summary>
/// <param name="Description">The SQL text when the query came from SQL, else the action (collect, count, write).</param>
public sealed record SqlExecutionStarted(DateTimeOffset Time, long ExecutionId, string Description, string PhysicalPlan, string LogicalPlan) : ListenerEvent(Time);
