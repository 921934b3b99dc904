using System.Text.RegularExpressions;

namespace Kiln.TpcH.Tests;

/// <summary>
/// Each TPC-H query on SF 0.1 in Kiln against DuckDB's answer on the same files. A query Kiln cannot run yet fails
/// here (with Kiln's error), it is never skipped.
/// </summary>
[Collection(TpchCollection.Name)]
public sealed partial class QueryOracleTests(TpchDataFixture data)
{
    /// <summary>The output columns each query's ORDER BY sorts on, in order (empty: one row, no ORDER BY).</summary>
    private static readonly Dictionary<int, int[]> OrderKeys = new()
    {
        [1] = [0, 1], [2] = [0, 2, 1, 3], [3] = [1, 2], [4] = [0], [5] = [1], [6] = [], [7] = [0, 1, 2], [8] = [0], [9] = [0, 1],
        [10] = [2], [11] = [1], [12] = [0], [13] = [1, 0], [14] = [], [15] = [0], [16] = [3, 0, 1, 2], [17] = [], [18] = [4, 3],
        [19] = [], [20] = [0], [21] = [1, 0], [22] = [0],
    };

    public static TheoryData<string> Queries => new(TpchQueries.Numbers.Select(TpchQueries.Name));

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_DuckDB_on_SF_0_1(string query)
    {
        Assert.True(TpchQueries.TryParse(query, out var number));
        var expected = data.Answer(query);
        Assert.True(expected.Error is null, $"DuckDB failed on {query}: {expected.Error}");

        var sql = TpchQueries.Get(number);
        var frame = data.Session.Sql(sql);
        var rows = frame.Collect();
        var difference = ResultComparer.Difference(rows, frame.Schema, expected, OrderKeys[number], LimitClause().IsMatch(sql));
        Assert.True(difference is null, $"{query} differs from DuckDB: {difference}");
    }

    [Fact]
    public void Every_query_has_its_order_keys_declared() =>
        Assert.Equal(TpchQueries.Numbers, OrderKeys.Keys.Order());

    [GeneratedRegex(@"\blimit\s+\d+\s*;?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex LimitClause();
}
