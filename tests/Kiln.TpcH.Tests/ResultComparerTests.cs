using Kiln.Common.Types;

namespace Kiln.TpcH.Tests;

/// <summary>The oracle's comparison rules, each shown to fail when it should.</summary>
public sealed class ResultComparerTests
{
    private static readonly Schema KeyAndValue = Schema.ParseDdl("k string, v decimal(19,6)");

    private static TpchAnswer Answer(string[] types, params string?[][] rows) => new("q", types.Select((_, i) => $"c{i}").ToArray(), types, rows, null);

    private static Row[] Rows(Schema schema, params object?[][] rows) => rows.Select(r => new Row(schema, r)).ToArray();

    [Theory]
    [InlineData("0.04998529", true)]
    [InlineData("0.0499855", true)]
    [InlineData("0.0499", false)]
    public void A_rounded_decimal_matches_a_double_within_half_a_unit_of_its_scale(string duck, bool matches) =>
        Assert.Equal(matches, TpchResultComparer.CellMatches(0.049985m, DataType.Decimal(19, 6), duck, "DOUBLE"));

    [Fact]
    public void Decimals_with_enough_scale_must_be_exact() =>
        Assert.False(TpchResultComparer.CellMatches(10.01m, DataType.Decimal(25, 2), "10.02", "DECIMAL(38,2)"));

    [Fact]
    public void Doubles_match_within_one_billionth_relative()
    {
        Assert.True(TpchResultComparer.CellMatches(1_000_000.0000001, DataType.Float64, "1000000.0", "DOUBLE"));
        Assert.False(TpchResultComparer.CellMatches(1_000_000.01, DataType.Float64, "1000000.0", "DOUBLE"));
    }

    [Fact]
    public void Integers_strings_and_dates_must_be_exact()
    {
        Assert.False(TpchResultComparer.CellMatches(5L, DataType.Int64, "6", "BIGINT"));
        Assert.False(TpchResultComparer.CellMatches("a ", DataType.String, "a", "VARCHAR"));
        Assert.False(TpchResultComparer.CellMatches(new DateOnly(1995, 1, 2), DataType.Date, "1995-01-01", "DATE"));
        Assert.False(TpchResultComparer.CellMatches(null, DataType.Int64, "0", "BIGINT"));
    }

    [Fact]
    public void Rows_out_of_order_fail_but_ties_may_come_in_any_order()
    {
        var expected = Answer(["VARCHAR", "DECIMAL(38,6)"], ["a", "1.000000"], ["b", "2.000000"], ["b", "3.000000"]);
        var swappedTies = Rows(KeyAndValue, ["a", 1m], ["b", 3m], ["b", 2m]);
        var swappedKeys = Rows(KeyAndValue, ["b", 2m], ["a", 1m], ["b", 3m]);
        Assert.Null(TpchResultComparer.Difference(swappedTies, KeyAndValue, expected, [0], hasLimit: false));
        Assert.NotNull(TpchResultComparer.Difference(swappedKeys, KeyAndValue, expected, [0], hasLimit: false));
        Assert.NotNull(TpchResultComparer.Difference(Rows(KeyAndValue, ["a", 1m], ["b", 2m], ["b", 4m]), KeyAndValue, expected, [0], hasLimit: false));
    }

    [Fact]
    public void Under_a_limit_the_last_group_of_ties_is_compared_by_its_keys_only()
    {
        var expected = Answer(["VARCHAR", "DECIMAL(38,6)"], ["a", "1.000000"], ["b", "2.000000"]);
        Assert.Null(TpchResultComparer.Difference(Rows(KeyAndValue, ["a", 1m], ["b", 9m]), KeyAndValue, expected, [0], hasLimit: true));
        Assert.NotNull(TpchResultComparer.Difference(Rows(KeyAndValue, ["a", 1m], ["b", 9m]), KeyAndValue, expected, [0], hasLimit: false));
        Assert.NotNull(TpchResultComparer.Difference(Rows(KeyAndValue, ["a", 2m], ["b", 2m]), KeyAndValue, expected, [0], hasLimit: true));
    }

    [Fact]
    public void Row_and_column_counts_must_agree()
    {
        var expected = Answer(["VARCHAR", "DECIMAL(38,6)"], ["a", "1.000000"]);
        Assert.NotNull(TpchResultComparer.Difference([], KeyAndValue, expected, [], hasLimit: false));
        var one = Schema.ParseDdl("k string");
        Assert.NotNull(TpchResultComparer.Difference(Rows(one, ["a"]), one, expected, [], hasLimit: false));
    }
}
