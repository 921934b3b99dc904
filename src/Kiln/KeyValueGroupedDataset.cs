using Kiln.Execution.UserCode;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.UserCode;
using Kiln.UserCode;

namespace Kiln;

/// <summary>
/// The result of <see cref="Dataset{T}.GroupByKey{TKey}"/>: elements with their key columns appended, waiting for a
/// per-group operation. Group lambdas run on the reduce side of a shuffle by key, once per key, with the group's
/// elements (materialized in memory).
/// </summary>
public sealed class KeyValueGroupedDataset<TKey, T>
{
    private readonly KilnSession _session;
    private readonly LogicalPlan _keyed;
    private readonly int _valueCount;
    private readonly IReadOnlyList<AttributeRef> _keys;

    internal KeyValueGroupedDataset(KilnSession session, LogicalPlan keyed, int valueCount, IReadOnlyList<AttributeRef> keys)
    {
        _session = session;
        _keyed = keyed;
        _valueCount = valueCount;
        _keys = keys;
    }

    /// <summary>One result per group.</summary>
    public Dataset<TResult> MapGroups<TResult>(Func<TKey, IEnumerable<T>, TResult> map) =>
        Groups<TResult>(ObjectOperatorKind.MapGroups, typeof(TResult), map);

    /// <summary>Any number of results per group.</summary>
    public Dataset<TResult> FlatMapGroups<TResult>(Func<TKey, IEnumerable<T>, IEnumerable<TResult>> map) =>
        Groups<TResult>(ObjectOperatorKind.FlatMapGroups, typeof(TResult), map);

    /// <summary>Folds each group with <paramref name="reduce"/> (which should be associative).</summary>
    public Dataset<(TKey Key, T Value)> ReduceGroups(Func<T, T, T> reduce) =>
        Groups<(TKey, T)>(ObjectOperatorKind.ReduceGroups, typeof((TKey, T)), reduce);

    /// <summary>The number of elements per key, computed with partial aggregation (no objects are built).</summary>
    public Dataset<(TKey Key, long Count)> Count()
    {
        var count = new Alias(new AggregateExpr(AggregateFunction.Count, null), "count");
        var aggregate = new Aggregate(_keys.ToArray<Expr>(), [.. _keys, count], _keyed);
        return new Dataset<(TKey, long)>(_session, DatasetPlans.Conform(aggregate, typeof((TKey, long))));
    }

    /// <summary>
    /// Untyped aggregates per key, as <c>GroupBy(...).Agg(...)</c>: the result holds the key columns (named <c>key</c>,
    /// or after the key's members), then the aggregates over the elements' columns.
    /// </summary>
    public DataFrame Agg(params Column[] aggregates) =>
        new DataFrame(_session, _keyed).GroupBy(_keys.Select(k => new Column(k)).ToArray()).Agg(aggregates);

    private Dataset<TResult> Groups<TResult>(ObjectOperatorKind kind, Type output, Delegate lambda)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        ObjectLayout.For(output);
        var spec = ObjectOperatorSpec.Create(kind, typeof(T), output, typeof(TKey), lambda);
        var node = new GroupMapObjects(kind, spec.Describe(LambdaNames.Describe(lambda.Method)), spec.Serialize(), _keyed.Output.Count - _valueCount, DatasetPlans.Attributes(typeof(TResult)), _keyed);
        return new Dataset<TResult>(_session, node);
    }
}
