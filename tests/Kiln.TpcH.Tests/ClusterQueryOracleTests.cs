namespace Kiln.TpcH.Tests;

/// <summary>
/// The 22 TPC-H queries on SF 0.1 on a local cluster of executor processes (shuffle over the network, shuffled hash
/// joins only), against the same DuckDB answers as the local-mode run.
/// </summary>
[Collection(TpchCollection.Name)]
public sealed class ClusterQueryOracleTests(TpchDataFixture data)
{
    public static TheoryData<string> Queries => QueryOracleTests.Queries;

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_DuckDB_on_SF_0_1_on_local_cluster(string query)
    {
        Assert.True(TpchQueries.TryParse(query, out var number));
        var expected = data.Answer(query);

        var frame = data.ClusterSession.Sql(TpchQueries.Get(number));
        var rows = frame.Collect();
        var difference = TpchResultComparer.Difference(number, rows, frame.Schema, expected);
        Assert.True(difference is null, $"{query} on local-cluster differs from DuckDB: {difference}");
    }
}
