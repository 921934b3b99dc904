using Kiln.Network;

namespace Kiln.Execution.Shuffle;

/// <summary>A block to fetch, where it lives, and its size as reported in the <see cref="MapStatus"/>.</summary>
/// <param name="Location">The executor id holding the block.</param>
public sealed record BlockRequest(ShuffleBlockId BlockId, string Location, long Size)
{
    /// <summary>That executor's block server (<see cref="MapStatus.BlockServer"/>); null for in-process outputs.</summary>
    public NetworkAddress? BlockServer { get; init; }
}
