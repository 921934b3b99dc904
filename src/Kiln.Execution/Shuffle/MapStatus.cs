namespace Kiln.Execution.Shuffle;

/// <summary>
/// What a finished map task reports to the driver: where its output lives and the byte size of each reduce
/// partition's block (0 = empty, never fetched).
/// </summary>
/// <param name="Location">The executor id that serves the output (in local mode, the driver's executor id).</param>
public sealed record MapStatus(int ShuffleId, int MapIndex, string Location, long[] PartitionSizes)
{
    public int NumPartitions => PartitionSizes.Length;

    public long TotalBytes => PartitionSizes.Sum();
}
