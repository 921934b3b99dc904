using System.Collections.Concurrent;
using Kiln.Common.Batches;
using Kiln.Common.Ipc;
using Kiln.Common.Types;
using Kiln.Execution.Spill;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>
/// The block store of one executor: memory blocks up to a byte budget, disk blocks as files
/// <c>&lt;appDir&gt;/cache/rdd_&lt;cacheId&gt;_&lt;partition&gt;.blk</c> in the batch format (written to a temporary
/// name, then renamed). Files go away with the application's directory.
/// </summary>
public sealed class LocalBlockStore : IBlockStore
{
    private readonly ConcurrentDictionary<(long CacheId, int Partition), MemoryBlock> _memory = new();
    private readonly string _directory;
    private readonly long _memoryCapacity;
    private long _memoryUsed;

    public LocalBlockStore(DiskBlockManager disk, long memoryCapacity)
    {
        ArgumentNullException.ThrowIfNull(disk);
        _directory = Path.Combine(disk.RootDirectory, "cache");
        _memoryCapacity = memoryCapacity;
    }

    /// <summary>A store with a quarter of the memory available to the process for memory blocks.</summary>
    public static LocalBlockStore WithDefaultCapacity(DiskBlockManager disk) =>
        new(disk, Math.Max(64L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4));

    public long MemoryUsed => Interlocked.Read(ref _memoryUsed);

    public IEnumerable<RecordBatch>? TryRead(long cacheId, int partition, Schema schema)
    {
        if (_memory.TryGetValue((cacheId, partition), out var block))
        {
            return block.Batches.Select(b => b.WithSchema(schema));
        }

        var path = PathOf(cacheId, partition);
        return File.Exists(path) ? ReadFile(path, schema) : null;
    }

    public CachedBlock? Put(long cacheId, int partition, CacheLevel level, IReadOnlyList<RecordBatch> batches, string executorId)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var bytes = batches.Sum(b => b.EstimatedBytes);
        if (level is CacheLevel.MemoryOnly or CacheLevel.MemoryAndDisk && TryReserve(bytes))
        {
            if (_memory.TryAdd((cacheId, partition), new MemoryBlock(batches, bytes)))
            {
                return new CachedBlock(cacheId, partition, executorId, OnDisk: false, bytes);
            }

            Interlocked.Add(ref _memoryUsed, -bytes);
            return new CachedBlock(cacheId, partition, executorId, OnDisk: false, _memory[(cacheId, partition)].Bytes);
        }

        if (level == CacheLevel.MemoryOnly)
        {
            return null;
        }

        Directory.CreateDirectory(_directory);
        var path = PathOf(cacheId, partition);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var b in batches)
            {
                BatchSerializer.Write(stream, b);
            }
        }

        File.Move(temp, path, overwrite: true);
        return new CachedBlock(cacheId, partition, executorId, OnDisk: true, new FileInfo(path).Length);
    }

    public bool Remove(long cacheId, int partition)
    {
        var removed = false;
        if (_memory.TryRemove((cacheId, partition), out var block))
        {
            Interlocked.Add(ref _memoryUsed, -block.Bytes);
            removed = true;
        }

        var path = PathOf(cacheId, partition);
        if (File.Exists(path))
        {
            File.Delete(path);
            removed = true;
        }

        return removed;
    }

    public void RemoveCache(long cacheId)
    {
        foreach (var key in _memory.Keys.Where(k => k.CacheId == cacheId).ToArray())
        {
            Remove(key.CacheId, key.Partition);
        }

        if (Directory.Exists(_directory))
        {
            foreach (var file in Directory.EnumerateFiles(_directory, $"rdd_{cacheId}_*.blk"))
            {
                File.Delete(file);
            }
        }
    }

    private bool TryReserve(long bytes)
    {
        while (true)
        {
            var used = Interlocked.Read(ref _memoryUsed);
            if (used + bytes > _memoryCapacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _memoryUsed, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    private string PathOf(long cacheId, int partition) => Path.Combine(_directory, $"rdd_{cacheId}_{partition}.blk");

    private static IEnumerable<RecordBatch> ReadFile(string path, Schema schema)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
        while (BatchSerializer.Read(stream, schema) is { } batch)
        {
            yield return batch;
        }
    }

    private sealed record MemoryBlock(IReadOnlyList<RecordBatch> Batches, long Bytes);
}
