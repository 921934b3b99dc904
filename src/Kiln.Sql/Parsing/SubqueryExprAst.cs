using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Sql.Parsing;

/// <summary>
/// A subquery inside an expression while parsing: <c>(SELECT ...)</c>, <c>EXISTS (...)</c> or <c>value IN (...)</c>.
/// The planner plans <see cref="Query"/> with the enclosing query's columns in scope and replaces this node by a
/// <see cref="ScalarSubquery"/>, <see cref="ExistsSubquery"/> or <see cref="InSubquery"/>.
/// </summary>
internal sealed record SubqueryExprAst(SubqueryKind Kind, QueryAst Query, Expr? Value) : Expr
{
    public override DataType Type => throw new InvalidOperationException("a subquery is not planned yet");

    public override bool Nullable => true;

    public override IReadOnlyList<Expr> Children => Value is null ? None : [Value];

    public override bool Resolved => false;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Value = children.Count == 0 ? null : children[0] };

    public override string ToString() => Kind switch
    {
        SubqueryKind.Scalar => "scalarsubquery()",
        SubqueryKind.Exists => "EXISTS (subquery)",
        _ => $"{Value} IN (subquery)",
    };
}
