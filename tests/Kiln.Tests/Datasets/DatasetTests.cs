using System.Net.Sockets;
using Kiln.Common.Errors;
using Kiln.Execution.UserCode;
using static Kiln.Functions;

namespace Kiln.Tests.Datasets;

/// <summary>Typed Datasets through a real session: results compared with the same LINQ query over the same objects.</summary>
public sealed class DatasetTests
{
    public sealed record Sale(int Id, string? Region, decimal? Amount, DateOnly Day, Customer? Buyer);

    public sealed record Customer(string Name, int? Age);

    public sealed record Total(string Region, decimal Sum, int Orders);

    private static readonly string?[] Regions = ["north", "south", "east", null, "wést"];

    private static List<Sale> Sales(int n) => Enumerable.Range(1, n).Select(i => new Sale(
        i,
        Regions[i % Regions.Length],
        i % 9 == 0 ? null : Math.Round(i * 1.25m, 2),
        new DateOnly(2024, 1, 1).AddDays(i % 40),
        i % 4 == 0 ? null : new Customer("c" + (i % 13), i % 6 == 0 ? null : 20 + (i % 50)))).ToList();

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Select_and_Where_match_linq(string config)
    {
        using var session = EngineConfig.Create(config);
        var sales = Sales(500);
        var minimum = 100m;
        var ds = session.CreateDataset(sales);

        var result = ds.Where(s => s.Amount > minimum && s.Buyer is not null)
            .Select(s => new { s.Id, Who = s.Buyer!.Name, Next = s.Day.AddDays(1), Double = s.Amount * 2 })
            .Collect();

        var expected = sales.Where(s => s.Amount > minimum && s.Buyer is not null)
            .Select(s => new { s.Id, Who = s.Buyer!.Name, Next = s.Day.AddDays(1), Double = s.Amount * 2 });
        Assert.Equal(expected.OrderBy(x => x.Id), result.OrderBy(x => x.Id));
        Assert.Equal(sales.OrderBy(s => s.Id), ds.Collect().OrderBy(s => s.Id));
        Assert.Equal(500, ds.Count());
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void SelectMany_and_MapPartitions_match_linq(string config)
    {
        using var session = EngineConfig.Create(config);
        string[] lines = ["the quick brown fox", "jumps over", "", "the lazy dog the end"];
        var ds = session.CreateDataset(lines);

        var words = ds.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Collect();
        var lengths = ds.MapPartitions(part => part.Select(l => l.Length)).Collect();

        Assert.Equal(lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Order(), words.Order());
        Assert.Equal(lines.Select(l => l.Length).Order(), lengths.Order());
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void GroupByKey_aggregations_match_linq(string config)
    {
        using var session = EngineConfig.Create(config);
        var sales = Sales(700);
        var ds = session.CreateDataset(sales);
        var byRegion = ds.GroupByKey(s => s.Region);

        var totals = byRegion.MapGroups((region, group) =>
        {
            var list = group.ToList();
            return new Total(region ?? "(none)", list.Sum(s => s.Amount ?? 0), list.Count);
        }).Collect();
        var reduced = ds.Where(s => s.Amount is not null).GroupByKey(s => s.Day.Month).ReduceGroups((a, b) => a.Amount >= b.Amount ? a : b).Collect();
        var counts = byRegion.Count().Collect();
        var top2 = ds.GroupByKey(s => (s.Region, s.Day.Month)).FlatMapGroups((k, g) => g.OrderByDescending(s => s.Id).Take(2).Select(s => s.Id)).Collect();

        var expected = sales.GroupBy(s => s.Region).Select(g => new Total(g.Key ?? "(none)", g.Sum(s => s.Amount ?? 0), g.Count()));
        Assert.Equal(expected.OrderBy(t => t.Region), totals.OrderBy(t => t.Region));
        Assert.Equal(
            sales.Where(s => s.Amount is not null).GroupBy(s => s.Day.Month).Select(g => (g.Key, g.Max(s => s.Amount))).OrderBy(x => x.Key),
            reduced.Select(r => (r.Key, r.Value.Amount)).OrderBy(x => x.Key));
        Assert.Equal(sales.GroupBy(s => s.Region).Select(g => (g.Key, (long)g.Count())).OrderBy(x => x.Key), counts.OrderBy(x => x.Key));
        Assert.Equal(sales.GroupBy(s => (s.Region, s.Day.Month)).SelectMany(g => g.OrderByDescending(s => s.Id).Take(2).Select(s => s.Id)).Order(), top2.Order());
    }

    [Fact]
    public void GroupByKey_Agg_uses_column_aggregates_per_key()
    {
        using var session = EngineConfig.Create("partitioned");
        var sales = Sales(300);
        var rows = session.CreateDataset(sales).GroupByKey(s => s.Day.DayOfWeek.ToString()).Agg(Count().Alias("n"), Max(Col("Id")).Alias("top")).Collect();
        var expected = sales.GroupBy(s => s.Day.DayOfWeek.ToString()).Select(g => new object?[] { g.Key, (long)g.Count(), g.Max(s => s.Id) });
        Assert.Equal(Rows.Sorted(expected), Rows.Sorted(rows));
        Assert.Equal(["key", "n", "top"], session.CreateDataset(sales).GroupByKey(s => s.Day.Month).Agg(Count().Alias("n"), Max(Col("Id")).Alias("top")).Columns);
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Joins_on_key_selectors_match_linq(string config)
    {
        using var session = EngineConfig.Create(config);
        var sales = Sales(200);
        var customers = Enumerable.Range(0, 10).Select(i => new Customer("c" + i, i)).ToList();
        var ds = session.CreateDataset(sales);
        var cs = session.CreateDataset(customers);

        var inner = ds.Join(cs, s => s.Buyer == null ? null : s.Buyer.Name, c => c.Name).Collect();
        var left = ds.Join(cs, s => s.Buyer == null ? null : s.Buyer.Name, c => c.Name, "left").Collect();
        var self = ds.Join(ds, s => s.Id, s => s.Id + 1).Collect();

        var expected = sales.Join(customers, s => s.Buyer?.Name, c => c.Name, (s, c) => (s, c)).ToList();
        Assert.Equal(expected.OrderBy(x => x.s.Id), inner.OrderBy(x => x.Left.Id));
        Assert.Equal(sales.Count, left.Count);
        Assert.Equal(expected.Count, left.Count(x => x.Right is not null));
        Assert.All(left.Where(x => x.Right is null), x => Assert.DoesNotContain(customers, c => c.Name == x.Left.Buyer?.Name));
        Assert.Equal(sales.Count - 1, self.Count);
        Assert.All(self, p => Assert.Equal(p.Left.Id, p.Right.Id + 1));
    }

    public sealed record Row6(int Id, int? Grp, string? Name, double? Amount, decimal? Price, DateOnly? Day);

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void A_dataframe_viewed_as_records_matches_linq(string config)
    {
        using var session = EngineConfig.Create(config);
        var rows = TestRow.Generate(400);
        var df = session.CreateDataFrame(TestRow.Schema, rows.Select(r => r.Values));

        var result = df.Select("day", "price", "id", "name", "grp", "amount").As<Row6>()
            .Where(r => r.Grp > 10)
            .Select(r => (r.Id, Label: r.Name ?? "?", Cents: (long?)(r.Price * 100)))
            .Collect();

        var expected = rows.Where(r => r.Grp > 10).Select(r => (r.Id, Label: r.Name ?? "?", Cents: (long?)(r.Price * 100)));
        Assert.Equal(expected.OrderBy(x => x.Id), result.OrderBy(x => x.Id));
    }

    [Fact]
    public void Scalars_tuples_and_plain_dataframe_operations_mix()
    {
        using var session = EngineConfig.Create("partitioned");
        var ds = session.CreateDataset(Enumerable.Range(1, 100).ToList());
        var doubled = ds.Select(x => x * 2L);
        Assert.Equal(["value"], doubled.Columns);
        Assert.Equal(Enumerable.Range(1, 100).Select(x => x * 2L), doubled.OrderBy(Col("value")).Collect());
        Assert.Equal(10, ds.Where(Col("value") > 90).Count());
        Assert.Equal([1, 2, 3], ds.OrderBy(Col("value")).Take(3));
        Assert.Equal(200, ds.Union(ds).Count());
        Assert.Equal(100, ds.Union(ds).Distinct().Count());

        var pairs = ds.Select(x => (Number: x, Even: x % 2 == 0));
        Assert.Equal(["Item1", "Item2"], pairs.Columns);
        Assert.Equal(50, pairs.ToDF().Where(Col("Item2")).Count());
        Assert.Equal(["id"], session.Range(3).As<long>().Columns);
        Assert.Equal([0L, 1, 2], session.Range(3).As<long>().Collect().Order());
        Assert.Equal(["Name", "Age"], session.CreateDataset([new Customer("x", 1)]).ToDF().Columns);
    }

    [Fact]
    public void ForEach_runs_on_executors()
    {
        using var session = EngineConfig.Create("partitioned");
        var sum = session.LongAccumulator();
        session.CreateDataset(Enumerable.Range(1, 100).ToList()).ForEach(x =>
        {
            if (TaskInfo.Current is not null)
            {
                sum.Add(x);
            }
        });
        Assert.Equal(5050, sum.Value);
    }

    [Fact]
    public void As_checks_names_and_types_when_called()
    {
        using var session = EngineConfig.Create("single");
        var df = session.CreateDataFrame(TestRow.Schema, TestRow.Generate(5).Select(r => r.Values));
        var missing = Assert.Throws<AnalysisException>(() => df.Drop("grp").As<Row6>());
        Assert.StartsWith("As<DatasetTests.Row6>() needs a column for DatasetTests.Row6.Grp: column 'Grp' does not exist", missing.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<AnalysisException>(() => df.Select(Col("name").Alias("id")).As<Customer2>());
        Assert.Equal("As<DatasetTests.Customer2>(): column 'id' is string, which cannot be read as int (DatasetTests.Customer2.Id); cast it first", wrong.Message);
        Assert.Throws<AnalysisException>(() => df.As<long>());
    }

    public sealed record Customer2(int Id);

    [Fact]
    public void A_null_in_a_non_nullable_member_fails_with_the_member()
    {
        using var session = EngineConfig.Create("single");
        var df = session.CreateDataFrame(Common.Types.Schema.ParseDdl("id int"), [1], [null]);
        var e = Assert.Throws<ExecutionException>(() => df.As<Customer2>().Select(c => c.Id).Collect());
        Assert.Contains("DatasetTests.Customer2.Id cannot hold NULL because it is int; declare it int?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_in_a_lambda_names_the_operation_and_the_element()
    {
        using var session = KilnSession.Builder().Master("local[2]").Config("kiln.task.maxFailures", "1").GetOrCreate();
        var ds = session.CreateDataset(Sales(20));
        var e = Assert.Throws<ExecutionException>(() => ds.Select(s => s.Buyer!.Name.Length).Collect());
        var user = Assert.IsType<UserCodeException>(e.InnerException);
        Assert.IsType<NullReferenceException>(user.InnerException);
        Assert.Equal("Dataset.Select", user.Function);
        Assert.Contains("Sale { Id = 4,", user.Input, StringComparison.Ordinal);
    }

    [Fact]
    public void Captures_that_cannot_travel_are_refused_when_the_operation_is_called()
    {
        using var session = EngineConfig.Create("single");
        var ds = session.CreateDataset(Sales(5));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var other = ds.ToDF();

        Assert.Equal("socket", Assert.Throws<ClosureNotSerializableException>(() => ds.Where(s => socket.Connected)).FieldPath);
        Assert.Equal("Kiln.KilnSession", Assert.Throws<ClosureNotSerializableException>(() => ds.Select(s => session.AppId)).FieldType);
        Assert.Equal("Kiln.DataFrame", Assert.Throws<ClosureNotSerializableException>(() => ds.GroupByKey(s => other.Columns[0])).FieldType);
        Assert.Equal("System.Net.Sockets.Socket", Assert.Throws<ClosureNotSerializableException>(() => ds.GroupByKey(s => s.Id).MapGroups((k, g) => socket.Available + k)).FieldType);
        Assert.Throws<ClosureNotSerializableException>(() => ds.Join(ds, s => s.Id, s => socket.Available));
    }

    [Fact]
    public void Types_without_a_column_form_are_refused_when_the_operation_is_called()
    {
        using var session = EngineConfig.Create("single");
        var ds = session.CreateDataset(Sales(5));
        var e = Assert.Throws<DatasetTypeException>(() => ds.Select(s => new List<int> { s.Id }));
        Assert.Contains("List<Int32>, which a Dataset column cannot hold", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plan_shows_typed_operators_and_the_group_shuffle()
    {
        using var session = EngineConfig.Create("partitioned");
        var plan = session.CreateDataset(Sales(5)).GroupByKey(s => s.Region).Count().ExplainString();
        Assert.Contains("AppendColumnsObjects lambda in DatasetTests.The_plan_shows_typed_operators_and_the_group_shuffle: DatasetTests.Sale → string", plan, StringComparison.Ordinal);
        var groups = session.CreateDataset(Sales(5)).GroupByKey(s => s.Region).MapGroups((k, g) => g.Count()).ExplainString(extended: false);
        Assert.Contains("Exchange hashpartitioning(key", groups, StringComparison.Ordinal);
        Assert.Contains("MapGroups", groups, StringComparison.Ordinal);
    }
}
