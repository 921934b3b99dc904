using Kiln.Status.Store;

namespace Kiln.Ui;

/// <summary>One application a UI server shows: its status store and, from an event log, how well the log read.</summary>
/// <param name="Source">The event log it was loaded from; null for the live driver.</param>
/// <param name="CorruptLines">Lines of the log that were not events (skipped).</param>
/// <param name="Truncated">The log ended in a half-written line or a cut-off compressed stream.</param>
/// <param name="ExecutorLogDir">The folder of its executors' kept output (ExecutorLogFiles); null: none kept.</param>
public sealed record AppEntry(AppStatusStore Store, string? Source, int CorruptLines, bool Truncated, string? ExecutorLogDir = null)
{
    public string Id => Store.Read(s => s.Application.Id);
}
