using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary>NOT, unary minus, IS NULL and IS NOT NULL.</summary>
public sealed record UnaryExpr(UnaryOp Op, Expr Child) : Expr
{
    public override DataType Type => Op == UnaryOp.Negate ? Child.Type : DataType.Boolean;

    public override bool Nullable => Op is UnaryOp.Not or UnaryOp.Negate && Child.Nullable;

    public override IReadOnlyList<Expr> Children => [Child];

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Child = children[0] };

    public override string ToString() => Op switch
    {
        UnaryOp.Not => $"(NOT {Child})",
        UnaryOp.Negate => $"(- {Child})",
        UnaryOp.IsNull => $"({Child} IS NULL)",
        _ => $"({Child} IS NOT NULL)",
    };
}
