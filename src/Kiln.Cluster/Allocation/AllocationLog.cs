using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Allocation;

/// <summary>Dynamic allocation's log messages (source-generated, structured).</summary>
internal static partial class AllocationLog
{
    [LoggerMessage(EventId = 140, Level = LogLevel.Information, Message = "Dynamic allocation: target {Old} -> {New} executors ({Pending} tasks waiting, {Running} running; between {Min} and {Max})")]
    public static partial void TargetChanged(ILogger logger, int old, int @new, int pending, int running, int min, string max);

    [LoggerMessage(EventId = 141, Level = LogLevel.Information, Message = "Dynamic allocation: removing executor {ExecutorId}: {Reason}")]
    public static partial void Removing(ILogger logger, string executorId, string reason);

    [LoggerMessage(EventId = 142, Level = LogLevel.Information, Message = "Dynamic allocation on: starting with {Initial} executors, between {Min} and {Max}; shuffle tracking on: {Tracking}")]
    public static partial void Enabled(ILogger logger, int initial, int min, string max, bool tracking);

    [LoggerMessage(EventId = 143, Level = LogLevel.Warning, Message = "Dynamic allocation without shuffle tracking (kiln.dynamicAllocation.shuffleTracking.enabled=false): idle executors are removed with their shuffle files, and the stages reading them recompute the lost outputs")]
    public static partial void NoShuffleTracking(ILogger logger);

    [LoggerMessage(EventId = 144, Level = LogLevel.Warning, Message = "kiln.dynamicAllocation.enabled is ignored on {Master}: its task threads are fixed; use local-cluster[E,C,M] or k8s:// to scale executors")]
    public static partial void IgnoredOnLocal(ILogger logger, string master);
}
