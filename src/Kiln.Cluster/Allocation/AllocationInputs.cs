namespace Kiln.Cluster.Allocation;

/// <summary>What the allocation manager sees of one live executor at an update.</summary>
/// <param name="Registered">False while it is still starting (it counts towards the target, but is not removed).</param>
/// <param name="RunningTasks">Its tasks in flight; none makes it idle.</param>
public readonly record struct AllocationExecutor(string Id, bool Registered, int RunningTasks);

/// <summary>The data an executor holds that can keep it when idle; asked only about executors idle long enough to matter.</summary>
public interface IExecutorDataView
{
    /// <summary>Whether it holds map outputs that a running or later stage still reads.</summary>
    bool HoldsNeededShuffleData(string executorId);

    /// <summary>Whether it holds cached blocks.</summary>
    bool HoldsCachedBlocks(string executorId);
}

/// <summary>An idle executor the manager releases, and why (for the log and the executor's removal reason).</summary>
public sealed record ExecutorRemoval(string ExecutorId, string Reason);

/// <summary>What the backend should do after an update: keep <see cref="Target"/> live executors and release <see cref="Remove"/>.</summary>
public sealed record AllocationDecision(int Target, IReadOnlyList<ExecutorRemoval> Remove);
