namespace Kiln.Execution.Sort;

/// <summary>
/// LSD radix sort of signed 64-bit keys carrying int payloads, 11 bits per pass; passes where every key has
/// the same digit are skipped, so narrow key ranges (ints, dates, dense ids) cost three or four passes.
/// Faster than introsort from a few thousand keys up, and stable. Stateless and thread-safe.
/// </summary>
public static class RadixSort
{
    private const int Bits = 11;
    private const int Buckets = 1 << Bits;
    private const int Mask = Buckets - 1;
    private const int Passes = (64 + Bits - 1) / Bits;

    /// <summary>Below this many keys <see cref="Array.Sort{TKey, TValue}(TKey[], TValue[], int, int)"/> is used.</summary>
    public const int MinLength = 4096;

    /// <summary>Sorts keys[start..start+count) ascending, permuting items alongside.</summary>
    public static void Sort(long[] keys, int[] items, int start, int count)
    {
        if (count < MinLength)
        {
            Array.Sort(keys, items, start, count);
            return;
        }

        var counts = new int[Passes * Buckets];
        var k = keys.AsSpan(start, count);
        for (var i = 0; i < k.Length; i++)
        {
            var u = (ulong)k[i] ^ 0x8000000000000000UL;
            for (var p = 0; p < Passes; p++)
            {
                counts[(p << Bits) + (int)((u >> (p * Bits)) & Mask)]++;
            }
        }

        var tmpKeys = new long[count];
        var tmpItems = new int[count];
        var srcKeys = keys.AsSpan(start, count);
        var srcItems = items.AsSpan(start, count);
        Span<long> dstKeys = tmpKeys;
        Span<int> dstItems = tmpItems;
        var inTemp = false;
        var offsets = new int[Buckets];
        for (var p = 0; p < Passes; p++)
        {
            var histogram = counts.AsSpan(p << Bits, Buckets);
            if (histogram.Contains(count))
            {
                continue;
            }

            var sum = 0;
            for (var b = 0; b < Buckets; b++)
            {
                offsets[b] = sum;
                sum += histogram[b];
            }

            var shift = p * Bits;
            for (var i = 0; i < srcKeys.Length; i++)
            {
                var key = srcKeys[i];
                var digit = (int)((((ulong)key ^ 0x8000000000000000UL) >> shift) & Mask);
                var at = offsets[digit]++;
                dstKeys[at] = key;
                dstItems[at] = srcItems[i];
            }

            var swapKeys = srcKeys;
            srcKeys = dstKeys;
            dstKeys = swapKeys;
            var swapItems = srcItems;
            srcItems = dstItems;
            dstItems = swapItems;
            inTemp = !inTemp;
        }

        if (inTemp)
        {
            srcKeys.CopyTo(keys.AsSpan(start, count));
            srcItems.CopyTo(items.AsSpan(start, count));
        }
    }
}
