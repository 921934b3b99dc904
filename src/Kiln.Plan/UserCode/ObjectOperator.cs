using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.UserCode;

/// <summary>
/// A typed Dataset operator: converts each partition's rows to objects, applies a serialized lambda and converts the
/// results back (see <see cref="ObjectOperatorKind"/>). <paramref name="Spec"/> is the execution layer's encoded
/// operator (kind, CLR types, closure); <paramref name="Produced"/> are the columns it creates.
/// </summary>
/// <param name="Description">For plans: <c>lambda in Program.Main: Order → Summary</c>.</param>
public sealed record ObjectOperator(ObjectOperatorKind Kind, string Description, byte[] Spec, IReadOnlyList<AttributeRef> Produced, LogicalPlan Child) : UserCodeNode
{
    public override IReadOnlyList<AttributeRef> Output => Kind switch
    {
        ObjectOperatorKind.Filter or ObjectOperatorKind.ForEach => Child.Output,
        ObjectOperatorKind.AppendColumns => [.. Child.Output, .. Produced],
        _ => Produced,
    };

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override string Describe() => $"{Kind}Objects {Description} [{Comma(Output)}]";
}
