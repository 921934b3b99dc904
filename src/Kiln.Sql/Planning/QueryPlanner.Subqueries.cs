using Kiln.Common.Errors;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Sql.Parsing;

namespace Kiln.Sql.Planning;

internal sealed partial class QueryPlanner
{
    /// <summary>
    /// Resolves an expression of the current query over <paramref name="input"/>: subqueries in it are planned first,
    /// with <paramref name="input"/> as their enclosing scope, and names not found in <paramref name="input"/> are
    /// looked up in the scopes of the queries around this one (becoming outer references).
    /// </summary>
    internal Expr Resolve(Expr expr, IReadOnlyList<AttributeRef> input, bool allowAggregates = false)
    {
        var planned = expr.Transform(e => e is SubqueryExprAst s ? PlanSubquery(s, input) : e);
        var resolved = ExpressionResolver.Resolve(planned, input, _outerScopes, allowAggregates);
        return resolved.Resolved ? resolved : throw new InvalidOperationException($"internal planning error: '{resolved}' is not resolved");
    }

    /// <summary>Plans a subquery expression's query with <paramref name="scope"/> as the innermost enclosing scope.</summary>
    private SubqueryExpr PlanSubquery(SubqueryExprAst subquery, IReadOnlyList<AttributeRef> scope)
    {
        _outerScopes.Insert(0, scope);
        LogicalPlan plan;
        try
        {
            plan = PlanQuery(subquery.Query);
        }
        finally
        {
            _outerScopes.RemoveAt(0);
        }

        if (subquery.Kind != SubqueryKind.Exists && plan.Output.Count != 1)
        {
            var what = subquery.Kind == SubqueryKind.Scalar ? "a scalar subquery" : "an IN subquery";
            throw new AnalysisException(
                $"{what} must return exactly one column, but this one returns {plan.Output.Count} ({string.Join(", ", plan.Output.Select(a => a.Name))})",
                subquery.ToString())
            {
                Position = subquery.Position,
            };
        }

        return subquery.Kind switch
        {
            SubqueryKind.Scalar => new ScalarSubquery(plan) { Position = subquery.Position },
            SubqueryKind.Exists => new ExistsSubquery(plan) { Position = subquery.Position },
            _ => new InSubquery(subquery.Value!, plan) { Position = subquery.Position },
        };
    }

    /// <summary>
    /// A subquery in HAVING or an aggregated ORDER BY may read the enclosing query's grouping columns; they are
    /// re-pointed at the aggregate's outputs (<paramref name="output"/> maps an input column to its output, or
    /// returns null when the column is neither grouped nor an output).
    /// </summary>
    internal static SubqueryExpr RemapOuterReferences(SubqueryExpr subquery, Func<AttributeRef, AttributeRef?> output, Func<AttributeRef, Exception> ungrouped)
    {
        Expr Map(Expr e, int level) => e.Transform(x => x switch
        {
            OuterRef o when o.Depth == level => o with { Attribute = output(o.Attribute) ?? throw ungrouped(o.Attribute with { Position = o.Position }) },
            SubqueryExpr nested => nested with { Plan = MapPlan(nested.Plan, level + 1) },
            _ => x,
        });

        LogicalPlan MapPlan(LogicalPlan plan, int level) => plan.TransformUp(n => n.MapExpressions(e => Map(e, level)));

        return subquery with { Plan = MapPlan(subquery.Plan, 1) };
    }
}
