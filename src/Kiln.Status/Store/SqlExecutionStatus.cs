using Kiln.Scheduler.Events;

namespace Kiln.Status.Store;

/// <summary>One query execution: its text or action, its plans, the jobs it ran and what each plan node did (summed over successful tasks).</summary>
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

    /// <summary>The physical plan as a graph; empty for a log written before it was recorded.</summary>
    public IReadOnlyList<PlanNodeInfo> Nodes { get; init; } = [];

    /// <summary>Each plan node's metrics summed over the successful tasks so far, by node id.</summary>
    public Dictionary<int, NodeMetrics> NodeMetrics { get; } = [];

    /// <summary>The metrics of a node; zeros when no successful task measured it yet.</summary>
    public NodeMetrics MetricsOf(int nodeId) => NodeMetrics.GetValueOrDefault(nodeId) ?? new NodeMetrics(nodeId, 0, 0, 0);

    public void AddNodeMetrics(IReadOnlyList<NodeMetrics> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        foreach (var m in nodes)
        {
            NodeMetrics[m.NodeId] = NodeMetrics.TryGetValue(m.NodeId, out var had) ? had.Plus(m) : m;
        }
    }

    /// <summary>RUNNING, COMPLETED or FAILED.</summary>
    public string Status => CompletionTime is null ? "RUNNING" : Error is null ? "COMPLETED" : "FAILED";
}
