using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Kiln.Execution.Spill;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// Serves blocks from map output files in this process's <see cref="DiskBlockManager"/> directory (local mode,
/// and the executor side of a future block server). For each block it reads two index entries and opens a
/// stream over exactly the block's byte range of the data file; whole files are never read.
/// </summary>
/// <remarks>
/// Thread-safe. Locations are not consulted: every requested output must be in this manager's directory.
/// The index entry and the data file are opened under the manager's commit lock, so a concurrent re-commit
/// of the same map task is seen entirely or not at all (an open handle keeps reading the file it opened).
/// </remarks>
public sealed class LocalBlockFetcher : IBlockFetcher
{
    private readonly DiskBlockManager _disk;

    public LocalBlockFetcher(DiskBlockManager disk) => _disk = disk ?? throw new ArgumentNullException(nameof(disk));

    public async IAsyncEnumerable<FetchedBlock> FetchAsync(IReadOnlyList<BlockRequest> requests, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return await FetchOneAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens one block; the caller disposes it.</summary>
    public async ValueTask<FetchedBlock> FetchOneAsync(BlockRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.BlockId;
        FileStream? index = null;
        FileStream? data = null;
        try
        {
            _disk.CommitLock.EnterReadLock();
            try
            {
                index = Open(_disk.ShuffleIndexPath(id.ShuffleId, id.MapIndex), 4096);
                data = Open(_disk.ShuffleDataPath(id.ShuffleId, id.MapIndex), 1 << 16);
            }
            finally
            {
                _disk.CommitLock.ExitReadLock();
            }

            var entries = new byte[16];
            var got = await RandomAccess.ReadAsync(index.SafeFileHandle, entries, 8L * id.ReduceId, cancellationToken).ConfigureAwait(false);
            if (got != entries.Length)
            {
                throw Failed(request, $"its index file has no entry for reduce partition {id.ReduceId} ({index.Length} bytes)", null);
            }

            var start = BinaryPrimitives.ReadInt64LittleEndian(entries);
            var end = BinaryPrimitives.ReadInt64LittleEndian(entries.AsSpan(8));
            if (start < 0 || end < start || end > data.Length)
            {
                throw Failed(request, $"its index gives the range [{start}, {end}) but the data file has {data.Length} bytes", null);
            }

            index.Dispose();
            var segment = new FileSegmentStream(data, start, end - start);
            data = null;
            return new FetchedBlock(request, segment);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(request, e is FileNotFoundException or DirectoryNotFoundException ? "the map output file is missing" : "the map output file cannot be read", e);
        }
        finally
        {
            index?.Dispose();
            data?.Dispose();
        }
    }

    private static FileStream Open(string path, int bufferSize) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize);

    private static FetchFailedException Failed(BlockRequest request, string reason, Exception? inner) =>
        new(
            request.BlockId.ShuffleId,
            request.BlockId.MapIndex,
            request.BlockId.ReduceId,
            request.Location,
            $"cannot fetch {request.BlockId} from {request.Location}: {reason}; the map task will be re-run",
            inner);
}
