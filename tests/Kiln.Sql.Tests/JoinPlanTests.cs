using Kiln.Common.Errors;
using Kiln.Plan.Logical;

namespace Kiln.Sql.Tests;

public class JoinPlanTests
{
    private readonly SqlPlanner _planner = TestCatalog.Planner();

    [Theory]
    [InlineData("JOIN", JoinType.Inner)]
    [InlineData("INNER JOIN", JoinType.Inner)]
    [InlineData("LEFT JOIN", JoinType.LeftOuter)]
    [InlineData("LEFT OUTER JOIN", JoinType.LeftOuter)]
    [InlineData("RIGHT OUTER JOIN", JoinType.RightOuter)]
    [InlineData("FULL JOIN", JoinType.FullOuter)]
    [InlineData("LEFT SEMI JOIN", JoinType.LeftSemi)]
    [InlineData("LEFT ANTI JOIN", JoinType.LeftAnti)]
    public void ExplicitJoinTypes(string syntax, JoinType expected)
    {
        var plan = _planner.Plan($"SELECT c.name FROM customers c {syntax} orders o ON c.c_id = o.cust_id");
        var join = Assert.IsType<Join>(plan.Children[0]);
        Assert.Equal(expected, join.Type);
        Assert.Equal("(c_id = cust_id)", PlanAssert.Text(join.Condition!));
    }

    [Fact]
    public void CommaAndCrossJoinsHaveNoCondition()
    {
        var comma = _planner.Plan("SELECT name FROM customers, orders WHERE c_id = cust_id");
        var join = Assert.IsType<Join>(Assert.IsType<Filter>(comma.Children[0]).Child);
        Assert.Equal(JoinType.Cross, join.Type);
        Assert.Null(join.Condition);
        var cross = _planner.Plan("SELECT * FROM customers CROSS JOIN orders");
        Assert.Equal(JoinType.Cross, Assert.IsType<Join>(cross.Children[0]).Type);
    }

    [Fact]
    public void OuterJoinMakesTheOtherSideNullable()
    {
        var plan = _planner.Plan("SELECT o.o_id FROM customers c LEFT JOIN orders o ON c.c_id = o.cust_id");
        Assert.True(plan.Output[0].Nullable);
    }

    [Fact]
    public void JoinUsingKeepsOneKeyColumn()
    {
        var plan = _planner.Plan("SELECT * FROM (SELECT c_id AS id, name FROM customers) a JOIN (SELECT o_id AS id, amount FROM orders) b USING (id)");
        Assert.Equal("id:int, name:string, amount:decimal(10,2)", PlanAssert.Schema(plan));
    }

    [Fact]
    public void AmbiguousColumnIsAnError()
    {
        var e = Assert.Throws<AnalysisException>(() => _planner.Plan("SELECT c_id FROM customers a JOIN customers b ON a.c_id = b.c_id"));
        Assert.Contains("ambiguous", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonBooleanJoinConditionIsAnError()
    {
        var e = Assert.Throws<AnalysisException>(() => _planner.Plan("SELECT * FROM customers JOIN orders ON c_id + 1"));
        Assert.Contains("must be boolean", e.Message, StringComparison.Ordinal);
    }
}
