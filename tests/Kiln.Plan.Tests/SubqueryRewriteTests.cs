using Kiln.Common.Errors;
using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Optimizer;

namespace Kiln.Plan.Tests;

/// <summary>Subquery expressions through the whole optimizer: the joins they become, and pushdown and pruning around those joins.</summary>
public sealed class SubqueryRewriteTests
{
    private static Scan Table(string name, params (string Name, DataType Type)[] columns)
    {
        var schema = new Schema(columns.Select(c => new Field(c.Name, c.Type)));
        var attributes = schema.Fields.Select(f => new AttributeRef(f.Name, ExprIds.Next(), f.Type, true)).ToArray();
        return new Scan(new FileSourceInfo("csv", [name], new Dictionary<string, string>(), schema), attributes);
    }

    private static LogicalPlan Optimize(LogicalPlan plan) =>
        new LogicalOptimizer(e => throw new InvalidOperationException($"unexpected constant {e}")).Optimize(plan);

    private static Expr Gt(Expr a, int b) => new BinaryExpr(BinaryOp.GreaterThan, a, Literal.Of(b));

    private static Expr Eq(Expr a, Expr b) => new BinaryExpr(BinaryOp.Equal, a, b);

    private static Expr And(Expr a, Expr b) => new BinaryExpr(BinaryOp.And, a, b);

    private readonly Scan _l = Table("l", ("k", DataType.Int32), ("x", DataType.Int32), ("y", DataType.String));
    private readonly Scan _r = Table("r", ("k2", DataType.Int32), ("z", DataType.Int32), ("w", DataType.String));

    private AttributeRef L(int i) => _l.Output[i];

    private AttributeRef R(int i) => _r.Output[i];

    /// <summary><c>SELECT * FROM r WHERE r.k2 = outer(l.k) AND r.z &gt; 3</c>, selecting <paramref name="column"/>.</summary>
    private Project Correlated(int column) => new([R(column)], new Filter(And(Eq(R(0), new OuterRef(L(0))), Gt(R(1), 3)), _r));

    [Fact]
    public void Exists_becomes_a_semi_join_and_the_other_conjuncts_still_reach_the_scan()
    {
        var plan = new Project([L(2)], new Filter(And(Gt(L(1), 1), new ExistsSubquery(Correlated(2))), _l));
        var join = Assert.IsType<Join>(Assert.IsType<Project>(Optimize(plan)).Child);
        Assert.Equal(JoinType.LeftSemi, join.Type);
        Assert.Equal($"(k2 = k)", join.Condition!.ToString());
        Assert.Equal("(x > 1)", Assert.Single(Assert.IsType<Scan>(join.Left).Filters).ToString());
        var right = Assert.Single(join.Right.Descendants().OfType<Scan>());
        Assert.Equal("(z > 3)", Assert.Single(right.Filters).ToString());
        Assert.Equal(["k2", "z"], right.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Not_in_becomes_an_anti_join_on_the_null_aware_comparison_and_filters_pass_below_it()
    {
        var notIn = new UnaryExpr(UnaryOp.Not, new InSubquery(L(1), new Project([R(1)], _r)));
        var optimized = Optimize(new Filter(And(notIn, Gt(L(0), 7)), _l));
        var join = Assert.IsType<Join>(optimized);
        Assert.Equal(JoinType.LeftAnti, join.Type);
        Assert.Equal("((x = z) OR ((x = z) IS NULL))", join.Condition!.ToString());
        Assert.Equal("(k > 7)", Assert.Single(Assert.IsType<Scan>(join.Left).Filters).ToString());
        Assert.Equal(["z"], Assert.IsType<Scan>(join.Right).Columns.Select(c => c.Name));
    }

    [Fact]
    public void Correlated_count_joins_a_grouped_aggregate_and_defaults_to_zero()
    {
        var count = new Aggregate([], [new Alias(new AggregateExpr(AggregateFunction.Count, null), "n")], new Filter(Eq(R(0), new OuterRef(L(0))), _r));
        var plan = new Project([L(2), new Alias(new ScalarSubquery(count), "n")], new Filter(Gt(L(1), 1), _l));
        var project = Assert.IsType<Project>(Optimize(plan));
        Assert.Equal("CASE WHEN (k2 IS NULL) THEN 0 ELSE n END AS n", project.Projections[1].ToString());
        var join = Assert.IsType<Join>(project.Child);
        Assert.Equal(JoinType.LeftOuter, join.Type);
        Assert.Equal("(k = k2)", join.Condition!.ToString());
        Assert.Single(Assert.IsType<Scan>(join.Left).Filters);
        var aggregate = Assert.IsType<Aggregate>(join.Right);
        Assert.Equal(["k2"], aggregate.Groupings.Select(g => g.ToString()));
    }

    [Fact]
    public void Uncorrelated_scalar_that_is_not_an_aggregate_is_guarded_and_filters_stay_above_the_guard()
    {
        var value = new ScalarSubquery(new Project([R(1)], new Filter(Gt(R(1), 3), _r)));
        var optimized = Optimize(new Filter(ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.LessThan, L(1), value), _l.Output), _l));
        var project = Assert.IsType<Project>(optimized);
        var filter = Assert.IsType<Filter>(project.Child);
        var join = Assert.IsType<Join>(filter.Child);
        Assert.Equal(JoinType.LeftOuter, join.Type);
        Assert.Null(join.Condition);
        var guard = Assert.IsType<EnforceSingleRow>(join.Right);
        Assert.Single(Assert.IsType<Scan>(guard.Child).Filters);
    }

    [Fact]
    public void A_filter_over_the_single_row_guard_is_not_pushed_through_it()
    {
        var optimized = Optimize(new Filter(Gt(R(1), 3), new EnforceSingleRow(_r)));
        Assert.IsType<EnforceSingleRow>(Assert.IsType<Filter>(optimized).Child);
    }

    [Fact]
    public void Correlated_equality_below_a_group_by_becomes_a_grouping_key()
    {
        var grouped = new Aggregate([R(2)], [R(2)], new Filter(Eq(R(0), new OuterRef(L(0))), _r));
        var (plan, predicates) = CorrelatedPredicates.PullUp(grouped);
        var aggregate = Assert.IsType<Aggregate>(plan);
        Assert.Equal(["w", "k2"], aggregate.Groupings.Select(g => g.ToString()));
        Assert.Equal("(k2 = outer(k))", Assert.Single(predicates).ToString());
    }

    [Fact]
    public void Exists_under_or_becomes_an_existence_join_and_the_filter_reads_its_mark()
    {
        var plan = new Project([L(2)], new Filter(new BinaryExpr(BinaryOp.Or, Gt(L(1), 1), new ExistsSubquery(Correlated(0))), _l));
        var filter = Assert.IsType<Filter>(Assert.IsType<Project>(Optimize(plan)).Child);
        var join = Assert.IsType<Join>(filter.Child);
        Assert.Equal(JoinType.Existence, join.Type);
        Assert.Equal($"((x > 1) OR {join.Mark})", filter.Condition.ToString());
        Assert.Equal("(k2 = k)", join.Condition!.ToString());
    }

    [Fact]
    public void A_subquery_inside_an_aggregation_is_refused_naming_the_construct()
    {
        var plan = new Aggregate([L(2)], [L(2), new Alias(new ScalarSubquery(new Aggregate([], [new Alias(new AggregateExpr(AggregateFunction.Max, R(1)), "m")], _r)), "m")], _l);
        var e = Assert.Throws<AnalysisException>(() => new RewriteSubqueries().Apply(plan));
        Assert.StartsWith("a scalar subquery in GROUP BY or inside an aggregate function is not supported yet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correlated_limit_is_refused()
    {
        var plan = new Filter(new ExistsSubquery(new Limit(1, Correlated(0))), _l);
        var e = Assert.Throws<AnalysisException>(() => new RewriteSubqueries().Apply(plan));
        Assert.Contains("LIMIT", e.Message, StringComparison.Ordinal);
    }
}
