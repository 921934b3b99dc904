using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>A total order over all rows (ORDER BY).</summary>
public sealed record Sort(IReadOnlyList<SortOrder> Order, LogicalPlan Child) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Child.Output;

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override IReadOnlyList<Expr> Expressions => Order.Select(o => o.Expr).ToArray();

    public override LogicalPlan MapExpressions(Func<Expr, Expr> rewrite) => this with { Order = Order.Select(o => o.WithExpr(rewrite(o.Expr))).ToArray() };

    public override string Describe() => $"Sort [{Comma(Order)}]";
}
