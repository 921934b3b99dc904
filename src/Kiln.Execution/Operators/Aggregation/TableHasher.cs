using System.Numerics;
using System.Runtime.CompilerServices;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>
/// Hashes rows of key columns for the operators' in-memory hash tables (aggregation, join). Deliberately a
/// different function from the shuffle partitioner's, so that the keys of one reduce partition still spread
/// over the whole table.
/// </summary>
public static class TableHasher
{
    private const ulong Prime1 = 0x9E3779B97F4A7C15UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong NullHash = 0x5bd1e9955bd1e995UL;

    /// <summary>Fills <paramref name="hashes"/> with the combined hash of <paramref name="columns"/> for each row.</summary>
    public static void Hash(IReadOnlyList<ColumnVector> columns, Span<ulong> hashes)
    {
        ArgumentNullException.ThrowIfNull(columns);
        hashes.Fill(Prime2);
        var values = hashes.Length <= 8192 ? stackalloc ulong[hashes.Length] : new ulong[hashes.Length];
        foreach (var column in columns)
        {
            ValueHashes(column, values);
            if (column.Validity is { } validity)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    if (!validity.IsValid(i))
                    {
                        values[i] = NullHash;
                    }
                }
            }

            for (var i = 0; i < hashes.Length; i++)
            {
                hashes[i] = Mix(hashes[i], values[i]);
            }
        }

        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Finalize(hashes[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong acc, ulong value) => BitOperations.RotateLeft(acc ^ (value * Prime1), 27) * Prime2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Finalize(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }

    public static ulong HashBytes(ReadOnlySpan<byte> bytes)
    {
        var h = (ulong)bytes.Length * Prime1;
        while (bytes.Length >= 8)
        {
            h = Mix(h, Unsafe.ReadUnaligned<ulong>(ref Unsafe.AsRef(in bytes[0])));
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (8 * i);
        }

        return Mix(h, tail);
    }

    private static void ValueHashes(ColumnVector column, Span<ulong> hashes)
    {
        switch (column)
        {
            case PrimitiveVector<int> v:
                {
                    var values = v.Values;
                    for (var i = 0; i < hashes.Length; i++)
                    {
                        hashes[i] = (ulong)values[i];
                    }

                    break;
                }

            case PrimitiveVector<long> v:
                {
                    var values = v.Values;
                    for (var i = 0; i < hashes.Length; i++)
                    {
                        hashes[i] = (ulong)values[i];
                    }

                    break;
                }

            case PrimitiveVector<double> v:
                {
                    var values = v.Values;
                    for (var i = 0; i < hashes.Length; i++)
                    {
                        var d = values[i];
                        var bits = d == 0 ? 0UL : double.IsNaN(d) ? 0x7ff8000000000000UL : (ulong)BitConverter.DoubleToInt64Bits(d);
                        hashes[i] = bits;
                    }

                    break;
                }

            case PrimitiveVector<Int128> v:
                {
                    var values = v.Values;
                    for (var i = 0; i < hashes.Length; i++)
                    {
                        hashes[i] = Mix((ulong)values[i], (ulong)(values[i] >> 64));
                    }

                    break;
                }

            case PrimitiveVector<bool> v:
                {
                    var values = v.Values;
                    for (var i = 0; i < hashes.Length; i++)
                    {
                        hashes[i] = values[i] ? 1UL : 2UL;
                    }

                    break;
                }

            case StringVector s:
                for (var i = 0; i < hashes.Length; i++)
                {
                    hashes[i] = HashBytes(s.GetBytes(i));
                }

                break;
            default:
                throw new NotSupportedException($"cannot hash {column.GetType().Name}");
        }

    }
}
