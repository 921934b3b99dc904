namespace Kiln.Network.Blocks;

/// <summary>
/// The blocks a <see cref="BlockTransferServer"/> serves, by name (for shuffle blocks <c>shuffle_S_M_R</c>,
/// resolved against the executor's shuffle files).
/// </summary>
/// <remarks>Called concurrently from many requests; implementations must be thread-safe.</remarks>
public interface IBlockSource
{
    /// <summary>Opens a block for reading; the server disposes the handle when it has sent the requested range.</summary>
    /// <exception cref="BlockNotFoundException">No such block here (never written, removed, or a malformed name).</exception>
    /// <exception cref="IOException">The block exists but cannot be read.</exception>
    ValueTask<IBlockHandle> OpenAsync(string blockId, CancellationToken cancellationToken);
}
