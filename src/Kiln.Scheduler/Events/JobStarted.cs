namespace Kiln.Scheduler.Events;

/// <summary>A job (one action) was submitted, with every stage it may run.</summary>
/// <param name="SqlExecutionId">The query execution the job belongs to; -1 when none.</param>
public sealed record JobStarted(DateTimeOffset Time, int JobId, string Description, long SqlExecutionId, IReadOnlyList<StageInfo> Stages) : ListenerEvent(Time);
