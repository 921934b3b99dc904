using Kiln.Status.Store;

namespace Kiln.Ui.Api;

/// <summary>
/// The REST API's answers in the shapes of Spark's <c>/api/v1</c> (ApplicationInfo, JobData, StageData, TaskData,
/// ExecutorSummary, ApplicationEnvironmentInfo, ExecutionData), so tools written for Spark read Kiln. Built inside
/// the store's read lock from its status objects.
/// </summary>
internal static class RestShapes
{
    public static object Application(AppStatusStore store)
    {
        var app = store.Application;
        var end = app.EndTime;
        return new
        {
            id = app.Id,
            name = app.Name,
            attempts = new[]
            {
                new
                {
                    startTime = SparkTime.Format(app.StartTime),
                    endTime = SparkTime.Format(end) ?? "1969-12-31T23:59:59.999GMT",
                    lastUpdated = SparkTime.Format(app.LastUpdated),
                    duration = end is { } e ? (long)(e - app.StartTime).TotalMilliseconds : 0,
                    sparkUser = app.User,
                    completed = app.Completed,
                    appSparkVersion = app.Version,
                    startTimeEpoch = SparkTime.Epoch(app.StartTime),
                    endTimeEpoch = SparkTime.Epoch(end),
                    lastUpdatedEpoch = SparkTime.Epoch(app.LastUpdated),
                },
            },
        };
    }

    public static object Job(JobStatus job) => new
    {
        jobId = job.JobId,
        name = job.Description,
        description = job.Description,
        submissionTime = SparkTime.Format(job.SubmissionTime),
        completionTime = SparkTime.Format(job.CompletionTime),
        stageIds = job.StageIds,
        status = job.Status,
        numTasks = job.NumTasks,
        numActiveTasks = job.NumActiveTasks,
        numCompletedTasks = job.NumCompletedTasks,
        numSkippedTasks = 0,
        numFailedTasks = job.NumFailedTasks,
        numKilledTasks = job.NumKilledTasks,
        numCompletedIndices = job.NumCompletedTasks,
        numActiveStages = job.NumActiveStages,
        numCompletedStages = job.NumCompletedStages,
        numSkippedStages = job.NumSkippedStages,
        numFailedStages = job.NumFailedStages,
        sqlExecutionId = job.SqlExecutionId,
    };

    public static object Stage(StageStatus stage)
    {
        var m = stage.Metrics;
        return new
        {
            status = stage.Status,
            stageId = stage.StageId,
            attemptId = stage.Attempt,
            numTasks = stage.NumTasks,
            numActiveTasks = stage.NumActiveTasks,
            numCompleteTasks = stage.NumCompleteTasks,
            numFailedTasks = stage.NumFailedTasks,
            numKilledTasks = stage.NumKilledTasks,
            numCompletedIndices = stage.NumCompleteTasks,
            executorRunTime = m.RunTimeMs,
            submissionTime = SparkTime.Format(stage.SubmissionTime),
            firstTaskLaunchedTime = SparkTime.Format(stage.FirstTaskLaunchedTime),
            completionTime = SparkTime.Format(stage.CompletionTime),
            failureReason = stage.FailureReason,
            inputBytes = 0,
            inputRecords = m.RowsRead,
            outputBytes = 0,
            outputRecords = stage.IsShuffleMap ? 0 : m.RowsWritten,
            shuffleReadBytes = m.ShuffleBytesRead,
            shuffleReadRecords = m.ShuffleRecordsRead,
            shuffleWriteBytes = m.ShuffleBytesWritten,
            shuffleWriteRecords = stage.IsShuffleMap ? m.RowsWritten : 0,
            memoryBytesSpilled = m.SpillBytes,
            diskBytesSpilled = m.SpillBytes,
            peakExecutionMemory = m.PeakMemory,
            name = stage.Name,
            details = stage.Details,
            jobIds = new[] { stage.JobId },
        };
    }

    public static object Task(TaskAttemptStatus task, bool shuffleMap)
    {
        var m = task.Metrics;
        return new
        {
            taskId = task.TaskId,
            index = task.Index,
            attempt = task.Attempt,
            partitionId = task.Index,
            launchTime = SparkTime.Format(task.LaunchTime),
            duration = task.DurationMs,
            executorId = task.ExecutorId,
            host = task.Host,
            status = task.Status,
            taskLocality = "PROCESS_LOCAL",
            speculative = false,
            errorMessage = task.Error,
            taskMetrics = new
            {
                executorRunTime = m.RunTimeMs,
                peakExecutionMemory = m.PeakMemory,
                memoryBytesSpilled = m.SpillBytes,
                diskBytesSpilled = m.SpillBytes,
                inputMetrics = new { bytesRead = 0, recordsRead = m.RowsRead },
                outputMetrics = new { bytesWritten = 0, recordsWritten = shuffleMap ? 0 : m.RowsWritten },
                shuffleReadMetrics = new { recordsRead = m.ShuffleRecordsRead, remoteBytesRead = 0, localBytesRead = 0, totalBytesRead = m.ShuffleBytesRead },
                shuffleWriteMetrics = new { bytesWritten = m.ShuffleBytesWritten, recordsWritten = shuffleMap ? m.RowsWritten : 0, writeTime = 0 },
            },
        };
    }

    /// <param name="logs">Spark's executorLogs: stream name to the address of its kept log.</param>
    public static object Executor(ExecutorStatus x, IReadOnlyDictionary<string, string> logs) => new
    {
        id = x.Id,
        hostPort = x.Host,
        isActive = x.IsActive,
        rddBlocks = 0,
        memoryUsed = 0,
        diskUsed = 0,
        totalCores = x.Cores,
        maxTasks = x.Cores,
        activeTasks = x.ActiveTasks,
        failedTasks = x.FailedTasks,
        completedTasks = x.CompletedTasks,
        totalTasks = x.FailedTasks + x.CompletedTasks,
        totalDuration = x.TotalDurationMs,
        totalInputBytes = 0,
        totalInputRecords = x.TotalInputRecords,
        totalShuffleRead = x.TotalShuffleRead,
        totalShuffleWrite = x.TotalShuffleWrite,
        isExcluded = false,
        maxMemory = x.MaxMemory,
        addTime = SparkTime.Format(x.AddTime),
        removeTime = SparkTime.Format(x.RemoveTime),
        removeReason = x.RemoveReason,
        process = x.Process,
        executorLogs = logs,
    };

    public static object Environment(AppStatusStore store) => new
    {
        runtime = store.Runtime.ToDictionary(kv => kv.Key, kv => kv.Value),
        sparkProperties = store.Properties.Select(kv => new[] { kv.Key, kv.Value }).ToArray(),
        hadoopProperties = Array.Empty<string[]>(),
        systemProperties = Array.Empty<string[]>(),
        metricsProperties = Array.Empty<string[]>(),
        classpathEntries = Array.Empty<string[]>(),
    };

    public static object Sql(AppStatusStore store, SqlExecutionStatus sql, bool details)
    {
        var jobs = sql.JobIds.Select(store.Job).OfType<JobStatus>().ToArray();
        return new
        {
            id = sql.Id,
            status = sql.Status,
            description = sql.Description,
            planDescription = details ? sql.PhysicalPlan : string.Empty,
            submissionTime = SparkTime.Format(sql.SubmissionTime),
            duration = (long)((sql.CompletionTime ?? store.Application.LastUpdated) - sql.SubmissionTime).TotalMilliseconds,
            runningJobIds = jobs.Where(j => j.Status == "RUNNING").Select(j => j.JobId).ToArray(),
            successJobIds = jobs.Where(j => j.Status == "SUCCEEDED").Select(j => j.JobId).ToArray(),
            failedJobIds = jobs.Where(j => j.Status == "FAILED").Select(j => j.JobId).ToArray(),
            errorMessage = sql.Error,
            nodes = details ? sql.Nodes.Select(n => SqlNode(sql, n)).ToArray() : [],
            edges = details ? sql.Nodes.SelectMany(n => n.ChildIds.Select(c => new { fromId = c, toId = n.NodeId })).ToArray() : [],
        };
    }

    /// <summary>Spark's RDD storage info of a cached DataFrame, with its partitions (block name, executors, size).</summary>
    public static object Storage(CachedDataStatus cached) => new
    {
        id = cached.Id,
        name = cached.Name,
        numPartitions = cached.PartitionCount,
        numCachedPartitions = cached.CachedPartitionCount,
        storageLevel = cached.StorageLevel,
        memoryUsed = cached.MemoryUsed,
        diskUsed = cached.DiskUsed,
        partitions = cached.Blocks.Values.OrderBy(b => b.Partition).ThenBy(b => b.ExecutorId, StringComparer.Ordinal).Select(b => new
        {
            blockName = $"rdd_{b.CacheId}_{b.Partition}",
            storageLevel = b.OnDisk ? "DISK_ONLY" : "MEMORY_ONLY",
            memoryUsed = b.OnDisk ? 0 : b.Bytes,
            diskUsed = b.OnDisk ? b.Bytes : 0,
            executors = new[] { b.ExecutorId },
        }).ToArray(),
    };

    /// <summary>Spark's SQL plan node: id, name and its metrics as name/value strings (values formatted, as Spark does).</summary>
    private static object SqlNode(SqlExecutionStatus sql, Scheduler.Events.PlanNodeInfo node) => new
    {
        nodeId = node.NodeId,
        nodeName = node.Name,
        description = node.Description,
        metrics = SqlNodeMetricValues.Of(node, sql.MetricsOf(node.NodeId)).Select(m => new { name = m.Name, value = m.Value }).ToArray(),
    };
}
