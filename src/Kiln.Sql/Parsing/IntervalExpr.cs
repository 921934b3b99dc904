using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Sql.Parsing;

/// <summary>
/// <c>INTERVAL 'n' DAY|MONTH|YEAR</c> while parsing. It only exists as an operand of <c>+</c>/<c>-</c> with a date,
/// which the parser rewrites (date_add, or a folded literal); any other use is a parse error.
/// </summary>
internal sealed record IntervalExpr(int Amount, string Unit, Token Start) : Expr
{
    public override DataType Type => throw new InvalidOperationException("an interval has no column type");

    public override bool Nullable => false;

    public override IReadOnlyList<Expr> Children => None;

    public override bool Resolved => false;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this;

    public override string ToString() => $"INTERVAL '{Amount}' {Unit}";
}
