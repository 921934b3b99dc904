using Kiln.Execution.UserCode;

namespace Kiln.Status.Store;

/// <summary>One cached DataFrame (Spark's RDD storage info): its level and the blocks executors hold of it.</summary>
public sealed class CachedDataStatus
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string StorageLevel { get; init; } = string.Empty;

    public int PartitionCount { get; init; }

    /// <summary>The blocks held, by (partition, executor).</summary>
    public Dictionary<(int Partition, string ExecutorId), CachedBlock> Blocks { get; } = [];

    public int CachedPartitionCount => Blocks.Keys.Select(k => k.Partition).Distinct().Count();

    public long MemoryUsed => Blocks.Values.Where(b => !b.OnDisk).Sum(b => b.Bytes);

    public long DiskUsed => Blocks.Values.Where(b => b.OnDisk).Sum(b => b.Bytes);
}
