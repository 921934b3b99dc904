using Kiln.Cluster.Allocation;

namespace Kiln.Cluster.Driver;

/// <summary>
/// Dynamic allocation's side of the loop: after every batch of events and tick, the <see cref="ExecutorAllocationManager"/>
/// sees the queued and running tasks and the live executors, and the backend applies its answer: the roster's target
/// (more executors are launched, extra starting ones released) and the idle executors to release. When dynamic
/// allocation is on, the manager owns the target (<see cref="RequestTotalExecutors"/> is overridden at its next round).
/// </summary>
public sealed partial class ClusterBackend
{
    private ExecutorAllocationManager? _allocation;
    private AllocationData? _allocationData;
    private DynamicAllocationSettings? _allocationSettings;
    private string _allocationMax = string.Empty;

    /// <summary>Raised with <see cref="Executors"/> whenever an executor starts, registers or goes, on the backend's loop: handlers must return at once.</summary>
    public event Action<IReadOnlyList<ExecutorInfo>>? ExecutorsChanged;

    /// <summary>Sets dynamic allocation up when configured; returns how many executors to start with.</summary>
    private int StartAllocation(DynamicAllocationSettings? settings, int requested)
    {
        if (settings is null)
        {
            return requested;
        }

        var initial = settings.Initial(requested);
        _allocation = new ExecutorAllocationManager(settings, _options.CoresPerExecutor, initial);
        _allocationData = new AllocationData(this);
        _allocationMax = settings.MaxExecutors == int.MaxValue ? "infinity" : settings.MaxExecutors.ToString(System.Globalization.CultureInfo.InvariantCulture);
        AllocationLog.Enabled(_logger, initial, settings.MinExecutors, _allocationMax, settings.ShuffleTracking);
        if (!settings.ShuffleTracking)
        {
            AllocationLog.NoShuffleTracking(_logger);
        }

        _allocationSettings = settings;
        return initial;
    }

    private void UpdateAllocation()
    {
        if (_allocation is null || _stopping || _failure is not null)
        {
            return;
        }

        var live = _executors.All
            .Where(e => e.State is ExecutorState.Starting or ExecutorState.Active)
            .Select(e => new AllocationExecutor(e.Id, e.State == ExecutorState.Active, e.Running.Count))
            .ToArray();
        var decision = _allocation.Update(_time.GetUtcNow(), _queue.Count, _running.Count, live, _allocationData!);
        if (decision.Target != _executors.Target)
        {
            var settings = _allocationSettings!;
            AllocationLog.TargetChanged(_logger, _executors.Target, decision.Target, _queue.Count, _running.Count, settings.MinExecutors, _allocationMax);
            OnTargetChanged(decision.Target);
        }

        foreach (var removal in decision.Remove)
        {
            if (_executors.TryGetValue(removal.ExecutorId, out var executor) && executor.State == ExecutorState.Active)
            {
                AllocationLog.Removing(_logger, executor.Id, removal.Reason);
                if (_decommission is not null)
                {
                    Post(new DecommissionRequested(executor.Id, $"dynamic allocation removed it: {removal.Reason}", LowerTarget: false));
                }
                else
                {
                    Release(executor, $"dynamic allocation removed it: {removal.Reason}");
                }
            }
        }
    }

    /// <summary>What executors hold, as the allocation manager asks it: shuffles they wrote that are still read, cached blocks.</summary>
    private sealed class AllocationData(ClusterBackend backend) : IExecutorDataView
    {
        public bool HoldsNeededShuffleData(string executorId)
        {
            if (!backend._executors.TryGetValue(executorId, out var executor))
            {
                return false;
            }

            var tracker = backend._mapOutputs;
            executor.ShufflesWritten.RemoveWhere(s => !tracker.ContainsShuffle(s));
            return executor.ShufflesWritten.Any(tracker.IsNeeded);
        }

        public bool HoldsCachedBlocks(string executorId) => backend._options.UserCode?.Cache.HoldsBlocks(executorId) ?? false;
    }
}
