using Kiln.Scheduler.Events;

namespace Kiln.Status.Store;

/// <summary>Jobs, stage attempts and tasks: the counters each event moves.</summary>
public sealed partial class AppStatusStore
{
    private void OnJobStarted(JobStarted e)
    {
        var job = new JobStatus
        {
            JobId = e.JobId,
            Description = e.Description,
            SqlExecutionId = e.SqlExecutionId,
            SubmissionTime = e.Time,
            NumTasks = e.Stages.Sum(s => s.TaskCount),
        };
        job.StageIds.AddRange(e.Stages.Select(s => s.StageId));
        foreach (var stage in e.Stages)
        {
            _stageToJob[stage.StageId] = e.JobId;
        }

        _jobs[e.JobId] = job;
        if (_sql.TryGetValue(e.SqlExecutionId, out var sql))
        {
            sql.JobIds.Add(e.JobId);
        }
    }

    private void OnJobEnded(JobEnded e)
    {
        if (_jobs.TryGetValue(e.JobId, out var job))
        {
            job.CompletionTime = e.Time;
            job.Status = e.Succeeded ? "SUCCEEDED" : "FAILED";
            job.Error = e.Error;
            job.NumSkippedStages = job.StageIds.Count(id => !job.StagesRun.Contains(id));
        }
    }

    private void OnStageSubmitted(StageSubmitted e)
    {
        _stages[(e.StageId, e.Attempt)] = new StageStatus
        {
            StageId = e.StageId,
            Attempt = e.Attempt,
            JobId = e.JobId,
            Name = e.Name,
            Details = e.Details,
            IsShuffleMap = e.IsShuffleMap,
            NumTasks = e.TaskCount,
            SubmissionTime = e.Time,
        };
        if (_jobs.TryGetValue(e.JobId, out var job))
        {
            job.NumActiveStages++;
            job.StagesRun.Add(e.StageId);
        }
    }

    private void OnStageCompleted(StageCompleted e)
    {
        if (!_stages.TryGetValue((e.StageId, e.Attempt), out var stage) || stage.Status != "ACTIVE")
        {
            return;
        }

        stage.Status = e.FailureReason is null ? "COMPLETE" : "FAILED";
        stage.FailureReason = e.FailureReason;
        stage.CompletionTime = e.Time;
        if (_jobs.TryGetValue(stage.JobId, out var job))
        {
            job.NumActiveStages--;
            if (e.FailureReason is null)
            {
                job.NumCompletedStages++;
            }
            else
            {
                job.NumFailedStages++;
            }
        }
    }

    private void OnTaskStarted(TaskStarted e)
    {
        if (!_stages.TryGetValue((e.StageId, e.StageAttempt), out var stage))
        {
            return;
        }

        var task = new TaskAttemptStatus
        {
            TaskId = e.TaskId,
            Index = e.Index,
            Attempt = e.Attempt,
            StageId = e.StageId,
            StageAttempt = e.StageAttempt,
            SubmitTime = e.Time,
            LaunchTime = e.Time,
        };
        stage.Tasks.Add(task);
        stage.TasksById[e.TaskId] = task;
        stage.NumActiveTasks++;
        if (JobOf(e.StageId) is { } job)
        {
            job.NumActiveTasks++;
        }
    }

    private void OnTaskLaunched(TaskLaunched e)
    {
        if (!_stages.TryGetValue((e.StageId, e.StageAttempt), out var stage) || !stage.TasksById.TryGetValue(e.TaskId, out var task) || task.EndTime is not null || task.Launched)
        {
            return;
        }

        task.Launched = true;
        task.LaunchTime = e.Time;
        task.ExecutorId = e.ExecutorId;
        task.Host = _executors.GetValueOrDefault(e.ExecutorId)?.Host ?? string.Empty;
        stage.FirstTaskLaunchedTime ??= e.Time;
        if (_executors.TryGetValue(e.ExecutorId, out var executor))
        {
            executor.ActiveTasks++;
        }
    }

    /// <summary>The application ended: a task still running then (its end event was lost) counts as killed.</summary>
    private void EndUnfinishedTasks(DateTimeOffset time)
    {
        foreach (var stage in _stages.Values)
        {
            foreach (var task in stage.Tasks.Where(t => t.EndTime is null).ToArray())
            {
                OnTaskEnded(new TaskEnded(time, task.TaskId, stage.StageId, stage.Attempt, task.Index, task.Attempt, task.ExecutorId, "KILLED", "the application ended while it ran", new Execution.Physical.TaskMetrics()));
            }
        }
    }

    private void OnTaskEnded(TaskEnded e)
    {
        if (!_stages.TryGetValue((e.StageId, e.StageAttempt), out var stage) || !stage.TasksById.TryGetValue(e.TaskId, out var task) || task.EndTime is not null)
        {
            return;
        }

        if (task.Launched && _executors.TryGetValue(task.ExecutorId, out var launchedOn))
        {
            launchedOn.ActiveTasks--;
        }

        task.EndTime = e.Time;
        task.Status = e.Status;
        task.Error = e.Error;
        task.Metrics = e.Metrics;
        task.ExecutorId = e.ExecutorId.Length > 0 ? e.ExecutorId : task.ExecutorId;
        var executor = _executors.GetValueOrDefault(task.ExecutorId);
        task.Host = executor?.Host ?? string.Empty;
        stage.FirstTaskLaunchedTime ??= task.LaunchTime;
        var succeeded = e.Status == "SUCCESS";
        var killed = e.Status == "KILLED";
        stage.NumActiveTasks--;
        if (succeeded)
        {
            stage.NumCompleteTasks++;
            stage.Metrics.Add(e.Metrics);
            if (e.CachedBlocks is { } blocks)
            {
                OnCacheBlocks(blocks);
            }

            if (e.Nodes is { } nodes && JobOf(e.StageId) is { } ofJob && _sql.TryGetValue(ofJob.SqlExecutionId, out var sql))
            {
                sql.AddNodeMetrics(nodes);
            }
        }
        else if (killed)
        {
            stage.NumKilledTasks++;
        }
        else
        {
            stage.NumFailedTasks++;
        }

        if (JobOf(e.StageId) is { } job)
        {
            job.NumActiveTasks--;
            _ = succeeded ? job.NumCompletedTasks++ : killed ? job.NumKilledTasks++ : job.NumFailedTasks++;
        }

        if (executor is not null)
        {
            _ = succeeded ? executor.CompletedTasks++ : executor.FailedTasks++;
            executor.TotalDurationMs += task.DurationMs ?? 0;
            executor.TotalInputRecords += e.Metrics.RowsRead;
            executor.TotalShuffleRead += e.Metrics.ShuffleBytesRead;
            executor.TotalShuffleWrite += e.Metrics.ShuffleBytesWritten;
        }
    }

    private JobStatus? JobOf(int stageId) => _stageToJob.TryGetValue(stageId, out var jobId) ? _jobs.GetValueOrDefault(jobId) : null;
}
