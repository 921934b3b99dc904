using System.Globalization;
using Kiln.Status.ExecutorLogs;

namespace Kiln.Ui.Pages;

/// <summary>
/// One executor's kept standard output or error (<c>executors/log/?id=ID&amp;stream=stdout</c>), read from the files
/// beside the event log, so it shows after the executor is gone; the last MiB, with the file's whole size.
/// </summary>
internal static class ExecutorLogPage
{
    private const int MaxBytes = 1 << 20;

    public static string Render(PageContext page)
    {
        var id = page.Query("id") ?? string.Empty;
        var stream = page.Query("stream") ?? "stdout";
        var title = $"Executor {id} {stream}";
        var path = page.Entry.ExecutorLogDir is { } dir ? ExecutorLogFiles.FileFor(dir, id, stream) : null;
        if (path is null || ExecutorLogFiles.ReadTail(path, MaxBytes) is not { } log)
        {
            return Layout.Page(page, "Executors", title, "<p data-testid=\"executor-log-missing\">No log was kept for this executor and stream.</p>");
        }

        var note = log.Length > MaxBytes
            ? $"<p>The last {Html.Bytes(MaxBytes)} of {Html.Bytes(log.Length)}.</p>"
            : $"<p>{Html.Bytes(log.Length)}.</p>";
        var other = stream == "stdout" ? "stderr" : "stdout";
        var links = $"<p>{Html.Link(LogHref(page, id, other), other, $"log-{other}")} · {Html.Link(page.Href("/executors/"), "all executors")}</p>";
        return Layout.Page(page, "Executors", title, links + note + "<pre data-testid=\"executor-log\">" + Html.E(log.Text) + "</pre>");
    }

    /// <summary>The link to one stream of one executor's log; null when none was kept.</summary>
    public static string? LinkIfKept(PageContext page, string executorId, string stream) =>
        page.Entry.ExecutorLogDir is { } dir && ExecutorLogFiles.FileFor(dir, executorId, stream) is { } path && File.Exists(path)
            ? Html.Link(LogHref(page, executorId, stream), stream, string.Create(CultureInfo.InvariantCulture, $"log-{executorId}-{stream}"))
            : null;

    private static string LogHref(PageContext page, string id, string stream) =>
        page.Href($"/executors/log/?id={Uri.EscapeDataString(id)}&stream={Uri.EscapeDataString(stream)}");
}
