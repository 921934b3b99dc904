using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>The first <see cref="Limit"/> rows of each partition; under a single-partition exchange it is a global limit.</summary>
public sealed class LimitExec : ExecNode
{
    public LimitExec(int limit, ExecNode child)
    {
        Limit = limit;
        Child = child;
    }

    public int Limit { get; }

    public ExecNode Child { get; }

    public override Schema Schema => Child.Schema;

    public override IReadOnlyList<ExecNode> Children => [Child];

    public override int PartitionCount => Child.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        var remaining = Limit;
        if (remaining <= 0)
        {
            yield break;
        }

        foreach (var batch in Child.Execute(partition, context))
        {
            if (batch.RowCount >= remaining)
            {
                yield return batch.Slice(0, remaining);
                yield break;
            }

            remaining -= batch.RowCount;
            yield return batch;
        }
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new LimitExec(Limit, children[0]);

    public override string Describe() => $"Limit {Limit}";

    public override void WriteFields(PlanWriter writer) => writer?.Write(Limit);
}
