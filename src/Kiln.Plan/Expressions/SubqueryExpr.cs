using Kiln.Plan.Logical;

namespace Kiln.Plan.Expressions;

/// <summary>
/// A query used inside an expression: <see cref="ScalarSubquery"/>, <see cref="ExistsSubquery"/> or
/// <see cref="InSubquery"/> (NOT EXISTS and NOT IN are these under NOT). <see cref="Plan"/> is resolved; where it
/// reads columns of an enclosing query (a correlated subquery) they appear in it as <see cref="OuterRef"/>s.
/// </summary>
/// <remarks>
/// Subquery expressions only live in logical plans: the optimizer's first rule (<c>RewriteSubqueries</c>) turns
/// them into joins, so the physical planner and the evaluator never see one. The plan is not a child expression:
/// expression rewrites do not enter it. Two subquery expressions are equal when they have the same
/// <see cref="Id"/> and the same plan.
/// </remarks>
public abstract record SubqueryExpr : Expr
{
    protected SubqueryExpr(LogicalPlan plan, long id)
    {
        Plan = plan;
        Id = id;
    }

    public LogicalPlan Plan { get; init; }

    /// <summary>Identifies the subquery in plan text (<c>scalar-subquery#12</c>).</summary>
    public long Id { get; init; }

    /// <summary>
    /// The columns of enclosing queries that the plan, or a subquery nested in it, reads, each once, with
    /// <see cref="OuterRef.Depth"/> counted from this subquery (1: the query immediately around it).
    /// </summary>
    public IReadOnlyList<OuterRef> OuterReferences
    {
        get
        {
            var found = new List<OuterRef>();
            Collect(Plan, 0, found);
            return found.DistinctBy(o => (o.Attribute.Id, o.Depth)).ToArray();
        }
    }

    /// <summary>How plan text names this subquery, e.g. <c>exists#12</c>.</summary>
    public abstract string Label { get; }

    /// <summary>Whether the plan reads columns of an enclosing query.</summary>
    public bool IsCorrelated => OuterReferences.Count > 0;

    public virtual bool Equals(SubqueryExpr? other) =>
        other is not null && base.Equals(other) && Id == other.Id && Plan == other.Plan;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Id);

    /// <summary>Outer references of <paramref name="plan"/>, nested <paramref name="level"/> subqueries below this one, that point above this one.</summary>
    private static void Collect(LogicalPlan plan, int level, List<OuterRef> found)
    {
        foreach (var e in plan.Descendants().SelectMany(n => n.Expressions).SelectMany(x => x.Descendants()))
        {
            switch (e)
            {
                case OuterRef o when o.Depth > level:
                    found.Add(o with { Depth = o.Depth - level });
                    break;
                case SubqueryExpr s:
                    Collect(s.Plan, level + 1, found);
                    break;
            }
        }
    }
}
