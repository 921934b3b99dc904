using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.Windows;

/// <summary>
/// <c>function OVER (spec)</c>: a <see cref="WindowFunctionExpr"/> or an <see cref="AggregateExpr"/> evaluated over a
/// window. Children are the function, then the PARTITION BY expressions, then the ORDER BY expressions, so the
/// resolver and rewrites reach all of them. The SQL planner and <c>DataFrame.Select</c> pull window expressions
/// out into a <see cref="Logical.Window"/> node below the projection that uses them.
/// </summary>
public sealed record WindowExpr(Expr Function, WindowSpec Spec) : Expr
{
    public override DataType Type => Function.Type;

    public override bool Nullable => Function.Nullable;

    public override IReadOnlyList<Expr> Children => [Function, .. Spec.PartitionBy, .. Spec.OrderBy.Select(o => o.Expr)];

    public override Expr WithChildren(IReadOnlyList<Expr> children)
    {
        var p = Spec.PartitionBy.Count;
        var partition = children.Skip(1).Take(p).ToArray();
        var order = Spec.OrderBy.Select((o, i) => o.WithExpr(children[1 + p + i])).ToArray();
        return this with { Function = children[0], Spec = Spec with { PartitionBy = partition, OrderBy = order } };
    }

    public override string ToString() => $"{Function} OVER ({Spec})";

    public bool Equals(WindowExpr? other) => other is not null && Function.Equals(other.Function) && Spec.Equals(other.Spec);

    public override int GetHashCode() => HashCode.Combine(Function, Spec);
}
