using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kiln.Common.Batches;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Hashing;

/// <summary>
/// Vectorized row hashing over key columns: one pass per column over its typed array, combining into a
/// running hash per row (Murmur3-style mixing), then one finalizer pass. Hashes are stable across processes
/// and runs (no random seed), so map tasks on different executors agree on partitions.
/// </summary>
/// <remarks>
/// Value rules, shared with <see cref="RowEquality"/>: NULL hashes to <see cref="NullHash"/>; doubles are
/// normalized first (-0.0 as 0.0, every NaN as one NaN) so equal keys hash equally; strings hash their UTF-8
/// bytes; decimals their unscaled value. Stateless and thread-safe.
/// </remarks>
public static class RowHasher
{
    public const uint Seed = 0x2F0B3C19;
    public const uint NullHash = 0x6A09E667;

    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;
    private const ulong CanonicalNaNBits = 0x7FF8000000000000UL;

    /// <summary>The finalized hash of each row over <paramref name="keyColumns"/>, in order.</summary>
    public static uint[] Hash(RecordBatch batch, ReadOnlySpan<int> keyColumns)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var hashes = new uint[batch.RowCount];
        Hash(batch, keyColumns, hashes);
        return hashes;
    }

    /// <summary>Writes the finalized hash of each row into <paramref name="hashes"/> (exactly RowCount long).</summary>
    public static void Hash(RecordBatch batch, ReadOnlySpan<int> keyColumns, Span<uint> hashes)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (hashes.Length != batch.RowCount)
        {
            throw new ArgumentException($"hash buffer holds {hashes.Length} entries for {batch.RowCount} rows", nameof(hashes));
        }

        hashes.Fill(Seed);
        foreach (var c in keyColumns)
        {
            CombineColumn(batch.Columns[c], hashes);
        }

        Finalize(hashes);
    }

    /// <summary>Mixes one column's values into running (not yet finalized) hashes.</summary>
    public static void CombineColumn(ColumnVector column, Span<uint> hashes)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Validity is { } validity)
        {
            CombineNullable(column, validity, hashes);
            return;
        }

        switch (column)
        {
            case PrimitiveVector<int> v:
                CombineInts(v.Values, hashes);
                break;
            case PrimitiveVector<long> v:
                CombineLongs(v.Values, hashes);
                break;
            case PrimitiveVector<double> v:
                CombineDoubles(v.Values, hashes);
                break;
            case PrimitiveVector<bool> v:
                var bools = v.Values;
                for (var i = 0; i < hashes.Length; i++)
                {
                    hashes[i] = Mix(hashes[i], bools[i] ? 1u : 0u);
                }

                break;
            case PrimitiveVector<Int128> v:
                var decimals = v.Values;
                for (var i = 0; i < hashes.Length; i++)
                {
                    hashes[i] = MixLong(hashes[i], FoldInt128(decimals[i]));
                }

                break;
            case StringVector s:
                for (var i = 0; i < hashes.Length; i++)
                {
                    hashes[i] = Mix(hashes[i], HashBytes(s.GetBytes(i)));
                }

                break;
            default:
                throw new NotSupportedException($"cannot hash a {column.Type} column ({column.GetType().Name})");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Finalize(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }

    /// <summary>A 32-bit hash of a byte string (Murmur3 x86_32 body with 8-byte strides).</summary>
    public static uint HashBytes(ReadOnlySpan<byte> bytes)
    {
        var h = Seed ^ (uint)bytes.Length;
        var i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            var k = MemoryMarshal.Read<ulong>(bytes[i..]);
            h = Mix(h, (uint)k);
            h = Mix(h, (uint)(k >> 32));
        }

        if (i + 4 <= bytes.Length)
        {
            h = Mix(h, MemoryMarshal.Read<uint>(bytes[i..]));
            i += 4;
        }

        uint tail = 0;
        for (var shift = 0; i < bytes.Length; i++, shift += 8)
        {
            tail |= (uint)bytes[i] << shift;
        }

        return Finalize(Mix(h, tail));
    }

    /// <summary>Double bits with -0.0 folded into 0.0 and every NaN into the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NormalizedDoubleBits(double d) =>
        double.IsNaN(d) ? CanonicalNaNBits : d == 0.0 ? 0UL : BitConverter.DoubleToUInt64Bits(d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Mix(uint h, uint value)
    {
        var k = value * C1;
        k = BitOperations.RotateLeft(k, 15);
        k *= C2;
        h ^= k;
        h = BitOperations.RotateLeft(h, 13);
        return (h * 5) + 0xe6546b64;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint MixLong(uint h, ulong value) => Mix(Mix(h, (uint)value), (uint)(value >> 32));

    private static ulong FoldInt128(Int128 value) => (ulong)value ^ ((ulong)(value >> 64) * 0x9E3779B97F4A7C15UL);

    private static void CombineInts(ReadOnlySpan<int> values, Span<uint> hashes)
    {
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Mix(hashes[i], (uint)values[i]);
        }
    }

    private static void CombineLongs(ReadOnlySpan<long> values, Span<uint> hashes)
    {
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = MixLong(hashes[i], (ulong)values[i]);
        }
    }

    private static void CombineDoubles(ReadOnlySpan<double> values, Span<uint> hashes)
    {
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = MixLong(hashes[i], NormalizedDoubleBits(values[i]));
        }
    }

    private static void Finalize(Span<uint> hashes)
    {
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Finalize(hashes[i]);
        }
    }

    // Slots under nulls may hold anything, so null rows get their pre-column state back before NullHash is mixed in.
    private static void CombineNullable(ColumnVector column, ValidityBitmap validity, Span<uint> hashes)
    {
        var saved = System.Buffers.ArrayPool<uint>.Shared.Rent(hashes.Length);
        try
        {
            hashes.CopyTo(saved);
            switch (column)
            {
                case PrimitiveVector<int> v:
                    CombineInts(v.Values, hashes);
                    break;
                case PrimitiveVector<long> v:
                    CombineLongs(v.Values, hashes);
                    break;
                case PrimitiveVector<double> v:
                    CombineDoubles(v.Values, hashes);
                    break;
                case StringVector or PrimitiveVector<bool> or PrimitiveVector<Int128>:
                    CombineSlow(column, validity, hashes);
                    break;
                default:
                    throw new NotSupportedException($"cannot hash a {column.Type} column ({column.GetType().Name})");
            }

            for (var i = 0; i < hashes.Length; i++)
            {
                if (!validity.IsValid(i))
                {
                    hashes[i] = Mix(saved[i], NullHash);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<uint>.Shared.Return(saved);
        }
    }

    private static void CombineSlow(ColumnVector column, ValidityBitmap validity, Span<uint> hashes)
    {
        for (var i = 0; i < hashes.Length; i++)
        {
            if (!validity.IsValid(i))
            {
                continue;
            }

            hashes[i] = column switch
            {
                StringVector s => Mix(hashes[i], HashBytes(s.GetBytes(i))),
                PrimitiveVector<bool> b => Mix(hashes[i], b[i] ? 1u : 0u),
                PrimitiveVector<Int128> m => MixLong(hashes[i], FoldInt128(m[i])),
                _ => hashes[i],
            };
        }
    }
}
