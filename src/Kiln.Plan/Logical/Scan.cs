using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>
/// Reads files. <see cref="Attributes"/> are all the file's columns; <see cref="Output"/> is the pruned subset the
/// query needs (the reader skips the rest); <see cref="Filters"/> are predicates pushed into the scan, applied as
/// soon as a batch is decoded.
/// </summary>
public sealed record Scan(FileSourceInfo Source, IReadOnlyList<AttributeRef> Attributes, IReadOnlyList<AttributeRef> Columns, IReadOnlyList<Expr> Filters) : LogicalPlan
{
    public Scan(FileSourceInfo source, IReadOnlyList<AttributeRef> attributes)
        : this(source, attributes, attributes, [])
    {
    }

    public override IReadOnlyList<AttributeRef> Output => Columns;

    public override IReadOnlyList<LogicalPlan> Children => NoChildren;

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this;

    public override IReadOnlyList<Expr> Expressions => Filters;

    public override LogicalPlan MapExpressions(Func<Expr, Expr> rewrite) => this with { Filters = Filters.Select(rewrite).ToArray() };

    public override string Describe() =>
        $"Scan {Source} [{Comma(Columns)}]" + (Filters.Count > 0 ? $" PushedFilters: [{Comma(Filters)}]" : "");
}
