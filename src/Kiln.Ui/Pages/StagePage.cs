using System.Globalization;
using System.Text;
using Kiln.Status.Store;

namespace Kiln.Ui.Pages;

/// <summary>
/// One stage attempt: its plan fragment, summary quantiles over its successful tasks, and the task table, paged and
/// sortable on the server (<c>?page=P&amp;pageSize=N&amp;sort=COLUMN&amp;desc=true</c>) so 100,000 tasks stay fast.
/// </summary>
internal static class StagePage
{
    private static readonly (string Column, string Header)[] Columns =
    [
        ("index", "Index"), ("id", "Task Id"), ("attempt", "Attempt"), ("status", "Status"), ("executor", "Executor"), ("launch", "Launch Time"),
        ("duration", "Duration"), ("input", "Input Records"), ("shuffleRead", "Shuffle Read"), ("shuffleWrite", "Shuffle Write"), ("spill", "Spill"), ("memory", "Peak Memory"),
    ];

    public static string Render(PageContext page) => page.Store.Read(s =>
    {
        var id = page.QueryInt("id", -1);
        if (s.Stage(id, page.QueryInt("attempt", 0)) is not { } stage)
        {
            return Layout.Page(page, "Stages", "Stage not found", "<p>No such stage attempt.</p>");
        }

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<dl data-testid=\"stage-summary\"><dt>Status</dt><dd>{Html.Status(stage.Status)}</dd><dt>Job</dt><dd>{Html.Link(page.Href($"/jobs/job/?id={stage.JobId}"), stage.JobId.ToString(CultureInfo.InvariantCulture))}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Tasks</dt><dd>{stage.NumCompleteTasks} succeeded, {stage.NumFailedTasks} failed, {stage.NumActiveTasks} running of {stage.NumTasks}</dd></dl>");
        body.Append("<details><summary>Plan fragment</summary><pre>").Append(Html.E(stage.Details)).Append("</pre></details>");
        body.Append("<h3>Summary of successful tasks</h3>").Append(Quantiles(stage));
        body.Append("<h3>Tasks</h3>").Append(TaskTable(page, stage));
        return Layout.Page(page, "Stages", $"Stage {stage.StageId} (attempt {stage.Attempt})", body.ToString());
    });

    private static string Quantiles(StageStatus stage)
    {
        var done = stage.Tasks.Where(t => t.Status == "SUCCESS").ToArray();
        if (done.Length == 0)
        {
            return "<p>No task has succeeded yet.</p>";
        }

        string[] Row(string name, Func<TaskAttemptStatus, long> value, Func<long, string> format)
        {
            var sorted = done.Select(value).Order().ToArray();
            return [name, .. new[] { 0, 0.25, 0.5, 0.75, 1.0 }.Select(q => format(sorted[(int)Math.Round(q * (sorted.Length - 1))]))];
        }

        return Html.Table("task-quantiles", ["Metric", "Min", "25th percentile", "Median", "75th percentile", "Max"],
        [
            Row("Duration", t => t.DurationMs ?? 0, ms => Html.Duration(ms)),
            Row("Run time", t => t.Metrics.RunTimeMs, ms => Html.Duration(ms)),
            Row("Input records", t => t.Metrics.RowsRead, Html.N),
            Row("Shuffle read", t => t.Metrics.ShuffleBytesRead, Html.Bytes),
            Row("Shuffle write", t => t.Metrics.ShuffleBytesWritten, Html.Bytes),
            Row("Spill", t => t.Metrics.SpillBytes, Html.Bytes),
            Row("Peak memory", t => t.Metrics.PeakMemory, Html.Bytes),
        ]);
    }

    private static string TaskTable(PageContext page, StageStatus stage)
    {
        var sort = page.Query("sort") ?? "index";
        var desc = page.Query("desc") == "true";
        var size = Math.Clamp(page.QueryInt("pageSize", 100), 1, 1000);
        var pages = Math.Max(1, (stage.Tasks.Count + size - 1) / size);
        var current = Math.Clamp(page.QueryInt("page", 1), 1, pages);
        var rows = TaskQuery.Page(stage.Tasks, sort, desc, (current - 1) * size, size);
        string Url(int p, string column, bool descending) =>
            page.Href($"/stages/stage/?id={stage.StageId}&attempt={stage.Attempt}&page={p}&pageSize={size}&sort={column}&desc={(descending ? "true" : "false")}");
        var headers = Columns.Select(c => Html.Link(Url(1, c.Column, c.Column == sort && !desc), c.Header + (c.Column == sort ? (desc ? " ▾" : " ▴") : string.Empty), $"sort-{c.Column}")).Append("Logs");
        var logs = new Dictionary<string, string>(StringComparer.Ordinal);
        string Logs(string executorId) => logs.TryGetValue(executorId, out var links) ? links : logs[executorId] = string.Join(
            " ", Status.ExecutorLogs.ExecutorLogFiles.Streams.Select(stream => ExecutorLogPage.LinkIfKept(page, executorId, stream)).OfType<string>());
        var table = Html.Table("task-table", headers, rows.Select(t => new[]
        {
            Html.N(t.Index), Html.N(t.TaskId), Html.N(t.Attempt), Html.Status(t.Status) + (t.Error is { } e ? $"<br><small>{Html.E(e.Length > 200 ? e[..200] + "…" : e)}</small>" : string.Empty),
            Html.E(t.ExecutorId), Html.Time(t.LaunchTime), Html.Duration(t.DurationMs), Html.N(t.Metrics.RowsRead),
            $"{Html.Bytes(t.Metrics.ShuffleBytesRead)} / {Html.N(t.Metrics.ShuffleRecordsRead)}",
            $"{Html.Bytes(t.Metrics.ShuffleBytesWritten)} / {Html.N(stage.IsShuffleMap ? t.Metrics.RowsWritten : 0)}",
            Html.Bytes(t.Metrics.SpillBytes), Html.Bytes(t.Metrics.PeakMemory), Logs(t.ExecutorId),
        }));
        var pager = new StringBuilder("<p data-testid=\"task-pager\">");
        pager.Append(CultureInfo.InvariantCulture, $"Page {current} of {pages} ({stage.Tasks.Count} tasks) ");
        if (current > 1)
        {
            pager.Append(Html.Link(Url(current - 1, sort, desc), "‹ previous", "page-previous")).Append(' ');
        }

        if (current < pages)
        {
            pager.Append(Html.Link(Url(current + 1, sort, desc), "next ›", "page-next"));
        }

        return table + pager.Append("</p>");
    }
}
