using Kiln.Common.Errors;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Optimizer;

namespace Kiln.Sql.Tests;

/// <summary>How subqueries in expressions are resolved (scopes, outer references, types) and turned into joins.</summary>
public class SubqueryPlanTests
{
    private readonly SqlPlanner _planner = TestCatalog.Planner();

    private static T Only<T>(LogicalPlan plan)
        where T : SubqueryExpr =>
        plan.Descendants().SelectMany(n => n.Expressions).SelectMany(e => e.Descendants()).OfType<T>().Single();

    private static string Rewritten(LogicalPlan plan) => PlanAssert.Tree(new RewriteSubqueries().Apply(plan));

    [Fact]
    public void ScalarSubqueryTakesTheTypeOfItsColumn()
    {
        var plan = _planner.Plan("SELECT o_id, (SELECT max(c_id) FROM customers) AS top, (SELECT avg(amount) FROM orders) FROM orders");
        Assert.Equal("o_id:int, top:int, scalarsubquery():decimal(14,6)", PlanAssert.Schema(plan));
    }

    [Fact]
    public void NamesResolveInTheSubqueryFirstThenOutward()
    {
        var correlated = Only<ExistsSubquery>(_planner.Plan("SELECT name FROM customers WHERE EXISTS (SELECT 1 FROM orders WHERE cust_id = c_id AND status = 'open')"));
        Assert.Equal(["c_id"], correlated.OuterReferences.Select(o => o.Attribute.Name));

        var shadowed = Only<ExistsSubquery>(_planner.Plan("SELECT o_id FROM orders WHERE EXISTS (SELECT 1 FROM orders o2 WHERE o2.o_id = o_id)"));
        Assert.Empty(shadowed.OuterReferences);

        var qualified = Only<ExistsSubquery>(_planner.Plan("SELECT o_id FROM orders WHERE EXISTS (SELECT 1 FROM orders o2 WHERE o2.o_id = orders.o_id)"));
        Assert.Equal(["o_id"], qualified.OuterReferences.Select(o => o.Attribute.Name));
    }

    [Fact]
    public void TheSameTableInsideAndOutsideGetsDistinctColumns()
    {
        var plan = _planner.Plan("SELECT o_id FROM orders WHERE amount > (SELECT avg(amount) FROM orders WHERE status = 'open')");
        var inner = Only<ScalarSubquery>(plan).Plan.Descendants().OfType<SubqueryAlias>().Single();
        var outer = plan.Descendants().OfType<SubqueryAlias>().Single();
        Assert.Empty(inner.Output.Select(a => a.Id).Intersect(outer.Output.Select(a => a.Id)));
    }

    [Fact]
    public void InSubqueryComparesInACommonType()
    {
        var subquery = Only<InSubquery>(_planner.Plan("SELECT o_id FROM orders WHERE o_id IN (SELECT amount FROM orders WHERE status = 'x')"));
        Assert.Equal("decimal(12,2)", subquery.Value.Type.ToString());
        Assert.Equal("decimal(12,2)", subquery.Plan.Output[0].Type.ToString());
    }

    [Fact]
    public void ExistsAndNotInBecomeSemiAndAntiJoins()
    {
        var plan = _planner.Plan("""
            SELECT name FROM customers
            WHERE region = 'EU' AND EXISTS (SELECT 1 FROM orders WHERE cust_id = c_id AND amount > 10) AND c_id NOT IN (SELECT cust_id FROM orders)
            """);
        Assert.Equal(
            """
            Project [name]
              +- Join LeftAnti, ((c_id = cust_id) OR ((c_id = cust_id) IS NULL))
                +- Join LeftSemi, (cust_id = c_id)
                  +- Filter (region = 'EU')
                    +- SubqueryAlias customers
                      +- LocalRelation [c_id, name, region] rows=0
                  +- Project [1 AS 1, cust_id]
                    +- Filter (CAST(amount AS decimal(12,2)) > CAST(10 AS decimal(12,2)))
                      +- SubqueryAlias orders
                        +- LocalRelation [o_id, cust_id, amount, o_date, status] rows=0
                +- Project [cust_id]
                  +- SubqueryAlias orders
                    +- Project [o_id AS o_id, cust_id AS cust_id, amount AS amount, o_date AS o_date, status AS status]
                      +- LocalRelation [o_id, cust_id, amount, o_date, status] rows=0
            """,
            Rewritten(plan));
    }

    [Fact]
    public void CorrelatedCountIsGroupedLeftJoinedAndZeroWithoutMatch()
    {
        var plan = _planner.Plan("SELECT name, (SELECT count(*) FROM orders WHERE cust_id = c_id) AS n FROM customers");
        Assert.Equal(
            """
            Project [name, CASE WHEN (cust_id IS NULL) THEN 0 ELSE count(*) END AS n]
              +- Join LeftOuter, (c_id = cust_id)
                +- SubqueryAlias customers
                  +- LocalRelation [c_id, name, region] rows=0
                +- Aggregate [cust_id], [count(*) AS count(*), cust_id]
                  +- SubqueryAlias orders
                    +- LocalRelation [o_id, cust_id, amount, o_date, status] rows=0
            """,
            Rewritten(plan));
    }

    [Fact]
    public void UncorrelatedScalarThatIsNotAnAggregateIsCheckedForOneRow()
    {
        var plan = _planner.Plan("SELECT o_id FROM orders WHERE cust_id = (SELECT c_id FROM customers WHERE name = 'ann')");
        var tree = Rewritten(plan);
        Assert.Contains("Join LeftOuter", tree, StringComparison.Ordinal);
        Assert.Contains("EnforceSingleRow", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("EnforceSingleRow", Rewritten(_planner.Plan("SELECT o_id FROM orders WHERE cust_id = (SELECT max(c_id) FROM customers)")), StringComparison.Ordinal);
    }

    [Fact]
    public void CorrelationBelowAGroupByBecomesAGroupingKey()
    {
        var plan = _planner.Plan("SELECT name FROM customers WHERE EXISTS (SELECT status FROM orders WHERE cust_id = c_id GROUP BY status HAVING count(*) > 2)");
        var tree = Rewritten(plan);
        Assert.Contains("Aggregate [status, cust_id], [status, count(*) AS count(*), cust_id]", tree, StringComparison.Ordinal);
        Assert.Contains("Join LeftSemi, (cust_id = c_id)", tree, StringComparison.Ordinal);
    }

    [Fact]
    public void ExistsUnderOrBecomesAnExistenceJoinWhoseMarkTheFilterReads()
    {
        var plan = _planner.Plan("SELECT name FROM customers WHERE region = 'EU' OR NOT EXISTS (SELECT 1 FROM orders WHERE cust_id = c_id)");
        var tree = Rewritten(plan);
        Assert.Contains("Filter ((region = 'EU') OR (NOT exists))", tree, StringComparison.Ordinal);
        Assert.Contains("Join Existence [exists], (cust_id = c_id)", tree, StringComparison.Ordinal);
    }

    [Fact]
    public void InAsAValueNeedsBothMarksUnlessNeitherSideCanBeNull()
    {
        var tree = Rewritten(_planner.Plan("SELECT c_id IN (SELECT cust_id FROM orders) AS ordered FROM customers"));
        Assert.Contains("CASE WHEN in THEN true WHEN in THEN NULL ELSE false END AS ordered", tree, StringComparison.Ordinal);
        Assert.Contains("Join Existence [in], (c_id = cust_id)", tree, StringComparison.Ordinal);
        Assert.Contains("Join Existence [in], ((c_id = cust_id) OR ((c_id = cust_id) IS NULL))", tree, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT name FROM customers c JOIN orders o ON c.c_id = o.cust_id AND o.o_id IN (SELECT c_id FROM customers)", "a subquery in a join's ON condition is not supported")]
    [InlineData("SELECT name FROM customers ORDER BY (SELECT max(o_id) FROM orders)", "a scalar subquery in ORDER BY is not supported")]
    [InlineData("SELECT count(*) FROM customers GROUP BY (SELECT max(o_id) FROM orders)", "a scalar subquery in GROUP BY or inside an aggregate function is not supported yet")]
    [InlineData("SELECT region, sum((SELECT max(o_id) FROM orders)) FROM customers GROUP BY region", "a scalar subquery in GROUP BY or inside an aggregate function is not supported yet")]
    [InlineData("SELECT region, (SELECT max(o_id) FROM orders WHERE cust_id = c_id) FROM customers GROUP BY region", "uses column 'c_id', which is neither in GROUP BY nor inside an aggregate function")]
    [InlineData("SELECT name FROM customers WHERE c_id = (SELECT cust_id FROM orders WHERE o_id = c_id)", "a correlated scalar subquery must aggregate")]
    [InlineData("SELECT name FROM customers WHERE c_id < (SELECT max(cust_id) FROM orders WHERE o_id > c_id)", "only equalities between a subquery column and an enclosing column are")]
    [InlineData("SELECT name FROM customers WHERE EXISTS (SELECT 1 FROM orders WHERE cust_id = c_id LIMIT 1)", "a LIMIT over rows chosen by a correlated condition cannot be decorrelated")]
    [InlineData("SELECT name FROM customers WHERE EXISTS (SELECT 1 FROM orders WHERE cust_id = c_id AND EXISTS (SELECT 1 FROM customers c2 WHERE c2.name = customers.name))", "only one level of correlation is supported")]
    [InlineData("SELECT name FROM customers WHERE EXISTS (SELECT c_id FROM orders WHERE o_id = 1)", "the select list item")]
    [InlineData("SELECT name FROM customers WHERE c_id IN (SELECT max(cust_id) FROM orders WHERE o_id = c_id)", "without GROUP BY returns one row for every outer row")]
    [InlineData("SELECT name, (SELECT max(o_id) + c_id FROM orders) FROM customers", "of a scalar subquery reads a column of the enclosing query")]
    public void SubqueriesThatCannotBecomeJoinsAreRefusedWithTheirPosition(string sql, string message)
    {
        var e = Assert.Throws<AnalysisException>(() => _planner.Plan(sql));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Position);
        Assert.StartsWith("SQL error at line 1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT name FROM customers WHERE c_id IN (SELECT cust_id, o_id FROM orders)", "an IN subquery must return exactly one column, but this one returns 2 (cust_id, o_id)", 39)]
    [InlineData("SELECT (SELECT * FROM orders) FROM customers", "a scalar subquery must return exactly one column", 9)]
    public void SubqueryColumnCountIsChecked(string sql, string message, int column)
    {
        var e = Assert.Throws<AnalysisException>(() => _planner.Plan(sql));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(column, e.Position!.Value.Column);
    }

    [Fact]
    public void ColumnListsRenameCtesViewsAndFromItems()
    {
        Assert.Equal(
            "id:int, who:string",
            PlanAssert.Schema(_planner.Plan("WITH c (id, who) AS (SELECT c_id, name FROM customers) SELECT * FROM c")));
        Assert.Equal(
            "k:int, n:bigint",
            PlanAssert.Schema(_planner.Plan("SELECT x.k, x.n FROM (SELECT cust_id, count(*) FROM orders GROUP BY cust_id) AS x (k, n)")));
        Assert.Equal(
            "a:int, b:string, c:string",
            PlanAssert.Schema(_planner.Plan("SELECT * FROM customers AS t (a, b, c)")));
        var view = Assert.IsType<CreateViewStatement>(_planner.PlanStatement("CREATE TEMP VIEW v (k, total) AS SELECT cust_id, sum(amount) FROM orders GROUP BY cust_id"));
        Assert.Equal("k:int, total:decimal(20,2)", PlanAssert.Schema(view.Plan));
        var e = Assert.Throws<AnalysisException>(() => _planner.Plan("WITH c (id) AS (SELECT c_id, name FROM customers) SELECT * FROM c"));
        Assert.Contains("'c' names 1 column(s) (id), but its query returns 2 (c_id, name)", e.Message, StringComparison.Ordinal);
    }
}
