using Kiln.Common.Errors;
using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary>
/// An expression tree node. The same immutable tree serves the logical plan (columns referenced as
/// <see cref="AttributeRef"/> by id) and the physical plan (columns bound to input ordinals as
/// <see cref="BoundRef"/>); <see cref="ColumnRef"/> is the unresolved form a user or parser writes.
/// </summary>
/// <remarks>
/// Lifecycle: built unresolved by the API or SQL parser → resolved and type-checked by
/// <see cref="Analysis.ExpressionResolver"/> (casts inserted, types fixed) → optimized → bound to ordinals by
/// the physical planner → serialized into task plan fragments. <see cref="Type"/> may only be read once resolved.
/// <para>
/// <see cref="Position"/> records where the SQL parser found the expression; rewrites made with <c>with</c> keep it,
/// so analysis errors can point at the token. It takes no part in equality.
/// </para>
/// </remarks>
public abstract record Expr
{
    /// <summary>Where the expression starts in the SQL text it was parsed from, if any.</summary>
    public SourcePosition? Position { get; init; }

    /// <summary>The result type. Throws for unresolved expressions.</summary>
    public abstract DataType Type { get; }

    /// <summary>Whether the result can be NULL.</summary>
    public abstract bool Nullable { get; }

    public abstract IReadOnlyList<Expr> Children { get; }

    /// <summary>This node with its children replaced (same count, same order).</summary>
    public abstract Expr WithChildren(IReadOnlyList<Expr> children);

    /// <summary>Whether this node and every child is resolved.</summary>
    public virtual bool Resolved => Children.All(c => c.Resolved);

    /// <summary>SQL-like text used in plans and error messages.</summary>
    public abstract override string ToString();

    /// <summary>Rewrites the tree bottom-up: children first, then <paramref name="rule"/> on the rebuilt node.</summary>
    public Expr Transform(Func<Expr, Expr> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var children = Children;
        if (children.Count == 0)
        {
            return rule(this);
        }

        var changed = false;
        var rewritten = new Expr[children.Count];
        for (var i = 0; i < children.Count; i++)
        {
            rewritten[i] = children[i].Transform(rule);
            changed |= !ReferenceEquals(rewritten[i], children[i]);
        }

        return rule(changed ? WithChildren(rewritten) : this);
    }

    /// <summary>Every node of the tree, this one first.</summary>
    public IEnumerable<Expr> Descendants()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var d in child.Descendants())
            {
                yield return d;
            }
        }
    }

    /// <summary>The attributes this expression reads.</summary>
    public IEnumerable<AttributeRef> References() => Descendants().OfType<AttributeRef>();

    /// <summary>False for nodes that must run per row even on constant input (user code), so they are never folded.</summary>
    public virtual bool IsDeterministic => true;

    /// <summary>Whether the tree is made of literals and deterministic operators only (no column, no aggregate, no subquery, no user code).</summary>
    public bool IsConstant => Descendants().All(e => e.IsDeterministic && e is not (ColumnRef or AttributeRef or BoundRef or AggregateExpr or SubqueryExpr or OuterRef));

    /// <summary>Structural equality of the node type and (in derived records) its fields; <see cref="Position"/> is ignored.</summary>
    public virtual bool Equals(Expr? other) => other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();

    protected static IReadOnlyList<Expr> None { get; } = [];
}
