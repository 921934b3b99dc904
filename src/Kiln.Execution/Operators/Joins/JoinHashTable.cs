using Kiln.Common.Batches;
using Kiln.Common.Vectors;
using Kiln.Execution.Operators.Aggregation;

namespace Kiln.Execution.Operators.Joins;

/// <summary>
/// The build side of a hash join: all build rows in one batch, chained by key hash (<c>heads[hash &amp; mask]</c> →
/// row → <c>next[row]</c> → ...). Rows with a NULL key are kept (outer joins emit them) but never chained.
/// Tracks which rows matched, for full outer joins.
/// </summary>
public sealed class JoinHashTable
{
    private readonly int[] _heads;
    private readonly int[] _next;
    private readonly ulong[] _hashes;
    private readonly int _mask;

    public JoinHashTable(RecordBatch build, IReadOnlyList<int> keyOrdinals)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(keyOrdinals);
        Build = build;
        Keys = keyOrdinals.Select(build.Column).ToArray();
        var rows = build.RowCount;
        var size = 16;
        while (size < rows * 2)
        {
            size *= 2;
        }

        _mask = size - 1;
        _heads = new int[size];
        Array.Fill(_heads, -1);
        _next = new int[rows];
        _hashes = new ulong[rows];
        Matched = new bool[rows];
        TableHasher.Hash(Keys, _hashes);
        for (var r = rows - 1; r >= 0; r--)
        {
            if (HasNullKey(Keys, r))
            {
                _next[r] = -1;
                continue;
            }

            var slot = (int)_hashes[r] & _mask;
            _next[r] = _heads[slot];
            _heads[slot] = r;
        }
    }

    public RecordBatch Build { get; }

    public IReadOnlyList<ColumnVector> Keys { get; }

    public bool[] Matched { get; }

    public int First(ulong hash) => _heads[(int)hash & _mask];

    public int Next(int row) => _next[row];

    public ulong HashOf(int row) => _hashes[row];

    public static bool HasNullKey(IReadOnlyList<ColumnVector> keys, int row)
    {
        ArgumentNullException.ThrowIfNull(keys);
        for (var k = 0; k < keys.Count; k++)
        {
            if (keys[k].IsNull(row))
            {
                return true;
            }
        }

        return false;
    }
}
