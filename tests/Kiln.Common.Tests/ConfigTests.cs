using Kiln.Common.Config;
using Kiln.Common.Errors;

namespace Kiln.Common.Tests;

public sealed class ConfigTests
{
    [Fact]
    public void Unknown_key_is_named_with_a_suggestion()
    {
        var e = Assert.Throws<ConfigException>(() => new KilnConf().Set("kiln.sql.shuffle.partition", "4"));
        Assert.Equal("kiln.sql.shuffle.partition", e.Key);
        Assert.Contains("did you mean 'kiln.sql.shuffle.partitions'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spark_alias_sets_the_kiln_key()
    {
        var conf = new KilnConf().Set("spark.sql.shuffle.partitions", "12");
        Assert.Equal(12, conf.Get(ConfigKeys.ShufflePartitions));
        Assert.True(conf.Values.ContainsKey("kiln.sql.shuffle.partitions"));
    }

    [Theory]
    [InlineData("kiln.task.memory", "lots")]
    [InlineData("kiln.sql.shuffle.partitions", "0")]
    [InlineData("kiln.master", "yarn")]
    [InlineData("kiln.batch.size", "-3")]
    public void Invalid_values_are_refused_with_the_key(string key, string value)
    {
        var e = Assert.Throws<ConfigException>(() => new KilnConf().Set(key, value));
        Assert.Equal(key, e.Key);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("512m", 512L << 20)]
    [InlineData("2g", 2L << 30)]
    [InlineData("64k", 64L << 10)]
    [InlineData("1000", 1000L)]
    [InlineData("10mb", 10L << 20)]
    public void Sizes_parse_like_spark(string text, long bytes) => Assert.Equal(bytes, ConfigParsers.ParseBytes(text));

    [Fact]
    public void Defaults_apply_when_unset()
    {
        var conf = new KilnConf();
        Assert.Equal("local[*]", conf.Get(ConfigKeys.Master));
        Assert.Equal(4, conf.Get(ConfigKeys.TaskMaxFailures));
    }
}
