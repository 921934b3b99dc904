namespace Kiln.Scheduler.Events;

/// <summary>An executor registered with the driver (in local mode, the driver's own task threads as executor "driver").</summary>
/// <param name="Process">How to find it: "pid 4242", a pod name, or "in process".</param>
public sealed record ExecutorAdded(DateTimeOffset Time, string ExecutorId, string Host, int Cores, long MaxMemory, string Process) : ListenerEvent(Time);
