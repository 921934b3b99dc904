using Kiln.Common.Errors;
using Kiln.Execution.UserCode;
using static Kiln.Functions;

namespace Kiln.Tests.UserCode;

/// <summary>Accumulators: tasks add to their copies; the driver merges each (stage, partition) exactly once.</summary>
public sealed class AccumulatorTests
{
    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Counts_every_row_once_across_stages(string config)
    {
        using var session = EngineConfig.Create(config);
        var seen = session.LongAccumulator("seen");
        var total = session.DoubleAccumulator("total");
        var odd = session.CollectionAccumulator<long>("odd");
        var count = Udf((long x) =>
        {
            seen.Add(1);
            total.Add(x / 2.0);
            if (x % 200 == 1)
            {
                odd.Add(x);
            }

            return x % 7;
        });

        var groups = session.Range(0, 1000).Select(count(Col("id")).Alias("k")).GroupBy("k").Count().Collect();

        Assert.Equal(7, groups.Count);
        Assert.Equal(1000, seen.Value);
        Assert.Equal(999 * 1000 / 4.0, total.Value);
        Assert.Equal([1L, 201, 401, 601, 801], odd.Value.Order());
        Assert.Equal("seen", seen.Name);
    }

    [Fact]
    public void A_task_that_fails_once_is_counted_once()
    {
        using var session = KilnSession.Builder().Master("local[2]").Config("kiln.batch.size", "50").Config("kiln.task.maxFailures", "3").GetOrCreate();
        var seen = session.LongAccumulator();
        var attempts = session.CollectionAccumulator<string>();
        var flaky = Udf((long x) =>
        {
            seen.Add(1);
            if (TaskInfo.Current is { Partition: 0, Attempt: 0 } && x > 10)
            {
                throw new IOException("flaky disk");
            }

            if (x % 50 == 0)
            {
                attempts.Add($"{TaskInfo.Current!.Partition}.{TaskInfo.Current.Attempt}");
            }

            return x;
        });

        var rows = session.Range(0, 400).Select(flaky(Col("id"))).Collect();

        Assert.Equal(400, rows.Count);
        Assert.Equal(400, seen.Value);
        Assert.Contains("0.1", attempts.Value);
        Assert.DoesNotContain("0.0", attempts.Value);
    }

    [Fact]
    public void Updates_of_a_failed_job_are_not_merged_and_the_driver_can_add_and_reset()
    {
        using var session = KilnSession.Builder().Master("local[1]").Config("kiln.task.maxFailures", "1").GetOrCreate();
        var seen = session.LongAccumulator();
        var failing = Udf((long x) =>
        {
            seen.Add(1);
            return x < 5 ? x : throw new InvalidOperationException("boom");
        });
        Assert.Throws<ExecutionException>(() => session.Range(0, 10).Select(failing(Col("id"))).Collect());
        Assert.Equal(0, seen.Value);

        seen.Add(5);
        Assert.Equal(5, seen.Value);
        seen.Reset();
        Assert.Equal(0, seen.Value);
    }

    [Fact]
    public void A_udf_is_not_copied_into_filters_or_merged_projections()
    {
        using var session = KilnSession.Builder().Master("local[2]").GetOrCreate();
        var calls = session.LongAccumulator();
        var touch = Udf((long x) =>
        {
            calls.Add(1);
            return x;
        });
        var df = session.Range(0, 100).Select(touch(Col("id")).Alias("y"));
        Assert.Equal(49, df.Where(Col("y") > 50).Select((Col("y") + Col("y")).Alias("twice")).Count());
        Assert.Equal(100, calls.Value);
    }

    [Fact]
    public void A_second_action_without_cache_adds_again()
    {
        using var session = KilnSession.Builder().Master("local[2]").GetOrCreate();
        var seen = session.LongAccumulator();
        var touch = Udf((long x) =>
        {
            seen.Add(1);
            return x;
        });
        var df = session.Range(0, 100).Select(touch(Col("id")));
        df.Collect();
        df.Collect();
        Assert.Equal(200, seen.Value);
    }

    [Fact]
    public void A_collection_accumulator_refuses_values_that_cannot_travel_when_the_task_ends()
    {
        using var session = KilnSession.Builder().Master("local[1]").Config("kiln.task.maxFailures", "1").GetOrCreate();
        var handles = session.CollectionAccumulator<object>();
        var f = Udf((long x) =>
        {
            handles.Add(new MemoryStream());
            return x;
        });
        var e = Assert.Throws<ExecutionException>(() => session.Range(0, 3).Select(f(Col("id"))).Collect());
        Assert.IsType<ClosureNotSerializableException>(e.InnerException);
    }
}
