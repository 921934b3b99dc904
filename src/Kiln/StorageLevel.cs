namespace Kiln;

/// <summary>Where <see cref="DataFrame.Persist"/> keeps cached partitions on the executors.</summary>
public enum StorageLevel
{
    /// <summary>In executor memory; partitions that do not fit are recomputed when needed.</summary>
    MemoryOnly = 1,

    /// <summary>In files under the executors' local directories.</summary>
    DiskOnly = 2,

    /// <summary>In memory when it fits, otherwise on disk (the default of <see cref="DataFrame.Cache"/>).</summary>
    MemoryAndDisk = 3,
}
