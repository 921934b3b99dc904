namespace Kiln.Scheduler.Events;

/// <summary>One operator of a query's physical plan, as the SQL tab draws it.</summary>
/// <param name="NodeId">Its pre-order position in the plan (the root is 0).</param>
/// <param name="Name">The operator (Filter, HashAggregate, ShuffleExchange, ...).</param>
/// <param name="Description">Its explain() line.</param>
/// <param name="ChildIds">Its inputs' node ids.</param>
public sealed record PlanNodeInfo(int NodeId, string Name, string Description, IReadOnlyList<int> ChildIds);
