using System.Globalization;
using System.Text;
using Kiln.Status.Store;

namespace Kiln.Ui.Pages;

/// <summary>The Jobs tab: the application's summary, a timeline of its jobs, and every job with its progress; and one job's stages.</summary>
internal static class JobsPage
{
    public static string Render(PageContext page) => page.Store.Read(s =>
    {
        var app = s.Application;
        var sb = new StringBuilder();
        sb.Append("<dl data-testid=\"app-summary\">")
          .Append(CultureInfo.InvariantCulture, $"<dt>Application</dt><dd>{Html.E(app.Id)}</dd><dt>Master</dt><dd>{Html.E(app.Master)}</dd><dt>User</dt><dd>{Html.E(app.User)}</dd>")
          .Append(CultureInfo.InvariantCulture, $"<dt>Started</dt><dd>{Html.Time(app.StartTime)}</dd><dt>Duration</dt><dd>{Html.Duration(Html.Between(app.StartTime, app.EndTime ?? app.LastUpdated))}</dd>")
          .Append(CultureInfo.InvariantCulture, $"<dt>Jobs</dt><dd>{s.Jobs.Count(j => j.Status == "RUNNING")} running, {s.Jobs.Count(j => j.Status == "SUCCEEDED")} succeeded, {s.Jobs.Count(j => j.Status == "FAILED")} failed</dd></dl>");
        sb.Append(Timeline(s));
        var jobs = s.Jobs.Reverse().Take(1000).ToArray();
        sb.Append(Html.Table("jobs-table", ["Job Id", "Description", "Submitted", "Duration", "Stages: Succeeded/Total", "Tasks: Succeeded/Total", "Status"], jobs.Select(j => Row(page, j))));
        return Layout.Page(page, "Jobs", "Jobs", sb.ToString());
    });

    public static string RenderJob(PageContext page) => page.Store.Read(s =>
    {
        if (s.Job(page.QueryInt("id", -1)) is not { } job)
        {
            return Layout.Page(page, "Jobs", "Job not found", "<p>No such job.</p>");
        }

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<dl><dt>Status</dt><dd>{Html.Status(job.Status)}</dd><dt>Description</dt><dd>{Html.E(job.Description)}</dd>");
        if (job.Error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<dt>Error</dt><dd><pre>{Html.E(job.Error)}</pre></dd>");
        }

        if (job.SqlExecutionId >= 0)
        {
            body.Append("<dt>Query</dt><dd>").Append(Html.Link(page.Href($"/SQL/execution/?id={job.SqlExecutionId}"), $"execution {job.SqlExecutionId}")).Append("</dd>");
        }

        body.Append("</dl>");
        var stages = s.Stages.Where(st => st.JobId == job.JobId).Reverse();
        body.Append(StagesPage.Table(page, stages));
        return Layout.Page(page, "Jobs", $"Job {job.JobId}", body.ToString());
    });

    private static string[] Row(PageContext page, JobStatus j) =>
    [
        Html.Link(page.Href($"/jobs/job/?id={j.JobId}"), j.JobId.ToString(CultureInfo.InvariantCulture), $"job-{j.JobId}"),
        Html.E(j.Description.Length > 100 ? j.Description[..100] + "…" : j.Description),
        Html.Time(j.SubmissionTime),
        Html.Duration(Html.Between(j.SubmissionTime, j.CompletionTime)),
        $"{j.NumCompletedStages}/{j.StageIds.Count}" + (j.NumFailedStages > 0 ? $" ({j.NumFailedStages} failed)" : string.Empty),
        Html.Progress(j.NumCompletedTasks, j.NumFailedTasks, j.NumTasks),
        Html.Status(j.Status),
    ];

    /// <summary>The last 100 jobs as bars over the application's lifetime.</summary>
    private static string Timeline(AppStatusStore s)
    {
        var jobs = s.Jobs.TakeLast(100).ToArray();
        if (jobs.Length == 0)
        {
            return string.Empty;
        }

        var start = s.Application.StartTime;
        var end = s.Application.EndTime ?? s.Application.LastUpdated;
        var span = Math.Max(1, (end - start).TotalMilliseconds);
        var sb = new StringBuilder("<svg data-testid=\"timeline\" width=\"800\" height=\"").Append(jobs.Length * 14 + 4).Append("\" role=\"img\" aria-label=\"job timeline\">");
        for (var i = 0; i < jobs.Length; i++)
        {
            var j = jobs[i];
            var x = (j.SubmissionTime - start).TotalMilliseconds / span * 800;
            var w = Math.Max(2, ((j.CompletionTime ?? end) - j.SubmissionTime).TotalMilliseconds / span * 800);
            var color = j.Status switch { "FAILED" => "#d9534f", "RUNNING" => "#5bc0de", _ => "#76b36b" };
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{i * 14 + 2}\" width=\"{w:0.#}\" height=\"12\" fill=\"{color}\"><title>job {j.JobId}: {Html.E(j.Description)}</title></rect>");
        }

        return sb.Append("</svg>").ToString();
    }
}
