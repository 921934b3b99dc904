using System.Collections.Concurrent;
using Kiln.Status.EventLog;
using Kiln.Status.ExecutorLogs;

namespace Kiln.Ui.History;

/// <summary>
/// The history server's applications: every event log in a directory, each replayed into its own status store and
/// refreshed incrementally (<see cref="EventLogReplay"/>). A log that cannot be read at all is left out and retried at
/// the next refresh; one that is truncated or has corrupt lines is shown as such. Finished logs older than the
/// cleaner's maximum age are deleted.
/// </summary>
/// <remarks>Refresh from one thread (the server's timer); requests read concurrently.</remarks>
public sealed class HistoryProvider : IStatusSource
{
    private readonly string _dir;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, EventLogReplay> _logs = new(StringComparer.Ordinal);
    private volatile AppEntry[] _entries = [];

    /// <param name="maxAge">Finished logs not written for this long are deleted; zero: never.</param>
    public HistoryProvider(string dir, TimeSpan maxAge, TimeProvider? time = null)
    {
        _dir = dir;
        _maxAge = maxAge;
        _time = time ?? TimeProvider.System;
    }

    public bool IsHistory => true;

    /// <summary>Logs that failed to read at the last refresh (left out of the list).</summary>
    public int UnreadableLogs { get; private set; }

    public IReadOnlyList<AppEntry> Applications() => _entries;

    public AppEntry? Find(string appId) => _entries.FirstOrDefault(e => e.Id == appId);

    /// <summary>Finds new logs, reads what was appended to known ones, deletes expired ones.</summary>
    public void Refresh()
    {
        var found = EventLogFiles.Find(_dir).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _logs.Keys.Where(k => !found.Contains(k)).ToArray())
        {
            _logs.TryRemove(gone, out _);
        }

        var unreadable = 0;
        foreach (var log in found)
        {
            if (Expired(log))
            {
                TryDelete(log);
                _logs.TryRemove(log, out _);
                continue;
            }

            var replay = _logs.GetOrAdd(log, l => new EventLogReplay(l));
            try
            {
                replay.Refresh();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable++;
            }
        }

        UnreadableLogs = unreadable;
        _entries = _logs.Values
            .Where(r => r.Store.Read(s => s.Application.Id.Length > 0))
            .Select(r => new AppEntry(r.Store, r.Log, r.CorruptLines, r.Truncated, ExecutorLogFiles.DirectoryFor(_dir, r.Store.Read(s => s.Application.Id))))
            .ToArray();
    }

    private bool Expired(string log) =>
        _maxAge > TimeSpan.Zero && !EventLogFiles.IsInProgress(log) && _time.GetUtcNow().UtcDateTime - EventLogFiles.LastWritten(log) > _maxAge;

    /// <summary>Deletes a log and the executor logs kept beside it.</summary>
    private void TryDelete(string log)
    {
        try
        {
            EventLogFiles.Delete(log);
            var executorLogs = ExecutorLogFiles.DirectoryFor(_dir, EventLogFiles.AppIdOf(log));
            if (Directory.Exists(executorLogs))
            {
                Directory.Delete(executorLogs, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Retried at the next refresh.
        }
    }
}
