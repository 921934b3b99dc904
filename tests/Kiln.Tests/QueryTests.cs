using static Kiln.Functions;

namespace Kiln.Tests;

/// <summary>Each DataFrame operation checked against LINQ on the same rows, under every <see cref="EngineConfig"/>.</summary>
public sealed class QueryTests
{
    private static readonly IReadOnlyList<TestRow> Data = TestRow.Generate(3000);

    private static DataFrame Table(KilnSession session) => session.CreateDataFrame(TestRow.Schema, Data.Select(r => r.Values));

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Filter_and_project_follow_three_valued_logic(string config)
    {
        using var session = EngineConfig.Create(config);
        var actual = Table(session)
            .Where((Col("amount") > 10) & Col("grp").IsNotNull() | (Col("name") == "bob3"))
            .Select(Col("id"), (Col("amount") * 2).Alias("twice"), Upper(Col("name")).Alias("upper"))
            .Collect();
        var expected = Data
            .Where(r => (r.Amount > 10 && r.Grp is not null) || r.Name == "bob3")
            .Select(r => new object?[] { r.Id, r.Amount * 2, r.Name?.ToUpperInvariant() });
        Assert.Equal(Rows.Sorted(expected), Rows.Sorted(actual));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Group_by_computes_every_aggregate(string config)
    {
        using var session = EngineConfig.Create(config);
        var actual = Table(session)
            .GroupBy("grp")
            .Agg(Count().Alias("n"), Count(Col("name")).Alias("names"), Sum(Col("id")).Alias("ids"), Avg(Col("amount")).Alias("avg"),
                Min(Col("name")).Alias("min_name"), Max(Col("day")).Alias("last"), Sum(Col("price")).Alias("total"), Max(Col("amount")).Alias("max"))
            .Collect();
        var expected = Data.GroupBy(r => r.Grp).Select(g => new object?[]
        {
            g.Key, (long)g.Count(), (long)g.Count(r => r.Name is not null), (long)g.Sum(r => r.Id),
            g.Any(r => r.Amount is not null) ? g.Where(r => r.Amount is not null).Average(r => r.Amount!.Value) : null,
            g.Where(r => r.Name is not null).Select(r => r.Name).Order(StringComparer.Ordinal).FirstOrDefault(),
            g.Max(r => r.Day), g.Any(r => r.Price is not null) ? g.Sum(r => r.Price) : null, g.Max(r => r.Amount),
        });
        Assert.Equal(Rows.Sorted(expected), Rows.Sorted(actual));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Count_distinct_mixes_with_other_aggregates(string config)
    {
        using var session = EngineConfig.Create(config);
        var actual = Table(session).GroupBy("grp").Agg(CountDistinct(Col("name")).Alias("d"), Count().Alias("n"), Avg(Col("id")).Alias("a")).Collect();
        var expected = Data.GroupBy(r => r.Grp).Select(g => new object?[]
        {
            g.Key, (long)g.Where(r => r.Name is not null).Select(r => r.Name).Distinct().Count(), (long)g.Count(), g.Average(r => (double)r.Id),
        });
        Assert.Equal(Rows.Sorted(expected), Rows.Sorted(actual));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Group_by_a_named_expression_names_the_key_column(string config)
    {
        using var session = EngineConfig.Create(config);
        var result = Table(session).GroupBy((Col("id") % 7).Alias("bucket")).Agg(Count().Alias("n"), Max(Col("id")).Alias("top"));
        Assert.Equal(["bucket", "n", "top"], result.Schema.Fields.Select(f => f.Name));
        var expected = Data.GroupBy(r => r.Id % 7).Select(g => new object?[] { g.Key, (long)g.Count(), g.Max(r => r.Id) });
        Assert.Equal(Rows.Sorted(expected), Rows.Sorted(result.Collect()));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Group_by_an_expression_with_an_implicit_cast(string config)
    {
        using var session = EngineConfig.Create(config);
        var result = session.Range(0, 100).GroupBy(Col("id") % 3).Agg(Count().Alias("n")).Collect();
        Assert.Equal(["[0,34]", "[1,33]", "[2,33]"], Rows.Sorted(result));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Global_aggregate_of_nothing_is_one_row(string config)
    {
        using var session = EngineConfig.Create(config);
        var actual = Table(session).Where(Col("id") < 0).Agg(Count().Alias("n"), Sum(Col("amount")).Alias("s"), Max(Col("name")).Alias("m")).Collect();
        Assert.Equal(["[0,null,null]"], Rows.Of(actual));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Order_by_respects_direction_and_null_placement(string config)
    {
        using var session = EngineConfig.Create(config);
        var actual = Table(session)
            .OrderBy(Col("grp").DescNullsLast(), Col("name").AscNullsFirst(), Col("id"))
            .Select("grp", "name", "id")
            .Collect();
        var expected = Data
            .OrderBy(r => r.Grp is null ? 1 : 0).ThenByDescending(r => r.Grp)
            .ThenBy(r => r.Name is null ? 0 : 1).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Id)
            .Select(r => new object?[] { r.Grp, r.Name, r.Id });
        Assert.Equal(Rows.Ordered(expected), Rows.Of(actual));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Sort_then_limit_takes_the_top_rows(string config)
    {
        using var session = EngineConfig.Create(config);
        var actual = Table(session).OrderBy(Col("amount").Desc(), Col("id")).Limit(25).Select("id").Collect();
        var expected = Data.OrderBy(r => r.Amount is null ? 1 : 0).ThenByDescending(r => r.Amount).ThenBy(r => r.Id).Take(25).Select(r => new object?[] { r.Id });
        Assert.Equal(Rows.Ordered(expected), Rows.Of(actual));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Distinct_union_and_limit(string config)
    {
        using var session = EngineConfig.Create(config);
        var table = Table(session);
        var distinct = table.Select("grp").Distinct().Collect();
        Assert.Equal(Rows.Sorted(Data.Select(r => r.Grp).Distinct().Select(g => new object?[] { g })), Rows.Sorted(distinct));
        Assert.Equal(6000, table.Union(table).Count());
        Assert.Equal(10, table.Limit(10).Collect().Count);
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Csv_round_trip_reads_what_was_written(string config)
    {
        using var session = EngineConfig.Create(config);
        var dir = Path.Combine(Path.GetTempPath(), "kiln-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var table = Table(session);
            var written = table.Write.Option("header", "true").Csv(dir);
            Assert.True(File.Exists(Path.Combine(dir, "_SUCCESS")));
            Assert.NotEmpty(written.Files);
            var back = session.Read.Option("header", "true").Schema(TestRow.Schema).Csv(dir).Collect();
            Assert.Equal(Rows.Sorted(Data.Select(r => r.Values)), Rows.Sorted(back));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
