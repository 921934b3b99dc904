using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary>Names an expression's result: <c>expr AS name</c>.</summary>
public sealed record Alias(Expr Child, string Name, long Id) : Expr, INamedExpr
{
    public Alias(Expr child, string name)
        : this(child, name, ExprIds.Next())
    {
    }

    public override DataType Type => Child.Type;

    public override bool Nullable => Child.Nullable;

    public override IReadOnlyList<Expr> Children => [Child];

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Child = children[0] };

    public AttributeRef ToAttribute() => new(Name, Id, Child.Type, Child.Nullable);

    public override string ToString() => $"{Child} AS {Name}";
}
