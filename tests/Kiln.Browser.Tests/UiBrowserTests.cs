using Microsoft.Playwright;

namespace Kiln.Browser.Tests;

/// <summary>
/// A person's path through the UI in a real browser: Jobs → a job → a stage → its task table (sorted, paged) →
/// Executors → SQL, on the live driver and, after the application ended, on the history server; the same through a
/// sub-path. No sleeps: every step waits for an element.
/// </summary>
public sealed class UiBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static KilnSession Session(string logDir, params (string, string)[] extra)
    {
        var builder = KilnSession.Builder().Master("local[2]").AppName("browser-check")
            .Config("kiln.ui.port", "0").Config("kiln.ui.host", "127.0.0.1")
            .Config("kiln.eventLog.enabled", "true").Config("kiln.eventLog.dir", logDir).Config("kiln.sql.shuffle.partitions", "3");
        foreach (var (k, v) in extra)
        {
            builder.Config(k, v);
        }

        return builder.GetOrCreate();
    }

    private static void RunJob(KilnSession session)
    {
        session.Range(0, 100, 1, 2).Cache().Count();
        session.RegisterTempView("t", session.Range(0, 10_000, 1, 120));
        session.Sql("SELECT id % 7 AS k, count(*) AS c FROM t GROUP BY id % 7").Collect();
    }

    private async Task WalkAsync(string root, string name)
    {
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(root + "/jobs/");
        await Assertions.Expect(page.GetByTestId("jobs-table")).ToContainTextAsync("SELECT id % 7");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, $"{name}-jobs.png"), FullPage = true });

        await page.GetByTestId("jobs-table").Locator("a").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("stages-table")).ToBeVisibleAsync();
        await page.GetByTestId("stages-table").Locator("a").Last.ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-pager")).ToContainTextAsync("Page 1 of 2 (120 tasks)");
        await Assertions.Expect(page.GetByTestId("task-quantiles")).ToBeVisibleAsync();
        await page.GetByTestId("sort-input").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sort-input")).ToContainTextAsync("▴");
        await page.GetByTestId("page-next").ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-pager")).ToContainTextAsync("Page 2 of 2");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, $"{name}-stage.png"), FullPage = true });

        await page.GetByTestId("tab-executors").ClickAsync();
        await Assertions.Expect(page.GetByTestId("executors-table")).ToContainTextAsync("driver");
        await page.GetByTestId("tab-sql").ClickAsync();
        await page.GetByTestId("sql-table").Locator("a").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-graph")).ToContainTextAsync("HashAggregate");
        await Assertions.Expect(page.GetByTestId("plan-graph")).ToContainTextAsync("number of output rows: 10,000");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, $"{name}-sql.png"), FullPage = true });
        await page.GetByTestId("tab-storage").ClickAsync();
        await Assertions.Expect(page.GetByTestId("storage-table")).ToContainTextAsync("2 / 2");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Live_UI_then_history_server_show_the_same_application()
    {
        var logDir = Path.Combine(Path.GetTempPath(), "kiln-browser-tests", Guid.NewGuid().ToString("N"));
        string appId;
        await using (var session = Session(logDir))
        {
            RunJob(session);
            appId = session.AppId;
            await WalkAsync(session.UiWebUrl!, "live");
        }

        await using var history = await Ui.History.HistoryServer.StartAsync(logDir, 0, new Common.Config.KilnConf(), CancellationToken.None);
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(history.Url + "/");
        await page.GetByTestId($"app-{appId}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("app-summary")).ToContainTextAsync(appId);
        await page.CloseAsync();
        await WalkAsync($"{history.Url}/history/{appId}", "history");
    }

    [Fact]
    public async Task The_UI_works_under_a_proxy_sub_path()
    {
        var logDir = Path.Combine(Path.GetTempPath(), "kiln-browser-tests", Guid.NewGuid().ToString("N"));
        await using var session = Session(logDir, ("kiln.ui.proxyBase", "/proxy/kiln"));
        RunJob(session);
        await WalkAsync(session.UiWebUrl + "/proxy/kiln", "proxy");
    }
}
