namespace Kiln.TpcH.Tests;

/// <summary>
/// The 22 TPC-H queries on SF 0.1 read from Parquet (<c>kiln datagen tpch --format parquet</c>) against DuckDB's answers
/// over the same Parquet files.
/// </summary>
[Collection(TpchCollection.Name)]
public sealed class ParquetQueryOracleTests(TpchDataFixture data)
{
    public static TheoryData<string> Queries => QueryOracleTests.Queries;

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_DuckDB_on_SF_0_1_Parquet(string query) => Check(data, data.ParquetSession, query, "Parquet");

    internal static void Check(TpchDataFixture data, KilnSession session, string query, string where)
    {
        Assert.True(TpchQueries.TryParse(query, out var number));
        var expected = data.ParquetAnswer(query);
        var frame = session.Sql(TpchQueries.Get(number));
        var rows = frame.Collect();
        var difference = TpchResultComparer.Difference(number, rows, frame.Schema, expected);
        Assert.True(difference is null, $"{query} on {where} differs from DuckDB: {difference}");
    }
}
