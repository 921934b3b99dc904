namespace Kiln.Scheduler.Events;

/// <summary>An executor went away: lost (with the reason: exit code, OOMKilled, heartbeat timeout, ...) or stopped with the application.</summary>
public sealed record ExecutorRemoved(DateTimeOffset Time, string ExecutorId, string Reason, bool Lost) : ListenerEvent(Time);
