using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>Packing between <c>bool</c> spans and 64-bit validity words, and common bitmap builders.</summary>
internal static class Bits
{
    private static readonly ulong[] ByteToBools = BuildUnpackTable();

    /// <summary>Packs up to 64 bools (canonical 0/1 bytes) into one word, bit i = values[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Pack(ReadOnlySpan<bool> values)
    {
        var bytes = MemoryMarshal.AsBytes(values);
        ulong word = 0;
        var full = bytes.Length >> 3;
        for (var k = 0; k < full; k++)
        {
            var x = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), k * 8));
            word |= ((x * 0x0102040810204080UL) >> 56) << (k * 8);
        }

        for (var i = full * 8; i < bytes.Length; i++)
        {
            word |= (ulong)bytes[i] << i;
        }

        return word;
    }

    /// <summary>Writes the low <c>destination.Length</c> bits of <paramref name="word"/> as bools.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unpack(ulong word, Span<bool> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        var full = bytes.Length >> 3;
        for (var k = 0; k < full; k++)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), k * 8), ByteToBools[(int)((word >> (k * 8)) & 0xFF)]);
        }

        for (var i = full * 8; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((word >> i) & 1);
        }
    }

    /// <summary>A bitmap with bit i set where <paramref name="values"/>[i] is true.</summary>
    public static ValidityBitmap FromBools(ReadOnlySpan<bool> values)
    {
        var words = new ulong[ValidityBitmap.WordCount(values.Length)];
        for (var w = 0; w < words.Length; w++)
        {
            var start = w << 6;
            words[w] = Pack(values.Slice(start, Math.Min(64, values.Length - start)));
        }

        return ValidityBitmap.FromWords(words, values.Length);
    }

    /// <summary>Validity word <paramref name="w"/> of an optional bitmap (all ones when there is none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Word(ValidityBitmap? bitmap, int w) => bitmap is null ? ulong.MaxValue : bitmap.Words[w];

    /// <summary>Copies <paramref name="source"/> and clears the bits where <paramref name="nullIf"/> is true.</summary>
    public static ValidityBitmap? ClearWhere(ValidityBitmap? source, ReadOnlySpan<bool> nullIf)
    {
        var n = nullIf.Length;
        ulong[]? words = null;
        for (var w = 0; w < ValidityBitmap.WordCount(n); w++)
        {
            var start = w << 6;
            var clear = Pack(nullIf.Slice(start, Math.Min(64, n - start)));
            if (clear == 0 && words is null)
            {
                continue;
            }

            words ??= CopyWords(source, n);
            words[w] &= ~clear;
        }

        return words is null ? source : ValidityBitmap.FromWords(words, n);
    }

    public static ulong[] CopyWords(ValidityBitmap? source, int length)
    {
        var words = new ulong[ValidityBitmap.WordCount(length)];
        if (source is null)
        {
            Array.Fill(words, ulong.MaxValue);
        }
        else
        {
            source.Words.CopyTo(words);
        }

        return words;
    }

    private static ulong[] BuildUnpackTable()
    {
        var table = new ulong[256];
        for (var b = 0; b < 256; b++)
        {
            ulong x = 0;
            for (var i = 0; i < 8; i++)
            {
                x |= (ulong)((b >> i) & 1) << (i * 8);
            }

            table[b] = x;
        }

        return table;
    }
}
