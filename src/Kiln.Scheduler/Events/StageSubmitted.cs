namespace Kiln.Scheduler.Events;

/// <summary>An attempt of a stage was submitted with <paramref name="TaskCount"/> tasks (fewer than its partitions when re-run for lost outputs).</summary>
public sealed record StageSubmitted(DateTimeOffset Time, int StageId, int Attempt, int JobId, string Name, string Details, int TaskCount, bool IsShuffleMap) : ListenerEvent(Time);
