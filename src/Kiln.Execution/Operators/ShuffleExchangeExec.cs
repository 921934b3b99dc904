using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>
/// A stage boundary: redistributes its child's rows by <see cref="Partitioning"/>. It never executes itself: the
/// DAG scheduler cuts the plan here, runs the child as a shuffle map stage and replaces this node by a
/// <see cref="ShuffleReadExec"/> in the parent stage.
/// </summary>
public sealed class ShuffleExchangeExec : ExecNode
{
    public ShuffleExchangeExec(Partitioning partitioning, ExecNode child)
    {
        Partitioning = partitioning;
        Child = child;
    }

    public Partitioning Partitioning { get; }

    public ExecNode Child { get; }

    public override Schema Schema => Child.Schema;

    public override IReadOnlyList<ExecNode> Children => [Child];

    public override int PartitionCount => Partitioning.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context) =>
        throw new InvalidOperationException("an exchange is executed by the scheduler as a shuffle, never inside a task");

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new ShuffleExchangeExec(Partitioning, children[0]);

    public override string Describe() => $"Exchange {Partitioning}";

    public override void WriteFields(PlanWriter writer) =>
        throw new InvalidOperationException("an exchange is never sent to a task; the scheduler replaces it by a shuffle read");
}
