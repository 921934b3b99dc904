using Kiln.Network;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// What a finished map task reports to the driver: where its output lives and the byte size of each reduce
/// partition's block (0 = empty, never fetched).
/// </summary>
/// <param name="Location">The executor id that serves the output (in local mode, the driver's executor id).</param>
public sealed record MapStatus(int ShuffleId, int MapIndex, string Location, long[] PartitionSizes)
{
    /// <summary>
    /// The address of the block server of executor <see cref="Location"/>, where reducers on other executors fetch
    /// the output; null when the output is only read in-process (local mode, where every task runs in the driver).
    /// </summary>
    public NetworkAddress? BlockServer { get; init; }

    public int NumPartitions => PartitionSizes.Length;

    public long TotalBytes => PartitionSizes.Sum();
}
