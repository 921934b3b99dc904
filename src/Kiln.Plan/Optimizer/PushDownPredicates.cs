using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Moves filters as close to the data as their meaning allows: merges adjacent filters, pushes through
/// projections (rewriting aliases), sorts, aliases and unions, pushes grouping-only predicates below
/// aggregates, splits predicates over joins by side (respecting outer-join semantics, also for ON conditions),
/// and finally hands them to the scan, which applies them as each batch is decoded.
/// </summary>
public sealed class PushDownPredicates : IOptimizerRule
{
    public string Name => "PushDownPredicates";

    public LogicalPlan Apply(LogicalPlan plan) => plan.TransformDown(p => p switch
    {
        Filter f => Push(f),
        Join j => PushJoinCondition(j),
        _ => p,
    });

    private static LogicalPlan Push(Filter f) => f.Child switch
    {
        Filter inner => Push(new Filter(new BinaryExpr(BinaryOp.And, inner.Condition, f.Condition), inner.Child)),
        Project p when p.Projections.All(Predicates.IsDeterministic) => p with { Child = Push(new Filter(Predicates.Substitute(f.Condition, p.Projections), p.Child)) },
        Sort s => s with { Child = Push(new Filter(f.Condition, s.Child)) },
        SubqueryAlias a => a with { Child = Push(new Filter(f.Condition, a.Child)) },
        Union u => u with { Inputs = u.Inputs.Select(i => (LogicalPlan)Push(new Filter(Rebind(f.Condition, u.Attributes, i.Output), i))).ToArray() },
        Aggregate a => PushThroughAggregate(f, a),
        Join j => PushThroughJoin(f, j),
        Scan s => s with { Filters = [.. s.Filters, .. Predicates.SplitConjuncts(f.Condition)] },
        _ => f,
    };

    private static Expr Rebind(Expr condition, IReadOnlyList<AttributeRef> from, IReadOnlyList<AttributeRef> to)
    {
        var map = from.Select((a, i) => (a.Id, To: to[i])).ToDictionary(x => x.Id, x => x.To);
        return condition.Transform(e => e is AttributeRef a && map.TryGetValue(a.Id, out var target) ? target : e);
    }

    private static LogicalPlan PushThroughAggregate(Filter f, Aggregate a)
    {
        var groupingAttrs = a.Aggregates
            .Where(e => e is AttributeRef || (e is Alias al && a.Groupings.Contains(al.Child)))
            .ToArray();
        var pushable = new List<Expr>();
        var kept = new List<Expr>();
        foreach (var c in Predicates.SplitConjuncts(f.Condition))
        {
            var substituted = Predicates.Substitute(c, groupingAttrs);
            var onGroupsOnly = substituted.References().All(r => a.Groupings.Any(g => g is AttributeRef ga && ga.Id == r.Id))
                && !substituted.Descendants().OfType<AggregateExpr>().Any()
                && c.References().All(r => groupingAttrs.Any(g => ((INamedExpr)g).Id == r.Id));
            (onGroupsOnly ? pushable : kept).Add(onGroupsOnly ? substituted : c);
        }

        if (pushable.Count == 0)
        {
            return f;
        }

        LogicalPlan result = a with { Child = Push(new Filter(Predicates.Combine(pushable)!, a.Child)) };
        return kept.Count == 0 ? result : new Filter(Predicates.Combine(kept)!, result);
    }

    private static LogicalPlan PushThroughJoin(Filter f, Join j)
    {
        var toLeft = new List<Expr>();
        var toRight = new List<Expr>();
        var toCondition = new List<Expr>();
        var kept = new List<Expr>();
        foreach (var c in Predicates.SplitConjuncts(f.Condition))
        {
            var left = Predicates.ReadsOnly(c, j.Left.Output);
            var right = Predicates.ReadsOnly(c, j.Right.Output);
            switch (j.Type)
            {
                case JoinType.Inner or JoinType.Cross:
                    (left ? toLeft : right ? toRight : toCondition).Add(c);
                    break;
                case JoinType.LeftOuter or JoinType.LeftSemi or JoinType.LeftAnti or JoinType.Existence when left:
                    toLeft.Add(c);
                    break;
                case JoinType.RightOuter when right:
                    toRight.Add(c);
                    break;
                default:
                    kept.Add(c);
                    break;
            }
        }

        var newLeft = toLeft.Count == 0 ? j.Left : Push(new Filter(Predicates.Combine(toLeft)!, j.Left));
        var newRight = toRight.Count == 0 ? j.Right : Push(new Filter(Predicates.Combine(toRight)!, j.Right));
        var condition = Predicates.Combine(j.Condition is null ? toCondition : [j.Condition, .. toCondition]);
        var type = j.Type == JoinType.Cross && condition is not null ? JoinType.Inner : j.Type;
        LogicalPlan join = PushJoinCondition(j with { Left = newLeft, Right = newRight, Type = type, Condition = condition });
        return kept.Count == 0 ? join : new Filter(Predicates.Combine(kept)!, join);
    }

    private static Join PushJoinCondition(Join j)
    {
        if (j.Condition is null)
        {
            return j;
        }

        var toLeft = new List<Expr>();
        var toRight = new List<Expr>();
        var kept = new List<Expr>();
        foreach (var c in Predicates.SplitConjuncts(j.Condition))
        {
            var left = Predicates.ReadsOnly(c, j.Left.Output) && c.References().Any();
            var right = Predicates.ReadsOnly(c, j.Right.Output) && c.References().Any();
            if (left && j.Type is JoinType.Inner or JoinType.LeftSemi or JoinType.RightOuter)
            {
                toLeft.Add(c);
            }
            else if (right && j.Type is JoinType.Inner or JoinType.LeftOuter or JoinType.LeftSemi or JoinType.LeftAnti or JoinType.Existence)
            {
                toRight.Add(c);
            }
            else
            {
                kept.Add(c);
            }
        }

        if (toLeft.Count == 0 && toRight.Count == 0)
        {
            return j;
        }

        return j with
        {
            Left = toLeft.Count == 0 ? j.Left : Push(new Filter(Predicates.Combine(toLeft)!, j.Left)),
            Right = toRight.Count == 0 ? j.Right : Push(new Filter(Predicates.Combine(toRight)!, j.Right)),
            Condition = Predicates.Combine(kept),
        };
    }
}
