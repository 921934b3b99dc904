using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>Removes duplicate rows; the optimizer rewrites it into an <see cref="Aggregate"/> over all columns.</summary>
public sealed record Distinct(LogicalPlan Child) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Child.Output;

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override string Describe() => "Distinct";
}
