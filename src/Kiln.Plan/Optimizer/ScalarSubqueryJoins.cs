using Kiln.Common.Errors;
using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Turns scalar subqueries into left outer joins that add the subquery's value as a column:
/// <list type="bullet">
/// <item>uncorrelated: <c>Join LeftOuter (child, subquery)</c> without a condition. A global aggregate always
/// returns one row; any other subquery is wrapped in <see cref="EnforceSingleRow"/>, which fails the query when it
/// returns more than one row. No row gives NULL.</item>
/// <item>correlated (an aggregate without GROUP BY whose WHERE compares subquery columns k with outer columns o):
/// the aggregate is grouped by k and joined on <c>o = k</c>. An outer row without a group gets what the aggregate
/// returns over no rows: NULL for sum/avg/min/max, but 0 for count, so the value becomes
/// <c>CASE WHEN k IS NULL THEN (value over no rows) ELSE value END</c> (the "count bug").</item>
/// </list>
/// </summary>
internal static class ScalarSubqueryJoins
{
    /// <summary>
    /// Joins every scalar subquery in <paramref name="exprs"/> to <paramref name="child"/> and replaces it by the
    /// value column. The result has <paramref name="child"/>'s columns first, then the added ones.
    /// </summary>
    public static (LogicalPlan Plan, IReadOnlyList<Expr> Exprs) Rewrite(LogicalPlan child, IReadOnlyList<Expr> exprs)
    {
        var subqueries = exprs.SelectMany(e => e.Descendants()).OfType<ScalarSubquery>().DistinctBy(s => s.Id).ToList();
        if (subqueries.Count == 0)
        {
            return (child, exprs);
        }

        var values = new Dictionary<long, Expr>();
        var plan = child;
        foreach (var s in subqueries)
        {
            try
            {
                (plan, values[s.Id]) = Join(plan, s);
            }
            catch (AnalysisException e) when (e.Position is null)
            {
                throw e.At(s.Position);
            }
        }

        return (plan, exprs.Select(e => e.Transform(x => x is ScalarSubquery s ? values[s.Id] : x)).ToArray());
    }

    private static (LogicalPlan Plan, Expr Value) Join(LogicalPlan plan, ScalarSubquery subquery)
    {
        RewriteSubqueries.CheckOuterReferences(subquery, plan);
        if (!subquery.IsCorrelated)
        {
            var right = IsGlobalAggregate(subquery.Plan) ? subquery.Plan : new EnforceSingleRow(subquery.Plan);
            var join = new Join(plan, right, JoinType.LeftOuter, null);
            return (join, Column(join, subquery.Plan.Output[0]));
        }

        var aggregate = TopAggregate(subquery.Plan)
            ?? throw new AnalysisException(
                "a correlated scalar subquery must aggregate (e.g. SELECT max(x) FROM t WHERE t.k = outer.k) so that it returns one value per outer row",
                subquery.ToString());
        if (aggregate.Groupings.Count > 0)
        {
            throw new AnalysisException("a correlated scalar subquery cannot have GROUP BY; correlate on the grouping columns in WHERE instead", subquery.ToString());
        }

        if (aggregate.Aggregates.FirstOrDefault(CorrelatedPredicates.HasOuter) is { } item)
        {
            throw new AnalysisException(
                $"the select list item '{item}' of a scalar subquery reads a column of the enclosing query; only WHERE and HAVING conditions of a subquery may",
                item.ToString())
            {
                Position = item.Descendants().OfType<OuterRef>().First().Position,
            };
        }

        var (child, predicates) = CorrelatedPredicates.PullUp(aggregate.Child);
        var keys = new List<Expr>();
        var keyOutputs = new List<Expr>();
        var conditions = new List<Expr>();
        foreach (var p in predicates)
        {
            if (CorrelatedPredicates.AsEquality(p) is not { } eq)
            {
                throw new AnalysisException(
                    $"the correlated condition '{p}' of a scalar subquery is not supported; only equalities between a subquery column and an enclosing column are (as in t.k = outer.k)",
                    p.ToString())
                {
                    Position = p.Position,
                };
            }

            var output = eq.Inner is AttributeRef a ? (Expr)a : new Alias(eq.Inner, $"_corr{keys.Count}");
            keys.Add(eq.Inner);
            keyOutputs.Add(output);
            conditions.Add(new BinaryExpr(BinaryOp.Equal, CorrelatedPredicates.Unwrap(eq.Outer), ((INamedExpr)output).ToAttribute()));
        }

        var value = aggregate.Aggregates[0];
        if (keys.Count == 0)
        {
            var single = new Join(plan, aggregate with { Child = child }, JoinType.LeftOuter, null);
            return (single, Column(single, ((INamedExpr)value).ToAttribute()));
        }

        var grouped = new Aggregate(keys, [value, .. keyOutputs], child);
        var joined = new Join(plan, grouped, JoinType.LeftOuter, Predicates.Combine(conditions));
        var column = Column(joined, ((INamedExpr)value).ToAttribute());
        var empty = OverNoRows(value is Alias al ? al.Child : value);
        if (empty is Literal { Value: null })
        {
            return (joined, column);
        }

        var matched = Column(joined, ((INamedExpr)keyOutputs[0]).ToAttribute());
        return (joined, new CaseExpr([new UnaryExpr(UnaryOp.IsNull, matched), empty, column], true));
    }

    /// <summary>The aggregate at the top of a subquery plan, under table aliases only.</summary>
    private static Aggregate? TopAggregate(LogicalPlan plan) => plan switch
    {
        Aggregate a => a,
        SubqueryAlias s => TopAggregate(s.Child),
        _ => null,
    };

    private static bool IsGlobalAggregate(LogicalPlan plan) => plan switch
    {
        Aggregate a => a.Groupings.Count == 0,
        SubqueryAlias or Project => IsGlobalAggregate(plan.Children[0]),
        _ => false,
    };

    private static AttributeRef Column(Join join, AttributeRef attribute) => join.Output.First(o => o.Id == attribute.Id);

    /// <summary>What an aggregate output expression evaluates to over no input rows.</summary>
    private static Expr OverNoRows(Expr value)
    {
        var replaced = value.Transform(e => e switch
        {
            AggregateExpr { Function: AggregateFunction.Count } => new Literal(0L, DataType.Int64),
            AggregateExpr a => new Literal(null, a.Type),
            _ => e,
        });
        return IsNull(replaced) ? new Literal(null, value.Type) : replaced;
    }

    /// <summary>Whether the expression is NULL for certain: a NULL literal, or arithmetic, comparison, negation or cast of one.</summary>
    private static bool IsNull(Expr e) => e switch
    {
        Literal l => l.Value is null,
        CastExpr c => IsNull(c.Child),
        UnaryExpr { Op: UnaryOp.Negate or UnaryOp.Not } u => IsNull(u.Child),
        BinaryExpr b when b.Op is not (BinaryOp.And or BinaryOp.Or or BinaryOp.NullSafeEqual) => IsNull(b.Left) || IsNull(b.Right),
        _ => false,
    };
}
