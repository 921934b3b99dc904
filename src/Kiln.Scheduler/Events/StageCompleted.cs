namespace Kiln.Scheduler.Events;

/// <summary>A stage attempt ended: all its tasks succeeded, or it failed (<paramref name="FailureReason"/>).</summary>
public sealed record StageCompleted(DateTimeOffset Time, int StageId, int Attempt, string? FailureReason) : ListenerEvent(Time);
