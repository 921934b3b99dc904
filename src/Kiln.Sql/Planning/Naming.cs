using System.Text.RegularExpressions;
using Kiln.Plan.Expressions;

namespace Kiln.Sql.Planning;

/// <summary>Names for unaliased select items, as the DataFrame API (and Spark) shows them: <c>upper(name)</c>, <c>(price * 2)</c>.</summary>
internal static partial class Naming
{
    public static string AutoName(Expr expr) => expr switch
    {
        ColumnRef c => c.Name,
        AttributeRef a => a.Name,
        Alias a => a.Name,
        _ => IdSuffix().Replace(expr.ToString(), string.Empty),
    };

    /// <summary>A named expression for a projection: attributes as they are (unless renamed), anything else aliased.</summary>
    public static Expr Named(Expr resolved, Expr original, string? alias)
    {
        if (alias is not null)
        {
            return resolved is AttributeRef a && a.Name == alias ? a : new Alias(resolved, alias);
        }

        return resolved switch
        {
            AttributeRef or Alias => resolved,
            _ => new Alias(resolved, AutoName(original)),
        };
    }

    [GeneratedRegex("#[0-9]+")]
    private static partial Regex IdSuffix();
}
