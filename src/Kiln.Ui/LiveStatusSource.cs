using Kiln.Status.Store;

namespace Kiln.Ui;

/// <summary>The driver's own application, as its live UI shows it.</summary>
/// <param name="executorLogDir">Where its executors' output is kept; null: not kept.</param>
public sealed class LiveStatusSource(AppStatusStore store, string? executorLogDir = null) : IStatusSource
{
    private readonly AppEntry _entry = new(store, null, 0, false, executorLogDir);

    public bool IsHistory => false;

    public IReadOnlyList<AppEntry> Applications() => [_entry];

    public AppEntry? Find(string appId) => _entry.Id == appId ? _entry : null;
}
