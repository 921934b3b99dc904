using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary><c>&lt;=&gt;</c> support: equality where NULL equals NULL and the result is never NULL.</summary>
internal static class NullSafe
{
    /// <summary>Rewrites the rows where either side is NULL: TRUE when both are.</summary>
    public static void Fix(Span<bool> result, ValidityBitmap? va, ValidityBitmap? vb)
    {
        if (va is null && vb is null)
        {
            return;
        }

        for (var w = 0; w < ValidityBitmap.WordCount(result.Length); w++)
        {
            var a = Bits.Word(va, w);
            var b = Bits.Word(vb, w);
            if ((a & b) == ulong.MaxValue)
            {
                continue;
            }

            var start = w << 6;
            var end = Math.Min(result.Length, start + 64);
            for (var i = start; i < end; i++)
            {
                var bit = 1UL << (i - start);
                if ((a & b & bit) == 0)
                {
                    result[i] = (a & bit) == 0 && (b & bit) == 0;
                }
            }
        }
    }
}
