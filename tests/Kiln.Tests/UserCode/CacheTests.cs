using static Kiln.Functions;

namespace Kiln.Tests.UserCode;

/// <summary>Cache/Persist: the first action stores partitions on the executors, later ones read them; lost blocks are recomputed.</summary>
public sealed class CacheTests
{
    private static KilnSession Session() => EngineConfig.Create("partitioned");

    /// <summary>Range(0, 1000) through a UDF that counts its calls (all of them, and those in partition 0).</summary>
    private static (DataFrame Df, LongAccumulator Calls, LongAccumulator Partition0) Counted(KilnSession session)
    {
        var calls = session.LongAccumulator("calls");
        var partition0 = session.LongAccumulator("partition0");
        var square = Udf((long x) =>
        {
            calls.Add(1);
            if (TaskInfo.Current!.Partition == 0)
            {
                partition0.Add(1);
            }

            return x * x;
        });
        return (session.Range(0, 1000).Select(Col("id"), square(Col("id")).Alias("sq")), calls, partition0);
    }

    private static long SumOfSquares => Enumerable.Range(0, 1000).Sum(i => (long)i * i);

    [Theory]
    [InlineData(StorageLevel.MemoryOnly)]
    [InlineData(StorageLevel.DiskOnly)]
    [InlineData(StorageLevel.MemoryAndDisk)]
    public void The_second_action_reads_the_cache_instead_of_recomputing(StorageLevel level)
    {
        using var session = Session();
        var (df, calls, _) = Counted(session);
        df.Persist(level);

        Assert.Equal(1000, df.Count());
        Assert.Equal(1000, calls.Value);
        Assert.Equal(SumOfSquares, (long)df.Agg(Sum(Col("sq"))).Collect()[0][0]!);
        Assert.Equal(100, df.Where(Col("id") < 100).Count());
        Assert.Equal(1000, calls.Value);
        Assert.Equal(level, df.StorageLevel);
        Assert.Contains("InMemoryTableScan", df.Where(Col("id") < 100).ExplainString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_view_over_a_cached_dataframe_reads_the_cache_from_sql()
    {
        using var session = Session();
        var (df, calls, _) = Counted(session);
        df.Cache().Count();
        session.RegisterTempView("squares", df);
        var rows = session.Sql("SELECT count(*), max(sq) FROM squares WHERE id % 2 = 0").Collect();
        Assert.Equal("[500,996004]", Rows.Text(rows[0].Values));
        Assert.Equal(1000, calls.Value);
    }

    [Theory]
    [InlineData(StorageLevel.MemoryOnly)]
    [InlineData(StorageLevel.DiskOnly)]
    public void A_lost_partition_is_recomputed_from_lineage_and_only_that_one(StorageLevel level)
    {
        using var session = Session();
        var (df, calls, partition0) = Counted(session);
        df.Persist(level).Count();
        var inPartition0 = partition0.Value;
        Assert.InRange(inPartition0, 1, 999);
        var cacheId = CacheIdOf(df);

        if (level == StorageLevel.DiskOnly)
        {
            DeleteBlockFile(session, cacheId, 0);
        }
        else
        {
            Assert.True(session.Engine.LocalExecutor.Blocks.Remove(cacheId, 0));
        }

        Assert.Equal(SumOfSquares, (long)df.Agg(Sum(Col("sq"))).Collect()[0][0]!);
        Assert.Equal(1000 + inPartition0, calls.Value);
        Assert.Equal(2 * inPartition0, partition0.Value);

        Assert.Equal(1000, df.Count());
        Assert.Equal(1000 + inPartition0, calls.Value);
    }

    [Fact]
    public void A_cached_aggregate_is_read_without_its_shuffle_and_recomputed_when_a_block_is_lost()
    {
        using var session = Session();
        var (df, calls, _) = Counted(session);
        var grouped = df.WithColumn("k", Col("id") % Lit(10)).GroupBy("k").Agg(Sum(Col("sq")).Alias("s")).Cache();
        Assert.Equal(10, grouped.Count());
        Assert.Equal(1000, calls.Value);

        var plan = grouped.Select("s").ExplainString(extended: false);
        Assert.Contains("(cached)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Exchange", plan, StringComparison.Ordinal);
        Assert.Equal(SumOfSquares, grouped.Collect().Sum(r => (long)r[1]!));
        Assert.Equal(1000, calls.Value);

        var cacheId = CacheIdOf(grouped);
        var locations = session.Engine.UserCode.Cache.Locations(cacheId);
        Assert.All(locations.Values, l => Assert.Equal(["driver"], l));
        session.Engine.LocalExecutor.Blocks.Remove(cacheId, locations.Keys.First());

        Assert.Equal(SumOfSquares, grouped.Collect().Sum(r => (long)r[1]!));
        Assert.Equal(2000, calls.Value);
        Assert.Equal(SumOfSquares, grouped.Collect().Sum(r => (long)r[1]!));
        Assert.Equal(2000, calls.Value);
    }

    [Fact]
    public void A_lost_executor_loses_its_blocks_and_they_are_recomputed()
    {
        using var session = Session();
        var (df, calls, _) = Counted(session);
        df.Cache().Count();
        var cacheId = CacheIdOf(df);
        session.Engine.UserCode.Cache.RemoveExecutor("driver");
        session.Engine.LocalExecutor.Blocks.RemoveCache(cacheId);

        Assert.Equal(1000, df.Count());
        Assert.Equal(2000, calls.Value);
        Assert.Equal(1000, df.Count());
        Assert.Equal(2000, calls.Value);
    }

    [Fact]
    public void Unpersist_drops_the_blocks_and_later_actions_recompute()
    {
        using var session = Session();
        var (df, calls, _) = Counted(session);
        df.Cache().Count();
        var cacheId = CacheIdOf(df);
        df.Unpersist();

        Assert.False(df.IsCached);
        Assert.Null(session.Engine.LocalExecutor.Blocks.TryRead(cacheId, 0, df.Schema));
        Assert.Equal(SumOfSquares, (long)df.Agg(Sum(Col("sq"))).Collect()[0][0]!);
        Assert.Equal(2000, calls.Value);
    }

    [Fact]
    public void A_limited_read_does_not_store_a_partial_partition()
    {
        using var session = Session();
        var (df, calls, _) = Counted(session);
        df.Cache();
        Assert.Single(df.Limit(1).Collect());
        var afterLimit = calls.Value;
        Assert.Equal(1000, df.Count());
        Assert.Equal(1000, df.Count());
        Assert.Equal(afterLimit + 1000, calls.Value);
    }

    [Fact]
    public void A_cached_dataset_keeps_its_objects()
    {
        using var session = Session();
        var seen = session.LongAccumulator();
        var ds = session.CreateDataset(Enumerable.Range(0, 300).ToList()).Select(x =>
        {
            seen.Add(1);
            return (Number: x, Text: x.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }).Persist(StorageLevel.DiskOnly);

        Assert.Equal(300, ds.Collect().Count);
        Assert.Equal(300, ds.Where(p => p.Number % 3 == 0).Count() * 3);
        Assert.Equal(300, seen.Value);
        Assert.Equal(StorageLevel.DiskOnly, ds.StorageLevel);
    }

    private static long CacheIdOf(DataFrame df) => df.Session.Engine.Caches.IdOf(df.Plan) ?? throw new InvalidOperationException("not cached");

    private static void DeleteBlockFile(KilnSession session, long cacheId, int partition)
    {
        var path = Path.Combine(session.Engine.Conf.Get(Common.Config.ConfigKeys.LocalDir), session.AppId, "cache", $"rdd_{cacheId}_{partition}.blk");
        Assert.True(File.Exists(path), path);
        File.Delete(path);
    }
}
