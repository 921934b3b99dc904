namespace Kiln.Plan.UserCode;

/// <summary>Where an executor keeps a cached partition.</summary>
public enum CacheLevel
{
    /// <summary>In executor memory; a partition that does not fit is not cached and is recomputed when needed.</summary>
    MemoryOnly = 1,

    /// <summary>In a file under the executor's local directory.</summary>
    DiskOnly = 2,

    /// <summary>In memory when it fits, otherwise on disk.</summary>
    MemoryAndDisk = 3,
}
