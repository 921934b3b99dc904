using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Orders the inputs of a tree of inner and cross joins (with the filter above it, as SQL's comma-separated FROM
/// list gives) so that each input joins the ones before it on a condition whenever some input can, as Spark's
/// ReorderJoin does: TPC-H Q9 lists <c>part, supplier, lineitem</c>, and joining part with supplier first is a
/// Cartesian product. Inputs keep their written order otherwise, so a tree whose order already connects every join
/// is left unchanged; when the order changes, a projection restores the original column order. Trees without a
/// filter above are reordered too, because other rewrites (subqueries to joins) may have moved the filter away.
/// </summary>
public sealed class ReorderJoins : IOptimizerRule
{
    public string Name => "ReorderJoins";

    public LogicalPlan Apply(LogicalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.TransformDown(p => p switch
        {
            Filter { Child: Join { Type: JoinType.Inner or JoinType.Cross } join } f => Reorder(f, join, Predicates.SplitConjuncts(f.Condition).ToList()),
            Join { Type: JoinType.Inner or JoinType.Cross } join => Reorder(join, join, []),
            _ => p,
        });
    }

    /// <summary>Reorders <paramref name="join"/>'s inputs; <paramref name="top"/> is the node replaced (the join or its filter).</summary>
    private static LogicalPlan Reorder(LogicalPlan top, Join join, List<Expr> conditions)
    {
        var inputs = new List<LogicalPlan>();
        Flatten(join, inputs, conditions);
        if (inputs.Count < 3)
        {
            return top;
        }

        var current = inputs[0];
        var rest = inputs.Skip(1).ToList();
        var reordered = false;
        while (rest.Count > 0)
        {
            var pick = rest.FindIndex(r => conditions.Any(c => Connects(c, current, r)));
            reordered |= pick > 0;
            var right = rest[Math.Max(pick, 0)];
            rest.Remove(right);
            var on = conditions.Where(c => Connects(c, current, right)).ToList();
            conditions.RemoveAll(on.Contains);
            current = new Join(current, right, on.Count > 0 ? JoinType.Inner : JoinType.Cross, Predicates.Combine(on));
        }

        if (!reordered)
        {
            return top;
        }

        var joined = conditions.Count > 0 ? new Filter(Predicates.Combine(conditions)!, current) : current;
        return new Project(top.Output.Cast<Expr>().ToArray(), joined);
    }

    /// <summary>Collects the inputs of nested inner and cross joins, left to right, and their conditions.</summary>
    private static void Flatten(LogicalPlan plan, List<LogicalPlan> inputs, List<Expr> conditions)
    {
        if (plan is Join { Type: JoinType.Inner or JoinType.Cross } join)
        {
            Flatten(join.Left, inputs, conditions);
            Flatten(join.Right, inputs, conditions);
            if (join.Condition is not null)
            {
                conditions.AddRange(Predicates.SplitConjuncts(join.Condition));
            }
        }
        else
        {
            inputs.Add(plan);
        }
    }

    /// <summary>Whether a condition reads both sides and nothing else, so it can join them.</summary>
    private static bool Connects(Expr condition, LogicalPlan left, LogicalPlan right) =>
        Predicates.ReadsOnly(condition, [.. left.Output, .. right.Output])
        && !Predicates.ReadsOnly(condition, left.Output)
        && !Predicates.ReadsOnly(condition, right.Output);
}
