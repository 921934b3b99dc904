namespace Kiln.TpcH.Tests;

/// <summary>The 22 TPC-H queries on SF 0.1 Parquet on a local cluster of executor processes, against DuckDB over the same files.</summary>
[Collection(TpchCollection.Name)]
public sealed class ParquetClusterQueryOracleTests(TpchDataFixture data)
{
    public static TheoryData<string> Queries => QueryOracleTests.Queries;

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_DuckDB_on_SF_0_1_Parquet_on_local_cluster(string query) =>
        ParquetQueryOracleTests.Check(data, data.ParquetClusterSession, query, "Parquet on local-cluster");
}
