using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary><c>value [NOT] LIKE pattern</c>: <c>%</c> any run, <c>_</c> one character, <c>\</c> escapes.</summary>
public sealed record LikeExpr(Expr Value, Expr Pattern, bool Negated = false) : Expr
{
    public override DataType Type => DataType.Boolean;

    public override bool Nullable => Value.Nullable || Pattern.Nullable;

    public override IReadOnlyList<Expr> Children => [Value, Pattern];

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Value = children[0], Pattern = children[1] };

    public override string ToString() => $"({Value} {(Negated ? "NOT LIKE" : "LIKE")} {Pattern})";
}
