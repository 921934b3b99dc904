using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary>A column bound to its ordinal in the operator's input batch; only physical plans hold these.</summary>
public sealed record BoundRef(int Ordinal, DataType DataType, bool IsNullable, string Name) : Expr
{
    public override DataType Type => DataType;

    public override bool Nullable => IsNullable;

    public override IReadOnlyList<Expr> Children => None;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this;

    public override string ToString() => $"{Name}@{Ordinal}";
}
