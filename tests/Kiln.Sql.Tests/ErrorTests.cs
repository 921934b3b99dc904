using Kiln.Common.Errors;

namespace Kiln.Sql.Tests;

public class ErrorTests
{
    private readonly SqlPlanner _planner = TestCatalog.Planner();

    [Fact]
    public void SyntaxErrorShowsLineColumnAndCaret()
    {
        var e = Assert.Throws<SqlParseException>(() => _planner.Plan("SELECT o_id,\n  FROM orders"));
        Assert.Equal(2, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Equal("FROM", e.Token);
        Assert.Equal(
            """
            SQL syntax error at line 2, column 3: expected an expression, but found 'FROM'
                FROM orders
                ^
            """.ReplaceLineEndings("\n"),
            e.Message);
    }

    [Fact]
    public void MissingKeywordSaysWhatWasExpected()
    {
        var e = Assert.Throws<SqlParseException>(() => _planner.Plan("SELECT * FROM orders o LEFT JOIN customers c"));
        Assert.Contains("expected ON or USING", e.Message, StringComparison.Ordinal);
        Assert.Equal("end of input", e.Token);
        var group = Assert.Throws<SqlParseException>(() => _planner.Plan("SELECT status FROM orders GROUP status"));
        Assert.Equal("expected BY, but found 'status'", group.Problem);
        Assert.Equal(33, group.Column);
    }

    [Fact]
    public void TrailingTokensAreRejected()
    {
        var e = Assert.Throws<SqlParseException>(() => _planner.Plan("SELECT 1 FROM orders orders2 extra"));
        Assert.Equal("extra", e.Token);
    }

    [Fact]
    public void LexerErrorsHavePositions()
    {
        var e = Assert.Throws<SqlParseException>(() => _planner.Plan("SELECT 'open FROM orders"));
        Assert.Contains("unterminated", e.Message, StringComparison.Ordinal);
        Assert.Equal(8, e.Column);
        Assert.Throws<SqlParseException>(() => _planner.Plan("SELECT o_id ? 2 FROM orders"));
    }

    [Theory]
    [InlineData("SELECT o_id FROM orders EXCEPT SELECT c_id FROM customers", "EXCEPT is not supported yet")]
    [InlineData("SELECT o_id FROM orders INTERSECT SELECT c_id FROM customers", "INTERSECT is not supported yet")]
    public void UnsupportedSetOperationsAreSyntaxErrors(string sql, string message)
    {
        var e = Assert.Throws<SqlParseException>(() => _planner.Plan(sql));
        Assert.Equal(message, e.Problem);
    }

    [Fact]
    public void BadTypeAndDateLiterals()
    {
        Assert.Contains("unknown type 'strng'", Assert.Throws<SqlParseException>(() => _planner.Plan("SELECT CAST(o_id AS strng) FROM orders")).Message, StringComparison.Ordinal);
        Assert.Contains("expected a date", Assert.Throws<SqlParseException>(() => _planner.Plan("SELECT DATE '1998-13-01'")).Message, StringComparison.Ordinal);
        Assert.Contains("INTERVAL can only be added", Assert.Throws<SqlParseException>(() => _planner.Plan("SELECT INTERVAL '1' DAY")).Message, StringComparison.Ordinal);
        Assert.Contains("not supported yet", Assert.Throws<SqlParseException>(() => _planner.Plan("SELECT o_date + INTERVAL '1' MONTH FROM orders")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTableSuggestsCloseNames()
    {
        var e = Assert.Throws<AnalysisException>(() => _planner.Plan("SELECT * FROM ordres"));
        Assert.Contains("table or view 'ordres' does not exist; did you mean 'orders'?", e.Message, StringComparison.Ordinal);
        Assert.Equal(["orders"], e.Suggestions);
    }

    [Fact]
    public void UnknownColumnSuggestsCloseNames()
    {
        var e = Assert.Throws<AnalysisException>(() => _planner.Plan("SELECT amont FROM orders"));
        Assert.Contains("did you mean 'amount'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFunctionAndBadOrdinal()
    {
        Assert.Contains("unknown function", Assert.Throws<AnalysisException>(() => _planner.Plan("SELECT uper(status) FROM orders")).Message, StringComparison.Ordinal);
        Assert.Contains("position 3 is not in the select list", Assert.Throws<AnalysisException>(() => _planner.Plan("SELECT o_id FROM orders ORDER BY 3")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnionColumnCountMismatch()
    {
        Assert.Contains("same number of columns", Assert.Throws<AnalysisException>(() => _planner.Plan("SELECT 1, 2 UNION ALL SELECT 1")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanRejectsCreateView()
    {
        Assert.Throws<AnalysisException>(() => _planner.Plan("CREATE TEMP VIEW v AS SELECT 1"));
    }
}
