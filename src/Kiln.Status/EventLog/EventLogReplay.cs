using Kiln.Status.Store;

namespace Kiln.Status.EventLog;

/// <summary>
/// One event log replayed into a status store, kept up to date: <see cref="Refresh"/> applies what was appended since
/// the last call, or rebuilds the store when the log was rewritten (a compressed part grew, a file shrank).
/// </summary>
/// <remarks>Not thread-safe: one refresher at a time; the store itself may be read concurrently.</remarks>
public sealed class EventLogReplay
{
    private readonly EventLogReader _reader;

    public EventLogReplay(string log)
    {
        _reader = new EventLogReader(log);
        Store = new AppStatusStore();
    }

    public string Log => _reader.Log;

    public AppStatusStore Store { get; private set; }

    public int CorruptLines => _reader.CorruptLines;

    public bool Truncated => _reader.Truncated;

    /// <summary>Replays a whole log at once.</summary>
    public static EventLogReplay Load(string log)
    {
        var replay = new EventLogReplay(log);
        replay.Refresh();
        return replay;
    }

    /// <summary>Reads new events into the store; returns how many were applied.</summary>
    public int Refresh()
    {
        var events = _reader.ReadNew();
        if (_reader.NeedsRebuild)
        {
            _reader.Reset();
            var fresh = new AppStatusStore();
            events = _reader.ReadNew();
            foreach (var e in events)
            {
                fresh.OnEvent(e);
            }

            Store = fresh;
            return events.Count;
        }

        foreach (var e in events)
        {
            Store.OnEvent(e);
        }

        return events.Count;
    }
}
