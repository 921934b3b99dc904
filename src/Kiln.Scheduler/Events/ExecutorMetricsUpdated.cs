namespace Kiln.Scheduler.Events;

/// <summary>
/// An executor's process counters, as of its last heartbeat (cumulative since it started): for the per-executor
/// metrics the driver exposes. Frequent and only the latest matters, so the event log does not keep them.
/// </summary>
public sealed record ExecutorMetricsUpdated(
    DateTimeOffset Time,
    string ExecutorId,
    long GcPauseMs,
    long GcCollections,
    long ManagedMemoryBytes,
    long WorkingSetBytes,
    long ShuffleRemoteBytesFetched) : ListenerEvent(Time);
