namespace Kiln.Execution.Shuffle;

/// <summary>
/// Fetches shuffle blocks, possibly from several locations. The local implementation reads byte ranges of
/// this executor's map output files; a network implementation will ask remote block servers.
/// </summary>
/// <remarks>
/// Blocks come back in any order, as they arrive. The consumer reads each block's <see cref="FetchedBlock.Data"/>
/// and disposes the block before or after moving on. A block that cannot be fetched raises
/// <see cref="FetchFailedException"/> from the enumeration. Implementations must be safe to call from several
/// reduce tasks at once.
/// </remarks>
public interface IBlockFetcher
{
    IAsyncEnumerable<FetchedBlock> FetchAsync(IReadOnlyList<BlockRequest> requests, CancellationToken cancellationToken = default);
}
