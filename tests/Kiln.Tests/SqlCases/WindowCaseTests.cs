using Kiln.Common.Errors;

namespace Kiln.Tests.SqlCases;

/// <summary>Runs the window-function case files of SqlCases/window/ and compares Kiln's answer with the expected rows.</summary>
public sealed class WindowCaseTests
{
    public static TheoryData<string> Cases() => new(SqlCase.Names("window"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_matches_its_expected_result(string name)
    {
        var c = SqlCase.Load("window", name);
        using var session = KilnSession.Builder().Master("local[2]").Config("kiln.sql.shuffle.partitions", "3").GetOrCreate();
        foreach (var (table, (schema, rows)) in c.Tables)
        {
            session.RegisterTempView(table, session.CreateDataFrame(schema, rows));
        }

        if (c.Error is { } error)
        {
            var ex = Assert.ThrowsAny<KilnException>(() => session.Sql(c.Query).Collect());
            Assert.Contains(error.Contains, ex.Message, StringComparison.Ordinal);
            var (line, column) = ex switch
            {
                Kiln.Sql.SqlParseException p => (p.Line, p.Column),
                AnalysisException { Position: { } at } => (at.Line, at.Column),
                _ => (0, 0),
            };
            Assert.True((line, column) == (error.Line, error.Column), $"the error should point at line {error.Line}, column {error.Column}, but points at line {line}, column {column}: {ex.Message}");
            return;
        }

        var actual = session.Sql(c.Query).Collect().Select(SqlCase.Text).Order(StringComparer.Ordinal).ToArray();
        var expected = c.Expected!.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void There_are_cases_for_every_window_function()
    {
        var queries = string.Join("\n", SqlCase.Names("window").Select(n => SqlCase.Load("window", n).Query.ToLowerInvariant()));
        string[] functions = ["row_number(", "rank(", "dense_rank(", "percent_rank(", "cume_dist(", "ntile(", "lag(", "lead(", "first_value(", "last_value(", "nth_value(", "sum(", "count(", "avg(", "min(", "max(", "rows between", "range between", "window w"];
        Assert.All(functions, f => Assert.Contains(f, queries, StringComparison.Ordinal));
    }
}
