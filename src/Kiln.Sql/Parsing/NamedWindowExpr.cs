using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Sql.Parsing;

/// <summary>
/// <c>function OVER name</c> as parsed, before the SELECT's WINDOW clause defines <see cref="Name"/>; the parser
/// replaces it with a <see cref="Kiln.Plan.Windows.WindowExpr"/> at the end of the SELECT.
/// </summary>
internal sealed record NamedWindowExpr(Expr Function, string Name, Token NameToken) : Expr
{
    public override DataType Type => throw new InvalidOperationException($"window '{Name}' is not resolved");

    public override bool Nullable => true;

    public override bool Resolved => false;

    public override IReadOnlyList<Expr> Children => [Function];

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Function = children[0] };

    public override string ToString() => $"{Function} OVER {Name}";
}
