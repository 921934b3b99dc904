using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary>An unresolved reference to a column by name, optionally qualified by a table or alias name.</summary>
public sealed record ColumnRef(string Name, string? Qualifier = null) : Expr
{
    public override DataType Type => throw new InvalidOperationException($"column '{this}' is not resolved");

    public override bool Nullable => true;

    public override IReadOnlyList<Expr> Children => None;

    public override bool Resolved => false;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this;

    public override string ToString() => Qualifier is null ? Name : $"{Qualifier}.{Name}";
}
