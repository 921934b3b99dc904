using Kiln.Network;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Logging;

/// <summary>The cluster runtime's log messages, driver and executor side (source-generated, structured).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Starting {Count} executors for application {AppId}; driver listening on {Address}")]
    public static partial void StartingExecutors(ILogger logger, int count, string appId, NetworkAddress address);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Executor {ExecutorId} registered from {Host} ({Cores} cores, block server port {BlockPort}, pid {ProcessId})")]
    public static partial void ExecutorRegistered(ILogger logger, string executorId, string host, int cores, int blockPort, int processId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Lost executor {ExecutorId} ({Process}): {Reason}; {Tasks} running tasks will be retried, {Outputs} map outputs must be recomputed")]
    public static partial void ExecutorLost(ILogger logger, string executorId, string process, string reason, int tasks, int outputs);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Stopping executor {ExecutorId} ({Process}): {Reason}; {Tasks} running tasks will be retried, {Outputs} map outputs forgotten")]
    public static partial void ExecutorReleased(ILogger logger, string executorId, string process, string reason, int tasks, int outputs);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Starting executor {ExecutorId} to replace a lost one ({Lost} of at most {Max} executor failures)")]
    public static partial void ReplacingExecutor(ILogger logger, string executorId, int lost, int max);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Excluding executor {ExecutorId} for stage {StageId} after {Failures} task failures there")]
    public static partial void ExcludedForStage(ILogger logger, string executorId, int stageId, int failures);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Excluding executor {ExecutorId} for the application until {Until:u}: {Failures} tasks failed there and succeeded elsewhere")]
    public static partial void ExcludedForApplication(ILogger logger, string executorId, DateTimeOffset until, int failures);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "The cluster scheduler failed to handle {Event}")]
    public static partial void EventFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Executor {ExecutorId} did not exit within {Grace} after StopExecutor; killing it")]
    public static partial void KillingExecutor(ILogger logger, string executorId, TimeSpan grace);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Executor {ExecutorId} registered with driver {Driver}: {Cores} task threads, {TaskMemory} bytes of memory per task, block server {BlockServer}")]
    public static partial void ExecutorStarted(ILogger logger, string executorId, NetworkAddress driver, int cores, long taskMemory, NetworkAddress blockServer);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Executor {ExecutorId} stopping: {Reason}")]
    public static partial void ExecutorStopping(ILogger logger, string executorId, string reason);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Heartbeat to the driver failed ({Elapsed} since the last acknowledged one)")]
    public static partial void HeartbeatFailed(ILogger logger, TimeSpan elapsed, Exception exception);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Reporting the status of task {TaskId} to the driver failed")]
    public static partial void StatusUpdateFailed(ILogger logger, long taskId, Exception exception);

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "Starting with {Registered} of {Requested} executors registered after {Waited} (kiln.scheduler.maxRegisteredResourcesWaitingTime); tasks wait for the others")]
    public static partial void StartingWithFewerExecutors(ILogger logger, int registered, int requested, TimeSpan waited);

    [LoggerMessage(EventId = 131, Level = LogLevel.Error, Message = "The application fails: {Reason}")]
    public static partial void ApplicationFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Executor {ExecutorId} is decommissioning: {Reason}; it finishes its running tasks and serves its blocks until they are moved")]
    public static partial void ExecutorDecommissioning(ILogger logger, string executorId, string reason);
}
