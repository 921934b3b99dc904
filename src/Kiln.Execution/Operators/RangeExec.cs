using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Physical;
using Kiln.Plan.Logical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>
/// Generates the ids of a range: each partition computes its own slice of <see cref="Sequence"/> and fills batches of
/// the task's batch size straight into long arrays. The plan carries only the bounds, whatever the range's size.
/// </summary>
public sealed class RangeExec : ExecNode
{
    public RangeExec(RangeSequence sequence, int partitionCount, Schema schema)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        Sequence = sequence;
        PartitionCount = partitionCount;
        Schema = schema;
    }

    public RangeSequence Sequence { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => NoChildren;

    public override int PartitionCount { get; }

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (first, count) = Sequence.Slice(partition, PartitionCount);
        return count == 0 ? [] : Generate(Sequence.ValueAt(first), count, context);
    }

    private IEnumerable<RecordBatch> Generate(long next, Int128 remaining, TaskContext context)
    {
        var step = Sequence.Step;
        while (remaining > 0)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var size = (int)Int128.Min(remaining, context.BatchSize);
            var values = new long[size];
            for (var i = 0; i < size; i++)
            {
                values[i] = next;

                // Wraps only after the slice's last value, which is never used.
                next = unchecked(next + step);
            }

            remaining -= size;
            context.Metrics.RowsRead += size;
            yield return new RecordBatch(Schema, [new PrimitiveVector<long>(DataType.Int64, values)], size);
        }
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => this;

    public override string Describe() => $"Range ({Sequence.Start}, {Sequence.End}, step={Sequence.Step}, partitions={PartitionCount})";

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Schema);
        writer.Write(Sequence.Start);
        writer.Write(Sequence.End);
        writer.Write(Sequence.Step);
        writer.Write(PartitionCount);
    }

    public static RangeExec Read(PlanReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var schema = reader.ReadSchema();
        var (start, end, step, partitions) = (reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadInt());
        if (step == 0 || partitions < 1)
        {
            throw new InvalidDataException($"corrupt plan: a range with step {step} over {partitions} partitions");
        }

        return new RangeExec(new RangeSequence(start, end, step), partitions, schema);
    }
}
