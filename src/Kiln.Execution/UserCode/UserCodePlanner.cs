using Kiln.Execution.Operators;
using Kiln.Execution.Physical;
using Kiln.Execution.Planning;
using Kiln.Execution.Sort;
using Kiln.Plan.Expressions;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Plans the user-code logical nodes: typed operators run in place over their child; key groups become a hash
/// exchange on the key columns, a sort by them and <see cref="MapGroupsExec"/>; a cached relation becomes a
/// <see cref="CacheExec"/> over its lineage, or a pure cache read when every block has a known location and the
/// lineage would need a shuffle.
/// </summary>
public static class UserCodePlanner
{
    public static ExecNode Plan(PhysicalPlanner planner, UserCodeNode node)
    {
        ArgumentNullException.ThrowIfNull(planner);
        return node switch
        {
            ObjectOperator o => new ObjectOperatorExec(o.Kind, o.Description, o.Spec, ExprBinder.SchemaOf(o.Output), planner.Plan(o.Child)),
            GroupMapObjects g => PlanGroups(planner, g),
            CachedRelation c => PlanCache(planner, c),
            _ => throw new NotSupportedException($"no physical plan for {node.Describe()}"),
        };
    }

    private static ExecNode PlanGroups(PhysicalPlanner planner, GroupMapObjects g)
    {
        var child = planner.Plan(g.Child);
        var schema = child.Schema;
        var keys = Enumerable.Range(schema.Count - g.KeyCount, g.KeyCount).ToArray();
        var partitioning = new HashPartitioning(keys.Select(k => (Expr)new BoundRef(k, schema[k].Type, schema[k].Nullable, schema[k].Name)).ToArray(), planner.ShufflePartitions);
        var sorted = new SortExec(keys.Select(k => new SortKeySpec(k, true, true)).ToArray(), null, new ShuffleExchangeExec(partitioning, child));
        return new MapGroupsExec(g.Kind, g.Description, g.Spec, g.KeyCount, ExprBinder.SchemaOf(g.Output), sorted);
    }

    private static ExecNode PlanCache(PhysicalPlanner planner, CachedRelation c)
    {
        var lineage = planner.Plan(c.Original);
        var schema = ExprBinder.SchemaOf(c.Output);
        var needsShuffle = lineage.Descendants().Any(n => n is ShuffleExchangeExec);
        return new CacheExec(c.CacheId, c.Level, schema, lineage.PartitionCount, c.Materialized && needsShuffle ? null : lineage);
    }
}
