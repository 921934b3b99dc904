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
    private readonly TaskQueue _queue = new();
    private readonly Dictionary<long, PendingTask> _running = [];
    private readonly TaskPlacement _placement;
    private int _freeCores;

    private Task OnSubmit(PendingTask pending)
    {
        if (_stopping || _failure is not null)
        {
            pending.Complete(new TaskResult(pending.Task.TaskId, TaskOutcome.Failed, new TaskMetrics(), "none")
            {
                Error = new NoExecutorsException(_executors.Lost, _failure is null ? "the application is stopping" : $"the application cannot get executors: {_failure}"),
            });
            return Task.CompletedTask;
        }

        pending.QueuedAt = _time.GetUtcNow();
        _queue.Enqueue(pending);
        FailQueuedIfNoExecutors();
        return Task.CompletedTask;
    }

    private async Task OnCancelAsync(long taskId)
    {
        if (_queue.TryRemove(taskId, out var queued))
        {
            queued.Cancel();
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

    /// <summary>Fails every queued task with <paramref name="error"/> (nothing can run them).</summary>
    private void FailQueued(Exception error)
    {
        foreach (var pending in _queue.DrainAll())
        {
            pending.Complete(new TaskResult(pending.Task.TaskId, TaskOutcome.Failed, new TaskMetrics(), "none") { Error = error });
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
                if (result.MapStatus is { } written)
                {
                    executor.ShufflesWritten.Add(written.ShuffleId);
                    executor.Decommission?.DrainedOutputs.Add(written);
                }

                foreach (var (id, failures, until) in _placement.OnSucceeded(task, executor.Id))
                {
                    ClusterLog.ExcludedForApplication(_logger, id, until, failures);
                    UpdateSnapshot();
                }

                break;
            case TaskOutcome.Failed when result.Error is not RemoteKilnException:
                if (_placement.OnFailed(task, executor.Id, result.Error!) is { } count)
                {
                    ClusterLog.ExcludedForStage(_logger, executor.Id, task.StageId, count);
                }

                break;
        }

        pending.Complete(result);
        return Task.CompletedTask;
    }

    /// <summary>Places queued tasks, oldest first, on free cores (see <see cref="TaskPlacement"/>); fails those that can run nowhere.</summary>
    private async Task ScheduleAsync()
    {
        foreach (var pending in _queue.Walk())
        {
            if (_freeCores <= 0)
            {
                break;
            }

            var (executor, unrunnable) = _placement.Place(pending, _executors);
            if (executor is not null)
            {
                _queue.Remove(pending);
                await LaunchAsync(pending, executor).ConfigureAwait(false);
            }
            else if (unrunnable is not null)
            {
                _queue.Remove(pending);
                pending.Complete(new TaskResult(pending.Task.TaskId, TaskOutcome.Failed, new TaskMetrics(), "none") { Error = unrunnable });
            }
        }
    }

    private async Task LaunchAsync(PendingTask pending, TrackedExecutor executor)
    {
        executor.FreeCores--;
        _freeCores--;
        executor.Running.Add(pending.Task.TaskId);
        pending.ExecutorId = executor.Id;
        pending.LaunchEpoch = _mapOutputs.Epoch;
        _running[pending.Task.TaskId] = pending;
        _options.Events?.Post(new Scheduler.Events.TaskLaunched(_options.Events.Now, pending.Task.TaskId, pending.Task.StageId, pending.Task.StageAttempt, executor.Id));
        try
        {
            await executor.Endpoint!.SendAsync(TaskMessages.ToMessage(pending.Task, pending.LaunchEpoch)).ConfigureAwait(false);
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
