namespace Kiln.Scheduler.Events;

/// <summary>The session was stopped: the last event of an application that ended normally.</summary>
public sealed record ApplicationEnded(DateTimeOffset Time) : ListenerEvent(Time);
