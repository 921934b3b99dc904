namespace Kiln.Ui.Pages;

/// <summary>The Executors tab: every executor that ever registered, with its size, task counts, shuffle totals, links to its kept stdout / stderr and, once gone, why.</summary>
internal static class ExecutorsPage
{
    public static string Render(PageContext page) => page.Store.Read(s =>
    {
        var table = Html.Table(
            "executors-table",
            ["Executor Id", "Address", "Process / Pod", "Status", "Cores", "Max Memory", "Active Tasks", "Completed Tasks", "Failed Tasks", "Task Time", "Input Records", "Shuffle Read", "Shuffle Write", "Added", "Removed", "Reason", "Logs"],
            s.Executors.OrderBy(x => x.Id == "driver" ? string.Empty : x.Id.PadLeft(8)).Select(x => new[]
            {
                Html.E(x.Id), Html.E(x.Host), Html.E(x.Process),
                Html.Status(x.IsActive ? "Active" : x.Lost ? "Lost" : "Stopped"),
                Html.N(x.Cores), x.MaxMemory > 0 ? Html.Bytes(x.MaxMemory) : string.Empty,
                Html.N(x.ActiveTasks), Html.N(x.CompletedTasks), Html.N(x.FailedTasks), Html.Duration(x.TotalDurationMs), Html.N(x.TotalInputRecords),
                Html.Bytes(x.TotalShuffleRead), Html.Bytes(x.TotalShuffleWrite), Html.Time(x.AddTime), Html.Time(x.RemoveTime), Html.E(x.RemoveReason), Logs(page, x.Id),
            }));
        return Layout.Page(page, "Executors", "Executors", table);
    });

    private static string Logs(PageContext page, string executorId) =>
        string.Join(" ", Status.ExecutorLogs.ExecutorLogFiles.Streams.Select(stream => ExecutorLogPage.LinkIfKept(page, executorId, stream)).OfType<string>());
}
