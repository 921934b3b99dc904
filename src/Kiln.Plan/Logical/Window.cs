using Kiln.Plan.Expressions;
using Kiln.Plan.Windows;

namespace Kiln.Plan.Logical;

/// <summary>
/// Computes window expressions that share one PARTITION BY and ORDER BY (<see cref="Spec"/>; frames may differ per
/// expression) and appends them to the child's columns. <see cref="WindowExpressions"/> are aliases of
/// <see cref="WindowExpr"/>s. Expressions with different partitioning or order become stacked Window nodes.
/// </summary>
public sealed record Window(IReadOnlyList<Expr> WindowExpressions, WindowSpec Spec, LogicalPlan Child) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => [.. Child.Output, .. WindowExpressions.Select(e => ((INamedExpr)e).ToAttribute())];

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override IReadOnlyList<Expr> Expressions => WindowExpressions;

    public override LogicalPlan MapExpressions(Func<Expr, Expr> rewrite)
    {
        var rewritten = WindowExpressions.Select(rewrite).ToArray();
        var spec = rewritten.Length > 0 && Unalias(rewritten[0]) is WindowExpr w ? Spec with { PartitionBy = w.Spec.PartitionBy, OrderBy = w.Spec.OrderBy } : Spec;
        return this with { WindowExpressions = rewritten, Spec = spec };
    }

    public override string Describe() => $"Window [{Comma(WindowExpressions)}], [{Spec with { Frame = null }}]";

    private static Expr Unalias(Expr e) => e is Alias a ? a.Child : e;
}
