using System.Text.RegularExpressions;
using Kiln.Plan.Expressions;

namespace Kiln;

/// <summary>Names for unnamed expressions in a projection, as Spark shows them: <c>upper(name)</c>, <c>(price * 2)</c>.</summary>
internal static partial class Naming
{
    public static string AutoName(Expr expr) => expr switch
    {
        ColumnRef c => c.Name,
        AttributeRef a => a.Name,
        Alias a => a.Name,
        _ => IdSuffix().Replace(expr.ToString(), string.Empty),
    };

    /// <summary>A named expression for a projection: attributes and aliases as they are, anything else aliased by its text.</summary>
    public static Expr Named(Expr resolved, Expr original) => resolved switch
    {
        AttributeRef or Alias => resolved,
        _ => new Alias(resolved, AutoName(original)),
    };

    [GeneratedRegex("#[0-9]+")]
    private static partial Regex IdSuffix();
}
