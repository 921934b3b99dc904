using Kiln.Common.Errors;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Windows;
using Kiln.Sql.Parsing;

namespace Kiln.Sql.Planning;

internal sealed partial class QueryPlanner
{
    /// <summary>
    /// One SELECT block with its ORDER BY: FROM → Filter (WHERE) → Project or Aggregate (+ Filter for HAVING)
    /// → Distinct → Sort, with a final Project dropping sort keys that are not in the select list.
    /// </summary>
    private LogicalPlan PlanSelect(SelectAst select, IReadOnlyList<OrderItemAst> orderBy)
    {
        var plan = select.From is null ? OneRow() : PlanRelation(select.From);
        if (select.Where is { } where)
        {
            plan = new Filter(ResolvePredicate(where, plan.Output, "WHERE condition"), plan);
        }

        var isAggregate = select.GroupBy.Count > 0 || select.Having is not null
            || select.Items.Any(i => WindowAnalysis.AggregatesOutsideWindows(i.Expr).Any());
        var planned = isAggregate
            ? new AggregationPlanner(this, select, orderBy, plan).Plan()
            : PlanProjection(select, orderBy, plan);
        return WindowExtraction.Apply(planned);
    }

    private LogicalPlan PlanProjection(SelectAst select, IReadOnlyList<OrderItemAst> orderBy, LogicalPlan child)
    {
        var input = child.Output;
        var projections = select.Items.SelectMany(item => Expand(item, input)).ToList();
        var output = projections.Select(p => ((INamedExpr)p).ToAttribute()).ToArray();
        var order = new List<SortOrder>();
        var hidden = new List<AttributeRef>();
        foreach (var item in orderBy)
        {
            var key = Ordinal(item.Expr, output, "ORDER BY") ?? ResolveSortKey(item.Expr, output, input);
            foreach (var reference in key.References())
            {
                if (!output.Any(o => o.Id == reference.Id) && !hidden.Any(h => h.Id == reference.Id))
                {
                    hidden.Add(reference);
                }
            }

            order.Add(new SortOrder(key, item.Ascending, item.NullsFirst));
        }

        if (hidden.Count > 0 && select.Distinct)
        {
            throw new AnalysisException(
                $"ORDER BY column '{hidden[0].Name}' must be in the select list of a SELECT DISTINCT",
                hidden[0].Name)
            {
                Position = hidden[0].Position,
            };
        }

        LogicalPlan plan = new Project([.. projections, .. hidden], child);
        if (select.Distinct)
        {
            plan = new Distinct(plan);
        }

        if (order.Count > 0)
        {
            plan = new Sort(order, plan);
        }

        return hidden.Count > 0 ? new Project(output, plan) : plan;
    }

    /// <summary>A sort key over the select list (aliases included) or, failing that, over the input columns.</summary>
    private Expr ResolveSortKey(Expr key, IReadOnlyList<AttributeRef> output, IReadOnlyList<AttributeRef> input)
    {
        try
        {
            return Resolve(key, output);
        }
        catch (AnalysisException)
        {
            return Resolve(key, input);
        }
    }

    private IEnumerable<Expr> Expand(SelectItemAst item, IReadOnlyList<AttributeRef> input)
    {
        if (item.Expr is ColumnRef { Name: "*" } star)
        {
            return ExpandStar(star, input);
        }

        var resolved = Resolve(item.Expr, input);
        return [Naming.Named(resolved, item.Expr, item.Alias)];
    }

    internal static IReadOnlyList<AttributeRef> ExpandStar(ColumnRef star, IReadOnlyList<AttributeRef> input)
    {
        if (star.Qualifier is null)
        {
            return input.Count > 0 ? input : throw new AnalysisException("SELECT * needs a FROM clause", "*") { Position = star.Position };
        }

        var columns = input.Where(a => string.Equals(a.Qualifier, star.Qualifier, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (columns.Length == 0)
        {
            var qualifiers = input.Select(a => a.Qualifier).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            throw new AnalysisException(
                $"'{star.Qualifier}.*' names no table of the FROM clause{Kiln.Common.Text.NameSuggester.Hint(star.Qualifier, qualifiers)} (tables: {string.Join(", ", qualifiers)})",
                $"{star.Qualifier}.*",
                Kiln.Common.Text.NameSuggester.Closest(star.Qualifier, qualifiers))
            {
                Position = star.Position,
            };
        }

        return columns;
    }
}
