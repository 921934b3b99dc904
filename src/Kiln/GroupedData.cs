using Kiln.Common.Errors;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln;

/// <summary>The result of <see cref="DataFrame.GroupBy(Column[])"/>, waiting for its aggregates.</summary>
public sealed class GroupedData
{
    private readonly DataFrame _df;
    private readonly Column[] _keys;

    internal GroupedData(DataFrame df, Column[] keys)
    {
        _df = df;
        _keys = keys;
    }

    /// <summary>Groups and aggregates: the result holds the grouping columns, then the aggregates.</summary>
    public DataFrame Agg(params Column[] aggregates)
    {
        ArgumentNullException.ThrowIfNull(aggregates);
        var input = _df.Plan.Output;
        // A key may carry a name (groupBy((id % 10).alias("k"))): the name belongs to the output column, the
        // expression underneath is what rows are grouped by.
        var keys = _keys.Select(k => ExpressionResolver.Resolve(k.Expr, input)).ToArray();
        var groupings = keys.Select(k => k is Alias a ? a.Child : k).ToArray();
        var groupOutputs = keys.Select((k, i) => Naming.Named(k, _keys[i].Expr));
        var aggOutputs = aggregates.Select(a =>
        {
            var resolved = ExpressionResolver.Resolve(a.Expr, input, allowAggregates: true);
            CheckGrouped(resolved, groupings, a);
            return Naming.Named(resolved, a.Expr);
        });
        return _df.With(new Aggregate(groupings, [.. groupOutputs, .. aggOutputs], _df.Plan));
    }

    public DataFrame Count() => Agg(Functions.Count().Alias("count"));

    public DataFrame Sum(params string[] columns) => Agg(columns.Select(c => Functions.Sum(c).Alias($"sum({c})")).ToArray());

    public DataFrame Avg(params string[] columns) => Agg(columns.Select(c => Functions.Avg(c).Alias($"avg({c})")).ToArray());

    public DataFrame Min(params string[] columns) => Agg(columns.Select(c => Functions.Min(c).Alias($"min({c})")).ToArray());

    public DataFrame Max(params string[] columns) => Agg(columns.Select(c => Functions.Max(c).Alias($"max({c})")).ToArray());

    /// <summary>Every column outside an aggregate call must be (part of) a grouping expression.</summary>
    private static void CheckGrouped(Expr expr, IReadOnlyList<Expr> groupings, Column original)
    {
        if (expr is AggregateExpr || groupings.Contains(expr))
        {
            return;
        }

        if (expr is AttributeRef a)
        {
            throw new AnalysisException(
                $"'{original}' uses column '{a.Name}', which is neither grouped nor inside an aggregate function; add it to groupBy(...) or wrap it in an aggregate such as first/max",
                original.ToString());
        }

        foreach (var child in expr.Children)
        {
            CheckGrouped(child, groupings, original);
        }
    }
}
