using Kiln.Plan.Expressions;

namespace Kiln.Execution.Physical;

/// <summary>How an exchange distributes rows over its output partitions.</summary>
public abstract record Partitioning(int PartitionCount);

/// <summary>Rows with equal key values land in the same partition: hash of the keys modulo the count.</summary>
public sealed record HashPartitioning(IReadOnlyList<Expr> Keys, int Count) : Partitioning(Count)
{
    public override string ToString() => $"hashpartitioning({string.Join(", ", Keys)}, {Count})";
}

/// <summary>Everything in one partition.</summary>
public sealed record SinglePartitioning() : Partitioning(1)
{
    public override string ToString() => "singlepartition";
}

/// <summary>
/// Sorted key ranges: partition i holds keys after bound i-1 up to bound i. <see cref="Bounds"/> holds the
/// Count-1 upper bounds as rows of the sort-key columns, computed from a sample before the map stage runs;
/// null until then.
/// </summary>
public sealed record RangePartitioning(IReadOnlyList<SortOrder> Order, int Count, Kiln.Common.Batches.RecordBatch? Bounds = null) : Partitioning(Count)
{
    public override string ToString() => $"rangepartitioning({string.Join(", ", Order)}, {Count})";
}
