using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary>
/// <c>left op right</c>. Once resolved, both operands of arithmetic and comparisons have the same type
/// (the resolver inserts casts); <see cref="ResultType"/> is fixed by the resolver (decimal arithmetic widens).
/// </summary>
public sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, DataType? ResultType = null) : Expr
{
    public override DataType Type => ResultType ?? (IsPredicate(Op) ? DataType.Boolean : Left.Type);

    public override bool Nullable => Op == BinaryOp.NullSafeEqual ? false : Left.Nullable || Right.Nullable || Op is BinaryOp.Divide or BinaryOp.Modulo;

    public override IReadOnlyList<Expr> Children => [Left, Right];

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Left = children[0], Right = children[1] };

    public static bool IsPredicate(BinaryOp op) => op is >= BinaryOp.Equal;

    public static bool IsComparison(BinaryOp op) => op is >= BinaryOp.Equal and <= BinaryOp.NullSafeEqual;

    public static bool IsArithmetic(BinaryOp op) => op <= BinaryOp.Modulo;

    public static string Symbol(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        BinaryOp.Multiply => "*",
        BinaryOp.Divide => "/",
        BinaryOp.Modulo => "%",
        BinaryOp.Equal => "=",
        BinaryOp.NotEqual => "!=",
        BinaryOp.LessThan => "<",
        BinaryOp.LessThanOrEqual => "<=",
        BinaryOp.GreaterThan => ">",
        BinaryOp.GreaterThanOrEqual => ">=",
        BinaryOp.NullSafeEqual => "<=>",
        BinaryOp.And => "AND",
        BinaryOp.Or => "OR",
        _ => op.ToString(),
    };

    public override string ToString() => $"({Left} {Symbol(Op)} {Right})";
}
