using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary>
/// Inside a subquery's plan, a column of an enclosing query (a correlation): <see cref="Depth"/> 1 for the query
/// immediately around the subquery, 2 for the one around that, and so on. It is not an input of the node that
/// holds it, so <see cref="Expr.References"/> does not report it; decorrelation turns it back into
/// <see cref="Attribute"/> once the subquery has become a join.
/// </summary>
public sealed record OuterRef(AttributeRef Attribute, int Depth = 1) : Expr
{
    public override DataType Type => Attribute.Type;

    public override bool Nullable => Attribute.Nullable;

    public override IReadOnlyList<Expr> Children => None;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this;

    public override string ToString() => Depth == 1 ? $"outer({Attribute})" : $"outer{Depth}({Attribute})";
}
