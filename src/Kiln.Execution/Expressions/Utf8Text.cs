using System.Runtime.CompilerServices;

namespace Kiln.Execution.Expressions;

/// <summary>Character-level helpers over UTF-8 bytes (characters are code points, as in Spark's UTF8String).</summary>
internal static class Utf8Text
{
    /// <summary>Bytes in the sequence that starts with <paramref name="lead"/> (1 for stray continuation bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SequenceLength(byte lead) => lead switch
    {
        < 0xC0 => 1,
        < 0xE0 => 2,
        < 0xF0 => 3,
        _ => 4,
    };

    public static int CharCount(ReadOnlySpan<byte> s)
    {
        var count = 0;
        for (var i = 0; i < s.Length; i += SequenceLength(s[i]))
        {
            count++;
        }

        return count;
    }

    /// <summary>The byte offset of character <paramref name="chars"/>, or <c>s.Length</c> when the string is shorter.</summary>
    public static int ByteOffset(ReadOnlySpan<byte> s, int chars)
    {
        var i = 0;
        for (var c = 0; c < chars && i < s.Length; c++)
        {
            i += SequenceLength(s[i]);
        }

        return Math.Min(i, s.Length);
    }

    public static bool IsAscii(ReadOnlySpan<byte> s) => System.Text.Ascii.IsValid(s);
}
