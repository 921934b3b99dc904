using Kiln.Common.Batches;
using Kiln.Common.Ipc;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>In-memory rows shipped inside the plan; batch i belongs to partition i modulo the partition count.</summary>
public sealed class LocalTableExec : ExecNode
{
    public LocalTableExec(Schema schema, IReadOnlyList<RecordBatch> batches, int partitionCount)
    {
        Schema = schema;
        Batches = batches;
        PartitionCount = Math.Max(1, partitionCount);
    }

    public IReadOnlyList<RecordBatch> Batches { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => NoChildren;

    public override int PartitionCount { get; }

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        for (var i = partition; i < Batches.Count; i += PartitionCount)
        {
            yield return Batches[i].WithSchema(Schema);
        }
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => this;

    public override string Describe() => $"LocalTable [{string.Join(", ", Schema.Names)}] rows={Batches.Sum(b => (long)b.RowCount)}";

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Schema);
        writer.Write(PartitionCount);
        writer.Write(Batches.Count);
        foreach (var b in Batches)
        {
            BatchSerializer.Write(writer.Writer.BaseStream, b);
        }
    }

    public static LocalTableExec Read(PlanReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var schema = reader.ReadSchema();
        var partitions = reader.ReadInt();
        var n = reader.ReadInt();
        var batches = new RecordBatch[n];
        for (var i = 0; i < n; i++)
        {
            batches[i] = BatchSerializer.Read(reader.Reader.BaseStream, schema) ?? throw new InvalidDataException("corrupt plan: missing local table batch");
        }

        return new LocalTableExec(schema, batches, partitions);
    }
}
