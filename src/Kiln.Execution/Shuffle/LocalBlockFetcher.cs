using System.Runtime.CompilerServices;
using Kiln.Execution.Spill;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// Reads blocks from map output files in this process's <see cref="DiskBlockManager"/> directory (local mode,
/// and the local blocks of a <see cref="NetworkBlockFetcher"/>). For each block it reads two index entries and
/// opens a stream over exactly the block's byte range of the data file; whole files are never read.
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
        ShuffleBlockFiles.Located located;
        try
        {
            located = await ShuffleBlockFiles.OpenAsync(_disk, request.BlockId, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw Failed(request, e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(request, e is FileNotFoundException or DirectoryNotFoundException ? "the map output file is missing" : "the map output file cannot be read", e);
        }

        var data = new FileStream(located.Data, FileAccess.Read, 1 << 16);
        return new FetchedBlock(request, new FileSegmentStream(data, located.Start, located.Length));
    }

    private static FetchFailedException Failed(BlockRequest request, string reason, Exception? inner) =>
        new(
            request.BlockId.ShuffleId,
            request.BlockId.MapIndex,
            request.BlockId.ReduceId,
            request.Location,
            $"cannot fetch {request.BlockId} from {request.Location}: {reason}; the map task will be re-run",
            inner);
}
