using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Unscaled decimal arithmetic on <see cref="Int128"/> with HALF_UP rounding, plus <see cref="BigInteger"/> twins for
/// the few type combinations whose intermediates can exceed 38 digits.
/// </summary>
internal static class DecimalMath
{
    /// <summary>Digits an <see cref="Int128"/> always holds: |x| &lt; 10^38 &lt; 2^127.</summary>
    public const int SafeDigits = 38;

    /// <summary>The largest power of ten kept as a <see cref="BigInteger"/>.</summary>
    public const int MaxBigShift = 100;

    private static readonly Int128[] Powers = BuildPowers();
    private static readonly BigInteger[] BigPowers = Enumerable.Range(0, MaxBigShift + 1).Select(i => BigInteger.Pow(10, i)).ToArray();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 Pow10(int n) => Powers[n];

    public static BigInteger BigPow10(int n) => BigPowers[n];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Fits(Int128 value, int precision) => value < Powers[precision] && value > -Powers[precision];

    public static bool Fits(BigInteger value, int precision) => BigInteger.Abs(value) < BigPowers[precision];

    /// <summary>n / d rounded half away from zero (HALF_UP); d must not be zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 DivideHalfUp(Int128 n, Int128 d)
    {
        var q = Int128.DivRem(n, d);
        var rem = Int128.Abs(q.Remainder);
        var absD = Int128.Abs(d);
        if (rem >= absD - rem)
        {
            return (n < 0) != (d < 0) ? q.Quotient - 1 : q.Quotient + 1;
        }

        return q.Quotient;
    }

    public static BigInteger DivideHalfUp(BigInteger n, BigInteger d)
    {
        var q = BigInteger.DivRem(n, d, out var remainder);
        var rem = BigInteger.Abs(remainder);
        if (rem * 2 >= BigInteger.Abs(d))
        {
            return (n.Sign < 0) != (d.Sign < 0) ? q - 1 : q + 1;
        }

        return q;
    }

    /// <summary>Changes the scale of an unscaled value (HALF_UP when digits are dropped); false when the result does not fit <paramref name="precision"/>.</summary>
    public static bool TryRescale(Int128 value, int fromScale, int toScale, int precision, out Int128 result)
    {
        if (toScale >= fromScale)
        {
            var k = toScale - fromScale;
            if (k > SafeDigits || Int128.Abs(value) > Int128.MaxValue / Powers[k])
            {
                result = default;
                return false;
            }

            result = value * Powers[k];
        }
        else
        {
            var k = fromScale - toScale;
            result = k > SafeDigits ? Int128.Zero : DivideHalfUp(value, Powers[k]);
        }

        return Fits(result, precision);
    }

    public static bool TryRescale(BigInteger value, int fromScale, int toScale, int precision, out Int128 result)
    {
        var scaled = toScale >= fromScale ? value * BigPowers[toScale - fromScale] : DivideHalfUp(value, BigPowers[fromScale - toScale]);
        if (!Fits(scaled, precision))
        {
            result = default;
            return false;
        }

        result = (Int128)scaled;
        return true;
    }

    private static Int128[] BuildPowers()
    {
        var p = new Int128[SafeDigits + 1];
        p[0] = 1;
        for (var i = 1; i < p.Length; i++)
        {
            p[i] = p[i - 1] * 10;
        }

        return p;
    }
}
