using System.Buffers.Binary;
using Kiln.Execution.Spill;
using Microsoft.Win32.SafeHandles;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// Finds a block in this executor's map output files (layout in <see cref="DiskBlockManager"/>): reads its two
/// index entries and opens the data file, under the commit lock so the index and data of one attempt pair up.
/// Shared by the in-process reader (<see cref="LocalBlockFetcher"/>) and the block server (<see cref="ShuffleBlockSource"/>).
/// </summary>
internal static class ShuffleBlockFiles
{
    /// <summary>An opened data file and the block's byte range in it; the caller owns the handle.</summary>
    public readonly record struct Located(SafeFileHandle Data, long Start, long Length, long Version);

    /// <exception cref="FileNotFoundException">The map output is missing (also <see cref="DirectoryNotFoundException"/>).</exception>
    /// <exception cref="InvalidDataException">The index does not describe the block within the data file.</exception>
    /// <exception cref="IOException">The files cannot be read.</exception>
    public static async ValueTask<Located> OpenAsync(DiskBlockManager disk, ShuffleBlockId id, CancellationToken cancellationToken)
    {
        SafeFileHandle? index = null;
        SafeFileHandle? data = null;
        try
        {
            disk.CommitLock.EnterReadLock();
            try
            {
                index = Open(disk.ShuffleIndexPath(id.ShuffleId, id.MapIndex));
                data = Open(disk.ShuffleDataPath(id.ShuffleId, id.MapIndex));
            }
            finally
            {
                disk.CommitLock.ExitReadLock();
            }

            var entries = new byte[16];
            var got = await RandomAccess.ReadAsync(index, entries, 8L * id.ReduceId, cancellationToken).ConfigureAwait(false);
            if (got != entries.Length)
            {
                throw new InvalidDataException($"its index file has no entry for reduce partition {id.ReduceId} ({RandomAccess.GetLength(index)} bytes)");
            }

            var start = BinaryPrimitives.ReadInt64LittleEndian(entries);
            var end = BinaryPrimitives.ReadInt64LittleEndian(entries.AsSpan(8));
            var dataLength = RandomAccess.GetLength(data);
            if (start < 0 || end < start || end > dataLength)
            {
                throw new InvalidDataException($"its index gives the range [{start}, {end}) but the data file has {dataLength} bytes");
            }

            // A re-committed output is a new file: its modification time and length tell the versions apart.
            var version = unchecked((File.GetLastWriteTimeUtc(data).Ticks * 31) + dataLength);
            var located = new Located(data, start, end - start, version);
            data = null;
            return located;
        }
        finally
        {
            index?.Dispose();
            data?.Dispose();
        }
    }

    private static SafeFileHandle Open(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
}
