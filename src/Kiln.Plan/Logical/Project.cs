using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>Computes a list of named expressions (attributes passed through or aliases) per row.</summary>
public sealed record Project(IReadOnlyList<Expr> Projections, LogicalPlan Child) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Projections.Select(e => ((INamedExpr)e).ToAttribute()).ToArray();

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override IReadOnlyList<Expr> Expressions => Projections;

    public override LogicalPlan MapExpressions(Func<Expr, Expr> rewrite) => this with { Projections = Projections.Select(rewrite).ToArray() };

    public override string Describe() => $"Project [{Comma(Projections)}]";
}
