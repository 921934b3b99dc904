using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>
/// Passes its input through when it has at most one row and fails the query otherwise; guards the result of an
/// uncorrelated scalar subquery that is not a global aggregate ("more than one row returned by a subquery used as
/// an expression").
/// </summary>
public sealed record EnforceSingleRow(LogicalPlan Child) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Child.Output;

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override string Describe() => "EnforceSingleRow";
}
