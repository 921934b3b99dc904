using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>UNION ALL: the partitions of each input, one after another (input 0's partitions first).</summary>
public sealed class UnionExec : ExecNode
{
    public UnionExec(Schema schema, IReadOnlyList<ExecNode> inputs)
    {
        Schema = schema;
        Inputs = inputs;
    }

    public IReadOnlyList<ExecNode> Inputs { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => Inputs;

    public override int PartitionCount => Inputs.Sum(i => i.PartitionCount);

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        foreach (var input in Inputs)
        {
            if (partition < input.PartitionCount)
            {
                return input.Execute(partition, context).Select(b => b.WithSchema(Schema));
            }

            partition -= input.PartitionCount;
        }

        throw new ArgumentOutOfRangeException(nameof(partition));
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new UnionExec(Schema, children);

    public override string Describe() => "Union";

    public override void WriteFields(PlanWriter writer) => writer?.Write(Schema);
}
