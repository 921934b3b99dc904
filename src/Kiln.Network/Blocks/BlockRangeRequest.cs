namespace Kiln.Network.Blocks;

/// <summary>Bytes [<see cref="Offset"/>, <see cref="Offset"/> + <see cref="Length"/>) of block <see cref="BlockId"/>.</summary>
public sealed record BlockRangeRequest(string BlockId, long Offset, long Length);
