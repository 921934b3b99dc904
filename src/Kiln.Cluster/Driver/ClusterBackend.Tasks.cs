using Kiln.Cluster.Logging;
using Kiln.Cluster.Protocol;
using Kiln.Execution.Physical;
using Kiln.Execution.Tasks;
using Kiln.Network;
using Kiln.Network.Protocol;

namespace Kiln.Cluster.Driver;

/// <summary>The tasks' side of the loop: queue, placement on free cores, status updates, kills, exclusion.</summary>
public sealed partial class ClusterBackend
{
    private readonly LinkedList<PendingTask> _queue = new();
    private readonly Dictionary<long, LinkedListNode<PendingTask>> _queued = [];
    private readonly Dictionary<long, PendingTask> _running = [];
    private readonly Dictionary<(int Stage, int Partition), Exception> _lastFailures = [];
    private readonly ExclusionTracker _exclusions;
    private int _freeCores;
    private int _nextPick;

    private Task OnSubmit(PendingTask pending)
    {
        if (_stopping || _failure is not null)
        {
            pending.Complete(new TaskResult(pending.Task.TaskId, TaskOutcome.Failed, new TaskMetrics(), "none")
            {
                Error = new NoExecutorsException(_lostExecutors, _failure is null ? "the application is stopping" : $"the application cannot get executors: {_failure}"),
            });
            return Task.CompletedTask;
        }

        pending.QueuedAt = _time.GetUtcNow();
        _queued[pending.Task.TaskId] = _queue.AddLast(pending);
        FailQueuedIfNoExecutors();
        return Task.CompletedTask;
    }

    private async Task OnCancelAsync(long taskId)
    {
        if (_queued.TryGetValue(taskId, out var node))
        {
            Dequeue(node.Value);
            node.Value.Cancel();
        }
        else if (_running.TryGetValue(taskId, out var pending)
            && _executors.TryGetValue(pending.ExecutorId!, out var executor)
            && executor.Endpoint is { } endpoint)
        {
            // The executor reports the task as killed; its core is free once that report arrives.
            try
            {
                await endpoint.SendAsync(new KillTask { TaskId = taskId, Reason = "its job was cancelled or failed" }).ConfigureAwait(false);
            }
            catch (NetworkException)
            {
                // The executor is going away; its loss fails the task.
            }
        }
    }

    private void Dequeue(PendingTask pending)
    {
        if (_queued.Remove(pending.Task.TaskId, out var node))
        {
            _queue.Remove(node);
        }
    }

    private Task OnStatus(TaskStatusUpdate update)
    {
        if (!_running.TryGetValue(update.TaskId, out var pending) || pending.ExecutorId != update.ExecutorId)
        {
            // A late report from an executor already counted lost: its task has been failed and retried.
            return Task.CompletedTask;
        }

        _running.Remove(update.TaskId);
        var executor = _executors[update.ExecutorId];
        executor.Running.Remove(update.TaskId);
        if (executor.State == ExecutorState.Active)
        {
            executor.FreeCores++;
            _freeCores++;
        }

        var result = TaskMessages.FromMessage(update, executor.Host ?? "unknown");
        var task = pending.Task;
        switch (result.Outcome)
        {
            case TaskOutcome.Succeeded:
                _lastFailures.Remove((task.StageId, task.Partition));
                foreach (var (id, failures, until) in _exclusions.OnTaskSucceeded(task.StageId, task.Partition, executor.Id))
                {
                    ClusterLog.ExcludedForApplication(_logger, id, until, failures);
                    UpdateSnapshot();
                }

                break;
            case TaskOutcome.Failed when result.Error is not RemoteKilnException:
                _lastFailures[(task.StageId, task.Partition)] = result.Error!;
                if (_exclusions.OnTaskFailed(task.StageId, task.Partition, executor.Id) is { } count)
                {
                    ClusterLog.ExcludedForStage(_logger, executor.Id, task.StageId, count);
                }

                break;
        }

        pending.Complete(result);
        return Task.CompletedTask;
    }

    /// <summary>Places queued tasks, oldest first, on free cores; fails those that can run nowhere.</summary>
    private async Task ScheduleAsync()
    {
        var node = _queue.First;
        while (node is not null && _freeCores > 0)
        {
            var next = node.Next;
            var pending = node.Value;
            var (executor, unrunnable) = Place(pending);
            if (executor is not null)
            {
                Dequeue(pending);
                await LaunchAsync(pending, executor).ConfigureAwait(false);
            }
            else if (unrunnable is not null)
            {
                Dequeue(pending);
                pending.Complete(new TaskResult(pending.Task.TaskId, TaskOutcome.Failed, new TaskMetrics(), "none") { Error = unrunnable });
            }

            node = next;
        }
    }

    /// <summary>
    /// Where a task should run: an Active executor with a free core that is not excluded for its stage, preferring
    /// the executors holding its cached input (for up to kiln.locality.wait), then executors it has not failed on yet
    /// (it waits for one of those to free up rather than go back to a failing one). Returns an error instead when
    /// every live executor is excluded.
    /// </summary>
    private (TrackedExecutor? Executor, Exception? Unrunnable) Place(PendingTask pending)
    {
        var task = pending.Task;
        if (task.PreferredExecutors.Count > 0)
        {
            var waiting = false;
            foreach (var id in task.PreferredExecutors)
            {
                if (_executors.TryGetValue(id, out var local) && local.State == ExecutorState.Active
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
        var count = _executors.Count;
        var executors = _executors.Values.ToArray();
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
            return _executors.Values.Any(e => e.State == ExecutorState.Starting) ? (null, null) : (null, Excluded(task));
        }

        return untried == 0 ? (fallback, null) : (null, null);
    }

    private ExecutorsExcludedException Excluded(TaskDescription task)
    {
        var live = _executors.Values.Where(e => e.State == ExecutorState.Active).Select(e => e.Id).ToArray();
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

    private async Task LaunchAsync(PendingTask pending, TrackedExecutor executor)
    {
        executor.FreeCores--;
        _freeCores--;
        executor.Running.Add(pending.Task.TaskId);
        pending.ExecutorId = executor.Id;
        _running[pending.Task.TaskId] = pending;
        try
        {
            await executor.Endpoint!.SendAsync(TaskMessages.ToMessage(pending.Task, _mapOutputs.Epoch)).ConfigureAwait(false);
        }
        catch (NetworkException e)
        {
            Lose(executor, $"sending it a task failed ({e.Message})");
        }
        catch (ArgumentException e)
        {
            // The task is larger than kiln.rpc.message.maxSize: it fails the same way everywhere.
            _running.Remove(pending.Task.TaskId);
            executor.Running.Remove(pending.Task.TaskId);
            executor.FreeCores++;
            _freeCores++;
            pending.Complete(new TaskResult(pending.Task.TaskId, TaskOutcome.Failed, new TaskMetrics(), executor.Id)
            {
                Error = new Common.Errors.ConfigException("kiln.rpc.message.maxSize", $"{pending.Task.Name} cannot be sent to an executor: {e.Message}", e),
            });
        }
    }
}
