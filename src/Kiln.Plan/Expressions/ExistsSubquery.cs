using Kiln.Common.Types;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Expressions;

/// <summary><c>EXISTS (query)</c>: TRUE when the query returns at least one row, otherwise FALSE (never NULL).</summary>
public sealed record ExistsSubquery : SubqueryExpr
{
    public ExistsSubquery(LogicalPlan plan)
        : base(plan, ExprIds.Next())
    {
    }

    public override DataType Type => DataType.Boolean;

    public override bool Nullable => false;

    public override IReadOnlyList<Expr> Children => None;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this;

    public override string Label => $"exists#{Id}";

    public override string ToString() => Label;
}
