using Kiln.Execution.Physical;
using Kiln.Scheduler.Events;

namespace Kiln.Scheduler.Stages;

/// <summary>
/// Numbers the nodes of a query's physical plan in pre-order (the root is 0): the ids the SQL tab's graph and the
/// per-operator metrics of its tasks share.
/// </summary>
public static class PlanNodes
{
    /// <summary>Each node's id, by reference (a node that appears twice keeps its first id).</summary>
    public static IReadOnlyDictionary<ExecNode, int> Ids(ExecNode plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ids = new Dictionary<ExecNode, int>(ReferenceEqualityComparer.Instance);
        var next = 0;
        foreach (var node in plan.Descendants())
        {
            ids.TryAdd(node, next++);
        }

        return ids;
    }

    /// <summary>The plan as the graph the listener events carry: every node with its name, its line and its children's ids.</summary>
    public static IReadOnlyList<PlanNodeInfo> Describe(ExecNode plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var nodes = new List<PlanNodeInfo>();
        Add(plan, nodes);
        return nodes;
    }

    /// <summary>An operator's name as the graph shows it: its type without "Exec" (Filter, HashAggregate, ShuffleExchange).</summary>
    public static string Name(ExecNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var name = node.GetType().Name;
        return name.EndsWith("Exec", StringComparison.Ordinal) ? name[..^4] : name;
    }

    private static int Add(ExecNode node, List<PlanNodeInfo> nodes)
    {
        var id = nodes.Count;
        nodes.Add(null!);
        var children = new List<int>();
        foreach (var child in node.Children)
        {
            children.Add(Add(child, nodes));
        }

        nodes[id] = new PlanNodeInfo(id, Name(node), node.Describe(), children);
        return id;
    }
}
