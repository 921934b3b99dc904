using Kiln.Common.Types;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Expressions;

/// <summary>
/// <c>value IN (query)</c> over the query's only column, with SQL semantics: TRUE when some row equals the value;
/// otherwise NULL when the value is NULL (and the query returns rows) or some row is NULL; otherwise FALSE.
/// </summary>
public sealed record InSubquery : SubqueryExpr
{
    public InSubquery(Expr value, LogicalPlan plan)
        : base(plan, ExprIds.Next())
    {
        Value = value;
    }

    public Expr Value { get; init; }

    public override DataType Type => DataType.Boolean;

    public override bool Nullable => true;

    public override IReadOnlyList<Expr> Children => [Value];

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Value = children[0] };

    public override string Label => $"subquery#{Id}";

    public override string ToString() => $"({Value} IN {Label})";
}
