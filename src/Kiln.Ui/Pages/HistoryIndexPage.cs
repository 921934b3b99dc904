using System.Text;
using Microsoft.AspNetCore.Http;

namespace Kiln.Ui.Pages;

/// <summary>The history server's front page: every application found in the event log directory, with how its log read.</summary>
internal static class HistoryIndexPage
{
    public static string Render(HttpContext http, IStatusSource source)
    {
        var rows = source.Applications().Select(a =>
        {
            var (id, name, user, start, end, completed, last) = a.Store.Read(s =>
                (s.Application.Id, s.Application.Name, s.Application.User, s.Application.StartTime, s.Application.EndTime, s.Application.Completed, s.Application.LastUpdated));
            var log = a.Truncated ? "truncated" : completed ? "complete" : "in progress";
            if (a.CorruptLines > 0)
            {
                log += $", {a.CorruptLines} corrupt line(s) skipped";
            }

            return new[]
            {
                Html.Link($"{http.Request.PathBase}/history/{Uri.EscapeDataString(id)}/jobs/", id, $"app-{id}"), Html.E(name), Html.E(user), Html.Time(start),
                Html.Time(end), Html.Duration(Html.Between(start, end ?? last)), Html.E(log),
            };
        }).OrderByDescending(r => r[3], StringComparer.Ordinal);
        var sb = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Kiln History Server</title></head><body><h1>Kiln History Server</h1>");
        sb.Append(Html.Table("history-table", ["App Id", "Name", "User", "Started", "Completed", "Duration", "Event log"], rows));
        return sb.Append("</body></html>").ToString();
    }
}
