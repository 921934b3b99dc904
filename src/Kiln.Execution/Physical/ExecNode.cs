using System.Diagnostics;
using Kiln.Common.Text;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Physical;

/// <summary>
/// A physical operator: how to compute one partition of a result as a stream of batches. Trees of these are
/// split into stages at <see cref="Operators.ShuffleExchangeExec"/> nodes by the DAG scheduler; each stage's
/// fragment travels to its tasks as bytes (<see cref="PhysicalPlanSerializer"/>), and a task calls
/// <see cref="Execute"/> for its partition.
/// </summary>
/// <remarks>
/// Operators are immutable and hold no per-task state: all state lives in the enumerator returned by
/// <see cref="Execute"/>, which runs on one task thread and must release its memory reservations and spill
/// files when disposed.
/// </remarks>
public abstract class ExecNode
{
    /// <summary>The output columns.</summary>
    public abstract Schema Schema { get; }

    public abstract IReadOnlyList<ExecNode> Children { get; }

    /// <summary>How many partitions this operator produces.</summary>
    public abstract int PartitionCount { get; }

    /// <summary>
    /// Computes one partition. When the task measures this node (<see cref="TaskContext.Operators"/>), its output
    /// rows, time and spill are counted per batch around <see cref="ExecuteCore"/>.
    /// </summary>
    public IEnumerable<RecordBatch> Execute(int partition, TaskContext context)
    {
        var metrics = context?.Operators?.Find(this);
        return metrics is null ? ExecuteCore(partition, context!) : Measured(metrics, partition, context!);
    }

    /// <summary>Computes one partition: the operator's own work.</summary>
    protected abstract IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context);

    public abstract ExecNode WithChildren(IReadOnlyList<ExecNode> children);

    /// <summary>One line for explain().</summary>
    public abstract string Describe();

    /// <summary>Writes this node's own fields (not the tag, not the children).</summary>
    public abstract void WriteFields(PlanWriter writer);

    public ExecNode TransformUp(Func<ExecNode, ExecNode> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var children = Children;
        if (children.Count == 0)
        {
            return rule(this);
        }

        var rewritten = children.Select(c => c.TransformUp(rule)).ToArray();
        var changed = rewritten.Where((c, i) => !ReferenceEquals(c, children[i])).Any();
        return rule(changed ? WithChildren(rewritten) : this);
    }

    public IEnumerable<ExecNode> Descendants()
    {
        yield return this;
        foreach (var c in Children)
        {
            foreach (var d in c.Descendants())
            {
                yield return d;
            }
        }
    }

    public string TreeString() => TreeText.Render<ExecNode>(this, n => n.Describe(), n => n.Children);

    protected static IReadOnlyList<ExecNode> NoChildren { get; } = [];

    /// <summary>Counts batches as they leave; time and spill include the children's (made exclusive at the task's end).</summary>
    private IEnumerable<RecordBatch> Measured(OperatorMetrics metrics, int partition, TaskContext context)
    {
        var task = context.Metrics;
        var started = Stopwatch.GetTimestamp();
        var spilled = task.SpillBytes;
        using var batches = ExecuteCore(partition, context).GetEnumerator();
        while (true)
        {
            var more = batches.MoveNext();
            metrics.Ticks += Stopwatch.GetTimestamp() - started;
            metrics.SpillBytes += task.SpillBytes - spilled;
            if (!more)
            {
                yield break;
            }

            var batch = batches.Current;
            metrics.OutputRows += batch.RowCount;
            yield return batch;
            started = Stopwatch.GetTimestamp();
            spilled = task.SpillBytes;
        }
    }
}
