using static Kiln.Functions;

namespace Kiln.Tests.Monitoring;

/// <summary>The Storage tab and REST <c>storage/rdd</c> list what is really cached: partitions stored, their bytes, gone after unpersist.</summary>
public sealed class StorageTests
{
    [Fact]
    public async Task A_cached_dataframe_is_listed_with_its_partitions_and_removed_by_unpersist()
    {
        await using var m = MonitoredSession.Start();
        var cached = m.Session.Range(0, 1000, 1, 4).Select(Col("id"), (Col("id") * 2).Alias("twice")).Cache();
        var pending = (await m.GetAsync(m.AppPath("storage/rdd"))).EnumerateArray().Single();
        Assert.Equal("MEMORY_AND_DISK", pending.GetProperty("storageLevel").GetString());
        Assert.Equal(4, pending.GetProperty("numPartitions").GetInt32());
        Assert.Equal(0, pending.GetProperty("numCachedPartitions").GetInt32());

        Assert.Equal(1000, cached.Count());
        var stored = (await m.GetAsync(m.AppPath("storage/rdd"))).EnumerateArray().Single();
        Assert.Equal(4, stored.GetProperty("numCachedPartitions").GetInt32());
        var partitions = stored.GetProperty("partitions").EnumerateArray().ToArray();
        Assert.Equal(["rdd_1_0", "rdd_1_1", "rdd_1_2", "rdd_1_3"], partitions.Select(p => p.GetProperty("blockName").GetString()));
        var total = stored.GetProperty("memoryUsed").GetInt64() + stored.GetProperty("diskUsed").GetInt64();
        Assert.True(total >= 1000 * 2 * sizeof(long), $"1,000 rows of two longs take at least 16,000 bytes, not {total}");
        Assert.Equal(total, partitions.Sum(p => p.GetProperty("memoryUsed").GetInt64() + p.GetProperty("diskUsed").GetInt64()));
        var id = stored.GetProperty("id").GetInt64();
        Assert.Equal(4, (await m.GetAsync(m.AppPath($"storage/rdd/{id}"))).GetProperty("numCachedPartitions").GetInt32());
        Assert.Contains("4 / 4", await m.Http.GetStringAsync("storage/"), StringComparison.Ordinal);

        cached.Unpersist();
        Assert.Empty((await m.GetAsync(m.AppPath("storage/rdd"))).EnumerateArray());
    }
}
