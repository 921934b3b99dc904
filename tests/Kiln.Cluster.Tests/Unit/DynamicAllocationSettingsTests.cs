using Kiln.Cluster.Allocation;
using Kiln.Common.Config;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>The kiln.dynamicAllocation.* keys: defaults, Spark spellings, and the bounds' validation.</summary>
public sealed class DynamicAllocationSettingsTests
{
    private static KilnConf Conf(params (string Key, string Value)[] values)
    {
        var conf = new KilnConf().Set("kiln.dynamicAllocation.enabled", "true");
        foreach (var (key, value) in values)
        {
            conf.Set(key, value);
        }

        return conf;
    }

    [Fact]
    public void Off_by_default()
    {
        Assert.Null(DynamicAllocationSettings.FromConf(new KilnConf()));
    }

    [Fact]
    public void Defaults_follow_spark()
    {
        var settings = DynamicAllocationSettings.FromConf(Conf())!;

        Assert.Equal(0, settings.MinExecutors);
        Assert.Equal(int.MaxValue, settings.MaxExecutors);
        Assert.Null(settings.InitialExecutors);
        Assert.Equal(1.0, settings.ExecutorAllocationRatio);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.SchedulerBacklogTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.SustainedSchedulerBacklogTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.ExecutorIdleTimeout);
        Assert.Equal(TimeSpan.MaxValue, settings.CachedExecutorIdleTimeout);
        Assert.True(settings.ShuffleTracking);
        Assert.Equal(TimeSpan.MaxValue, settings.ShuffleTrackingTimeout);
    }

    [Fact]
    public void Spark_spellings_set_the_same_keys_and_durations_accept_infinity()
    {
        var conf = new KilnConf()
            .Set("spark.dynamicAllocation.enabled", "true")
            .Set("spark.dynamicAllocation.minExecutors", "1")
            .Set("spark.dynamicAllocation.maxExecutors", "6")
            .Set("spark.dynamicAllocation.initialExecutors", "2")
            .Set("spark.dynamicAllocation.executorAllocationRatio", "0.5")
            .Set("spark.dynamicAllocation.schedulerBacklogTimeout", "2s")
            .Set("spark.dynamicAllocation.executorIdleTimeout", "30s")
            .Set("spark.dynamicAllocation.cachedExecutorIdleTimeout", "10m")
            .Set("spark.dynamicAllocation.shuffleTracking.enabled", "false")
            .Set("spark.dynamicAllocation.shuffleTracking.timeout", "infinity");

        var settings = DynamicAllocationSettings.FromConf(conf)!;

        Assert.Equal("6", conf.Values["kiln.dynamicAllocation.maxExecutors"]);
        Assert.Equal((1, 6, 2), (settings.MinExecutors, settings.MaxExecutors, settings.InitialExecutors));
        Assert.Equal(0.5, settings.ExecutorAllocationRatio);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.SchedulerBacklogTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.SustainedSchedulerBacklogTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.ExecutorIdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.CachedExecutorIdleTimeout);
        Assert.False(settings.ShuffleTracking);
        Assert.Equal(TimeSpan.MaxValue, settings.ShuffleTrackingTimeout);
    }

    [Fact]
    public void Min_above_max_names_both_keys()
    {
        var e = Assert.Throws<ConfigException>(() => DynamicAllocationSettings.FromConf(Conf(("kiln.dynamicAllocation.minExecutors", "5"), ("kiln.dynamicAllocation.maxExecutors", "3"))));

        Assert.Equal("kiln.dynamicAllocation.minExecutors", e.Key);
        Assert.Equal("kiln.dynamicAllocation.minExecutors (5) must be less than or equal to kiln.dynamicAllocation.maxExecutors (3)", e.Message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("5")]
    public void Initial_outside_min_and_max_names_the_three_keys(string initial)
    {
        var e = Assert.Throws<ConfigException>(() => DynamicAllocationSettings.FromConf(Conf(
            ("kiln.dynamicAllocation.minExecutors", "2"), ("kiln.dynamicAllocation.maxExecutors", "4"), ("kiln.dynamicAllocation.initialExecutors", initial))));

        Assert.Equal("kiln.dynamicAllocation.initialExecutors", e.Key);
        Assert.Equal($"kiln.dynamicAllocation.initialExecutors ({initial}) must be between kiln.dynamicAllocation.minExecutors (2) and kiln.dynamicAllocation.maxExecutors (4)", e.Message);
    }

    [Fact]
    public void Max_zero_is_refused()
    {
        var e = Assert.Throws<ConfigException>(() => DynamicAllocationSettings.FromConf(Conf(("kiln.dynamicAllocation.maxExecutors", "0"))));

        Assert.Equal("kiln.dynamicAllocation.maxExecutors", e.Key);
    }

    [Theory]
    [InlineData("kiln.dynamicAllocation.executorAllocationRatio", "0")]
    [InlineData("kiln.dynamicAllocation.executorAllocationRatio", "1.5")]
    [InlineData("kiln.dynamicAllocation.minExecutors", "-1")]
    [InlineData("kiln.dynamicAllocation.schedulerBacklogTimeout", "0s")]
    [InlineData("spark.dynamicAllocation.sustainedSchedulerBacklogTimeout", "soon")]
    public void Bad_values_fail_when_set_naming_the_key(string key, string value)
    {
        var e = Assert.Throws<ConfigException>(() => new KilnConf().Set(key, value));

        Assert.Equal(key.Replace("spark.", "kiln.", StringComparison.Ordinal), e.Key);
    }

    [Theory]
    [InlineData(0, null, 1, 1)]
    [InlineData(2, null, 1, 2)]
    [InlineData(1, 3, 1, 3)]
    [InlineData(1, null, 4, 4)]
    [InlineData(1, null, 9, 6)]
    public void The_initial_count_is_the_largest_of_min_initial_and_the_masters_executors_capped_at_max(int min, int? initial, int requested, int expected)
    {
        var settings = new DynamicAllocationSettings { MinExecutors = min, MaxExecutors = 6, InitialExecutors = initial };

        Assert.Equal(expected, settings.Initial(requested));
    }
}
