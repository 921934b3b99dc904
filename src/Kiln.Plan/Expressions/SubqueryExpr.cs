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

    /// <summary>The attributes of enclosing queries that the plan (or a subquery nested in it) reads, each once.</summary>
    public IReadOnlyList<AttributeRef> OuterReferences
    {
        get
        {
            var produced = new HashSet<long>();
            var found = new List<AttributeRef>();
            Collect(Plan, produced, found);
            return found.Where(a => !produced.Contains(a.Id)).DistinctBy(a => a.Id).ToArray();
        }
    }

    /// <summary>Whether the plan reads columns of an enclosing query.</summary>
    public bool IsCorrelated => OuterReferences.Count > 0;

    public virtual bool Equals(SubqueryExpr? other) =>
        other is not null && base.Equals(other) && Id == other.Id && Plan == other.Plan;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Id);

    private static void Collect(LogicalPlan plan, HashSet<long> produced, List<AttributeRef> found)
    {
        foreach (var a in plan.Output)
        {
            produced.Add(a.Id);
        }

        foreach (var e in plan.Expressions.SelectMany(x => x.Descendants()))
        {
            switch (e)
            {
                case OuterRef o:
                    found.Add(o.Attribute);
                    break;
                case SubqueryExpr s:
                    Collect(s.Plan, produced, found);
                    break;
                case Alias a:
                    produced.Add(a.Id);
                    break;
            }
        }

        foreach (var child in plan.Children)
        {
            Collect(child, produced, found);
        }
    }
}
