using Kiln.Execution.Spill;

namespace Kiln.Execution.Sort;

/// <summary>Settings of one <see cref="ExternalSorter"/>.</summary>
public sealed record ExternalSorterOptions
{
    /// <summary>Largest output batch (kiln.batch.size).</summary>
    public int BatchSize { get; init; } = 8192;

    /// <summary>Encoding of spilled runs (kiln.shuffle.compress: Deflate when true).</summary>
    public SpillCodec Codec { get; init; } = SpillCodec.None;

    /// <summary>Top-N mode: only the first <see cref="Limit"/> rows of the order are kept and produced.</summary>
    public long? Limit { get; init; }
}
