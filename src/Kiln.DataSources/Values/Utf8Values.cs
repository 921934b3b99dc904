using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Kiln.DataSources.Values;

/// <summary>Allocation-free parsers from UTF-8 text to Kiln's physical values. All of them accept the whole span or nothing.</summary>
internal static class Utf8Values
{
    private const NumberStyles FloatStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseInt32(ReadOnlySpan<byte> s, out int value)
    {
        if (TryParseInt64(s, out var v) && v is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)v;
            return true;
        }

        value = 0;
        return false;
    }

    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }

        if (i == s.Length)
        {
            return false;
        }

        ulong acc = 0;
        var limit = negative ? 9_223_372_036_854_775_808UL : 9_223_372_036_854_775_807UL;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            if (acc > 922_337_203_685_477_580UL)
            {
                return false;
            }

            acc = (acc * 10) + d;
            if (acc > limit)
            {
                return false;
            }
        }

        value = negative ? (long)(0UL - acc) : (long)acc;
        return true;
    }

    public static bool TryParseDouble(ReadOnlySpan<byte> s, out double value)
    {
        if (double.TryParse(s, FloatStyle, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (Ascii.EqualsIgnoreCase(s, "+Infinity"u8) || Ascii.EqualsIgnoreCase(s, "+Inf"u8) || Ascii.EqualsIgnoreCase(s, "Inf"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(s, "-Inf"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }

        return false;
    }

    public static bool TryParseBoolean(ReadOnlySpan<byte> s, out bool value)
    {
        if (Ascii.EqualsIgnoreCase(s, "true"u8))
        {
            value = true;
            return true;
        }

        value = false;
        return Ascii.EqualsIgnoreCase(s, "false"u8);
    }

    /// <summary>
    /// Parses a decimal literal (optional sign, digits, point, exponent) into an unscaled value at <paramref name="scale"/>,
    /// rounding extra fraction digits half away from zero. False when malformed or wider than <paramref name="precision"/>.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> s, int precision, int scale, out Int128 unscaled)
    {
        unscaled = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }

        Int128 mantissa = 0;
        var significant = 0;
        var fractionDigits = 0;
        var anyDigit = false;
        var seenPoint = false;
        for (; i < s.Length; i++)
        {
            var b = s[i];
            if (b == '.' && !seenPoint)
            {
                seenPoint = true;
                continue;
            }

            var d = (uint)(b - '0');
            if (d > 9)
            {
                break;
            }

            anyDigit = true;
            if (seenPoint)
            {
                fractionDigits++;
            }

            if (significant == 0 && d == 0)
            {
                continue;
            }

            if (++significant > 38)
            {
                return false;
            }

            mantissa = (mantissa * 10) + d;
        }

        if (!anyDigit)
        {
            return false;
        }

        var exponent = 0;
        if (i < s.Length)
        {
            if ((s[i] | 0x20) != 'e' || !TryParseInt32(s[(i + 1)..], out exponent) || exponent is > 100 or < -100)
            {
                return false;
            }
        }

        var shift = exponent - fractionDigits + scale;
        if (shift >= 0)
        {
            if (significant + shift > precision)
            {
                return mantissa == 0 && Finish(0, negative, precision, out unscaled);
            }

            mantissa *= Pow10(shift);
        }
        else if (-shift > 38)
        {
            mantissa = 0;
        }
        else
        {
            var divisor = Pow10(-shift);
            var quotient = Int128.DivRem(mantissa, divisor);
            mantissa = quotient.Quotient + (quotient.Remainder >= divisor / 2 ? 1 : 0);
        }

        return Finish(mantissa, negative, precision, out unscaled);
    }

    private static bool Finish(Int128 magnitude, bool negative, int precision, out Int128 unscaled)
    {
        unscaled = negative ? -magnitude : magnitude;
        return magnitude < Pow10(precision);
    }

    private static readonly Int128[] Powers = BuildPowers();

    public static Int128 Pow10(int n) => Powers[n];

    private static Int128[] BuildPowers()
    {
        var p = new Int128[39];
        p[0] = 1;
        for (var i = 1; i < p.Length; i++)
        {
            p[i] = p[i - 1] * 10;
        }

        return p;
    }
}
