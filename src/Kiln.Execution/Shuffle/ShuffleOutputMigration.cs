using System.Buffers.Binary;
using Kiln.Execution.Spill;
using Kiln.Network;
using Kiln.Network.Blocks;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// Moves one map output (its data and index files) into another <see cref="DiskBlockManager"/> directory, for graceful
/// decommission: a live executor pulls a leaving executor's output over the block servers (<see cref="ReceiveAsync"/>),
/// or a leaving executor with no peer left copies its own output to the fallback storage (<see cref="CopyTo"/>).
/// Either way the files are committed as a map task commits them (temporary files renamed under the commit lock),
/// so a reader sees the whole output or none of it.
/// </summary>
/// <remarks>Thread-safe for distinct map outputs. The copy has the same blocks as the original, byte for byte.</remarks>
public static class ShuffleOutputMigration
{
    /// <summary>The location of map outputs in the fallback storage (<c>kiln.storage.decommission.fallbackStorage.path</c>).</summary>
    public const string FallbackLocation = "fallback-storage";

    /// <summary>
    /// Fetches every block of map output (<paramref name="shuffleId"/>, <paramref name="mapIndex"/>) from the block
    /// server at <paramref name="source"/> and commits it in <paramref name="disk"/>; returns the bytes moved.
    /// </summary>
    /// <param name="partitionSizes">The output's block sizes, as in its <see cref="MapStatus"/>.</param>
    /// <exception cref="BlockFetchException">The source could not serve a block.</exception>
    /// <exception cref="PeerUnavailableException">The source cannot be reached.</exception>
    public static async Task<long> ReceiveAsync(
        DiskBlockManager disk, BlockTransferClient client, NetworkAddress source, int shuffleId, int mapIndex, long[] partitionSizes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disk);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(partitionSizes);
        var tempData = disk.NewTempPath("migrated");
        var tempIndex = disk.NewTempPath("migrated");
        try
        {
            var output = new FileStream(tempData, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                for (var reduce = 0; reduce < partitionSizes.Length; reduce++)
                {
                    if (partitionSizes[reduce] == 0)
                    {
                        continue;
                    }

                    var name = new ShuffleBlockId(shuffleId, mapIndex, reduce).Name;
                    var pending = await client.FetchAsync(source, [new BlockRangeRequest(name, 0, partitionSizes[reduce])], null, cancellationToken).ConfigureAwait(false);
                    using var block = await pending[0].ConfigureAwait(false);
                    for (var c = 0; c < block.ChunkCount; c++)
                    {
                        await output.WriteAsync(block.Chunk(c), cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            WriteIndex(tempIndex, partitionSizes);
            Commit(disk, shuffleId, mapIndex, tempData, tempIndex);
            return partitionSizes.Sum();
        }
        catch
        {
            DiskBlockManager.TryDelete(tempData);
            DiskBlockManager.TryDelete(tempIndex);
            throw;
        }
    }

    /// <summary>Copies map output (<paramref name="shuffleId"/>, <paramref name="mapIndex"/>) from <paramref name="from"/> to <paramref name="to"/>; returns its bytes.</summary>
    /// <exception cref="IOException">A file cannot be read or written (also <see cref="FileNotFoundException"/>: the output is missing).</exception>
    public static long CopyTo(DiskBlockManager from, DiskBlockManager to, int shuffleId, int mapIndex)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var tempData = to.NewTempPath("migrated");
        var tempIndex = to.NewTempPath("migrated");
        try
        {
            from.CommitLock.EnterReadLock();
            try
            {
                File.Copy(from.ShuffleDataPath(shuffleId, mapIndex), tempData);
                File.Copy(from.ShuffleIndexPath(shuffleId, mapIndex), tempIndex);
            }
            finally
            {
                from.CommitLock.ExitReadLock();
            }

            Commit(to, shuffleId, mapIndex, tempData, tempIndex);
            return new FileInfo(to.ShuffleDataPath(shuffleId, mapIndex)).Length;
        }
        catch
        {
            DiskBlockManager.TryDelete(tempData);
            DiskBlockManager.TryDelete(tempIndex);
            throw;
        }
    }

    private static void WriteIndex(string path, long[] sizes)
    {
        var bytes = new byte[8 * (sizes.Length + 1)];
        var offset = 0L;
        for (var i = 0; i < sizes.Length; i++)
        {
            offset += sizes[i];
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * (i + 1)), offset);
        }

        File.WriteAllBytes(path, bytes);
    }

    private static void Commit(DiskBlockManager disk, int shuffleId, int mapIndex, string tempData, string tempIndex)
    {
        disk.CommitLock.EnterWriteLock();
        try
        {
            File.Move(tempData, disk.ShuffleDataPath(shuffleId, mapIndex), overwrite: true);
            File.Move(tempIndex, disk.ShuffleIndexPath(shuffleId, mapIndex), overwrite: true);
        }
        finally
        {
            disk.CommitLock.ExitWriteLock();
        }
    }
}
