namespace Kiln.Scheduler.Events;

/// <summary>A DataFrame was marked cached (<c>cache()</c> / <c>persist()</c>); its partitions are stored as actions compute them.</summary>
/// <param name="CacheId">The cache's id, named by the blocks of <see cref="TaskEnded.CachedBlocks"/>.</param>
/// <param name="Name">What is cached (the plan's root operator).</param>
/// <param name="StorageLevel">MEMORY_ONLY, DISK_ONLY or MEMORY_AND_DISK (Spark's names).</param>
/// <param name="PartitionCount">How many partitions the cached plan has.</param>
public sealed record CachePersisted(DateTimeOffset Time, long CacheId, string Name, string StorageLevel, int PartitionCount) : ListenerEvent(Time);
