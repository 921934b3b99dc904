using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>UNION ALL by position. Inputs have the same column types (the API inserts casts); the output takes the first input's names.</summary>
public sealed record Union(IReadOnlyList<LogicalPlan> Inputs, IReadOnlyList<AttributeRef> Attributes) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Attributes;

    public override IReadOnlyList<LogicalPlan> Children => Inputs;

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Inputs = children };

    public override string Describe() => "Union";
}
