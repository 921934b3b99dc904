using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary><c>CAST(child AS type)</c>. Invalid values (a string that is not a number, an overflow) become NULL, as in Spark's default (non-ANSI) mode.</summary>
public sealed record CastExpr(Expr Child, DataType To) : Expr
{
    public override DataType Type => To;

    public override bool Nullable => true;

    public override IReadOnlyList<Expr> Children => [Child];

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Child = children[0] };

    public override string ToString() => $"CAST({Child} AS {To})";
}
