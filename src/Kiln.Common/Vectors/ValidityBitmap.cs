using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kiln.Common.Vectors;

/// <summary>
/// One bit per row, set when the row holds a value and clear when it is null. A vector without nulls carries no
/// bitmap at all, so the common no-null path costs nothing.
/// </summary>
/// <remarks>Mutable only while a vector is being built; once a vector is published it is never changed.</remarks>
public sealed class ValidityBitmap
{
    private readonly ulong[] _words;

    public ValidityBitmap(int length, bool allValid = true)
    {
        Length = length;
        _words = new ulong[WordCount(length)];
        if (allValid)
        {
            Array.Fill(_words, ulong.MaxValue);
        }
    }

    private ValidityBitmap(ulong[] words, int length)
    {
        _words = words;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<ulong> Words => _words;

    public static int WordCount(int length) => (length + 63) >> 6;

    public static ValidityBitmap FromWords(ulong[] words, int length) => new(words, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsValid(int index) => (_words[index >> 6] & (1UL << index)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetNull(int index) => _words[index >> 6] &= ~(1UL << index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValid(int index) => _words[index >> 6] |= 1UL << index;

    public void Set(int index, bool valid)
    {
        if (valid)
        {
            SetValid(index);
        }
        else
        {
            SetNull(index);
        }
    }

    public int CountNulls()
    {
        var valid = 0;
        var full = Length >> 6;
        for (var i = 0; i < full; i++)
        {
            valid += BitOperations.PopCount(_words[i]);
        }

        var rest = Length & 63;
        if (rest != 0)
        {
            valid += BitOperations.PopCount(_words[full] & ((1UL << rest) - 1));
        }

        return Length - valid;
    }

    /// <summary>Bitwise AND of two optional bitmaps: a row is valid when valid in both. Null means all valid.</summary>
    public static ValidityBitmap? And(ValidityBitmap? a, ValidityBitmap? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null)
        {
            return a;
        }

        var words = new ulong[a._words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = a._words[i] & b._words[i];
        }

        return new ValidityBitmap(words, a.Length);
    }
}
