namespace Kiln.Scheduler.Events;

/// <summary>An executor started leaving gracefully: it takes no more tasks, and its data is moved before it exits.</summary>
/// <param name="Reason">Who asked: dynamic allocation, the driver's API, or a signal to the executor's process.</param>
public sealed record ExecutorDecommissionStarted(DateTimeOffset Time, string ExecutorId, string Reason) : ListenerEvent(Time);
