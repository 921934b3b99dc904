namespace Kiln.Scheduler.Events;

/// <summary>
/// A task attempt left the backend's queue and was sent to an executor's core (local mode: a task thread took it).
/// Its duration counts from here, not from <see cref="TaskStarted"/>, so time waiting for a free core is not in it.
/// </summary>
public sealed record TaskLaunched(DateTimeOffset Time, long TaskId, int StageId, int StageAttempt, string ExecutorId) : ListenerEvent(Time);
