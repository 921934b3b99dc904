using Kiln.Common.Errors;

namespace Kiln.Tests;

/// <summary>Sessions that share one engine: their own views, functions and settings; the first session owns the engine.</summary>
public sealed class NewSessionTests
{
    [Fact]
    public void A_new_session_shares_the_engine_but_not_views_functions_or_settings_and_leaves_the_engine_running()
    {
        using var first = KilnSession.Builder().Master("local[2]").Config("kiln.sql.shuffle.partitions", "3").GetOrCreate();
        first.RegisterTempView("numbers", first.Range(0, 10));
        first.Udf.Register("twice", (long x) => 2 * x);

        using (var second = first.NewSession())
        {
            Assert.Equal(first.AppId, second.AppId);
            Assert.Throws<AnalysisException>(() => second.Table("numbers"));
            Assert.Equal(3, second.Conf.Get(Kiln.Common.Config.ConfigKeys.ShufflePartitions));
            second.Conf.Set("kiln.sql.shuffle.partitions", "5");
            second.RegisterTempView("numbers", second.Range(0, 3));
            Assert.Equal(3L, second.Sql("SELECT count(*) FROM numbers").Collect()[0].Values[0]);
            Assert.ThrowsAny<Exception>(() => second.Sql("SELECT twice(id) FROM numbers").Collect());
        }

        Assert.Equal(3, first.Conf.Get(Kiln.Common.Config.ConfigKeys.ShufflePartitions));
        Assert.Equal(10L, first.Sql("SELECT count(*) FROM numbers").Collect()[0].Values[0]);
        Assert.Equal(18L, first.Sql("SELECT max(twice(id)) FROM numbers").Collect()[0].Values[0]);
    }
}
