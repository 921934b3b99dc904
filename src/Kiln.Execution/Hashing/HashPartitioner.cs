using Kiln.Common.Batches;

namespace Kiln.Execution.Hashing;

/// <summary>
/// Assigns rows to <see cref="NumPartitions"/> partitions by the <see cref="RowHasher"/> hash of key columns:
/// partition = non-negative remainder of the hash. Stable across processes.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class HashPartitioner
{
    private readonly int[] _keyColumns;

    public HashPartitioner(IReadOnlyList<int> keyColumns, int numPartitions)
    {
        ArgumentNullException.ThrowIfNull(keyColumns);
        ArgumentOutOfRangeException.ThrowIfLessThan(numPartitions, 1);
        _keyColumns = [.. keyColumns];
        NumPartitions = numPartitions;
    }

    public int NumPartitions { get; }

    public IReadOnlyList<int> KeyColumns => _keyColumns;

    public int[] PartitionIds(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var hashes = RowHasher.Hash(batch, _keyColumns);
        var ids = new int[hashes.Length];
        var n = (uint)NumPartitions;
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (int)(hashes[i] % n);
        }

        return ids;
    }

    /// <summary>The non-negative remainder of a signed hash, as Spark's <c>Utils.nonNegativeMod</c>.</summary>
    public static int NonNegativeMod(int hash, int mod)
    {
        var r = hash % mod;
        return r < 0 ? r + mod : r;
    }
}
