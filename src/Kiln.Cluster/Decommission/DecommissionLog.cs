using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Decommission;

/// <summary>
/// Graceful decommission's log messages (source-generated, structured). The start and the end (with the counts) are
/// warnings, so they reach the driver's console at its default level, as a lost executor does.
/// </summary>
internal static partial class DecommissionLog
{
    [LoggerMessage(EventId = 150, Level = LogLevel.Warning, Message = "Decommissioning executor {ExecutorId}: {Reason}; it takes no more tasks and waits for its {Tasks} running tasks")]
    public static partial void Started(ILogger logger, string executorId, string reason, int tasks);

    [LoggerMessage(EventId = 151, Level = LogLevel.Information, Message = "Decommission of executor {ExecutorId}: moving {Outputs} map outputs ({Bytes} bytes) to {Targets}")]
    public static partial void Migrating(ILogger logger, string executorId, int outputs, long bytes, string targets);

    [LoggerMessage(EventId = 152, Level = LogLevel.Warning, Message = "Decommissioned executor {ExecutorId} in {Seconds:0.###}s: {Outputs} map outputs ({Blocks} blocks, {Bytes} bytes) migrated, {Failed} migrations failed, {Lost} map outputs left to recompute")]
    public static partial void Finished(ILogger logger, string executorId, double seconds, int outputs, int blocks, long bytes, int failed, int lost);

    [LoggerMessage(EventId = 153, Level = LogLevel.Warning, Message = "Decommission of executor {ExecutorId} did not finish within {Timeout} (kiln.executor.decommission.forceKillTimeout), in phase {Phase}: killing it; {Lost} map outputs it still held will be recomputed when read")]
    public static partial void ForceKilled(ILogger logger, string executorId, TimeSpan timeout, DecommissionPhase phase, int lost);

    [LoggerMessage(EventId = 154, Level = LogLevel.Warning, Message = "Decommission of executor {ExecutorId}: moving map output {ShuffleId}/{MapIndex} to {Target} failed: {Error}; it will be recomputed when read")]
    public static partial void MigrationFailed(ILogger logger, string executorId, int shuffleId, int mapIndex, string target, string error);

    [LoggerMessage(EventId = 155, Level = LogLevel.Warning, Message = "kiln.storage.decommission.rddBlocks.enabled is not implemented yet: cached blocks of a decommissioned executor are recomputed from lineage when read")]
    public static partial void RddBlocksNotMigrated(ILogger logger);

    [LoggerMessage(EventId = 156, Level = LogLevel.Information, Message = "Graceful decommission on: shuffle blocks migrated: {Shuffle}; fallback storage: {Fallback}; forceKillTimeout {Timeout}")]
    public static partial void Enabled(ILogger logger, bool shuffle, string fallback, TimeSpan timeout);
}
