using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary><c>value [NOT] IN (list)</c> with SQL semantics: NULL when no match and the value or a list item is NULL.</summary>
public sealed record InExpr(Expr Value, IReadOnlyList<Expr> List, bool Negated = false) : Expr
{
    public override DataType Type => DataType.Boolean;

    public override bool Nullable => Value.Nullable || List.Any(l => l.Nullable);

    public override IReadOnlyList<Expr> Children => [Value, .. List];

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Value = children[0], List = children.Skip(1).ToArray() };

    public override string ToString() => $"({Value} {(Negated ? "NOT IN" : "IN")} ({string.Join(", ", List)}))";

    public bool Equals(InExpr? other) => other is not null && Negated == other.Negated && Value.Equals(other.Value) && List.SequenceEqual(other.List);

    public override int GetHashCode() => HashCode.Combine(Value, List.Count, Negated);
}
