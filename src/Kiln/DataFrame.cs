using Kiln.Common.Batches;
using Kiln.Common.Errors;
using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln;

/// <summary>
/// A distributed table described by a logical plan. Transformations (Select, Filter, Join, GroupBy, ...) return
/// new DataFrames and run nothing; they resolve names and check types immediately, so a mistake fails where it
/// is written. Actions (Collect, Count, Show, Take, Write) optimize the plan, cut it into stages and run it.
/// </summary>
/// <remarks>Immutable; safe to share between threads. Actions on one session may run concurrently.</remarks>
public sealed partial class DataFrame
{
    internal DataFrame(KilnSession session, LogicalPlan plan)
    {
        Session = session;
        Plan = plan;
    }

    public KilnSession Session { get; }

    /// <summary>The resolved logical plan.</summary>
    public LogicalPlan Plan { get; }

    public Schema Schema => Plan.Schema;

    public IReadOnlyList<string> Columns => Plan.Output.Select(a => a.Name).ToArray();

    /// <summary>A column of this DataFrame, usable unambiguously in joins with others.</summary>
    public Column this[string name] => new(ExpressionResolver.ResolveColumn(ParseName(name), Plan.Output));

    public Column Col(string name) => this[name];

    public DataFrame Select(params Column[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var input = Plan.Output;
        var projections = columns.SelectMany(c => Expand(c, input)).ToArray();
        return With(new Project(projections, Plan));
    }

    public DataFrame Select(params string[] columns) => Select(columns.Select(Functions.Col).ToArray());

    public DataFrame Filter(Column condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var resolved = ExpressionResolver.Resolve(condition.Expr, Plan.Output);
        if (resolved.Type.Id is not (TypeId.Boolean or TypeId.Null))
        {
            throw new AnalysisException($"a filter condition must be boolean, but '{condition}' is {resolved.Type}", condition.ToString());
        }

        return With(new Filter(resolved, Plan));
    }

    public DataFrame Where(Column condition) => Filter(condition);

    public DataFrame WithColumn(string name, Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var resolved = ExpressionResolver.Resolve(column.Expr, Plan.Output);
        var replaced = false;
        var projections = new List<Expr>();
        foreach (var a in Plan.Output)
        {
            if (string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                projections.Add(new Alias(resolved, name));
                replaced = true;
            }
            else
            {
                projections.Add(a);
            }
        }

        if (!replaced)
        {
            projections.Add(new Alias(resolved, name));
        }

        return With(new Project(projections, Plan));
    }

    public DataFrame WithColumnRenamed(string existing, string newName)
    {
        var target = ExpressionResolver.ResolveColumn(new ColumnRef(existing), Plan.Output);
        return With(new Project(Plan.Output.Select(a => a.Id == target.Id ? (Expr)new Alias(a, newName) : a).ToArray(), Plan));
    }

    public DataFrame Drop(params string[] columns)
    {
        var drop = columns.Select(c => ExpressionResolver.ResolveColumn(new ColumnRef(c), Plan.Output).Id).ToHashSet();
        return With(new Project(Plan.Output.Where(a => !drop.Contains(a.Id)).ToArray(), Plan));
    }

    /// <summary>Names this DataFrame, so its columns can be referred to as <c>alias.column</c>.</summary>
    public DataFrame Alias(string alias) => With(new SubqueryAlias(alias, Plan));

    public GroupedData GroupBy(params Column[] columns) => new(this, columns);

    public GroupedData GroupBy(params string[] columns) => GroupBy(columns.Select(Functions.Col).ToArray());

    /// <summary>Aggregates the whole DataFrame as one group.</summary>
    public DataFrame Agg(params Column[] aggregates) => GroupBy(Array.Empty<Column>()).Agg(aggregates);

    public DataFrame OrderBy(params Column[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var order = columns.Select(c =>
        {
            var o = c.Order ?? new SortOrder(c.Expr);
            return o.WithExpr(ExpressionResolver.Resolve(o.Expr, Plan.Output));
        }).ToArray();
        return With(new Sort(order, Plan));
    }

    public DataFrame OrderBy(params string[] columns) => OrderBy(columns.Select(Functions.Col).ToArray());

    public DataFrame Sort(params Column[] columns) => OrderBy(columns);

    public DataFrame Limit(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return With(new Limit(count, Plan));
    }

    public DataFrame Distinct() => With(new Distinct(Plan));

    /// <summary>UNION ALL by column position (as Spark's union); column types are widened to a common type.</summary>
    public DataFrame Union(DataFrame other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var left = Plan.Output;
        var right = other.Plan.Output;
        if (left.Count != right.Count)
        {
            throw new AnalysisException($"union needs the same number of columns on both sides, but they have {left.Count} and {right.Count}");
        }

        var types = left.Select((a, i) => TypeCoercion.CommonTypeOrString(a.Type, right[i].Type)
            ?? throw new AnalysisException($"union column {i + 1} has incompatible types {a.Type} and {right[i].Type}")).ToArray();
        var l = Coerce(Plan, types);
        var r = Coerce(other.Plan, types);
        var output = l.Output.Select((a, i) => new AttributeRef(left[i].Name, ExprIds.Next(), types[i], a.Nullable || r.Output[i].Nullable)).ToArray();
        return With(new Union([l, r], output));
    }

    public DataFrame UnionAll(DataFrame other) => Union(other);

    private static LogicalPlan Coerce(LogicalPlan plan, DataType[] types)
    {
        var output = plan.Output;
        return output.Select((a, i) => a.Type == types[i]).All(x => x)
            ? plan
            : new Project(output.Select((a, i) => a.Type == types[i] ? (Expr)a : new Alias(TypeCoercion.CastTo(a, types[i]), a.Name)).ToArray(), plan);
    }

    internal DataFrame With(LogicalPlan plan) => new(Session, Kiln.Plan.Windows.WindowExtraction.Apply(plan));

    private static ColumnRef ParseName(string name) => (ColumnRef)Functions.Col(name).Expr;

    private static IEnumerable<Expr> Expand(Column column, IReadOnlyList<AttributeRef> input)
    {
        if (column.Expr is ColumnRef { Name: "*" } star)
        {
            return star.Qualifier is null
                ? input
                : input.Where(a => string.Equals(a.Qualifier, star.Qualifier, StringComparison.OrdinalIgnoreCase));
        }

        var resolved = ExpressionResolver.Resolve(column.Expr, input);
        return [Naming.Named(resolved, column.Expr)];
    }
}
