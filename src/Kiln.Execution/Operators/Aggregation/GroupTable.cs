using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>
/// Maps key rows to dense group indices 0..Count-1 with open addressing (linear probing over a power-of-two
/// slot array holding group index + 1, comparing stored hashes before keys). Keys live column-wise in
/// <see cref="KeyColumn"/>s, so no per-row objects exist.
/// </summary>
/// <remarks>Single-threaded; one table per task.</remarks>
public sealed class GroupTable
{
    private readonly KeyColumn[] _keys;
    private ulong[] _hashes = new ulong[1024];
    private int[] _slots = new int[2048];
    private int _mask = 2047;
    private ulong[] _rowHashes = new ulong[1024];

    public GroupTable(IReadOnlyList<DataType> keyTypes)
    {
        ArgumentNullException.ThrowIfNull(keyTypes);
        _keys = keyTypes.Select(KeyColumn.Create).ToArray();
    }

    public int Count { get; private set; }

    public long Bytes => (_slots.Length * 4L) + (_hashes.Length * 8L) + _keys.Sum(k => k.Bytes);

    /// <summary>Finds or creates the group of each of the first <paramref name="rows"/> rows; writes group indices to <paramref name="groupIds"/>.</summary>
    public void FindOrInsert(IReadOnlyList<ColumnVector> keys, int rows, Span<int> groupIds)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (_keys.Length == 0)
        {
            if (Count == 0)
            {
                Count = 1;
            }

            groupIds[..rows].Clear();
            return;
        }

        if (_rowHashes.Length < rows)
        {
            _rowHashes = new ulong[rows];
        }

        var hashes = _rowHashes.AsSpan(0, rows);
        TableHasher.Hash(keys, hashes);
        for (var r = 0; r < rows; r++)
        {
            var h = hashes[r];
            var slot = (int)h & _mask;
            while (true)
            {
                var entry = _slots[slot];
                if (entry == 0)
                {
                    groupIds[r] = Insert(keys, r, h, slot);
                    break;
                }

                var g = entry - 1;
                if (_hashes[g] == h && KeysEqual(g, keys, r))
                {
                    groupIds[r] = g;
                    break;
                }

                slot = (slot + 1) & _mask;
            }
        }
    }

    /// <summary>The stored keys of groups [start, start+count) as vectors.</summary>
    public IReadOnlyList<ColumnVector> BuildKeys(int start, int count) => _keys.Select(k => k.Build(start, count)).ToArray();

    public void Clear()
    {
        foreach (var k in _keys)
        {
            k.Clear();
        }

        Count = 0;
        _hashes = new ulong[1024];
        _slots = new int[2048];
        _mask = 2047;
    }

    private bool KeysEqual(int group, IReadOnlyList<ColumnVector> keys, int row)
    {
        for (var k = 0; k < _keys.Length; k++)
        {
            if (!_keys[k].EqualsRow(group, keys[k], row))
            {
                return false;
            }
        }

        return true;
    }

    private int Insert(IReadOnlyList<ColumnVector> keys, int row, ulong hash, int slot)
    {
        var g = Count++;
        if (g == _hashes.Length)
        {
            Array.Resize(ref _hashes, g * 2);
        }

        _hashes[g] = hash;
        for (var k = 0; k < _keys.Length; k++)
        {
            _keys[k].Append(keys[k], row);
        }

        _slots[slot] = g + 1;
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }

        return g;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        _mask = _slots.Length - 1;
        for (var g = 0; g < Count; g++)
        {
            var slot = (int)_hashes[g] & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = g + 1;
        }
    }
}
