namespace Kiln.Execution.Shuffle;

/// <summary>A block to fetch, where it lives, and its size as reported in the <see cref="MapStatus"/>.</summary>
public sealed record BlockRequest(ShuffleBlockId BlockId, string Location, long Size);
