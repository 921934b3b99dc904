using Kiln.Common.Config;

namespace Kiln.Execution.Spill;

/// <summary>
/// Owns this application's directory under <c>kiln.local.dir</c> on one executor: it names spill files and
/// shuffle outputs and removes everything when the application ends.
/// <code>
/// &lt;localDir&gt;/&lt;appId&gt;/
///     shuffle_&lt;shuffleId&gt;_&lt;mapIndex&gt;.data    partition 0's frames, then partition 1's, ...
///     shuffle_&lt;shuffleId&gt;_&lt;mapIndex&gt;.index   (numPartitions + 1) little-endian i64 offsets into .data
///     spill_&lt;purpose&gt;_&lt;guid&gt;.tmp               spill files and not-yet-committed shuffle outputs
/// </code>
/// </summary>
/// <remarks>
/// Thread-safe. One instance per application and executor process; dispose it at application end. Shuffle
/// commits take <see cref="CommitLock"/> for writing while they rename data and index into place; local readers
/// take it for reading while they read an index entry and open the data file, so a reader never pairs the
/// index of one attempt with the data of another.
/// </remarks>
public sealed class DiskBlockManager : IDisposable
{
    private int _disposed;

    public DiskBlockManager(string localDir, string appId)
    {
        ArgumentException.ThrowIfNullOrEmpty(localDir);
        ArgumentException.ThrowIfNullOrEmpty(appId);
        if (appId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || appId is "." or "..")
        {
            throw new ArgumentException($"application id '{appId}' cannot be used as a directory name", nameof(appId));
        }

        AppId = appId;
        RootDirectory = Path.GetFullPath(Path.Combine(localDir, appId));
        Directory.CreateDirectory(RootDirectory);
    }

    /// <summary>A manager under <c>kiln.local.dir</c>.</summary>
    public static DiskBlockManager FromConf(KilnConf conf, string appId)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return new DiskBlockManager(conf.Get(ConfigKeys.LocalDir), appId);
    }

    public string AppId { get; }

    public string RootDirectory { get; }

    internal ReaderWriterLockSlim CommitLock { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>A fresh, unique path for a temporary file; the file is not created.</summary>
    public string NewTempPath(string purpose)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return Path.Combine(RootDirectory, $"spill_{purpose}_{Guid.NewGuid():N}.tmp");
    }

    public string ShuffleDataPath(int shuffleId, int mapIndex) => Path.Combine(RootDirectory, $"shuffle_{shuffleId}_{mapIndex}.data");

    public string ShuffleIndexPath(int shuffleId, int mapIndex) => Path.Combine(RootDirectory, $"shuffle_{shuffleId}_{mapIndex}.index");

    /// <summary>Deletes every map output of a shuffle that this executor holds.</summary>
    public void RemoveShuffle(int shuffleId)
    {
        if (_disposed != 0)
        {
            return;
        }

        try
        {
            foreach (var file in Directory.EnumerateFiles(RootDirectory, $"shuffle_{shuffleId}_*"))
            {
                TryDelete(file);
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Disposed meanwhile (or never created): the files went with the directory.
        }
    }

    /// <summary>Removes the application's directory and everything in it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A file still open elsewhere; what is left is removed when the local dir is cleaned.
        }

        CommitLock.Dispose();
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
