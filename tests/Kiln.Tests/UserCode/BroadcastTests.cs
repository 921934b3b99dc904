using Kiln.Common.Errors;
using Kiln.Execution.UserCode;
using static Kiln.Functions;

namespace Kiln.Tests.UserCode;

/// <summary>Broadcast variables: serialized once on the driver, fetched once per executor, shared by its tasks.</summary>
public sealed class BroadcastTests
{
    public sealed record Rates(Dictionary<string, decimal> ByCurrency, string Fallback);

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void A_broadcast_value_is_read_in_lambdas_and_fetched_once_per_executor(string config)
    {
        using var session = EngineConfig.Create(config);
        var rates = session.Broadcast(new Rates(new() { ["EUR"] = 1.1m, ["GBP"] = 1.3m }, "EUR"));
        var fetchesBefore = session.Engine.LocalExecutor.Broadcasts.FetchCount;
        var convert = Udf((long amount) => amount * rates.Value.ByCurrency[amount % 2 == 0 ? rates.Value.Fallback : "GBP"]);

        var rows = session.Range(0, 200).Select(convert(Col("id")).Alias("v")).Agg(Sum(Col("v"))).Collect();

        Assert.Equal((1.1m * Enumerable.Range(0, 100).Sum(i => 2 * i)) + (1.3m * Enumerable.Range(0, 100).Sum(i => (2 * i) + 1)), (decimal)rows[0][0]!);
        Assert.Equal(1, session.Engine.LocalExecutor.Broadcasts.FetchCount - fetchesBefore);
        Assert.Equal("EUR", rates.Value.Fallback);
    }

    [Fact]
    public void Unpersist_refetches_and_destroy_fails_later_jobs()
    {
        using var session = KilnSession.Builder().Master("local[2]").Config("kiln.task.maxFailures", "1").GetOrCreate();
        var words = session.Broadcast(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "a", "B" });
        var known = Udf((long x) => words.Value.Contains(x % 2 == 0 ? "A" : "b"));
        var df = session.Range(0, 10).Select(known(Col("id")));
        Assert.All(df.Collect(), r => Assert.True((bool)r[0]!));

        var executor = session.Engine.LocalExecutor.Broadcasts;
        var fetches = executor.FetchCount;
        words.Unpersist();
        df.Collect();
        Assert.Equal(fetches + 1, executor.FetchCount);

        words.Destroy();
        var e = Assert.Throws<ExecutionException>(() => df.Collect());
        Assert.IsType<BroadcastNotFoundException>(e.InnerException);
        Assert.Throws<BroadcastNotFoundException>(() => words.Value);
    }

    [Fact]
    public void A_value_that_cannot_be_sent_is_refused_when_broadcast()
    {
        using var session = KilnSession.Builder().Master("local[1]").GetOrCreate();
        var e = Assert.Throws<ClosureNotSerializableException>(() => session.Broadcast(new { Name = "x", Log = new StreamWriter(new MemoryStream()) }));
        Assert.Equal("Log", e.FieldPath);
        Assert.Equal("System.IO.StreamWriter", e.FieldType);
        Assert.StartsWith("broadcast value captures field 'Log'", e.Message, StringComparison.Ordinal);
    }
}
