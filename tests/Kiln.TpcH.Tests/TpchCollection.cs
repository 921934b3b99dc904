namespace Kiln.TpcH.Tests;

/// <summary>Tests that share the cached SF 0.1 data set, its DuckDB answers and one Kiln session.</summary>
[CollectionDefinition(Name)]
public sealed class TpchCollection : ICollectionFixture<TpchDataFixture>
{
    public const string Name = "TPC-H SF 0.1";
}
