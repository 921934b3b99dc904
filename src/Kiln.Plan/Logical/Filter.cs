using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>Keeps the rows for which the condition is TRUE (not FALSE, not NULL).</summary>
public sealed record Filter(Expr Condition, LogicalPlan Child) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Child.Output;

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override IReadOnlyList<Expr> Expressions => [Condition];

    public override LogicalPlan MapExpressions(Func<Expr, Expr> rewrite) => this with { Condition = rewrite(Condition) };

    public override string Describe() => $"Filter {Condition}";
}
