using System.IO.Compression;
using Kiln.Status.EventLog;
using Kiln.Ui.History;

namespace Kiln.Tests.Monitoring;

/// <summary>The event log: written while the application runs, replayed into the same status, read despite crashes and corruption.</summary>
public sealed class EventLogTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Replaying_the_log_serves_the_same_REST_answers_as_the_live_UI(bool compress, bool rolling)
    {
        string liveJobs, liveStages, liveTasks, liveSql, appId, dir;
        await using (var m = MonitoredSession.Start(("kiln.eventLog.compress", compress ? "true" : "false"), ("spark.eventLog.rolling.enabled", rolling ? "true" : "false"), ("kiln.eventLog.rolling.maxFileSize", "10k")))
        {
            for (var i = 0; i < 3; i++)
            {
                m.Session.Range(0, 300, 1, 3).GroupBy((Functions.Col("id") % 4).Alias("k")).Count().Collect();
            }

            await m.SettledAsync();
            appId = m.Session.AppId;
            dir = m.LogDir;
            liveJobs = await m.Http.GetStringAsync(m.AppPath("jobs"));
            liveStages = await m.Http.GetStringAsync(m.AppPath("stages"));
            liveTasks = await m.Http.GetStringAsync(m.AppPath("stages/2/0/taskList?length=100"));
            liveSql = await m.Http.GetStringAsync(m.AppPath("sql"));
        }

        var log = Assert.Single(EventLogFiles.Find(dir));
        Assert.False(EventLogFiles.IsInProgress(log));
        if (rolling)
        {
            Assert.True(EventLogFiles.Parts(log).Count > 1, "the 10k limit rolls the log over");
        }

        await using var history = await HistoryServer.StartAsync(dir, 0, new Common.Config.KilnConf(), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(history.Url + "/") };
        Assert.Equal(liveJobs, await http.GetStringAsync($"api/v1/applications/{appId}/jobs"));
        Assert.Equal(liveStages, await http.GetStringAsync($"api/v1/applications/{appId}/stages"));
        Assert.Equal(liveTasks, await http.GetStringAsync($"api/v1/applications/{appId}/stages/2/0/taskList?length=100"));
        Assert.Contains("\"number of output rows\"", liveSql, StringComparison.Ordinal);
        Assert.Equal(liveSql, await http.GetStringAsync($"api/v1/applications/{appId}/sql"));
        Assert.Contains("\"completed\":true", await http.GetStringAsync("api/v1/applications"), StringComparison.Ordinal);
        Assert.Contains($"history/{appId}/jobs/", await http.GetStringAsync(string.Empty), StringComparison.Ordinal);
        Assert.Contains("Jobs", await http.GetStringAsync($"history/{appId}/jobs/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_cut_mid_line_with_a_corrupt_line_is_read_up_to_its_last_complete_line()
    {
        var (dir, lines) = await WriteLogAsync(compress: false);
        var file = Directory.GetFiles(dir).Single();
        var crashed = file + EventLogFiles.InProgressSuffix;
        var text = File.ReadAllLines(file);
        File.WriteAllText(crashed, string.Join('\n', text.Take(3)) + "\n{not json at all\n" + string.Join('\n', text.Skip(3)) + "\n" + text[^1][..10]);
        File.Delete(file);

        var replay = EventLogReplay.Load(EventLogFiles.Find(dir).Single());
        Assert.Equal(1, replay.CorruptLines);
        Assert.True(replay.Truncated);
        Assert.Equal(lines, replay.Store.EventCount);
        Assert.True(EventLogFiles.IsInProgress(replay.Log));

        // The writer finishes the line later: only the new, complete part is read.
        File.AppendAllText(crashed, text[^1][10..] + "\n");
        Assert.Equal(1, replay.Refresh());
        Assert.False(replay.Truncated);
    }

    [Fact]
    public async Task A_compressed_log_cut_short_still_gives_its_first_events()
    {
        var (dir, lines) = await WriteLogAsync(compress: true);
        var file = Directory.GetFiles(dir).Single();
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length * 2 / 3)]);
        var replay = EventLogReplay.Load(file);
        Assert.InRange(replay.Store.EventCount, 1, lines - 1);
        Assert.True(replay.Truncated);
    }

    [Fact]
    public async Task History_server_lists_a_broken_log_without_failing_the_others()
    {
        var (dir, _) = await WriteLogAsync(compress: false);
        await File.WriteAllTextAsync(Path.Combine(dir, "app-garbage"), "\u0001\u0002 not a log\n");
        await using (var gz = new GZipStream(File.Create(Path.Combine(dir, "app-empty.gz")), CompressionLevel.Fastest))
        {
        }

        var provider = new HistoryProvider(dir, TimeSpan.Zero);
        provider.Refresh();
        Assert.Single(provider.Applications());
    }

    [Fact]
    public async Task The_cleaner_deletes_finished_logs_older_than_the_maximum_age()
    {
        var (dir, _) = await WriteLogAsync(compress: false);
        var file = Directory.GetFiles(dir).Single();
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-8));
        var provider = new HistoryProvider(dir, TimeSpan.FromDays(7));
        provider.Refresh();
        Assert.Empty(provider.Applications());
        Assert.False(File.Exists(file));
    }

    private static async Task<(string Dir, long Lines)> WriteLogAsync(bool compress)
    {
        string dir;
        await using (var m = MonitoredSession.Start(("kiln.eventLog.compress", compress ? "true" : "false"), ("kiln.ui.enabled", "false")))
        {
            m.Session.Range(0, 100, 1, 2).Count();
            dir = m.LogDir;
        }

        var lines = EventLogReplay.Load(EventLogFiles.Find(dir).Single()).Store.EventCount;
        return (dir, lines);
    }
}
