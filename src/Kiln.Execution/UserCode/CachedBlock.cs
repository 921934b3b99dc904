namespace Kiln.Execution.UserCode;

/// <summary>A cached partition a task stored on its executor, reported to the driver with the task's result.</summary>
public sealed record CachedBlock(long CacheId, int Partition, string ExecutorId, bool OnDisk, long Bytes);
