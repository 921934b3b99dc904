namespace Kiln.Scheduler.Events;

/// <summary>A task attempt was handed to the backend, which may queue it until a core is free (<see cref="TaskLaunched"/> says when it runs, and where).</summary>
/// <param name="Index">The partition the task computes.</param>
public sealed record TaskStarted(DateTimeOffset Time, long TaskId, int StageId, int StageAttempt, int Index, int Attempt) : ListenerEvent(Time);
