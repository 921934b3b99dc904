using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Sql.Tests;

public class SelectPlanTests
{
    private readonly SqlPlanner _planner = TestCatalog.Planner();

    [Fact]
    public void SelectWithWhereBuildsProjectOverFilter()
    {
        var plan = _planner.Plan("SELECT o_id, amount * 2 AS doubled FROM orders WHERE status = 'open'");
        Assert.Equal(
            """
            Project [o_id, (amount * CAST(2 AS decimal(10,0))) AS doubled]
              +- Filter (status = 'open')
                +- SubqueryAlias orders
                  +- LocalRelation [o_id, cust_id, amount, o_date, status] rows=0
            """,
            PlanAssert.Tree(plan));
        Assert.Equal("o_id:int, doubled:decimal(21,2)", PlanAssert.Schema(plan));
    }

    [Fact]
    public void StarAndQualifiedStarExpand()
    {
        var plan = _planner.Plan("SELECT c.*, o.o_id FROM customers c JOIN orders o ON c.c_id = o.cust_id");
        Assert.Equal("c_id:int, name:string, region:string, o_id:int", PlanAssert.Schema(plan));
        Assert.Equal("o_id:int, cust_id:int, amount:decimal(10,2), o_date:date, status:string", PlanAssert.Schema(_planner.Plan("select * from orders")));
    }

    [Fact]
    public void UnaliasedExpressionsAreNamedByTheirText()
    {
        var plan = _planner.Plan("SELECT upper(name), c_id + 1 FROM customers");
        Assert.Equal("upper(name):string, (c_id + 1):int", PlanAssert.Schema(plan));
    }

    [Fact]
    public void DistinctOrderByAndLimit()
    {
        var plan = _planner.Plan("SELECT DISTINCT region FROM customers ORDER BY region DESC NULLS LAST LIMIT 5");
        Assert.Equal(
            """
            Limit 5
              +- Sort [region DESC NULLS LAST]
                +- Distinct
                  +- Project [region]
                    +- SubqueryAlias customers
                      +- LocalRelation [c_id, name, region] rows=0
            """,
            PlanAssert.Tree(plan));
    }

    [Fact]
    public void OrderByAliasOrdinalAndHiddenColumn()
    {
        var plan = _planner.Plan("SELECT name AS n, c_id FROM customers ORDER BY n, 2 DESC, region");
        Assert.Equal(
            """
            Project [n, c_id]
              +- Sort [n ASC NULLS FIRST, c_id DESC NULLS LAST, region ASC NULLS FIRST]
                +- Project [name AS n, c_id, region]
                  +- SubqueryAlias customers
                    +- LocalRelation [c_id, name, region] rows=0
            """,
            PlanAssert.Tree(plan));
        Assert.Equal("n:string, c_id:int", PlanAssert.Schema(plan));
    }

    [Fact]
    public void SelectWithoutFromUsesOneRowRelation()
    {
        var plan = _planner.Plan("SELECT 1 AS one, 'x' AS s");
        Assert.Equal("one:int, s:string", PlanAssert.Schema(plan));
        var relation = Assert.IsType<LocalRelation>(plan.Children[0]);
        Assert.Equal(1, relation.RowCount);
    }

    [Fact]
    public void UnionAllWidensTypesByPosition()
    {
        var plan = _planner.Plan("SELECT c_id AS id FROM customers UNION ALL SELECT amount FROM orders UNION ALL SELECT 1.5e0");
        var union = Assert.IsType<Union>(plan);
        Assert.Equal(3, union.Inputs.Count);
        Assert.Equal("id:double", PlanAssert.Schema(plan));
        Assert.All(union.Inputs, i => Assert.Equal(DataType.Float64, i.Output[0].Type));
    }

    [Fact]
    public void UnionWithoutAllRemovesDuplicatesAndSortsOverTheUnion()
    {
        var plan = _planner.Plan("SELECT region FROM customers UNION SELECT status FROM orders ORDER BY 1 LIMIT 3");
        Assert.IsType<Distinct>(((Sort)((Limit)plan).Child).Child);
    }

    [Fact]
    public void WithClauseAndSubqueryInFrom()
    {
        var plan = _planner.Plan(
            """
            WITH big AS (SELECT o_id, amount FROM orders WHERE amount > 100)
            SELECT b.o_id FROM big b JOIN (SELECT o_id AS id FROM orders) s ON b.o_id = s.id
            """);
        Assert.Equal("o_id:int", PlanAssert.Schema(plan));
        var join = Assert.IsType<Join>(plan.Children[0]);
        Assert.Equal(JoinType.Inner, join.Type);
        Assert.Contains("SubqueryAlias b", PlanAssert.Tree(plan), StringComparison.Ordinal);
        Assert.Contains("SubqueryAlias s", PlanAssert.Tree(plan), StringComparison.Ordinal);
    }

    [Fact]
    public void SelfJoinGetsFreshAttributeIds()
    {
        var plan = _planner.Plan("SELECT a.c_id, b.c_id FROM customers a JOIN customers b ON a.c_id = b.c_id");
        var join = Assert.IsType<Join>(plan.Children[0]);
        var leftIds = join.Left.Output.Select(a => a.Id).ToHashSet();
        Assert.DoesNotContain(join.Right.Output, a => leftIds.Contains(a.Id));
        Assert.Equal(2, plan.Output.Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public void CreateTempViewReturnsTheViewToRegister()
    {
        var statement = _planner.PlanStatement("CREATE OR REPLACE TEMP VIEW open_orders AS SELECT * FROM orders WHERE status = 'open'");
        var view = Assert.IsType<CreateViewStatement>(statement);
        Assert.Equal("open_orders", view.Name);
        Assert.True(view.Replace);
        Assert.IsType<Filter>(view.Plan.Children[0]);

        var catalog = new TestCatalog();
        catalog.Register(view.Name, view.Plan);
        var plan = new SqlPlanner(catalog).Plan("SELECT count(*) FROM open_orders");
        Assert.Equal("count(*):bigint", PlanAssert.Schema(plan));
        Assert.False(Assert.IsType<CreateViewStatement>(_planner.PlanStatement("create temporary view v as select 1")).Replace);
    }

    [Fact]
    public void OrderByOnSelectAliasOfExpression()
    {
        var plan = _planner.Plan("SELECT c_id * 2 AS twice FROM customers ORDER BY twice");
        var sort = Assert.IsType<Sort>(plan);
        Assert.Equal("twice", Assert.IsType<AttributeRef>(sort.Order[0].Expr).Name);
    }
}
