using Kiln.Scheduler.Events;

namespace Kiln.Cluster.Driver;

/// <summary>
/// Turns the backend's executor snapshots into listener events, the one place executors enter the UI, event log and
/// metrics: an executor that became Active was added, one that became Lost (with its reason) or Stopped was removed.
/// </summary>
internal static class ExecutorEvents
{
    public static void Post(ListenerBus events, IReadOnlyList<ExecutorInfo> before, IReadOnlyList<ExecutorInfo> after, int memoryMiB)
    {
        var old = before.ToDictionary(e => e.Id, e => e.State, StringComparer.Ordinal);
        foreach (var executor in after)
        {
            var was = old.GetValueOrDefault(executor.Id, ExecutorState.Starting);
            if (was == executor.State)
            {
                continue;
            }

            if (executor.State == ExecutorState.Active)
            {
                events.Post(new ExecutorAdded(events.Now, executor.Id, executor.Host ?? string.Empty, executor.Cores, (long)memoryMiB << 20, executor.Process));
            }
            else if (was is ExecutorState.Active or ExecutorState.Decommissioning && executor.State is ExecutorState.Lost or ExecutorState.Stopped)
            {
                var lost = executor.State == ExecutorState.Lost;
                events.Post(new ExecutorRemoved(events.Now, executor.Id, executor.LossReason ?? (lost ? "lost" : "the application stopped"), lost));
            }
        }
    }
}
