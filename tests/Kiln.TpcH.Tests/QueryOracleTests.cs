using System.Text.RegularExpressions;

namespace Kiln.TpcH.Tests;

/// <summary>
/// Each TPC-H query on SF 0.1 in Kiln against DuckDB's answer on the same files. A query Kiln cannot run yet fails
/// here (with Kiln's error), it is never skipped.
/// </summary>
[Collection(TpchCollection.Name)]
public sealed class QueryOracleTests(TpchDataFixture data)
{
    public static TheoryData<string> Queries => new(TpchQueries.Numbers.Select(TpchQueries.Name));

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_DuckDB_on_SF_0_1(string query)
    {
        Assert.True(TpchQueries.TryParse(query, out var number));
        var expected = data.Answer(query);

        var sql = TpchQueries.Get(number);
        var frame = data.Session.Sql(sql);
        var rows = frame.Collect();
        var difference = TpchResultComparer.Difference(number, rows, frame.Schema, expected);
        Assert.True(difference is null, $"{query} differs from DuckDB: {difference}");
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Declared_order_keys_and_limit_agree_with_the_query_text(string query)
    {
        Assert.True(TpchQueries.TryParse(query, out var number));
        var sql = TpchQueries.Get(number).TrimEnd();
        var limit = Regex.Match(sql, @"\slimit\s+\d+$", RegexOptions.IgnoreCase);
        Assert.Equal(limit.Success, TpchQueries.HasLimit(number));
        var orderBy = sql.LastIndexOf("order by", StringComparison.OrdinalIgnoreCase);
        var keys = orderBy < 0
            ? []
            : sql[(orderBy + "order by".Length)..(limit.Success ? limit.Index : sql.Length)]
                .Split(',')
                .Select(k => Regex.Replace(k.Trim(), @"\s+(asc|desc)$", "", RegexOptions.IgnoreCase))
                .ToArray();
        var columns = data.Answer(query).Columns!;
        Assert.Equal(keys, TpchQueries.OrderKeyColumns(number).Select(i => columns[i]));
    }
}
