using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary>A resolved column of some plan's output, identified by <see cref="Id"/>; the name is for display and lookup.</summary>
public sealed record AttributeRef(string Name, long Id, DataType DataType, bool IsNullable, string? Qualifier = null) : Expr, INamedExpr
{
    public override DataType Type => DataType;

    public override bool Nullable => IsNullable;

    public override IReadOnlyList<Expr> Children => None;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this;

    public AttributeRef ToAttribute() => this;

    public AttributeRef WithQualifier(string? qualifier) => this with { Qualifier = qualifier };

    public bool Equals(AttributeRef? other) => other is not null && other.Id == Id;

    public override int GetHashCode() => Id.GetHashCode();

    public override string ToString() => Name;
}
