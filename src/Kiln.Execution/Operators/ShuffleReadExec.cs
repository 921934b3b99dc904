using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>Reads one reduce partition of a finished shuffle, through the task's <see cref="IShuffleInput"/>.</summary>
public sealed class ShuffleReadExec : ExecNode
{
    public ShuffleReadExec(int shuffleId, int partitionCount, Schema schema)
    {
        ShuffleId = shuffleId;
        PartitionCount = partitionCount;
        Schema = schema;
    }

    public int ShuffleId { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => NoChildren;

    public override int PartitionCount { get; }

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ShuffleInput.Read(ShuffleId, partition, Schema, context);
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => this;

    public override string Describe() => $"ShuffleRead shuffle={ShuffleId} partitions={PartitionCount}";

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ShuffleId);
        writer.Write(PartitionCount);
        writer.Write(Schema);
    }

    public static ShuffleReadExec Read(PlanReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var id = reader.ReadInt();
        var count = reader.ReadInt();
        return new ShuffleReadExec(id, count, reader.ReadSchema());
    }
}
