namespace Kiln.Scheduler.Events;

/// <summary>A query ended; <paramref name="Error"/> says why when it failed.</summary>
public sealed record SqlExecutionEnded(DateTimeOffset Time, long ExecutionId, string? Error) : ListenerEvent(Time);
