using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.UserCode;

/// <summary>
/// Applies a serialized lambda to each key group (<see cref="ObjectOperatorKind.MapGroups"/>, FlatMapGroups,
/// ReduceGroups). The child's last <paramref name="KeyCount"/> columns are the key (appended by an
/// <see cref="ObjectOperator"/> of kind AppendColumns), the others the values. Planned as a hash exchange on the
/// key, a sort by key in each reduce partition and one call per run of equal keys.
/// </summary>
public sealed record GroupMapObjects(ObjectOperatorKind Kind, string Description, byte[] Spec, int KeyCount, IReadOnlyList<AttributeRef> Produced, LogicalPlan Child) : UserCodeNode
{
    public override IReadOnlyList<AttributeRef> Output => Produced;

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override string Describe() => $"{Kind} {Description} keys={KeyCount} [{Comma(Output)}]";
}
