using Kiln.Execution.Spill;
using Kiln.Network;

namespace Kiln.Execution.Shuffle;

/// <summary>Settings of one <see cref="ShuffleWriter"/>.</summary>
public sealed record ShuffleWriterOptions
{
    /// <summary>The executor id reported as the output's location in the <see cref="MapStatus"/>.</summary>
    public string ExecutorId { get; init; } = "driver";

    /// <summary>The executor's block server, reported in the <see cref="MapStatus"/>; null in local mode.</summary>
    public NetworkAddress? BlockServer { get; init; }

    /// <summary>Largest batch written to a block (kiln.batch.size).</summary>
    public int BatchSize { get; init; } = 8192;

    /// <summary>Frame encoding (kiln.shuffle.compress: Deflate when true).</summary>
    public SpillCodec Codec { get; init; } = SpillCodec.None;
}
