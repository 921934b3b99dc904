using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>
/// Joins two inputs on an optional condition. Semi and anti joins output only the left columns; outer joins make the
/// other side nullable; an existence join outputs the left columns and <see cref="Mark"/>.
/// </summary>
public sealed record Join(LogicalPlan Left, LogicalPlan Right, JoinType Type, Expr? Condition) : LogicalPlan
{
    /// <summary>The boolean column an <see cref="JoinType.Existence"/> join adds (TRUE when some right row matched); null for other joins.</summary>
    public AttributeRef? Mark { get; init; }

    public override IReadOnlyList<AttributeRef> Output => Type switch
    {
        JoinType.LeftSemi or JoinType.LeftAnti => Left.Output,
        JoinType.Existence => [.. Left.Output, Mark ?? throw new InvalidOperationException("an existence join needs its mark column")],
        JoinType.LeftOuter => [.. Left.Output, .. Nullable(Right.Output)],
        JoinType.RightOuter => [.. Nullable(Left.Output), .. Right.Output],
        JoinType.FullOuter => [.. Nullable(Left.Output), .. Nullable(Right.Output)],
        _ => [.. Left.Output, .. Right.Output],
    };

    public override IReadOnlyList<LogicalPlan> Children => [Left, Right];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Left = children[0], Right = children[1] };

    public override IReadOnlyList<Expr> Expressions => Condition is null ? [] : [Condition];

    public override LogicalPlan MapExpressions(Func<Expr, Expr> rewrite) => Condition is null ? this : this with { Condition = rewrite(Condition) };

    public override string Describe() => $"Join {Type}" + (Mark is null ? "" : $" [{Mark}]") + (Condition is null ? "" : $", {Condition}");

    private static IEnumerable<AttributeRef> Nullable(IEnumerable<AttributeRef> attributes) => attributes.Select(a => a with { IsNullable = true });
}
