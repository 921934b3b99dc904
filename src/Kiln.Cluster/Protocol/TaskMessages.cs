using Google.Protobuf;
using Kiln.Common.Errors;
using Kiln.Execution.Physical;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Tasks;
using Kiln.Execution.UserCode;
using Kiln.Network.Protocol;

namespace Kiln.Cluster.Protocol;

/// <summary>
/// Converts tasks and their results to and from their wire form in cluster.proto: <see cref="TaskDescription"/> ⇄
/// <see cref="LaunchTask"/> (driver → executor) and <see cref="TaskResult"/> ⇄ <see cref="TaskStatusUpdate"/>
/// (executor → driver, with accumulator updates and cached blocks). A failure travels as its exception's type, message and printed form; the driver rebuilds a
/// <see cref="FetchFailedException"/> or <see cref="CacheBlockLostException"/> (typed: the driver acts on them), a <see cref="RemoteKilnException"/> (Kiln's own errors, not retried) or a
/// <see cref="RemoteTaskException"/> (anything else, retried).
/// </summary>
public static class TaskMessages
{
    public static LaunchTask ToMessage(TaskDescription task, long mapOutputEpoch)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new LaunchTask
        {
            TaskId = task.TaskId,
            JobId = task.JobId,
            StageId = task.StageId,
            StageAttempt = task.StageAttempt,
            Partition = task.Partition,
            Attempt = task.Attempt,
            MapOutputEpoch = mapOutputEpoch,

            // The payload is shared by every task of a stage and never changes once serialized: no copy.
            Payload = UnsafeByteOperations.UnsafeWrap(task.Payload),
        };
    }

    public static TaskDescription FromMessage(LaunchTask message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new TaskDescription(message.TaskId, message.JobId, message.StageId, message.StageAttempt, message.Partition, message.Attempt, message.Payload.ToByteArray());
    }

    public static TaskStatusUpdate ToMessage(TaskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var update = new TaskStatusUpdate
        {
            ExecutorId = result.ExecutorId,
            TaskId = result.TaskId,
            State = result.Outcome switch
            {
                TaskOutcome.Succeeded => TaskState.Finished,
                TaskOutcome.FetchFailed => TaskState.FetchFailed,
                TaskOutcome.Killed => TaskState.Killed,
                _ => TaskState.Failed,
            },
            Metrics = ToMessage(result.Metrics),
        };
        if (result.Data is { } data)
        {
            update.Data = UnsafeByteOperations.UnsafeWrap(data);
        }

        if (result.MapStatus is { } status)
        {
            update.MapStatus = MapStatusMessages.ToMessage(status);
        }

        update.CommittedFiles.Add(result.CommittedFiles);
        foreach (var a in result.AccumulatorUpdates)
        {
            update.AccumulatorUpdates.Add(new AccumulatorUpdateInfo { Id = a.Id, Value = UnsafeByteOperations.UnsafeWrap(a.Value) });
        }

        foreach (var b in result.CachedBlocks)
        {
            update.CachedBlocks.Add(new CachedBlockInfo { CacheId = b.CacheId, Partition = b.Partition, OnDisk = b.OnDisk, Bytes = b.Bytes });
        }

        if (result.Error is { } error)
        {
            update.Error = ToMessage(error);
        }

        return update;
    }

    /// <param name="host">The executor's host, named in rebuilt failures.</param>
    public static TaskResult FromMessage(TaskStatusUpdate update, string host)
    {
        ArgumentNullException.ThrowIfNull(update);
        var outcome = update.State switch
        {
            TaskState.Finished => TaskOutcome.Succeeded,
            TaskState.FetchFailed => TaskOutcome.FetchFailed,
            TaskState.Killed => TaskOutcome.Killed,
            TaskState.Failed => TaskOutcome.Failed,
            var s => throw new InvalidDataException($"task {update.TaskId} reported state {s}, which does not end a task"),
        };
        return new TaskResult(update.TaskId, outcome, FromMessage(update.Metrics), update.ExecutorId)
        {
            Data = update.Data.IsEmpty && outcome != TaskOutcome.Succeeded ? null : update.Data.ToByteArray(),
            MapStatus = update.MapStatus is { } status ? MapStatusMessages.FromMessage(status) : null,
            CommittedFiles = [.. update.CommittedFiles],
            AccumulatorUpdates = [.. update.AccumulatorUpdates.Select(a => new AccumulatorUpdate(a.Id, a.Value.ToByteArray()))],
            CachedBlocks = [.. update.CachedBlocks.Select(b => new CachedBlock(b.CacheId, b.Partition, update.ExecutorId, b.OnDisk, b.Bytes))],
            Error = update.Error is { } error ? FromMessage(error, outcome, update.ExecutorId, host) : null,
        };
    }

    public static TaskMetricsInfo ToMessage(TaskMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var info = new TaskMetricsInfo
        {
            RowsRead = metrics.RowsRead,
            RowsWritten = metrics.RowsWritten,
            ShuffleBytesWritten = metrics.ShuffleBytesWritten,
            ShuffleBytesRead = metrics.ShuffleBytesRead,
            SpillBytes = metrics.SpillBytes,
            SpillCount = metrics.SpillCount,
            PeakMemory = metrics.PeakMemory,
            RowGroupsRead = metrics.RowGroupsRead,
            RowGroupsSkipped = metrics.RowGroupsSkipped,
            ColumnChunksRead = metrics.ColumnChunksRead,
            CorruptFilesSkipped = metrics.CorruptFilesSkipped,
            ShuffleRecordsRead = metrics.ShuffleRecordsRead,
            RunTimeMs = metrics.RunTimeMs,
            ShuffleWriteNanos = metrics.ShuffleWriteNanos,
            OperatorsMeasured = metrics.Operators is not null,
        };
        foreach (var o in metrics.Operators ?? [])
        {
            info.Operators.Add(new OperatorMetricsInfo { OutputRows = o.OutputRows, TimeNanos = o.TimeNanos, SpillBytes = o.SpillBytes });
        }

        return info;
    }

    public static TaskMetrics FromMessage(TaskMetricsInfo? message) => message is null
        ? new TaskMetrics()
        : new TaskMetrics
        {
            RowsRead = message.RowsRead,
            RowsWritten = message.RowsWritten,
            ShuffleBytesWritten = message.ShuffleBytesWritten,
            ShuffleBytesRead = message.ShuffleBytesRead,
            SpillBytes = message.SpillBytes,
            SpillCount = message.SpillCount,
            PeakMemory = message.PeakMemory,
            RowGroupsRead = message.RowGroupsRead,
            RowGroupsSkipped = message.RowGroupsSkipped,
            ColumnChunksRead = message.ColumnChunksRead,
            CorruptFilesSkipped = message.CorruptFilesSkipped,
            ShuffleRecordsRead = message.ShuffleRecordsRead,
            RunTimeMs = message.RunTimeMs,
            ShuffleWriteNanos = message.ShuffleWriteNanos,
            Operators = message.OperatorsMeasured
                ? [.. message.Operators.Select(o => new OperatorMetrics { OutputRows = o.OutputRows, TimeNanos = o.TimeNanos, SpillBytes = o.SpillBytes })]
                : null,
        };

    public static TaskErrorInfo ToMessage(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var info = new TaskErrorInfo
        {
            ExceptionType = error.GetType().FullName ?? error.GetType().Name,
            Message = error.Message,
            StackTrace = error.ToString(),
            Fatal = error is KilnException and not ExecutionException and not FetchFailedException,
        };
        if (error is CacheBlockLostException lost)
        {
            info.CacheBlockLost = new CacheBlockLostInfo { CacheId = lost.CacheId, Partition = lost.Partition };
        }

        if (error is FetchFailedException fetch)
        {
            info.FetchFailure = new FetchFailureInfo
            {
                ShuffleId = fetch.ShuffleId,
                MapIndex = fetch.MapIndex,
                ReduceId = fetch.ReduceId,
                ExecutorId = fetch.Location ?? string.Empty,
            };
        }

        return info;
    }

    private static Exception FromMessage(TaskErrorInfo error, TaskOutcome outcome, string executorId, string host)
    {
        if (error.FetchFailure is { } fetch)
        {
            return new FetchFailedException(fetch.ShuffleId, fetch.MapIndex, fetch.ReduceId, fetch.ExecutorId.Length == 0 ? null : fetch.ExecutorId, error.Message);
        }

        if (error.CacheBlockLost is { } lost)
        {
            return new CacheBlockLostException(lost.CacheId, lost.Partition, executorId);
        }

        if (outcome == TaskOutcome.Killed)
        {
            return new OperationCanceledException(error.Message);
        }

        return error.Fatal
            ? new RemoteKilnException(error.ExceptionType, error.Message, error.StackTrace, executorId, host)
            : new RemoteTaskException(error.ExceptionType, error.Message, error.StackTrace, executorId, host);
    }
}
