using System.Globalization;
using System.Text;
using Kiln.Status.Store;

namespace Kiln.Ui.Pages;

/// <summary>
/// The SQL tab: each query execution with its jobs, and one execution's physical plan drawn as a graph of operators
/// with their metrics (<see cref="PlanSvg"/>; logs written before plans were recorded as graphs get nested boxes from the plan's text).
/// </summary>
internal static class SqlPage
{
    public static string Render(PageContext page) => page.Store.Read(s => Layout.Page(page, "SQL", "Queries", Html.Table(
        "sql-table",
        ["Id", "Description", "Submitted", "Duration", "Jobs", "Status"],
        s.SqlExecutions.Reverse().Take(1000).Select(q => new[]
        {
            Html.Link(page.Href($"/SQL/execution/?id={q.Id}"), q.Id.ToString(CultureInfo.InvariantCulture), $"sql-{q.Id}"),
            Html.E(q.Description.Length > 200 ? q.Description[..200] + "…" : q.Description),
            Html.Time(q.SubmissionTime),
            Html.Duration(Html.Between(q.SubmissionTime, q.CompletionTime)),
            JobLinks(page, q),
            Html.Status(q.Status),
        }))));

    public static string RenderExecution(PageContext page) => page.Store.Read(s =>
    {
        if (s.SqlExecution(page.QueryInt("id", -1)) is not { } q)
        {
            return Layout.Page(page, "SQL", "Query not found", "<p>No such query execution.</p>");
        }

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<dl><dt>Status</dt><dd>{Html.Status(q.Status)}</dd><dt>Description</dt><dd><pre>{Html.E(q.Description)}</pre></dd><dt>Jobs</dt><dd>{JobLinks(page, q)}</dd></dl>");
        if (q.Error is not null)
        {
            body.Append("<p class=\"warn\">").Append(Html.E(q.Error)).Append("</p>");
        }

        body.Append("<h3>Physical plan</h3>").Append(q.Nodes.Count > 0 ? $"<div class=\"plan\" style=\"overflow-x:auto\">{PlanSvg.Render(q)}</div>" : PlanGraph(q.PhysicalPlan));
        body.Append("<details><summary>Plans as text</summary><pre data-testid=\"physical-plan\">").Append(Html.E(q.PhysicalPlan))
            .Append("</pre><pre>").Append(Html.E(q.LogicalPlan)).Append("</pre></details>");
        return Layout.Page(page, "SQL", $"Query {q.Id}", body.ToString());
    });

    private static string JobLinks(PageContext page, SqlExecutionStatus q) =>
        string.Join(", ", q.JobIds.Select(id => Html.Link(page.Href($"/jobs/job/?id={id}"), id.ToString(CultureInfo.InvariantCulture))));

    /// <summary>The plan's tree text (one operator a line, children indented) as nested boxes, exchanges marked.</summary>
    private static string PlanGraph(string plan)
    {
        var sb = new StringBuilder("<div data-testid=\"plan-graph\" class=\"plan\">");
        var depth = new Stack<int>();
        foreach (var raw in plan.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var text = raw.TrimStart(' ', '+', '-', ':', '|', '└', '├', '─', '│');
            var indent = raw.Length - text.Length;
            while (depth.Count > 0 && depth.Peek() >= indent)
            {
                depth.Pop();
                sb.Append("</div>");
            }

            var style = text.Contains("Exchange", StringComparison.Ordinal) ? "border:2px solid #c77" : "border:1px solid #79a";
            sb.Append(CultureInfo.InvariantCulture, $"<div style=\"{style};margin:4px 0 4px 18px;padding:3px 6px;border-radius:4px\">{Html.E(text)}");
            depth.Push(indent);
        }

        while (depth.Count > 0)
        {
            depth.Pop();
            sb.Append("</div>");
        }

        return sb.Append("</div>").ToString();
    }
}
