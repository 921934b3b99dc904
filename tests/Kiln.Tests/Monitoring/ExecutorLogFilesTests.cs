using Kiln.Status.EventLog;
using Kiln.Status.ExecutorLogs;
using Kiln.Ui.History;

namespace Kiln.Tests.Monitoring;

/// <summary>Executor output kept as files: written through line by line, capped, never outside its folder, cleaned with its event log.</summary>
public sealed class ExecutorLogFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kiln-executor-log-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Lines_are_readable_at_once_and_after_the_writer_is_gone()
    {
        var sink = new ExecutorLogFiles(ExecutorLogFiles.DirectoryFor(_dir, "app-1"), 1 << 20);
        var log = sink.Open("3", "stderr");
        log.Append("first");
        var path = ExecutorLogFiles.FileFor(sink.Directory, "3", "stderr")!;
        Assert.Equal(Path.Combine(_dir, "app-1.logs", "executor-3.stderr"), path);
        Assert.Equal("first\n", ExecutorLogFiles.ReadTail(path, 100)!.Value.Text);

        log.Append("second");
        log.Dispose();
        log.Append("after the end");
        using (var again = sink.Open("3", "stderr"))
        {
            again.Append("a replacement executor with the same id appends");
        }

        var (text, length) = ExecutorLogFiles.ReadTail(path, 100)!.Value;
        Assert.Equal("first\nsecond\na replacement executor with the same id appends\n", text);
        Assert.Equal(text.Length, length);
        Assert.Equal("nds\n", ExecutorLogFiles.ReadTail(path, 4)!.Value.Text);
        Assert.Null(ExecutorLogFiles.ReadTail(ExecutorLogFiles.FileFor(sink.Directory, "4", "stderr")!, 100));
    }

    [Fact]
    public void A_file_stops_at_its_maximum_size_with_a_line_saying_so()
    {
        var sink = new ExecutorLogFiles(_dir, 2048);
        using var log = sink.Open("1", "stdout");
        for (var i = 0; i < 100; i++)
        {
            log.Append(new string('x', 99));
        }

        var text = File.ReadAllText(ExecutorLogFiles.FileFor(_dir, "1", "stdout")!);
        Assert.Equal(20, text.Split('\n').Count(l => l.Length == 99));
        Assert.EndsWith("later lines are not kept]\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../1", "stdout")]
    [InlineData("1/2", "stdout")]
    [InlineData("", "stdout")]
    [InlineData("1", "../../etc/passwd")]
    [InlineData("1", "stdin")]
    public void Ids_and_streams_never_name_a_file_outside_the_folder(string id, string stream) =>
        Assert.Null(ExecutorLogFiles.FileFor(_dir, id, stream));

    [Fact]
    public async Task The_history_cleaner_deletes_the_executor_logs_with_their_event_log()
    {
        string appId;
        await using (var m = MonitoredSession.Start(("kiln.ui.enabled", "false"), ("spark.eventLog.dir", _dir)))
        {
            m.Session.Range(0, 10).Count();
            appId = m.Session.AppId;
        }

        var logs = new ExecutorLogFiles(ExecutorLogFiles.DirectoryFor(_dir, appId), 1 << 20);
        logs.Open("1", "stdout").Dispose();
        var eventLog = EventLogFiles.Find(_dir).Single();
        Assert.Equal(appId, EventLogFiles.AppIdOf(eventLog));

        var provider = new HistoryProvider(_dir, TimeSpan.FromDays(7));
        provider.Refresh();
        Assert.Equal(logs.Directory, provider.Find(appId)!.ExecutorLogDir);
        File.SetLastWriteTimeUtc(eventLog, DateTime.UtcNow.AddDays(-8));
        provider.Refresh();
        Assert.False(Directory.Exists(logs.Directory));
        Assert.False(File.Exists(eventLog));
    }
}
