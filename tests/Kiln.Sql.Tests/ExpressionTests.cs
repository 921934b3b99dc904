using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Sql.Tests;

public class ExpressionTests
{
    private readonly SqlPlanner _planner = TestCatalog.Planner();

    private Expr Select(string expression, string from = "orders")
    {
        var plan = _planner.Plan($"SELECT {expression} AS e FROM {from}");
        return ((Alias)((Project)plan).Projections[0]).Child;
    }

    private Expr Where(string condition) => ((Filter)_planner.Plan($"SELECT o_id FROM orders WHERE {condition}").Children[0]).Condition;

    [Theory]
    [InlineData("42", "int")]
    [InlineData("3000000000", "bigint")]
    [InlineData("12345678901234567890", "decimal(20,0)")]
    [InlineData("0.05", "decimal(2,2)")]
    [InlineData("1.50", "decimal(3,2)")]
    [InlineData("1e3", "double")]
    [InlineData("-7", "int")]
    [InlineData("'it''s'", "string")]
    [InlineData("DATE '1998-12-01'", "date")]
    [InlineData("TIMESTAMP '2024-01-02 03:04:05'", "timestamp")]
    [InlineData("TRUE", "boolean")]
    [InlineData("NULL", "void")]
    public void LiteralTypes(string literal, string type)
    {
        Assert.Equal(type, Select(literal).Type.ToString());
    }

    [Fact]
    public void StringEscapesAndNegativeNumbers()
    {
        Assert.Equal("it's", ((Literal)Select("'it''s'")).Value);
        Assert.Equal(-7, ((Literal)Select("-7")).Value);
        Assert.Equal(1000.0, ((Literal)Select("1e3")).Value);
    }

    [Fact]
    public void ArithmeticPrecedence()
    {
        Assert.Equal("(1 + (2 * 3))", PlanAssert.Text(Select("1 + 2 * 3")));
        Assert.Equal("((1 + 2) * 3)", PlanAssert.Text(Select("(1 + 2) * 3")));
        Assert.Equal("(- o_id)", PlanAssert.Text(Select("-o_id")));
        Assert.Equal("((o_id % 2) = 0)", PlanAssert.Text(Select("o_id % 2 = 0")));
    }

    [Fact]
    public void BooleanPrecedenceAndPredicates()
    {
        Assert.Equal("((o_id = 1) OR ((o_id = 2) AND (NOT (status IS NULL))))", PlanAssert.Text(Where("o_id = 1 OR o_id = 2 AND NOT status IS NULL")));
        Assert.Equal("(status IS NOT NULL)", PlanAssert.Text(Where("status IS NOT NULL")));
        Assert.Equal("((o_id >= 1) AND (o_id <= 10))", PlanAssert.Text(Where("o_id BETWEEN 1 AND 10")));
        Assert.Equal("(NOT ((o_id >= 1) AND (o_id <= 10)))", PlanAssert.Text(Where("o_id NOT BETWEEN 1 AND 10")));
        Assert.Equal("(status NOT IN ('a', 'b'))", PlanAssert.Text(Where("status NOT IN ('a', 'b')")));
        Assert.Equal("(status LIKE 'op%')", PlanAssert.Text(Where("status LIKE 'op%'")));
        Assert.Equal("(status NOT LIKE '%x\\_y')", PlanAssert.Text(Where("status NOT LIKE '%x\\_y'")));
        Assert.Equal("(o_id != 3)", PlanAssert.Text(Where("o_id <> 3")));
    }

    [Fact]
    public void CaseSearchedAndSimple()
    {
        var searched = Assert.IsType<CaseExpr>(Select("CASE WHEN o_id > 1 THEN 'big' ELSE 'small' END"));
        Assert.True(searched.HasElse);
        var simple = Assert.IsType<CaseExpr>(Select("CASE status WHEN 'a' THEN 1 WHEN 'b' THEN 2 END"));
        Assert.Equal(2, simple.BranchCount);
        Assert.Equal("(status = 'a')", PlanAssert.Text(simple.When(0)));
    }

    [Fact]
    public void CastToParameterizedType()
    {
        var cast = Assert.IsType<CastExpr>(Select("CAST(o_id AS decimal(12, 2))"));
        Assert.Equal(DataType.Decimal(12, 2), cast.To);
        Assert.Equal(DataType.String, Select("cast(o_id as string)").Type);
    }

    [Fact]
    public void ExtractAndSubstringForms()
    {
        Assert.Equal("year(o_date)", PlanAssert.Text(Select("EXTRACT(YEAR FROM o_date)")));
        Assert.Equal("month(o_date)", PlanAssert.Text(Select("extract(month from o_date)")));
        Assert.Equal("substring(status, 1, 2)", PlanAssert.Text(Select("SUBSTRING(status FROM 1 FOR 2)")));
        Assert.Equal("substring(status, 1, 2)", PlanAssert.Text(Select("substring(status, 1, 2)")));
        Assert.Equal("concat(status, 'x')", PlanAssert.Text(Select("status || 'x'")));
    }

    [Fact]
    public void IntervalsOnConstantDatesAreFolded()
    {
        Assert.Equal(Literal.Of(new DateOnly(1998, 9, 2)), Select("DATE '1998-12-01' - INTERVAL '90' DAY (3)"));
        Assert.Equal(Literal.Of(new DateOnly(1995, 3, 1)), Select("DATE '1994-12-01' + INTERVAL '3' MONTH"));
        Assert.Equal(Literal.Of(new DateOnly(1995, 1, 1)), Select("date '1994-01-01' + interval '1' year"));
        Assert.Equal(Literal.Of(new DateOnly(1994, 1, 4)), Select("INTERVAL 3 DAY + DATE '1994-01-01'"));
    }

    [Fact]
    public void DayIntervalOnColumnBecomesDateAdd()
    {
        Assert.Equal("date_add(o_date, 7)", PlanAssert.Text(Select("o_date + INTERVAL '7' DAY")));
        Assert.Equal("date_sub(o_date, 7)", PlanAssert.Text(Select("o_date - INTERVAL '7' DAY")));
    }

    [Fact]
    public void CountForms()
    {
        var plan = _planner.Plan("SELECT count(*), count(status), count(DISTINCT status) FROM orders");
        var aggregates = ((Aggregate)plan).Aggregates.Select(a => (AggregateExpr)((Alias)a).Child).ToArray();
        Assert.Null(aggregates[0].Argument);
        Assert.False(aggregates[1].Distinct);
        Assert.True(aggregates[2].Distinct);
    }

    [Fact]
    public void CommentsAndQuotedIdentifiers()
    {
        var plan = _planner.Plan("SELECT `o_id` -- the key\n, /* block */ status FROM orders");
        Assert.Equal("o_id:int, status:string", PlanAssert.Schema(plan));
    }
}
