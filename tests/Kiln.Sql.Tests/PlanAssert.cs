using System.Text.RegularExpressions;
using Kiln.Plan.Logical;

namespace Kiln.Sql.Tests;

internal static partial class PlanAssert
{
    /// <summary>The tree string with attribute ids (#123) removed, so expected plans can be written as text.</summary>
    public static string Tree(LogicalPlan plan) => Ids().Replace(plan.TreeString(), string.Empty).TrimEnd();

    public static string Text(Kiln.Plan.Expressions.Expr expr) => Ids().Replace(expr.ToString(), string.Empty);

    public static string Schema(LogicalPlan plan) => string.Join(", ", plan.Output.Select(a => $"{a.Name}:{a.Type}"));

    [GeneratedRegex("#[0-9]+")]
    private static partial Regex Ids();
}
