using Kiln.Network.Protocol;

namespace Kiln.Network.Blocks;

/// <summary>A block server answered a range with an error (missing block, range outside it, unreadable) or sent a malformed stream.</summary>
public sealed class BlockFetchException : NetworkException
{
    public BlockFetchException(NetworkAddress address, string blockId, BlockErrorCode code, string message)
        : base(address, null, message)
    {
        BlockId = blockId;
        Code = code;
    }

    public string BlockId { get; }

    public BlockErrorCode Code { get; }
}
