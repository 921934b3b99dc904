using Kiln.Plan.Expressions;

namespace Kiln.Plan.Logical;

/// <summary>Gives its input's columns a qualifier (a table alias), so <c>t.id</c> resolves. It computes nothing.</summary>
public sealed record SubqueryAlias(string Alias, LogicalPlan Child) : LogicalPlan
{
    public override IReadOnlyList<AttributeRef> Output => Child.Output.Select(a => a.WithQualifier(Alias)).ToArray();

    public override IReadOnlyList<LogicalPlan> Children => [Child];

    public override LogicalPlan WithChildren(IReadOnlyList<LogicalPlan> children) => this with { Child = children[0] };

    public override string Describe() => $"SubqueryAlias {Alias}";
}
