using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>Joins two inputs on an optional condition. Semi and anti joins output only the left columns; outer joins make the other side nullable.</summary>
public sealed record Join(LogicalPlan Left, LogicalPlan Right, JoinType Type, Expr? Condition) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Type switch
    {
        JoinType.LeftSemi or JoinType.LeftAnti => Left.Output,
        JoinType.LeftOuter => [.. Left.Output, .. Nullable(Right.Output)],
        JoinType.RightOuter => [.. Nullable(Left.Output), .. Right.Output],
        JoinType.FullOuter => [.. Nullable(Left.Output), .. Nullable(Right.Output)],
        _ => [.. Left.Output, .. Right.Output],
    };

    public override IReadOnlyList<LogicalPlan> Children => [Left, Right];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Left = children[0], Right = children[1] };

    public override IReadOnlyList<Expr> Expressions => Condition is null ? [] : [Condition];

    public override LogicalPlan MapExpressions(Func<Expr, Expr> rewrite) => Condition is null ? this : this with { Condition = rewrite(Condition) };

    public override string Describe() => $"Join {Type}" + (Condition is null ? "" : $", {Condition}");

    private static IEnumerable<AttributeRef> Nullable(IEnumerable<AttributeRef> attributes) => attributes.Select(a => a with { IsNullable = true });
}
