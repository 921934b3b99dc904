using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Physical;
using Kiln.Plan.Serialization;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Reads a partition of a cached plan from the executor's <see cref="IBlockStore"/>, or computes it from
/// <see cref="Child"/> (the cached plan's lineage), passes it on and stores it, reporting the block to the driver.
/// <code>
///   block in store ──> stream it
///   missing, lineage present ──> compute, stream, store when complete (a partial read, e.g. under LIMIT, is not stored)
///   missing, no lineage (driver planned a pure read) ──> CacheBlockLostException: the driver re-plans with lineage
/// </code>
/// </summary>
public sealed class CacheExec : ExecNode
{
    public CacheExec(long cacheId, CacheLevel level, Schema schema, int partitionCount, ExecNode? child)
    {
        CacheId = cacheId;
        Level = level;
        Schema = schema;
        PartitionCount = partitionCount;
        Child = child;
    }

    public long CacheId { get; }

    public CacheLevel Level { get; }

    /// <summary>The cached plan, to compute missing partitions; null when the driver planned a pure read.</summary>
    public ExecNode? Child { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => Child is null ? NoChildren : [Child];

    public override int PartitionCount { get; }

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scope = UserCodeTaskScope.Current;
        var store = scope?.Environment.Blocks ?? NoBlockStore.Instance;
        if (store.TryRead(CacheId, partition, Schema) is { } cached)
        {
            return cached;
        }

        if (Child is null)
        {
            throw new CacheBlockLostException(CacheId, partition, scope?.ExecutorId ?? "?");
        }

        return ComputeAndStore(partition, context, store, scope);
    }

    private IEnumerable<RecordBatch> ComputeAndStore(int partition, TaskContext context, IBlockStore store, UserCodeTaskScope? scope)
    {
        var batches = new List<RecordBatch>();
        foreach (var batch in Child!.Execute(partition, context))
        {
            batches.Add(batch);
            yield return batch;
        }

        if (store.Put(CacheId, partition, Level, batches, scope?.ExecutorId ?? "?") is { } block)
        {
            scope?.ReportBlock(block);
        }
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) =>
        new CacheExec(CacheId, Level, Schema, PartitionCount, children.Count == 0 ? null : children[0]);

    public override string Describe() => $"InMemoryTableScan cache={CacheId} {Level}{(Child is null ? " (cached)" : "")} [{string.Join(", ", Schema.Names)}]";

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Writer.Write((byte)UserCodeExecSerializer.Kind.Cache);
        writer.Write(CacheId);
        writer.Writer.Write((byte)Level);
        writer.Write(PartitionCount);
        writer.Write(Schema);
    }

    internal static CacheExec Read(PlanReader reader, ExecNode[] children)
    {
        var id = reader.ReadLong();
        var level = (CacheLevel)reader.Reader.ReadByte();
        var partitions = reader.ReadInt();
        return new CacheExec(id, level, reader.ReadSchema(), partitions, children.Length == 0 ? null : children[0]);
    }
}
