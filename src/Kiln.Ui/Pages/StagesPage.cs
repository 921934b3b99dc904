using Kiln.Status.Store;

namespace Kiln.Ui.Pages;

/// <summary>The Stages tab: every stage attempt with its task progress and record and byte totals.</summary>
internal static class StagesPage
{
    public static string Render(PageContext page) => page.Store.Read(s =>
        Layout.Page(page, "Stages", "Stages", Table(page, s.Stages.Reverse().Take(2000))));

    public static string Table(PageContext page, IEnumerable<StageStatus> stages) => Html.Table(
        "stages-table",
        ["Stage Id", "Description", "Submitted", "Duration", "Tasks: Succeeded/Total", "Input Records", "Output Records", "Shuffle Read", "Shuffle Write", "Spill", "Status"],
        stages.Select(st => new[]
        {
            Html.Link(page.Href($"/stages/stage/?id={st.StageId}&attempt={st.Attempt}"), $"{st.StageId}.{st.Attempt}", $"stage-{st.StageId}-{st.Attempt}"),
            Html.E(st.Name),
            Html.Time(st.SubmissionTime),
            Html.Duration(Html.Between(st.SubmissionTime, st.CompletionTime)),
            Html.Progress(st.NumCompleteTasks, st.NumFailedTasks, st.NumTasks),
            Html.N(st.Metrics.RowsRead),
            Html.N(st.IsShuffleMap ? 0 : st.Metrics.RowsWritten),
            $"{Html.Bytes(st.Metrics.ShuffleBytesRead)} / {Html.N(st.Metrics.ShuffleRecordsRead)}",
            $"{Html.Bytes(st.Metrics.ShuffleBytesWritten)} / {Html.N(st.IsShuffleMap ? st.Metrics.RowsWritten : 0)}",
            Html.Bytes(st.Metrics.SpillBytes),
            Html.Status(st.Status) + (st.FailureReason is { } why ? $"<br><small>{Html.E(why)}</small>" : string.Empty),
        }));
}
