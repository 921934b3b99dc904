using System.Diagnostics;
using Kiln.Common.Config;
using static Kiln.Functions;

namespace Kiln.Tests;

/// <summary>Every job plans its own shuffles, so once it ends their files and tracker entries are gone, wherever the map tasks ran.</summary>
public sealed class ShuffleCleanupTests
{
    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void A_finished_job_leaves_no_shuffle_files_behind(string config)
    {
        using var session = EngineConfig.Create(config);
        var appDir = Path.Combine(session.Conf.Get(ConfigKeys.LocalDir), session.AppId);
        var keys = session.Range(0, 1000).GroupBy((Col("id") % 10).Alias("k")).Count();

        Assert.Equal(10, keys.OrderBy(Col("k")).Collect().Count);
        Assert.Equal(10, keys.Count());

        Assert.Equal(0, session.Engine.MapOutputs.ShuffleCount);
        Assert.True(Eventually(() => ShuffleFiles(appDir).Length == 0), $"left behind: {string.Join(", ", ShuffleFiles(appDir))}");
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void A_failed_job_leaves_no_shuffle_files_behind(string config)
    {
        using var session = EngineConfig.Create(config);
        var appDir = Path.Combine(session.Conf.Get(ConfigKeys.LocalDir), session.AppId);
        var failing = Udf((long n) => n < 5 ? n : throw new InvalidOperationException("bad group"));
        var grouped = session.Range(0, 1000).GroupBy((Col("id") % 10).Alias("k")).Count().Select(failing(Col("k")));

        Assert.ThrowsAny<Exception>(() => grouped.Collect());

        Assert.Equal(0, session.Engine.MapOutputs.ShuffleCount);
        Assert.True(Eventually(() => ShuffleFiles(appDir).Length == 0), $"left behind: {string.Join(", ", ShuffleFiles(appDir))}");
    }

    private static string[] ShuffleFiles(string appDir) =>
        Directory.Exists(appDir) ? Directory.GetFiles(appDir, "shuffle_*", SearchOption.AllDirectories) : [];

    /// <summary>Executors delete their files when the driver's message reaches them: allow a moment.</summary>
    private static bool Eventually(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
