using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Orders the inputs of a tree of inner and cross joins under a filter (SQL's comma-separated FROM list) so that
/// each input joins the ones before it on a condition whenever some input can, as Spark's ReorderJoin does: TPC-H
/// Q9 lists <c>part, supplier, lineitem</c>, and joining part with supplier first is a Cartesian product. Inputs keep
/// their written order otherwise, so a query whose order already connects every join is left unchanged; when the
/// order changes, a projection restores the original column order.
/// </summary>
public sealed class ReorderJoins : IOptimizerRule
{
    public string Name => "ReorderJoins";

    public LogicalPlan Apply(LogicalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.TransformDown(p => p is Filter { Child: Join { Type: JoinType.Inner or JoinType.Cross } } f ? Reorder(f) : p);
    }

    private static LogicalPlan Reorder(Filter filter)
    {
        var inputs = new List<LogicalPlan>();
        var conditions = Predicates.SplitConjuncts(filter.Condition).ToList();
        Flatten(filter.Child, inputs, conditions);
        if (inputs.Count < 3)
        {
            return filter;
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
            return filter;
        }

        var joined = conditions.Count > 0 ? new Filter(Predicates.Combine(conditions)!, current) : current;
        return new Project(filter.Output.Cast<Expr>().ToArray(), joined);
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
