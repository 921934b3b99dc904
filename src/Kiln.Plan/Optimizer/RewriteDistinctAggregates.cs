using Kiln.Common.Errors;
using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Optimizer;

/// <summary>
/// Rewrites an aggregate with DISTINCT calls over one argument x into two aggregates:
/// the inner one groups by (keys, x) and pre-aggregates the non-distinct calls; the outer one groups by the
/// keys, applies the distinct calls to x (now unique per group) and combines the pre-aggregated values
/// (count → sum of counts, sum → sum of sums, min/max of mins/maxes, avg → sum of sums / sum of counts).
/// DISTINCT over several different arguments is refused with a clear error.
/// </summary>
public sealed class RewriteDistinctAggregates : IOptimizerRule
{
    public string Name => "RewriteDistinctAggregates";

    public LogicalPlan Apply(LogicalPlan plan) => plan.TransformUp(p => p is Aggregate a && HasDistinct(a) ? Rewrite(a) : p);

    private static bool HasDistinct(Aggregate a) => a.Aggregates.SelectMany(e => e.Descendants()).OfType<AggregateExpr>().Any(c => c.Distinct);

    private static LogicalPlan Rewrite(Aggregate aggregate)
    {
        var calls = aggregate.Aggregates.SelectMany(e => e.Descendants()).OfType<AggregateExpr>().Distinct().ToList();
        var distinctArgs = calls.Where(c => c.Distinct).Select(c => c.Argument!).Distinct().ToList();
        if (distinctArgs.Count > 1)
        {
            throw new AnalysisException($"DISTINCT aggregates over different expressions ({string.Join(", ", distinctArgs)}) in one aggregation are not supported yet; compute them in separate aggregations and join the results");
        }

        var x = distinctArgs[0];
        var groupAliases = aggregate.Groupings.Select((g, i) => g is AttributeRef ar ? (Expr)ar : new Alias(g, $"_g{i}")).ToList();
        var xAlias = new Alias(x, "_distinct");
        var innerOutputs = new List<Expr>(groupAliases) { xAlias };
        var combine = new Dictionary<AggregateExpr, Expr>();
        foreach (var call in calls.Where(c => !c.Distinct))
        {
            var outer = Preaggregate(call, innerOutputs);
            combine[call] = outer;
        }

        var inner = new Aggregate([.. aggregate.Groupings, x], innerOutputs, aggregate.Child);
        var innerAttrs = inner.Output;
        var keyAttrs = innerAttrs.Take(groupAliases.Count).Cast<Expr>().ToList();
        var xAttr = innerAttrs[groupAliases.Count];
        var outputs = aggregate.Aggregates.Select(e => RewriteOutput(e, aggregate.Groupings, keyAttrs, xAttr, combine)).ToArray();
        return new Aggregate(keyAttrs, outputs, inner);
    }

    /// <summary>Adds the inner pre-aggregates for a non-distinct call and returns how the outer aggregate combines them.</summary>
    private static Expr Preaggregate(AggregateExpr call, List<Expr> innerOutputs)
    {
        AttributeRef Add(AggregateExpr inner)
        {
            var alias = new Alias(inner, $"_p{innerOutputs.Count}");
            innerOutputs.Add(alias);
            return alias.ToAttribute();
        }

        switch (call.Function)
        {
            case AggregateFunction.Count:
                return new FunctionCall("coalesce", [new AggregateExpr(AggregateFunction.Sum, Add(call)), new Literal(0L, DataType.Int64)], DataType.Int64);
            case AggregateFunction.Sum:
                return TypeCoercion.CastTo(new AggregateExpr(AggregateFunction.Sum, Add(call)), call.Type);
            case AggregateFunction.Min or AggregateFunction.Max:
                return new AggregateExpr(call.Function, Add(call));
            default:
                {
                    var sum = Add(new AggregateExpr(AggregateFunction.Sum, call.Argument));
                    var count = Add(new AggregateExpr(AggregateFunction.Count, call.Argument));
                    var division = ExpressionResolver.Resolve(
                        new BinaryExpr(BinaryOp.Divide, new AggregateExpr(AggregateFunction.Sum, sum), new AggregateExpr(AggregateFunction.Sum, count)),
                        [sum, count],
                        allowAggregates: true);
                    return TypeCoercion.CastTo(division, call.Type);
                }
        }
    }

    private static Expr RewriteOutput(Expr output, IReadOnlyList<Expr> groupings, List<Expr> keyAttrs, AttributeRef x, Dictionary<AggregateExpr, Expr> combine)
    {
        return output is Alias a ? a with { Child = Replace(a.Child) } : Replace(output);

        Expr Replace(Expr e)
        {
            for (var g = 0; g < groupings.Count; g++)
            {
                if (groupings[g].Equals(e))
                {
                    return keyAttrs[g];
                }
            }

            return e switch
            {
                AggregateExpr { Distinct: true } d => d with { Argument = x, Distinct = false },
                AggregateExpr c => combine[c],
                _ => e.Children.Count == 0 ? e : e.WithChildren(e.Children.Select(Replace).ToArray()),
            };
        }
    }
}
