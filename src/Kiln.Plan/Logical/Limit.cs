using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>The first <see cref="Count"/> rows of its input (in the input's order, when it has one).</summary>
public sealed record Limit(int Count, LogicalPlan Child) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Child.Output;

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override string Describe() => $"Limit {Count}";
}
