using Kiln.Common.Types;
using Kiln.Execution.UserCode;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.UserCode;
using Kiln.UserCode;

namespace Kiln;

/// <summary>
/// A distributed collection of <typeparamref name="T"/> objects, transformed with ordinary C# lambdas: records,
/// classes, structs, tuples and scalars are laid out as columns (see <see cref="ObjectLayout"/>), so a Dataset is
/// also a DataFrame (<see cref="ToDF"/>) and DataFrame operations mix with typed ones.
/// </summary>
/// <remarks>
/// Lambdas are serialized when the operation is called, with the values they capture; a capture that cannot be sent
/// to executors throws <see cref="ClosureNotSerializableException"/> there. On executors each task deserializes its
/// own copy and converts each batch's rows to objects, calls the lambda and converts the results back. Immutable;
/// thread-safe.
/// </remarks>
public sealed partial class Dataset<T>
{
    internal Dataset(KilnSession session, LogicalPlan plan)
    {
        Session = session;
        Plan = plan;
    }

    public KilnSession Session { get; }

    /// <summary>The logical plan; its columns are <typeparamref name="T"/>'s layout, in order.</summary>
    public LogicalPlan Plan { get; }

    public Schema Schema => Plan.Schema;

    public IReadOnlyList<string> Columns => Plan.Output.Select(a => a.Name).ToArray();

    /// <summary>The same data as an untyped DataFrame.</summary>
    public DataFrame ToDF() => new(Session, Plan);

    /// <summary>Applies <paramref name="selector"/> to every element.</summary>
    public Dataset<TResult> Select<TResult>(Func<T, TResult> selector) =>
        Typed<TResult>(ObjectOperatorKind.Map, typeof(TResult), null, selector);

    /// <summary>Keeps the elements <paramref name="predicate"/> accepts.</summary>
    public Dataset<T> Where(Func<T, bool> predicate)
    {
        var (description, spec) = Spec(ObjectOperatorKind.Filter, typeof(T), null, predicate);
        return With(new ObjectOperator(ObjectOperatorKind.Filter, description, spec, [], Plan));
    }

    public Dataset<T> Filter(Func<T, bool> predicate) => Where(predicate);

    /// <summary>Keeps the rows for which a column condition is true (evaluated without creating objects).</summary>
    public Dataset<T> Where(Column condition) => With(ToDF().Where(condition).Plan);

    /// <summary>Flattens the sequences <paramref name="selector"/> returns.</summary>
    public Dataset<TResult> SelectMany<TResult>(Func<T, IEnumerable<TResult>> selector) =>
        Typed<TResult>(ObjectOperatorKind.FlatMap, typeof(TResult), null, selector);

    /// <summary>Transforms a whole partition at once (for per-partition setup such as a parser or a buffer).</summary>
    public Dataset<TResult> MapPartitions<TResult>(Func<IEnumerable<T>, IEnumerable<TResult>> transform) =>
        Typed<TResult>(ObjectOperatorKind.MapPartitions, typeof(TResult), null, transform);

    /// <summary>Groups elements by a key computed by <paramref name="keySelector"/> (a shuffle by key, then grouping on the reduce side).</summary>
    public KeyValueGroupedDataset<TKey, T> GroupByKey<TKey>(Func<T, TKey> keySelector)
    {
        var keyed = AppendKey(Plan, keySelector);
        return new KeyValueGroupedDataset<TKey, T>(Session, keyed.Plan, Plan.Output.Count, keyed.Keys);
    }

    /// <summary>
    /// Pairs elements of this Dataset and <paramref name="other"/> whose keys are equal (null keys never match).
    /// <paramref name="how"/>: <c>inner</c> or <c>left</c> (unmatched elements paired with null/default).
    /// </summary>
    public Dataset<(T Left, TOther Right)> Join<TOther, TKey>(Dataset<TOther> other, Func<T, TKey> leftKey, Func<TOther, TKey> rightKey, string how = "inner")
    {
        ArgumentNullException.ThrowIfNull(other);
        var type = how.Trim().ToLowerInvariant().Replace("_", "", StringComparison.Ordinal) switch
        {
            "inner" => JoinType.Inner,
            "left" or "leftouter" => JoinType.LeftOuter,
            _ => throw new ArgumentException($"typed joins are 'inner' or 'left', not '{how}'", nameof(how)),
        };
        var rightPlan = DistinctIds(other.Plan, Plan);
        var left = AppendKey(Plan, leftKey);
        var right = other.AppendKey(rightPlan, rightKey);
        var condition = left.Keys.Select((k, i) => (Expr)new BinaryExpr(BinaryOp.Equal, k, right.Keys[i]))
            .Aggregate((a, b) => new BinaryExpr(BinaryOp.And, a, b));
        var join = new Join(left.Plan, right.Plan, type, ExpressionResolver.Resolve(condition, [.. left.Plan.Output, .. right.Plan.Output]));
        var joinOutput = join.Output;
        var leftCount = Plan.Output.Count;
        var rightStart = left.Plan.Output.Count;
        var projection = joinOutput.Take(leftCount).Concat(joinOutput.Skip(rightStart).Take(rightPlan.Output.Count)).ToArray<Expr>();
        return new Dataset<(T, TOther)>(Session, DatasetPlans.Conform(new Project(projection, join), typeof((T, TOther))));
    }

    /// <summary>The elements of both Datasets (UNION ALL).</summary>
    public Dataset<T> Union(Dataset<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return With(DatasetPlans.Conform(ToDF().Union(other.ToDF()).Plan, typeof(T)));
    }

    public Dataset<T> Distinct() => With(new Distinct(Plan));

    public Dataset<T> OrderBy(params Column[] columns) => With(ToDF().OrderBy(columns).Plan);

    public Dataset<T> Limit(int count) => With(ToDF().Limit(count).Plan);

    internal Dataset<T> With(LogicalPlan plan) => new(Session, plan);

    private Dataset<TResult> Typed<TResult>(ObjectOperatorKind kind, Type output, Type? key, Delegate lambda)
    {
        var (description, spec) = Spec(kind, output, key, lambda);
        return new Dataset<TResult>(Session, new ObjectOperator(kind, description, spec, DatasetPlans.Attributes(typeof(TResult)), Plan));
    }

    private static (string Description, byte[] Spec) Spec(ObjectOperatorKind kind, Type output, Type? key, Delegate lambda)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        ObjectLayout.For(output);
        var spec = ObjectOperatorSpec.Create(kind, typeof(T), output, key, lambda);
        return (spec.Describe(LambdaNames.Describe(lambda.Method)), spec.Serialize());
    }

    private (LogicalPlan Plan, IReadOnlyList<AttributeRef> Keys) AppendKey<TKey>(LogicalPlan input, Func<T, TKey> keySelector)
    {
        var keys = DatasetPlans.Attributes(typeof(TKey), "key");
        var (description, spec) = Spec(ObjectOperatorKind.AppendColumns, typeof(TKey), typeof(TKey), keySelector);
        return (new ObjectOperator(ObjectOperatorKind.AppendColumns, description, spec, keys, input), keys);
    }

    /// <summary>The right side of a self-join gets fresh column ids, so both sides stay distinguishable.</summary>
    private static LogicalPlan DistinctIds(LogicalPlan right, LogicalPlan left)
    {
        var ids = left.Output.Select(a => a.Id).ToHashSet();
        return right.Output.Any(a => ids.Contains(a.Id))
            ? new Project(right.Output.Select(a => (Expr)new Alias(a, a.Name)).ToArray(), right)
            : right;
    }
}
