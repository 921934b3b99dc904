namespace Kiln.Network.Blocks;

/// <summary>An <see cref="IBlockSource"/> does not hold the requested block.</summary>
public sealed class BlockNotFoundException : IOException
{
    public BlockNotFoundException(string blockId, string message, Exception? inner = null)
        : base(message, inner)
    {
        BlockId = blockId;
    }

    public string BlockId { get; }
}
