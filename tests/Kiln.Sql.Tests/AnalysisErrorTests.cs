using Kiln.Common.Errors;

namespace Kiln.Sql.Tests;

/// <summary>Analysis errors in SQL text point at the offending token: line, column and a caret under it.</summary>
public class AnalysisErrorTests
{
    private readonly SqlPlanner _planner = TestCatalog.Planner();

    private AnalysisException Error(string sql) => Assert.Throws<AnalysisException>(() => _planner.Plan(sql));

    [Fact]
    public void UnknownColumnShowsLineColumnCaretAndSuggestion()
    {
        var e = Error("SELECT o_id,\n  amont FROM orders");
        Assert.Equal(new SourcePosition(2, 3), e.Position);
        Assert.Equal(["amount"], e.Suggestions);
        Assert.Equal(
            """
            SQL error at line 2, column 3: column 'amont' does not exist; did you mean 'amount'? (available: o_id, cust_id, amount, o_date, status)
                amont FROM orders
                ^
            """.ReplaceLineEndings("\n"),
            e.Message);
        Assert.StartsWith("column 'amont' does not exist", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTablePointsAtItsName()
    {
        var e = Error("SELECT *\nFROM orders o\nJOIN custmers c ON o.cust_id = c.c_id");
        Assert.Equal(new SourcePosition(3, 6), e.Position);
        Assert.Contains("did you mean 'customers'?", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("  JOIN custmers c ON o.cust_id = c.c_id\n       ^", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT o_id FROM orders WHERE o_date = true", "cannot compare date with boolean", 1, 38)]
    [InlineData("SELECT o_id + status FROM orders", "'+' needs numeric operands", 1, 13)]
    [InlineData("SELECT c_id FROM customers a JOIN customers b ON a.c_id = b.c_id", "column 'c_id' is ambiguous", 1, 8)]
    [InlineData("SELECT name, count(*) FROM customers", "uses column 'name', which is neither in GROUP BY nor inside an aggregate function", 1, 8)]
    [InlineData("SELECT o_id FROM orders\nWHERE sum(amount) > 10", "aggregate 'sum(amount)' is not allowed here", 2, 7)]
    [InlineData("SELECT upper(status), lowr(status) FROM orders", "unknown function 'lowr'", 1, 23)]
    [InlineData("SELECT o_id FROM orders WHERE status", "the WHERE condition must be boolean", 1, 31)]
    [InlineData("SELECT o_id FROM orders ORDER BY 4", "ORDER BY position 4 is not in the select list", 1, 34)]
    [InlineData("SELECT name FROM customers WHERE EXISTS (\n  SELECT 1 FROM orders WHERE cust_id = c_idd)", "column 'c_idd' does not exist; did you mean 'c_id', 'o_id'?", 2, 40)]
    [InlineData("SELECT region, count(*) FROM customers GROUP BY region HAVING max(name) > 'a' AND c_id > 1", "neither in GROUP BY", 1, 83)]
    [InlineData("SELECT x.* FROM customers c", "'x.*' names no table of the FROM clause", 1, 8)]
    [InlineData("SELECT c_id FROM customers UNION ALL SELECT o_id FROM orders\nUNION ALL SELECT o_id, 1 FROM orders", "UNION needs the same number of columns in every query, but they have 1 and 2", 2, 1)]
    [InlineData("SELECT c_id FROM customers UNION SELECT o_date FROM orders", "UNION column 1 ('c_id') has incompatible types int and date", 1, 28)]
    [InlineData("SELECT * FROM customers JOIN orders USING (c_id)", "column 'c_id' does not exist", 1, 44)]
    public void AnalysisErrorsPointAtTheOffendingToken(string sql, string problem, int line, int column)
    {
        var e = Error(sql);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal(new SourcePosition(line, column), e.Position);
        var lines = e.Message.Split('\n');
        Assert.Equal($"SQL error at line {line}, column {column}: ", lines[0][..lines[0].IndexOf(": ", StringComparison.Ordinal)] + ": ");
        Assert.Equal(new string(' ', column + 1) + "^", lines[^1]);
    }

    [Fact]
    public void ErrorsOfTheDataFrameApiHaveNoPosition()
    {
        var e = Assert.Throws<AnalysisException>(() => Kiln.Plan.Analysis.ExpressionResolver.ResolveColumn(new Kiln.Plan.Expressions.ColumnRef("nope"), []));
        Assert.Null(e.Position);
        Assert.DoesNotContain("line", e.Message, StringComparison.Ordinal);
    }
}
