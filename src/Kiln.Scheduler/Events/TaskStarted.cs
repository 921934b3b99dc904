namespace Kiln.Scheduler.Events;

/// <summary>A task attempt was handed to the backend (its executor is known when it ends).</summary>
/// <param name="Index">The partition the task computes.</param>
public sealed record TaskStarted(DateTimeOffset Time, long TaskId, int StageId, int StageAttempt, int Index, int Attempt) : ListenerEvent(Time);
