using Kiln.Testing;
using Microsoft.Playwright;
using static Kiln.Functions;

namespace Kiln.Browser.Tests;

/// <summary>
/// The UI of a job that is still running on executor processes (local-cluster), in a real browser: Jobs → the
/// running job → its stage → the running tasks → an executor's stdout; then, once the application has ended and its
/// executors are gone, the history server shows the same application and the same executor log. The job's tasks
/// wait at a gate the test opens, so "still running" holds for as long as the test needs, without sleeps.
/// </summary>
public sealed class ClusterBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string Shot(string name) => Path.Combine(BrowserFixture.Artifacts, $"cluster-{name}.png");

    private static DataFrame HeldJob(KilnSession session, int port)
    {
        var hold = Udf((long x) =>
        {
            if (x % 1000 == 0)
            {
                Console.WriteLine($"browser-marker {x}");
                TaskGate.Block(port);
            }

            return x;
        });
        return session.Range(0, 2000, 1, 2).Select(hold(Col("id")).Alias("x")).GroupBy((Col("x") % 10).Alias("k")).Count();
    }

    /// <summary>
    /// From a stage's task table to the stdout of the executor of its first task. The driver copies an executor's
    /// output as it reads the process's pipe, so a live page is reloaded until the marker written before the gate is in.
    /// </summary>
    private static async Task OpenFirstTaskLogAsync(IPage page)
    {
        await page.GetByTestId("task-table").Locator("a[data-testid$='-stdout']").First.ClickAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(await page.GetByTestId("executor-log").TextContentAsync() ?? string.Empty).Contains("browser-marker", StringComparison.Ordinal) && clock.Elapsed < Timeout)
        {
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.GetByTestId("executor-log")).ToContainTextAsync("browser-marker");
    }

    [Fact]
    public async Task A_running_job_s_tasks_and_executor_log_then_the_same_in_the_history_server()
    {
        var root = Path.Combine(Path.GetTempPath(), "kiln-browser-tests", Guid.NewGuid().ToString("N"));
        var logDir = Path.Combine(root, "events");
        using var gate = new TaskGate();
        string appId;
        await using (var session = KilnSession.Builder().Master("local-cluster[2,1,512]").AppName("browser-cluster")
            .Config("kiln.local.dir", Path.Combine(root, "local"))
            .Config("kiln.ui.port", "0").Config("kiln.ui.host", "127.0.0.1").Config("kiln.ui.showConsoleProgress", "false")
            .Config("kiln.eventLog.enabled", "true").Config("kiln.eventLog.dir", logDir).Config("kiln.sql.shuffle.partitions", "2")
            .GetOrCreate())
        {
            appId = session.AppId;
            var job = Task.Run(() => HeldJob(session, gate.Port).Collect());
            await gate.WaitForAsync(2, Timeout);

            var page = await browser.Browser.NewPageAsync();
            await page.GotoAsync(session.UiWebUrl + "/jobs/");
            await Assertions.Expect(page.GetByTestId("jobs-table")).ToContainTextAsync("RUNNING");
            await page.ScreenshotAsync(new() { Path = Shot("running-jobs"), FullPage = true });
            await page.GetByTestId("jobs-table").Locator("a").First.ClickAsync();
            await page.GetByTestId("stages-table").Locator("a").First.ClickAsync();
            await Assertions.Expect(page.GetByTestId("stage-summary")).ToContainTextAsync("2 running of 2");
            await Assertions.Expect(page.GetByTestId("task-table").Locator("tbody tr")).ToHaveCountAsync(2);
            await Assertions.Expect(page.GetByTestId("task-table")).ToContainTextAsync("RUNNING");
            await page.ScreenshotAsync(new() { Path = Shot("running-stage"), FullPage = true });

            // The task table links each task's executor log; the executor wrote its marker before reaching the gate.
            await OpenFirstTaskLogAsync(page);
            await page.ScreenshotAsync(new() { Path = Shot("running-executor-log"), FullPage = true });
            await page.GetByTestId("tab-executors").ClickAsync();
            await Assertions.Expect(page.GetByTestId("executors-table")).ToContainTextAsync("Active");
            await page.CloseAsync();

            gate.Release();
            Assert.Equal(10, (await job).Count);
        }

        await using var history = await Ui.History.HistoryServer.StartAsync(logDir, 0, new Common.Config.KilnConf(), CancellationToken.None);
        var after = await browser.Browser.NewPageAsync();
        await after.GotoAsync(history.Url + "/");
        await after.GetByTestId($"app-{appId}").ClickAsync();
        await Assertions.Expect(after.GetByTestId("app-summary")).ToContainTextAsync(appId);
        await Assertions.Expect(after.GetByTestId("jobs-table")).ToContainTextAsync("SUCCEEDED");
        await after.GetByTestId("jobs-table").Locator("a").First.ClickAsync();
        await after.GetByTestId("stages-table").Locator("a").Last.ClickAsync();
        await Assertions.Expect(after.GetByTestId("stage-summary")).ToContainTextAsync("2 succeeded");
        await OpenFirstTaskLogAsync(after);
        await after.ScreenshotAsync(new() { Path = Shot("history-executor-log"), FullPage = true });
        await after.GetByTestId("tab-executors").ClickAsync();
        await Assertions.Expect(after.GetByTestId("executors-table")).ToContainTextAsync("Stopped");
        await after.GetByTestId("log-1-stdout").ClickAsync();
        await Assertions.Expect(after.GetByTestId("executor-log")).ToContainTextAsync("browser-marker");
        await after.ScreenshotAsync(new() { Path = Shot("history-executors"), FullPage = true });
        await after.CloseAsync();
    }
}
