using Kiln.Common.Types;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Expressions;

/// <summary>
/// <c>(SELECT one column ...)</c> used as a value: NULL when the query returns no row, an error at run time when it
/// returns more than one.
/// </summary>
public sealed record ScalarSubquery : SubqueryExpr
{
    public ScalarSubquery(LogicalPlan plan)
        : base(plan, ExprIds.Next())
    {
    }

    public override DataType Type => Plan.Output[0].Type;

    public override bool Nullable => true;

    public override IReadOnlyList<Expr> Children => None;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this;

    public override string Label => $"scalar-subquery#{Id}";

    public override string ToString() => Label;
}
