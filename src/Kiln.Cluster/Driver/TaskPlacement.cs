using Kiln.Execution.Tasks;

namespace Kiln.Cluster.Driver;

/// <summary>
/// Decides where a queued task runs, remembering what it needs for that: failures per executor and stage
/// (<see cref="ExclusionTracker"/>), each task's last failure (to explain why it can run nowhere), and a round-robin
/// cursor so tasks spread over executors.
/// <code>
///   preferred executors (cached input), Active, not excluded, not failed on ─ a free core ─> there
///                                                                  └ all busy ─> wait, up to kiln.locality.wait
///   any Active executor not excluded for the stage, round robin ─ not failed on, free ─> there
///                                                   └ only executors it failed on ─> the first free one of those
///   no executor left that is not excluded, none starting ─> unrunnable (ExecutorsExcludedException)
/// </code>
/// </summary>
/// <remarks>Not thread-safe: owned by the cluster backend's event loop.</remarks>
internal sealed class TaskPlacement
{
    private readonly ExclusionTracker _exclusions;
    private readonly TimeSpan _localityWait;
    private readonly TimeProvider _time;
    private readonly Dictionary<(int Stage, int Partition), Exception> _lastFailures = [];
    private int _nextPick;

    public TaskPlacement(ExclusionTracker exclusions, TimeSpan localityWait, TimeProvider time)
    {
        _exclusions = exclusions;
        _localityWait = localityWait;
        _time = time;
    }

    public bool IsExcludedForApplication(string executorId) => _exclusions.IsExcludedForApplication(executorId);

    /// <summary>
    /// Where <paramref name="pending"/> should run now: an executor, nothing yet (it waits), or the error that it can
    /// run nowhere.
    /// </summary>
    public (TrackedExecutor? Executor, Exception? Unrunnable) Place(PendingTask pending, ExecutorRoster roster)
    {
        var task = pending.Task;
        if (task.PreferredExecutors.Count > 0)
        {
            var waiting = false;
            foreach (var id in task.PreferredExecutors)
            {
                if (roster.TryGetValue(id, out var local) && local.State == ExecutorState.Active
                    && !_exclusions.IsExcluded(task.StageId, id) && !_exclusions.FailedOn(task.StageId, task.Partition, id))
                {
                    if (local.FreeCores > 0)
                    {
                        return (local, null);
                    }

                    waiting = true;
                }
            }

            if (waiting && _time.GetUtcNow() - pending.QueuedAt < _localityWait)
            {
                return (null, null);
            }
        }

        TrackedExecutor? fallback = null;
        var eligible = 0;
        var untried = 0;
        var executors = roster.All.ToArray();
        var count = executors.Length;
        for (var k = 0; k < count; k++)
        {
            var executor = executors[(_nextPick + k) % count];
            if (executor.State != ExecutorState.Active || _exclusions.IsExcluded(task.StageId, executor.Id))
            {
                continue;
            }

            eligible++;
            var failedHere = _exclusions.FailedOn(task.StageId, task.Partition, executor.Id);
            if (!failedHere)
            {
                untried++;
            }

            if (executor.FreeCores > 0)
            {
                if (!failedHere)
                {
                    _nextPick = (_nextPick + k + 1) % count;
                    return (executor, null);
                }

                fallback ??= executor;
            }
        }

        if (eligible == 0)
        {
            return roster.AnyStarting ? (null, null) : (null, Excluded(task, roster));
        }

        return untried == 0 ? (fallback, null) : (null, null);
    }

    /// <summary>Records a task's success; returns the executors this excluded for the whole application.</summary>
    public IReadOnlyList<(string Executor, int Failures, DateTimeOffset Until)> OnSucceeded(TaskDescription task, string executorId)
    {
        _lastFailures.Remove((task.StageId, task.Partition));
        return _exclusions.OnTaskSucceeded(task.StageId, task.Partition, executorId);
    }

    /// <summary>Records a task's failure (not a kill); returns the executor's failure count in the stage when this excluded it there.</summary>
    public int? OnFailed(TaskDescription task, string executorId, Exception error)
    {
        _lastFailures[(task.StageId, task.Partition)] = error;
        return _exclusions.OnTaskFailed(task.StageId, task.Partition, executorId);
    }

    private ExecutorsExcludedException Excluded(TaskDescription task, ExecutorRoster roster)
    {
        var live = roster.All.Where(e => e.State == ExecutorState.Active).Select(e => e.Id).ToArray();
        _lastFailures.TryGetValue((task.StageId, task.Partition), out var last);
        var cause = last switch
        {
            RemoteTaskException remote => $"; the last failure was on executor {remote.ExecutorId} (host {remote.Host}): {remote.RemoteType}: {remote.Message}",
            not null => $"; the last failure: {last.GetType().Name}: {last.Message}",
            null => string.Empty,
        };
        return new ExecutorsExcludedException(
            task.StageId,
            task.Partition,
            $"{task.Name} cannot run: every executor is excluded after repeated task failures ({_exclusions.Describe(task.StageId, live)}){cause}. " +
            "See kiln.excludeOnFailure.* to tune or disable exclusion.",
            last);
    }
}
