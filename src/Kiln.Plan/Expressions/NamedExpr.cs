namespace Kiln.Plan.Expressions;

/// <summary>Expressions that produce a named output column: attributes and aliases.</summary>
public interface INamedExpr
{
    string Name { get; }

    long Id { get; }

    AttributeRef ToAttribute();
}
