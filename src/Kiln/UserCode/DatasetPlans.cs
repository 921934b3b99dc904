using Kiln.Execution.UserCode;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.UserCode;

/// <summary>Plan helpers for typed Datasets: columns for a CLR type's layout, and renaming a plan's columns to it.</summary>
internal static class DatasetPlans
{
    /// <summary>New attributes for the columns of <paramref name="type"/>'s layout; a scalar's single column is named <paramref name="scalarName"/>, nested members are qualified by <paramref name="scalarName"/> when given.</summary>
    public static IReadOnlyList<AttributeRef> Attributes(Type type, string? scalarName = null)
    {
        var layout = ObjectLayout.For(type);
        return layout.Leaves
            .Select(l => new AttributeRef(
                layout.IsScalar && scalarName is not null ? scalarName : l.Name,
                ExprIds.Next(),
                l.DataType,
                l.Nullable,
                scalarName is not null && !layout.IsScalar ? scalarName : l.Qualifier))
            .ToArray();
    }

    /// <summary>Renames a plan's columns (positionally) to <paramref name="type"/>'s layout names where they differ.</summary>
    public static LogicalPlan Conform(LogicalPlan plan, Type type)
    {
        var leaves = ObjectLayout.For(type).Leaves;
        var output = plan.Output;
        if (output.Count != leaves.Count)
        {
            throw new InvalidOperationException($"internal error: {output.Count} columns for {leaves.Count} members of {type}");
        }

        return output.Select((a, i) => string.Equals(a.Name, leaves[i].Name, StringComparison.Ordinal)).All(x => x)
            ? plan
            : new Project(output.Select((a, i) => a.Name == leaves[i].Name ? (Expr)a : new Alias(a, leaves[i].Name)).ToArray(), plan);
    }
}
