using Kiln.Common.Errors;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Sql.Tests;

public class AggregatePlanTests
{
    private readonly SqlPlanner _planner = TestCatalog.Planner();

    [Fact]
    public void GroupByBuildsAggregateWithTheSelectListAsOutputs()
    {
        var plan = _planner.Plan("SELECT status, count(*) AS n, sum(amount), avg(amount) FROM orders GROUP BY status");
        Assert.Equal(
            """
            Aggregate [status], [status, count(*) AS n, sum(amount) AS sum(amount), avg(amount) AS avg(amount)]
              +- SubqueryAlias orders
                +- LocalRelation [o_id, cust_id, amount, o_date, status] rows=0
            """,
            PlanAssert.Tree(plan));
        Assert.Equal("status:string, n:bigint, sum(amount):decimal(20,2), avg(amount):decimal(14,6)", PlanAssert.Schema(plan));
    }

    [Fact]
    public void AggregatesWithoutGroupByAggregateEverything()
    {
        var plan = _planner.Plan("SELECT count(DISTINCT cust_id), max(o_date) FROM orders");
        var aggregate = Assert.IsType<Aggregate>(plan);
        Assert.Empty(aggregate.Groupings);
        Assert.Equal("count(DISTINCT cust_id):bigint, max(o_date):date", PlanAssert.Schema(plan));
    }

    [Fact]
    public void GroupByOrdinalAndAlias()
    {
        var byOrdinal = Assert.IsType<Aggregate>(_planner.Plan("SELECT year(o_date) AS y, count(*) FROM orders GROUP BY 1"));
        var byAlias = Assert.IsType<Aggregate>(_planner.Plan("SELECT year(o_date) AS y, count(*) FROM orders GROUP BY y"));
        Assert.Equal("year(o_date)", PlanAssert.Text(byOrdinal.Groupings[0]));
        Assert.Equal("year(o_date)", PlanAssert.Text(byAlias.Groupings[0]));
        Assert.Equal("y:int, count(*):bigint", PlanAssert.Schema(byAlias));
    }

    [Fact]
    public void HavingWithHiddenAggregateIsProjectedAway()
    {
        var plan = _planner.Plan("SELECT status, count(*) AS n FROM orders GROUP BY status HAVING sum(amount) > 100 AND n > 2");
        Assert.Equal(
            """
            Project [status, n]
              +- Filter ((sum(amount) > CAST(100 AS decimal(20,2))) AND (n > CAST(2 AS bigint)))
                +- Aggregate [status], [status, count(*) AS n, sum(amount) AS sum(amount)]
                  +- SubqueryAlias orders
                    +- LocalRelation [o_id, cust_id, amount, o_date, status] rows=0
            """,
            PlanAssert.Tree(plan));
        Assert.Equal("status:string, n:bigint", PlanAssert.Schema(plan));
    }

    [Fact]
    public void HavingReusesSelectedAggregate()
    {
        var plan = _planner.Plan("SELECT status, count(*) FROM orders GROUP BY status HAVING count(*) > 1");
        var filter = Assert.IsType<Filter>(plan);
        Assert.Equal(2, Assert.IsType<Aggregate>(filter.Child).Aggregates.Count);
    }

    [Fact]
    public void OrderByAggregateAliasAndUnselectedGroupingKey()
    {
        var plan = _planner.Plan("SELECT sum(amount) AS total FROM orders GROUP BY status, cust_id ORDER BY total DESC, status, max(o_id)");
        var project = Assert.IsType<Project>(plan);
        var sort = Assert.IsType<Sort>(project.Child);
        var aggregate = Assert.IsType<Aggregate>(sort.Child);
        Assert.Equal(3, aggregate.Aggregates.Count);
        Assert.Equal("total:decimal(20,2)", PlanAssert.Schema(plan));
        Assert.All(sort.Order, o => Assert.IsType<AttributeRef>(o.Expr));
    }

    [Fact]
    public void UngroupedColumnIsAnError()
    {
        var e = Assert.Throws<AnalysisException>(() => _planner.Plan("SELECT status, amount FROM orders GROUP BY status"));
        Assert.Contains("neither in GROUP BY nor inside an aggregate", e.Message, StringComparison.Ordinal);
        var having = Assert.Throws<AnalysisException>(() => _planner.Plan("SELECT status FROM orders GROUP BY status HAVING amount > 1"));
        Assert.Contains("HAVING", having.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AggregateInWhereIsAnError()
    {
        Assert.Throws<AnalysisException>(() => _planner.Plan("SELECT o_id FROM orders WHERE sum(amount) > 1"));
    }

    [Fact]
    public void GroupingExpressionMayBeUsedInsideSelectExpressions()
    {
        var plan = _planner.Plan("SELECT upper(status) AS s, count(*) * 2 FROM orders GROUP BY upper(status)");
        Assert.Equal("s:string, (count(*) * 2):bigint", PlanAssert.Schema(plan));
    }

    [Fact]
    public void PricingSummaryReportShapedQuery()
    {
        var plan = _planner.Plan(
            """
            select status, sum(amount) as sum_amount, avg(amount * (1 - 0.05)) as avg_disc, count(*) as count_order
            from orders
            where o_date <= date '1998-12-01' - interval '90' day (3)
            group by status
            order by status;
            """);
        Assert.Equal("status:string, sum_amount:decimal(20,2), avg_disc:decimal(28,8), count_order:bigint", PlanAssert.Schema(plan));
        Assert.IsType<Aggregate>(Assert.IsType<Sort>(plan).Child);
    }
}
