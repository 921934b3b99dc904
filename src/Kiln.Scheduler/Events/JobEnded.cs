namespace Kiln.Scheduler.Events;

/// <summary>A job ended; <paramref name="Error"/> is the failure's message when it failed or was cancelled.</summary>
public sealed record JobEnded(DateTimeOffset Time, int JobId, bool Succeeded, string? Error) : ListenerEvent(Time);
