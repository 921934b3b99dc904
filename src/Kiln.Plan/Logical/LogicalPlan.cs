using Kiln.Common.Text;
using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>
/// A node of the logical plan: what to compute, not how. Nodes are immutable and always resolved: the
/// DataFrame API and the SQL front end resolve each node as it is built, so errors surface at build time.
/// The optimizer rewrites trees; the physical planner turns them into operators and exchanges.
/// </summary>
public abstract record LogicalPlan
{
    /// <summary>The columns this node produces, in order.</summary>
    public abstract IReadOnlyList<AttributeRef> Output { get; }

    public abstract IReadOnlyList<LogicalPlan> Children { get; }

    public abstract LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children);

    /// <summary>The expressions this node evaluates (projections, conditions, keys), without its children's.</summary>
    public virtual IReadOnlyList<Expr> Expressions => [];

    /// <summary>This node with <paramref name="rewrite"/> applied to each of its <see cref="Expressions"/>.</summary>
    public virtual LogicalPlan MapExpressions(Func<Expr, Expr> rewrite) => this;

    /// <summary>Every node of the tree, this one first.</summary>
    public IEnumerable<LogicalPlan> Descendants()
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

    /// <summary>One line describing this node, without its children.</summary>
    public abstract string Describe();

    public Schema Schema => new(Output.Select(a => new Field(a.Name, a.Type, a.Nullable)));

    /// <summary>Rewrites bottom-up: children first, then <paramref name="rule"/> on the rebuilt node.</summary>
    public LogicalPlan TransformUp(Func<LogicalPlan, LogicalPlan> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var children = Children;
        if (children.Count == 0)
        {
            return rule(this);
        }

        var rewritten = children.Select(c => c.TransformUp(rule)).ToArray();
        var changed = rewritten.Where((c, i) => !ReferenceEquals(c, children[i])).Any();
        return rule(changed ? WithChildren(rewritten) : this);
    }

    /// <summary>Rewrites top-down: <paramref name="rule"/> on this node, then on the children of its result.</summary>
    public LogicalPlan TransformDown(Func<LogicalPlan, LogicalPlan> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var node = rule(this);
        var children = node.Children;
        if (children.Count == 0)
        {
            return node;
        }

        var rewritten = children.Select(c => c.TransformDown(rule)).ToArray();
        return rewritten.Where((c, i) => !ReferenceEquals(c, children[i])).Any() ? node.WithChildren(rewritten) : node;
    }

    /// <summary>The indented tree, as printed by explain(); the plan of a subquery expression appears under a
    /// <c>Subquery</c> line before the children of the node that holds it.</summary>
    public string TreeString() => TreeText.Render<object>(this, DescribeNode, ChildrenOf);

    private static string DescribeNode(object node) => node switch
    {
        LogicalPlan p => p.Describe(),
        SubqueryExpr s => $"Subquery {s.Label}",
        _ => node.ToString() ?? string.Empty,
    };

    private static IEnumerable<object> ChildrenOf(object node) => node switch
    {
        LogicalPlan p => p.Expressions.SelectMany(e => e.Descendants()).OfType<SubqueryExpr>().DistinctBy(s => s.Id).Cast<object>().Concat(p.Children),
        SubqueryExpr s => [s.Plan],
        _ => [],
    };

    protected static IReadOnlyList<LogicalPlan> NoChildren { get; } = [];

    protected static string Comma(IEnumerable<object> items) => string.Join(", ", items);
}
