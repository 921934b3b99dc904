using System.Text;

namespace Kiln.Ui.Pages;

/// <summary>The frame of every application page: header with the tabs, the application's name, and the body.</summary>
internal static class Layout
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#222}header{background:#2b3a4a;color:#fff;padding:8px 16px;display:flex;gap:18px;align-items:center}
        header a{color:#cfe3ff;text-decoration:none}header a.active{color:#fff;font-weight:bold;border-bottom:2px solid #fff}
        main{padding:12px 16px}table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
        th{background:#eef2f6}th a{color:#123}pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}
        .bar{position:relative;width:160px;height:16px;background:#e4e4e4;border-radius:3px}.bar div{height:100%;background:#76b36b;border-radius:3px}
        .bar span{position:absolute;left:0;right:0;top:0;text-align:center;font-size:11px}.status.failed,.status.fetch_failed{color:#b00}.status.running,.status.active{color:#06c}
        .warn{background:#fff3cd;padding:6px 10px;border:1px solid #e0c36b}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:bold}
        """;

    private static readonly (string Path, string Name)[] Tabs = [("/jobs/", "Jobs"), ("/stages/", "Stages"), ("/storage/", "Storage"), ("/executors/", "Executors"), ("/environment/", "Environment"), ("/SQL/", "SQL")];

    public static string Page(PageContext page, string active, string title, string body)
    {
        var app = page.Store.Read(s => (s.Application.Name, s.Application.Id, s.Application.Completed));
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Html.E($"{app.Name} - {title}")).Append("</title><style>").Append(Style).Append("</style></head><body><header>");
        sb.Append("<strong>Kiln</strong>");
        foreach (var (path, name) in Tabs)
        {
            sb.Append("<a href=\"").Append(Html.Attr(page.Href(path))).Append('"').Append(name == active ? " class=\"active\"" : string.Empty)
              .Append(" data-testid=\"tab-").Append(name.ToLowerInvariant()).Append("\">").Append(name).Append("</a>");
        }

        sb.Append("<span style=\"margin-left:auto\">").Append(Html.E(app.Name)).Append(" · ").Append(Html.E(app.Id)).Append(app.Completed ? " · finished" : string.Empty).Append("</span></header><main>");
        if (page.Entry.Truncated || page.Entry.CorruptLines > 0)
        {
            sb.Append("<p class=\"warn\" data-testid=\"log-warning\">The event log ")
              .Append(page.Entry.Truncated ? "ends in an incomplete line (the driver may have crashed or is still writing)" : "is complete")
              .Append(page.Entry.CorruptLines > 0 ? $"; {page.Entry.CorruptLines} corrupt line(s) were skipped" : string.Empty).Append(".</p>");
        }

        sb.Append("<h2>").Append(Html.E(title)).Append("</h2>").Append(body).Append("</main></body></html>");
        return sb.ToString();
    }
}
