using System.Globalization;
using System.Numerics;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Parsers behind CAST(string AS ...), following Spark's non-ANSI rules: surrounding whitespace is ignored and
/// anything invalid fails (the cast then yields NULL). They read UTF-8 spans and allocate nothing on the common path.
/// </summary>
internal static class Utf8Parsing
{
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && s[start] <= (byte)' ')
        {
            start++;
        }

        while (end > start && s[end - 1] <= (byte)' ')
        {
            end--;
        }

        return s[start..end];
    }

    /// <summary>An integer with optional sign; a fractional part is allowed and truncated ('1.9' → 1), as Spark does.</summary>
    public static bool TryParseLong(ReadOnlySpan<byte> text, out long value)
    {
        var s = Trim(text);
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i++;
        }

        var digits = 0;
        ulong magnitude = 0;
        for (; i < s.Length && IsDigit(s[i]); i++, digits++)
        {
            if (magnitude > (ulong.MaxValue - 9) / 10)
            {
                return false;
            }

            magnitude = (magnitude * 10) + (ulong)(s[i] - '0');
        }

        if (i < s.Length && s[i] == '.')
        {
            for (i++; i < s.Length && IsDigit(s[i]); i++, digits++)
            {
            }
        }

        if (i != s.Length || digits == 0)
        {
            return false;
        }

        if (negative ? magnitude > 1UL << 63 : magnitude > long.MaxValue)
        {
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    public static bool TryParseInt(ReadOnlySpan<byte> text, out int value)
    {
        var ok = TryParseLong(text, out var l) && l is >= int.MinValue and <= int.MaxValue;
        value = ok ? (int)l : 0;
        return ok;
    }

    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        var s = Trim(text);
        if (s.Length > 1 && (s[^1] | 0x20) is (byte)'d' or (byte)'f' && IsDigit(s[^2]))
        {
            s = s[..^1];
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseBoolean(ReadOnlySpan<byte> text, out bool value)
    {
        var s = Trim(text);
        Span<byte> lower = stackalloc byte[8];
        value = false;
        if (s.Length > lower.Length)
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            lower[i] = (byte)(s[i] is >= (byte)'A' and <= (byte)'Z' ? s[i] | 0x20 : s[i]);
        }

        var l = lower[..s.Length];
        if (l.SequenceEqual("true"u8) || l.SequenceEqual("t"u8) || l.SequenceEqual("yes"u8) || l.SequenceEqual("y"u8) || l.SequenceEqual("1"u8))
        {
            value = true;
            return true;
        }

        return l.SequenceEqual("false"u8) || l.SequenceEqual("f"u8) || l.SequenceEqual("no"u8) || l.SequenceEqual("n"u8) || l.SequenceEqual("0"u8);
    }

    /// <summary>A decimal literal ('-12.345', '1e3', '.5') rounded HALF_UP to <paramref name="scale"/>; fails when it exceeds <paramref name="precision"/>.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, int precision, int scale, out Int128 value)
    {
        var s = Trim(text);
        value = default;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i++;
        }

        BigInteger? big = null;
        Int128 mantissa = 0;
        var digits = 0;
        var fraction = 0;
        var seenPoint = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '.' && !seenPoint)
            {
                seenPoint = true;
                continue;
            }

            if (!IsDigit(c))
            {
                break;
            }

            digits++;
            fraction += seenPoint ? 1 : 0;
            if (big is null && mantissa >= DecimalMath.Pow10(DecimalMath.SafeDigits - 1))
            {
                big = (BigInteger)mantissa;
            }

            if (big is { } b)
            {
                big = (b * 10) + (c - '0');
            }
            else
            {
                mantissa = (mantissa * 10) + (c - '0');
            }
        }

        if (digits == 0)
        {
            return false;
        }

        var exponent = 0;
        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            if (!int.TryParse(s[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > 1000)
            {
                return false;
            }

            i = s.Length;
        }

        if (i != s.Length)
        {
            return false;
        }

        var fromScale = fraction - exponent;
        if (big is null && mantissa == 0)
        {
            return true;
        }

        if (big is not { } wide)
        {
            return DecimalMath.TryRescale(negative ? -mantissa : mantissa, fromScale, scale, precision, out value);
        }

        return RescaleBig(negative ? -wide : wide, fromScale, scale, precision, out value);
    }

    /// <summary>Rescales an unscaled value of any size, including negative source scales and large exponents.</summary>
    public static bool RescaleBig(BigInteger unscaled, int fromScale, int toScale, int precision, out Int128 value)
    {
        var shift = toScale - fromScale;
        if (shift > DecimalMath.SafeDigits)
        {
            value = default;
            return unscaled.IsZero;
        }

        if (shift < -DecimalMath.MaxBigShift)
        {
            value = 0;
            return true;
        }

        return DecimalMath.TryRescale(unscaled, fromScale, toScale, precision, out value);
    }

    /// <summary>'yyyy', 'yyyy-[m]m', 'yyyy-[m]m-[d]d', optionally followed by ' ' or 'T' and anything (a time).</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out int days)
    {
        var s = Trim(text);
        days = 0;
        if (!TryParseDatePart(s, out var year, out var month, out var day, out var consumed))
        {
            return false;
        }

        if (consumed != s.Length && s[consumed] != ' ' && s[consumed] != 'T')
        {
            return false;
        }

        return TryDays(year, month, day, out days);
    }

    /// <summary>A date optionally followed by [ T]HH:mm[:ss[.ffffff]] and a zone (Z, UTC, ±hh[:mm]); the result is microseconds UTC.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, out long micros)
    {
        var s = Trim(text);
        micros = 0;
        if (!TryParseDatePart(s, out var year, out var month, out var day, out var i) || !TryDays(year, month, day, out var days))
        {
            return false;
        }

        long timeMicros = 0;
        if (i < s.Length)
        {
            if (s[i] != ' ' && s[i] != 'T')
            {
                return false;
            }

            i++;
            if (!TryParseTime(s, ref i, out timeMicros) || !TryParseZone(s[i..], out var offsetMicros))
            {
                return false;
            }

            timeMicros -= offsetMicros;
        }

        micros = (days * CivilDate.MicrosPerDay) + timeMicros;
        return true;
    }

    private static bool TryParseTime(ReadOnlySpan<byte> s, ref int i, out long micros)
    {
        micros = 0;
        if (!TryDigits(s, ref i, 1, 2, out var hour) || i >= s.Length || s[i] != ':')
        {
            return false;
        }

        i++;
        if (!TryDigits(s, ref i, 1, 2, out var minute))
        {
            return false;
        }

        var second = 0;
        long fraction = 0;
        if (i < s.Length && s[i] == ':')
        {
            i++;
            if (!TryDigits(s, ref i, 1, 2, out second))
            {
                return false;
            }

            if (i < s.Length && s[i] == '.')
            {
                i++;
                var n = 0;
                for (; i < s.Length && IsDigit(s[i]); i++, n++)
                {
                    if (n < 6)
                    {
                        fraction = (fraction * 10) + (s[i] - '0');
                    }
                }

                for (; n < 6; n++)
                {
                    fraction *= 10;
                }
            }
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        micros = (((((hour * 60L) + minute) * 60) + second) * 1_000_000) + fraction;
        return true;
    }

    private static bool TryParseZone(ReadOnlySpan<byte> s, out long offsetMicros)
    {
        offsetMicros = 0;
        s = Trim(s);
        if (s.Length == 0 || s.SequenceEqual("Z"u8) || s.SequenceEqual("UTC"u8))
        {
            return true;
        }

        if (s[0] != '+' && s[0] != '-')
        {
            return false;
        }

        var i = 1;
        if (!TryDigits(s, ref i, 1, 2, out var hours))
        {
            return false;
        }

        var minutes = 0;
        if (i < s.Length && s[i] == ':')
        {
            i++;
        }

        if (i < s.Length && !TryDigits(s, ref i, 2, 2, out minutes))
        {
            return false;
        }

        if (i != s.Length || hours > 18 || minutes > 59)
        {
            return false;
        }

        offsetMicros = ((hours * 60L) + minutes) * 60_000_000L * (s[0] == '-' ? -1 : 1);
        return true;
    }

    private static bool TryParseDatePart(ReadOnlySpan<byte> s, out int year, out int month, out int day, out int consumed)
    {
        var i = 0;
        var negative = false;
        month = 1;
        day = 1;
        consumed = 0;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i++;
        }

        if (!TryDigits(s, ref i, 4, 7, out year))
        {
            return false;
        }

        year = negative ? -year : year;
        if (i < s.Length && s[i] == '-')
        {
            i++;
            if (!TryDigits(s, ref i, 1, 2, out month))
            {
                return false;
            }

            if (i < s.Length && s[i] == '-')
            {
                i++;
                if (!TryDigits(s, ref i, 1, 2, out day))
                {
                    return false;
                }
            }
        }

        consumed = i;
        return true;
    }

    private static bool TryDays(int year, int month, int day, out int days)
    {
        days = 0;
        if (month is < 1 or > 12 || day < 1 || day > CivilDate.DaysInMonth(year, month))
        {
            return false;
        }

        var d = CivilDate.ToDays(year, month, day);
        if (d is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        days = (int)d;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, ref int i, int min, int max, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && i - start < max && IsDigit(s[i]))
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }

        return i - start >= min && (i >= s.Length || !IsDigit(s[i]));
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';
}
