using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Execution.Sort;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>
/// Sorts each partition by key columns with the external sorter (spilling sorted runs when over the task's
/// memory budget). Under a range exchange this yields a global order; with <see cref="Limit"/> it keeps only the
/// first rows (top-N).
/// </summary>
public sealed class SortExec : ExecNode
{
    public SortExec(IReadOnlyList<SortKeySpec> keys, long? limit, ExecNode child)
    {
        Keys = keys;
        Limit = limit;
        Child = child;
    }

    public IReadOnlyList<SortKeySpec> Keys { get; }

    public long? Limit { get; }

    public ExecNode Child { get; }

    public override Schema Schema => Child.Schema;

    public override IReadOnlyList<ExecNode> Children => [Child];

    public override int PartitionCount => Child.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var sorter = new ExternalSorter(Schema, Keys, context.Memory, context.Disk, new ExternalSorterOptions { BatchSize = context.BatchSize, Limit = Limit, Codec = context.SpillCodec });
        foreach (var batch in Child.Execute(partition, context))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            sorter.Add(batch);
        }

        foreach (var batch in sorter.Sorted())
        {
            yield return batch;
        }

        context.Metrics.SpillCount += sorter.SpillCount;
        context.Metrics.SpillBytes += sorter.SpilledBytes;
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new SortExec(Keys, Limit, children[0]);

    public override string Describe() =>
        $"Sort [{string.Join(", ", Keys.Select(k => $"{Schema[k.Column].Name} {(k.Ascending ? "ASC" : "DESC")} NULLS {(k.NullsFirst ? "FIRST" : "LAST")}"))}]"
        + (Limit is { } l ? $" limit={l}" : "");

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteList(Keys, k =>
        {
            writer.Write(k.Column);
            writer.Write(k.Ascending);
            writer.Write(k.NullsFirst);
        });
        writer.Write(Limit ?? -1);
    }

    public static SortExec Read(PlanReader reader, ExecNode child)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var keys = reader.ReadList(() => new SortKeySpec(reader.ReadInt(), reader.ReadBool(), reader.ReadBool()));
        var limit = reader.ReadLong();
        return new SortExec(keys, limit < 0 ? null : limit, child);
    }
}
