using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>
/// GROUP BY <see cref="Groupings"/>, producing <see cref="Aggregates"/>: named expressions over grouping
/// expressions and <see cref="AggregateExpr"/> calls (e.g. <c>sum(x) * 2 AS y</c>).
/// </summary>
public sealed record Aggregate(IReadOnlyList<Expr> Groupings, IReadOnlyList<Expr> Aggregates, LogicalPlan Child) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Aggregates.Select(e => ((INamedExpr)e).ToAttribute()).ToArray();

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override IReadOnlyList<Expr> Expressions => [.. Groupings, .. Aggregates];

    public override LogicalPlan MapExpressions(Func<Expr, Expr> rewrite) =>
        this with { Groupings = Groupings.Select(rewrite).ToArray(), Aggregates = Aggregates.Select(rewrite).ToArray() };

    public override string Describe() => $"Aggregate [{Comma(Groupings)}], [{Comma(Aggregates)}]";
}
