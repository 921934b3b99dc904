using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.UserCode;

/// <summary>
/// A cached plan, substituted for it before optimization. Executors read its partitions from their block store;
/// a missing partition is recomputed from <paramref name="Original"/> (already optimized) and stored. It has no
/// children, so the optimizer leaves the cached plan as it is.
/// </summary>
/// <param name="Attributes">The cached plan's output as its users reference it (before optimization).</param>
/// <param name="Materialized">Whether the driver knows a location for every partition (parent stages need not run).</param>
/// <param name="PartitionCount">The partitions of <paramref name="Original"/>'s physical plan.</param>
public sealed record CachedRelation(long CacheId, CacheLevel Level, IReadOnlyList<AttributeRef> Attributes, LogicalPlan Original, bool Materialized, int PartitionCount) : UserCodeNode
{
    public override IReadOnlyList<AttributeRef> Output => Attributes;

    public override IReadOnlyList<LogicalPlan> Children => NoChildren;

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this;

    public override string Describe() => $"InMemoryRelation cache={CacheId} {Level} partitions={PartitionCount}{(Materialized ? "" : " (not yet materialized)")} [{Comma(Output)}]";
}
