namespace Kiln.Ui.Pages;

/// <summary>The Executors tab: every executor that ever registered, with its size, task counts, shuffle totals and, once gone, why.</summary>
internal static class ExecutorsPage
{
    public static string Render(PageContext page) => page.Store.Read(s =>
    {
        var table = Html.Table(
            "executors-table",
            ["Executor Id", "Address", "Process / Pod", "Status", "Cores", "Max Memory", "Completed Tasks", "Failed Tasks", "Task Time", "Input Records", "Shuffle Read", "Shuffle Write", "Added", "Removed", "Reason"],
            s.Executors.OrderBy(x => x.Id == "driver" ? string.Empty : x.Id.PadLeft(8)).Select(x => new[]
            {
                Html.E(x.Id), Html.E(x.Host), Html.E(x.Process),
                Html.Status(x.IsActive ? "Active" : x.Lost ? "Lost" : "Stopped"),
                Html.N(x.Cores), x.MaxMemory > 0 ? Html.Bytes(x.MaxMemory) : string.Empty,
                Html.N(x.CompletedTasks), Html.N(x.FailedTasks), Html.Duration(x.TotalDurationMs), Html.N(x.TotalInputRecords),
                Html.Bytes(x.TotalShuffleRead), Html.Bytes(x.TotalShuffleWrite), Html.Time(x.AddTime), Html.Time(x.RemoveTime), Html.E(x.RemoveReason),
            }));
        return Layout.Page(page, "Executors", "Executors", table);
    });
}
